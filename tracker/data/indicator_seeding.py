"""Seeding the benchmarks and indicators: the authority, its reference data, its indicators.

Called from ``apply_seed_plan``. Indicators are matched by code, like actions by
reference: an edited definition updates in place and keeps the values entered
against it; an indicator that leaves the file is withdrawn, never deleted.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select

from tracker.data.reference_data import (
    Changes,
    replace_neighbour_lists,
    replace_published_rates,
    save_authority,
)
from tracker.domain.indicator_seed import IndicatorSeed
from tracker.domain.seed_plan import SeedPlan
from tracker.extensions import db
from tracker.models import Indicator, Outcome, Priority
from tracker.models.mixins import utcnow


class Summary(Protocol):
    created: dict[str, int]
    updated: dict[str, int]
    withdrawn: dict[str, int]


def _add(bucket: dict[str, int], what: str, number: int) -> None:
    if number:
        bucket[what] = bucket.get(what, 0) + number


def _report(summary: Summary, what: str, changes: Changes) -> None:
    _add(summary.created, what, changes.created)
    _add(summary.updated, what, changes.updated)
    # Replaced figures are deleted: nothing is recorded against a published figure.
    _add(summary.withdrawn, what, changes.deleted)


def seed_benchmarks(*, plan: SeedPlan, summary: Summary) -> None:
    if plan.authority is not None:
        change = save_authority(seed=plan.authority)
        if change:
            _add(getattr(summary, change), "benchmark authority", 1)
    if plan.reference is not None:
        _report(summary, "published rates", replace_published_rates(rows=plan.reference.rates))
        _report(
            summary,
            "statistical neighbours",
            replace_neighbour_lists(rows=plan.reference.neighbours),
        )


def _definition(seed: IndicatorSeed, position: int) -> dict:
    return {
        "code": seed.code,
        "position": position,
        "title": seed.title,
        "description": seed.description,
        "kind": seed.kind,
        "measure": seed.measure,
        "unit": seed.unit,
        "cohort": dict(seed.cohort),
        "published": dict(seed.published) if seed.published else None,
        "period": seed.period,
        "comparators": [dict(entry) for entry in seed.comparators],
        "direction": seed.direction,
        "rules": [dict(entry) for entry in seed.rules],
        "tolerance": seed.tolerance,
    }


def _outcomes_by_ref() -> dict[tuple[int, int], Outcome]:
    rows = db.session.execute(
        select(Priority.number, Outcome).join(Outcome, Outcome.priority_id == Priority.id)
    )
    return {(number, outcome.position): outcome for number, outcome in rows}


def seed_indicators(*, plan: SeedPlan, summary: Summary) -> None:
    if plan.indicators is None:
        return
    db.session.flush()
    outcomes = _outcomes_by_ref()
    existing = {indicator.code: indicator for indicator in db.session.scalars(select(Indicator))}
    for position, seed in enumerate(plan.indicators, start=1):
        values = _definition(seed, position)
        linked = [outcomes[ref] for ref in seed.outcomes]
        indicator = existing.pop(seed.code, None)
        if indicator is None:
            db.session.add(Indicator(**values, outcomes=linked))
            _add(summary.created, "indicators", 1)
            continue
        changed = [name for name, value in values.items() if getattr(indicator, name) != value]
        for name in changed:
            setattr(indicator, name, values[name])
        if {o.id for o in indicator.outcomes} != {o.id for o in linked}:
            indicator.outcomes = linked
            changed.append("outcomes")
        restored = indicator.withdrawn_at is not None
        indicator.withdrawn_at = None
        # Position moves when another indicator is added or withdrawn: not an edit.
        if [name for name in changed if name != "position"] or restored:
            _add(summary.updated, "indicators", 1)
    for indicator in existing.values():
        if indicator.withdrawn_at is None:
            indicator.withdrawn_at = utcnow()
            _add(summary.withdrawn, "indicators", 1)
