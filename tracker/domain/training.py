"""The three tiers of attendance training, and the rules for a term's training record."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

MAX_COUNT = 100_000


@dataclass(frozen=True)
class Tier:
    code: str
    label: str
    audience: str


# As action P2/008 of the strategy sets them out.
TIERS = (
    Tier("universal", "Universal", "for all frontline staff"),
    Tier("enhanced", "Enhanced", "for staff whose role is more closely linked to attendance"),
    Tier("specific", "Specific", "for those staff whose role specifically includes attendance"),
)
TIER_CODES = tuple(tier.code for tier in TIERS)
TIER_LABELS = {tier.code: tier.label for tier in TIERS}


def training_problems(
    *,
    tier: str,
    directorate: str,
    trained: int | None,
    target: int | None,
    directorates: Collection[str],
) -> dict[str, str]:
    """Field-by-field problems with a training record, as GOV.UK error messages."""
    problems = {}
    if tier not in TIER_CODES:
        problems["tier"] = "Select the tier of training"
    if not directorate.strip():
        problems["directorate"] = "Select the directorate"
    elif directorates and directorate not in directorates:
        problems["directorate"] = "Select a directorate from the list"
    for name, value, label in (
        ("trained", trained, "number trained"),
        ("target", target, "target"),
    ):
        if value is None:
            problems[name] = f"Enter the {label}, as a whole number"
        elif value < 0:
            problems[name] = f"The {label} must be 0 or more"
        elif value > MAX_COUNT:
            problems[name] = f"The {label} must be {MAX_COUNT:,} or fewer"
    return problems


# The outcome indicator whose value is the training records' running total, not typed:
# "Dorset Council staff who have completed the three-tier attendance training".
TRAINING_MEASURE = "attendance_training_completed"


@dataclass(frozen=True)
class TermTraining:
    """One term's staff trained, by tier code, in the order the terms ran."""

    term_id: int
    label: str
    by_tier: dict[str, int]


@dataclass(frozen=True)
class RunningTotal:
    term_id: int
    value: int
    evidence: str


def running_totals(terms: Sequence[TermTraining]) -> list[RunningTotal]:
    """Staff trained to the end of each term since records began, with the evidence text.

    The indicator is cumulative: each term adds the staff it trained to the total before.
    """
    totals, total = [], 0
    for term in terms:
        this_term = sum(term.by_tier.values())
        total += this_term
        tiers = ", ".join(
            f"{TIER_LABELS[code]} {term.by_tier.get(code, 0):,}" for code in TIER_CODES
        )
        evidence = (
            f"From the training records: {total:,} staff trained to the end of the "
            f"{term.label}, {this_term:,} of them this term ({tiers})."
        )
        totals.append(RunningTotal(term.term_id, total, evidence))
    return totals
