"""Demonstration figures for what the service manager enters by hand each term.

Manual indicator values and attendance training records, drawn so that they
improve unevenly towards their targets, as a real programme's would. Pure and
deterministic: the same inputs give the same figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Staff in each directorate who should complete each tier over the programme;
# the termly target is a share of it.
TIER_STAFF = {"universal": 420, "enhanced": 90, "specific": 24}
DIRECTORATE_SHARE = {
    "Children's Services": 1.0,
    "Adult Social Care": 0.5,
    "Place": 0.35,
    "Public Health": 0.2,
    "Corporate": 0.3,
}


@dataclass(frozen=True)
class TrainingFigure:
    term_index: int
    tier: str
    directorate: str
    trained: int
    target: int


def manual_values(
    *, code: str, unit: str, direction: str, target: float | None, terms: int
) -> list[float]:
    """One value per term, oldest first, moving towards the target with some noise."""
    rng = random.Random(f"manual:{code}")  # noqa: S311 # nosec B311 # repeatable demo data
    if unit == "%":
        goal = target if target is not None else 90.0
        start = goal * rng.uniform(0.35, 0.6) if direction == "higher" else min(100, goal * 2)
        ceiling = 100.0
    else:
        goal = target if target is not None else rng.choice([40, 60, 80])
        start = goal * rng.uniform(0.3, 0.6) if direction == "higher" else goal * 1.8
        ceiling = None
    values = []
    for index in range(terms):
        progress = min(1.0, (index + 1) / max(terms, 1) * rng.uniform(0.9, 1.15))
        value = start + (goal - start) * progress + rng.uniform(-0.06, 0.06) * goal
        if ceiling is not None:
            value = min(ceiling, value)
        values.append(round(max(0.0, value), 1 if unit == "%" else 0))
    return values


def training_figures(
    *, tiers: list[str], directorates: list[str], terms: int
) -> list[TrainingFigure]:
    """Staff trained in each tier and directorate per term, against a termly target."""
    rng = random.Random("training")  # noqa: S311 # nosec B311 # repeatable demo data
    figures = []
    for index in range(terms):
        for directorate in directorates:
            share = DIRECTORATE_SHARE.get(directorate, 0.3)
            for tier in tiers:
                target = round(TIER_STAFF.get(tier, 50) * share / 6)
                # Children's Services started first; others catch up over the terms.
                ramp = min(1.0, 0.45 + 0.12 * index + (0.25 if share >= 1 else 0))
                trained = max(0, round(target * ramp * rng.uniform(0.75, 1.2)))
                figures.append(TrainingFigure(index, tier, directorate, trained, target))
    return figures
