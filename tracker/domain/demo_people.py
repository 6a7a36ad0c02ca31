"""The people of the demonstration data, and which items each of them owns.

Demo accounts all use example.org addresses, a domain reserved for examples,
so no real colleague can have one. Ownership follows the item's subject: the
transport team owns transport actions, locality teams their localities'
priorities, and so on, so the demo reads like a real plan.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.domain.roles import Role


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: Role
    team: str


MANAGER = DemoPerson("manager@example.org", "Sam Patel", Role.MANAGER, "Inclusion")
OWNER = DemoPerson("owner@example.org", "Alex Morgan", Role.OWNER, "Inclusion")
BOARD = DemoPerson("board@example.org", "Helen Ward", Role.BOARD, "Education Board")
DATA = DemoPerson("data@example.org", "Priya Nair", Role.DATA, "Business Intelligence")
BEN = DemoPerson("ben.osei@example.org", "Ben Osei", Role.OWNER, "Inclusion")
JO = DemoPerson("jo.fletcher@example.org", "Jo Fletcher", Role.OWNER, "Education and Early Help")
MARK = DemoPerson("mark.ellison@example.org", "Mark Ellison", Role.OWNER, "Social Care")
HANNAH = DemoPerson("hannah.price@example.org", "Hannah Price", Role.OWNER, "SEND")
DAVE = DemoPerson("dave.coombes@example.org", "Dave Coombes", Role.OWNER, "Transport")
AMIRA = DemoPerson("amira.khan@example.org", "Amira Khan", Role.OWNER, "Health partnership")
KERRY = DemoPerson("kerry.dawson@example.org", "Kerry Dawson", Role.OWNER, "Virtual School")
LAURA = DemoPerson(
    "laura.bennett@example.org", "Laura Bennett", Role.OWNER, "Educational Psychology"
)
RACHEL = DemoPerson(
    "rachel.hughes@example.org", "Rachel Hughes", Role.OWNER, "Locality teams: North and West"
)
TOM = DemoPerson(
    "tom.baker@example.org", "Tom Baker", Role.OWNER, "Locality teams: Chesil and Dorchester"
)
NADIA = DemoPerson(
    "nadia.rahman@example.org", "Nadia Rahman", Role.OWNER, "Locality teams: East and Purbeck"
)

DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    MANAGER,
    OWNER,
    BOARD,
    DATA,
    BEN,
    JO,
    MARK,
    HANNAH,
    DAVE,
    AMIRA,
    KERRY,
    LAURA,
    RACHEL,
    TOM,
    NADIA,
)
DEMO_EMAILS = frozenset(person.email for person in DEMO_PEOPLE)
DEMO_OWNERS = tuple(person for person in DEMO_PEOPLE if person.role == Role.OWNER)

# The demo owner leads a handful of items across several priorities and one
# locality priority, so signing in as them shows a realistic "My items".
OWNER_LEADS = frozenset({"P1/001", "P1/005", "P2/004", "P3/008", "P4/005", "Chesil/2"})

# First match wins: patterns searched for in the item's text -> lead.
SUBJECT_LEADS: tuple[tuple[str, DemoPerson], ...] = (
    (r"\btransport|\btravel\b", DAVE),
    (r"child in need|child protection|dip-sampling|\bpolice\b|task force", MARK),
    (r"social worker|designated teachers", KERRY),
    (r"\bebsa\b|educational psychologists|joint-planning|\bsemh\b", LAURA),
    (r"\bsend?\b|autism|inclusion hubs|speech, language|\bsrp\b", HANNAH),
    (r"health|medical|\bnhs\b|mental|young carers", AMIRA),
    (r"\bdata\b|dashboard|orchestra", BEN),
    (r"transition|parent|famil|early help|communit", JO),
)
LOCALITY_LEADS = {
    "North": RACHEL,
    "West": RACHEL,
    "Chesil": TOM,
    "Dorchester": TOM,
    "East and Purbeck": NADIA,
}
# Everything else is shared between the Inclusion team and Education and Early Help.
FALLBACK_LEADS = (BEN, JO)


@dataclass(frozen=True)
class DemoItem:
    """A live item, as plain values: ``group`` is a locality group's name, or None."""

    ref: str
    text: str
    group: str | None = None


@dataclass(frozen=True)
class OwnerPlan:
    lead: str
    contributors: tuple[str, ...] = ()


def lead_for(item: DemoItem, fallback_index: int) -> DemoPerson:
    if item.ref in OWNER_LEADS:
        return OWNER
    if item.group is not None:
        return LOCALITY_LEADS.get(item.group, FALLBACK_LEADS[fallback_index % 2])
    for pattern, person in SUBJECT_LEADS:
        if re.search(pattern, item.text, re.IGNORECASE):
            return person
    return FALLBACK_LEADS[fallback_index % len(FALLBACK_LEADS)]


def plan_owners(items: Sequence[DemoItem], *, seed: int) -> dict[str, OwnerPlan]:
    """A lead for every item and, for about half of them, one or two contributors."""
    rng = random.Random(seed)  # noqa: S311 # nosec B311 # repeatable demo data, not secrets
    plans = {}
    for index, item in enumerate(items):
        lead = lead_for(item, index)
        # The demo owner's list stays short: they are never picked at random.
        others = [p for p in DEMO_OWNERS if p not in (lead, OWNER)]
        count = rng.choices((0, 1, 2), weights=(50, 35, 15))[0]
        contributors = tuple(person.email for person in rng.sample(others, count))
        plans[item.ref] = OwnerPlan(lead=lead.email, contributors=contributors)
    return plans
