"""Write a validated seed plan to the database, matching records by their keys.

Matching by key (priority number, action reference, locality name, term)
rather than recreating rows is what makes reseeding safe: a corrected text
updates the existing row, so owners and progress recorded against it stay.
Records that have left the seed file are withdrawn, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from tracker.data.indicator_seeding import seed_benchmarks, seed_indicators
from tracker.domain.seed_plan import SeedPlan
from tracker.domain.terms import TERM_NAMES
from tracker.extensions import db
from tracker.models import (
    Action,
    Locality,
    LocalityGroup,
    LocalityPriority,
    Outcome,
    Priority,
    QuotedFigure,
    Strategy,
    StrategySection,
    Term,
)
from tracker.models.mixins import utcnow


@dataclass
class SeedSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    withdrawn: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], what: str) -> None:
        bucket[what] = bucket.get(what, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.withdrawn)

    def lines(self) -> list[str]:
        if not self.changed:
            return ["Nothing to change: the database already matches the seed files."]
        return [
            f"{label} {what}: {number}"
            for label, bucket in (
                ("Created", self.created),
                ("Updated", self.updated),
                ("Withdrawn", self.withdrawn),
            )
            for what, number in sorted(bucket.items())
        ]


def _assign(record: Any, **values: Any) -> bool:
    """Set only the fields whose values differ; report whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


def _upsert(
    summary: SeedSummary, what: str, record: Any | None, factory, position=None, **values: Any
):
    """Update ``record`` in place, or create it when it does not exist yet.

    ``position`` is kept in step silently: an item moving up because another
    was withdrawn has not itself been edited.
    """
    values_with_position = {**values, "position": position} if position is not None else values
    if record is None:
        record = factory(**values_with_position)
        db.session.add(record)
        summary.count(summary.created, what)
        return record
    restored = record.withdrawn_at is not None if hasattr(record, "withdrawn_at") else False
    changed = _assign(record, **values)
    if position is not None:
        _assign(record, position=position)
    if restored:
        record.withdrawn_at = None
    if changed or restored:
        summary.count(summary.updated, what)
    return record


def _withdraw(summary: SeedSummary, what: str, records: list[Any]) -> None:
    for record in records:
        if record.withdrawn_at is None:
            record.withdrawn_at = utcnow()
            summary.count(summary.withdrawn, what)


def _seed_strategy(plan: SeedPlan, summary: SeedSummary) -> Strategy:
    seed = plan.strategy
    strategy = db.session.scalars(select(Strategy).order_by(Strategy.id)).first()
    values = dict(
        organisation=seed.organisation,
        service_name=seed.service_name,
        title=seed.title,
        version=seed.version,
        source=seed.source,
        vision=seed.vision,
        vision_context=seed.vision_context,
        commitments_intro=seed.commitments_intro,
        commitments=list(seed.commitments),
        governance=seed.governance,
    )
    if strategy is None:
        strategy = Strategy(**values)
        db.session.add(strategy)
        summary.count(summary.created, "strategy")
    elif _assign(strategy, **values):
        summary.count(summary.updated, "strategy")
    db.session.flush()
    _seed_sections(strategy, plan, summary)
    return strategy


def _seed_sections(strategy: Strategy, plan: SeedPlan, summary: SeedSummary) -> None:
    # Narrative sections carry nothing recorded against them, so surplus ones are deleted.
    existing = {section.position: section for section in strategy.sections}
    for position, seed in enumerate(plan.strategy.sections, start=1):
        section = existing.pop(position, None)
        if section is None:
            db.session.add(
                StrategySection(
                    strategy=strategy, position=position, title=seed.title, body=seed.body
                )
            )
            summary.count(summary.created, "sections")
        elif _assign(section, title=seed.title, body=seed.body):
            summary.count(summary.updated, "sections")
    for section in existing.values():
        db.session.delete(section)
        summary.count(summary.withdrawn, "sections")


def _seed_priorities(strategy: Strategy, plan: SeedPlan, summary: SeedSummary) -> None:
    priorities = {priority.number: priority for priority in db.session.scalars(select(Priority))}
    actions = {action.ref: action for action in db.session.scalars(select(Action))}
    outcomes = {(o.priority_id, o.position): o for o in db.session.scalars(select(Outcome))}
    position = 0
    for seed in plan.priorities:
        priority = _upsert(
            summary,
            "priorities",
            priorities.pop(seed.number, None),
            Priority,
            strategy_id=strategy.id,
            number=seed.number,
            title=seed.title,
            vision=seed.vision,
        )
        db.session.flush()
        for index, text in enumerate(seed.outcomes, start=1):
            _upsert(
                summary,
                "outcomes",
                outcomes.pop((priority.id, index), None),
                Outcome,
                priority_id=priority.id,
                position=index,
                text=text,
            )
        for action_seed in seed.actions:
            position += 1
            _upsert(
                summary,
                "actions",
                actions.pop(action_seed.ref, None),
                Action,
                ref=action_seed.ref,
                slug=action_seed.slug,
                number=action_seed.number,
                position=position,
                text=action_seed.text,
                sub_items=list(action_seed.sub_items),
                note=action_seed.note,
                priority_id=priority.id,
            )
    _withdraw(summary, "priorities", list(priorities.values()))
    _withdraw(summary, "outcomes", list(outcomes.values()))
    _withdraw(summary, "actions", list(actions.values()))


def _seed_localities(plan: SeedPlan, summary: SeedSummary) -> None:
    localities = {locality.name: locality for locality in db.session.scalars(select(Locality))}
    by_name: dict[str, Locality] = {}
    for position, seed in enumerate(plan.localities, start=1):
        by_name[seed.name] = _upsert(
            summary,
            "localities",
            localities.pop(seed.name, None),
            Locality,
            name=seed.name,
            slug=seed.slug,
            position=position,
        )
    _withdraw(summary, "localities", list(localities.values()))

    groups = {group.name: group for group in db.session.scalars(select(LocalityGroup))}
    items = {item.ref: item for item in db.session.scalars(select(LocalityPriority))}
    position = len(plan.actions)
    for group_position, seed in enumerate(plan.locality_groups, start=1):
        group = _upsert(
            summary,
            "locality groups",
            groups.pop(seed.name, None),
            LocalityGroup,
            name=seed.name,
            slug=seed.slug,
            position=group_position,
        )
        members = [by_name[name] for name in seed.localities]
        if list(group.localities) != members:
            group.localities = members
        db.session.flush()
        for item_seed in seed.priorities:
            position += 1
            _upsert(
                summary,
                "locality priorities",
                items.pop(item_seed.ref, None),
                LocalityPriority,
                ref=item_seed.ref,
                slug=item_seed.slug,
                number=item_seed.number,
                position=position,
                text=item_seed.text,
                sub_items=[],
                note="",
                locality_group_id=group.id,
            )
    _withdraw(summary, "locality groups", list(groups.values()))
    _withdraw(summary, "locality priorities", list(items.values()))


def _seed_terms(plan: SeedPlan, summary: SeedSummary) -> None:
    # Terms that leave the file are kept: progress is recorded against them.
    terms = {(t.academic_year, t.name): t for t in db.session.scalars(select(Term))}
    for seed in plan.terms:
        values = dict(
            academic_year=seed.academic_year,
            name=seed.name,
            sequence=TERM_NAMES.index(seed.name) + 1,
            start_date=seed.start,
            end_date=seed.end,
            half_term_start=seed.half_term_start,
            half_term_end=seed.half_term_end,
        )
        term = terms.get((seed.academic_year, seed.name))
        if term is None:
            db.session.add(Term(**values))
            summary.count(summary.created, "terms")
        elif _assign(term, **values):
            summary.count(summary.updated, "terms")


def _seed_figures(plan: SeedPlan, summary: SeedSummary) -> None:
    figures = {figure.key: figure for figure in db.session.scalars(select(QuotedFigure))}
    for seed in plan.figures:
        values = dict(
            key=seed.key,
            measure=seed.measure,
            area=seed.area,
            period=seed.period,
            cohort=seed.cohort,
            value=seed.value,
            quote=seed.quote,
            source=plan.figures_source,
        )
        figure = figures.pop(seed.key, None)
        if figure is None:
            db.session.add(QuotedFigure(**values))
            summary.count(summary.created, "quoted figures")
        elif _assign(figure, **values):
            summary.count(summary.updated, "quoted figures")
    for figure in figures.values():
        db.session.delete(figure)
        summary.count(summary.withdrawn, "quoted figures")


def apply_seed_plan(*, plan: SeedPlan) -> SeedSummary:
    """Bring the database into line with ``plan``. The caller commits."""
    summary = SeedSummary()
    strategy = _seed_strategy(plan, summary)
    _seed_priorities(strategy, plan, summary)
    _seed_localities(plan, summary)
    _seed_terms(plan, summary)
    _seed_figures(plan, summary)
    seed_benchmarks(plan=plan, summary=summary)
    seed_indicators(plan=plan, summary=summary)
    db.session.flush()
    return summary
