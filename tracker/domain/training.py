"""The three tiers of attendance training, and the rules for a term's training record."""

from __future__ import annotations

from collections.abc import Collection
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
