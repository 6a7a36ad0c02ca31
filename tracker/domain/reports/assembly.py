"""Building the report model from gathered facts: statuses, summaries, sections.

The data layer gathers plain facts (each item's approved status history, its approved
update's words, evaluated indicators, rates); this module decides what each report says,
reusing the RAG summary rules so the reports and the RAG summary page never disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.domain.rag import (
    BETTER,
    DIRECTION_LABELS,
    NO_COMPARISON,
    SAME,
    WORSE,
    ItemStatus,
    RagItem,
    build_rag_summary,
    count_statuses,
)
from tracker.domain.reports.definitions import (
    METRIC_DEFINITIONS,
    indicator_status_definitions,
    status_definitions,
)
from tracker.domain.reports.model import (
    NO_FIGURES,
    Appendix,
    CountRow,
    Cover,
    DataSource,
    DirectionCount,
    EducationBoardReport,
    ExecutiveSummary,
    GroupIndicators,
    IndicatorReport,
    ItemReport,
    LocalitiesSection,
    LocalityGroupSection,
    PrioritySection,
    RateRow,
    StrengtheningServicesBoardReport,
    TrainingSection,
    WeekFigures,
)


@dataclass(frozen=True)
class UpdateText:
    progress: str = ""
    evidence: str = ""
    impact: str = ""
    next_steps: str = ""
    mitigation: str = ""


@dataclass(frozen=True)
class ItemFacts:
    id: int
    ref: str
    kind: str
    text: str
    priority: int | None
    locality_group: str | None
    owner: str
    board: str
    # Approved status in each term up to the report's, oldest first (None: none approved).
    history: tuple[str | None, ...]
    update: UpdateText | None  # the approved update for the report's term


@dataclass(frozen=True)
class IndicatorFacts:
    report: IndicatorReport
    priorities: tuple[int, ...]


@dataclass(frozen=True)
class EducationBoardFacts:
    cover: Cover
    board: str
    items: tuple[ItemFacts, ...]
    compared_with: str
    priorities: tuple[tuple[int, str], ...]
    locality_groups: tuple[tuple[str, tuple[str, ...]], ...]
    indicators: tuple[IndicatorFacts, ...]
    locality_rates: tuple[RateRow, ...]
    authority_rates: RateRow | None
    rates_period: str
    rates_note: str
    data_sources: tuple[DataSource, ...]
    board_names: Mapping[str, str]


@dataclass(frozen=True)
class ServicesBoardFacts:
    cover: Cover
    board: str
    items: tuple[ItemFacts, ...]
    compared_with: str
    plans: IndicatorReport | None
    training: TrainingSection
    groups: tuple[GroupIndicators, ...]
    data_sources: tuple[DataSource, ...]


def _rag_item(facts: ItemFacts) -> RagItem:
    return RagItem(
        id=facts.id,
        ref=facts.ref,
        slug=facts.ref,
        kind=facts.kind,
        priority=facts.priority,
        locality_group=facts.locality_group,
    )


def _group(facts: ItemFacts) -> str:
    return f"Priority {facts.priority}" if facts.kind == "action" else facts.locality_group or ""


def item_report(facts: ItemFacts, status: ItemStatus) -> ItemReport:
    words = facts.update or UpdateText()
    return ItemReport(
        ref=facts.ref,
        kind=facts.kind,
        text=facts.text,
        group=_group(facts),
        owner=facts.owner,
        status=status.current,
        previous=status.previous,
        direction=status.direction,
        red_or_amber_terms=status.red_or_amber_terms,
        progress=words.progress,
        evidence=words.evidence,
        impact=words.impact,
        next_steps=words.next_steps,
        mitigation=words.mitigation,
    )


def _statuses(items: Sequence[ItemFacts], compared: bool, **breakdowns: Any):
    summary = build_rag_summary(
        items=[_rag_item(item) for item in items],
        history={item.id: item.history for item in items},
        compared=compared,
        **breakdowns,
    )
    by_id = {item.id: item for item in items}
    reports = {
        status.item.id: item_report(by_id[status.item.id], status) for status in summary.items
    }
    return summary, reports


def direction_counts(items: Iterable[ItemReport]) -> tuple[DirectionCount, ...]:
    counts = Counter(item.direction for item in items)
    return tuple(
        DirectionCount(code, DIRECTION_LABELS[code], counts[code])
        for code in (BETTER, SAME, WORSE, NO_COMPARISON)
    )


def achievements(items: Iterable[ItemReport]) -> tuple[ItemReport, ...]:
    """What moved this term: items newly Complete, or Green after being behind, with impact.

    Items that simply stayed Green or Complete are in the priority sections; listing
    them here too would bury the term's real achievements.
    """
    return tuple(
        item
        for item in items
        if item.impact.strip()
        and item.status in {"green", "complete"}
        and (item.direction == BETTER or (item.status == "complete" and item.previous is None))
    )


def exceptions(items: Iterable[ItemReport]) -> tuple[ItemReport, ...]:
    """Red items, then Amber, each in plan order: what needs the board's attention."""
    found = [item for item in items if item.status in {"red", "amber"}]
    return tuple(sorted(found, key=lambda item: item.status != "red"))


def appendix(data_sources: Sequence[DataSource]) -> Appendix:
    return Appendix(
        status_definitions=status_definitions(),
        indicator_status_definitions=indicator_status_definitions(),
        metric_definitions=METRIC_DEFINITIONS,
        data_sources=tuple(data_sources),
    )


def _priority_sections(facts: EducationBoardFacts, reports: Mapping[int, ItemReport]):
    sections = []
    for number, title in facts.priorities:
        mine = [
            item
            for item in facts.items
            if item.kind == "action" and item.priority == number and item.board == facts.board
        ]
        others = [
            item
            for item in facts.items
            if item.kind == "action" and item.priority == number and item.board != facts.board
        ]
        actions = tuple(reports[item.id] for item in mine)
        boards = sorted({facts.board_names.get(item.board, item.board) for item in others})
        sections.append(
            PrioritySection(
                number=number,
                title=title,
                counts=tuple(count_statuses(action.status for action in actions)),
                indicators=tuple(
                    indicator.report
                    for indicator in facts.indicators
                    if number in indicator.priorities
                ),
                actions=actions,
                elsewhere=tuple(item.ref for item in others),
                elsewhere_board=" and ".join(boards),
            )
        )
    return tuple(sections)


def shared_indicators(facts: EducationBoardFacts) -> tuple[IndicatorReport, ...]:
    """Indicators linked to every priority of the plan (when it has more than one)."""
    numbers = {number for number, _ in facts.priorities}
    if len(numbers) < 2:
        return ()
    return tuple(i.report for i in facts.indicators if numbers <= set(i.priorities))


def assemble_education_board(facts: EducationBoardFacts) -> EducationBoardReport:
    items = [item for item in facts.items if item.board == facts.board]
    summary, reports = _statuses(
        items,
        bool(facts.compared_with),
        priorities=[number for number, _ in facts.priorities],
        locality_groups=[name for name, _ in facts.locality_groups],
    )
    ordered = [reports[item.id] for item in items]
    groups = tuple(
        LocalityGroupSection(
            name=name,
            localities=localities,
            priorities=tuple(
                reports[item.id]
                for item in items
                if item.kind == "locality_priority" and item.locality_group == name
            ),
        )
        for name, localities in facts.locality_groups
    )
    return EducationBoardReport(
        cover=facts.cover,
        summary=ExecutiveSummary(
            total=summary.total,
            overall=tuple(summary.overall),
            by_priority=tuple(
                CountRow(r.label, tuple(r.counts), r.total) for r in summary.by_priority
            ),
            by_locality_group=tuple(
                CountRow(r.label, tuple(r.counts), r.total) for r in summary.by_locality_group
            ),
            compared_with=facts.compared_with,
            directions=direction_counts(ordered),
            achievements=achievements(ordered),
            exceptions=exceptions(ordered),
            persistent=tuple(reports[status.item.id] for status in summary.persistent),
        ),
        shared_indicators=shared_indicators(facts),
        priorities=_priority_sections(facts, reports),
        localities=LocalitiesSection(
            groups=groups,
            rates=facts.locality_rates,
            authority=facts.authority_rates,
            rates_period=facts.rates_period,
            rates_note=facts.rates_note,
        ),
        appendix=appendix(facts.data_sources),
    )


def assemble_services_board(facts: ServicesBoardFacts) -> StrengtheningServicesBoardReport:
    items = [item for item in facts.items if item.board == facts.board]
    summary, reports = _statuses(items, bool(facts.compared_with))
    return StrengtheningServicesBoardReport(
        cover=facts.cover,
        plans=facts.plans,
        training=facts.training,
        groups=facts.groups,
        actions=tuple(reports[item.id] for item in items),
        action_counts=tuple(summary.overall),
        compared_with=facts.compared_with,
        appendix=appendix(facts.data_sources),
    )


# The weekly update's figures, and the metrics each is read from.
WEEK_MEASURES = {
    "enrolments": "enrolments",
    "attendance": "attendance_rate",
    "absence": "overall_absence_rate",
    "persistent": "persistent_absence_rate",
}


def week_figures(row: Mapping[str, Any] | None) -> WeekFigures:
    """A metrics row (as ``compute_metrics`` gives it) as the weekly update's figures."""
    if not row:
        return NO_FIGURES
    hidden = row.get("suppressed", ())
    return WeekFigures(
        enrolments=row.get("enrolments"),
        attendance=row.get("attendance_rate"),
        absence=row.get("overall_absence_rate"),
        persistent=row.get("persistent_absence_rate"),
        suppressed=tuple(name for name, measure in WEEK_MEASURES.items() if measure in hidden),
    )
