"""RAG summaries: counts by status, direction of travel, persistent Red and Amber."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tracker.domain.status import STATUSES

# Order used to judge direction of travel. "Not started" and "No update" carry
# no judgement of delivery, so there is no direction to or from them.
RANK = {"red": 1, "amber": 2, "green": 3, "complete": 4}
SUMMARY_STATUSES = ("red", "amber", "green", "complete", "not_started", "no_update")
BETTER, SAME, WORSE, NO_COMPARISON = "better", "same", "worse", "no_comparison"
DIRECTION_LABELS = {
    BETTER: "Better",
    SAME: "Same",
    WORSE: "Worse",
    NO_COMPARISON: "No comparison",
}


def direction_of_travel(previous: str | None, current: str | None) -> str:
    if previous not in RANK or current not in RANK:
        return NO_COMPARISON
    if RANK[current] > RANK[previous]:
        return BETTER
    if RANK[current] < RANK[previous]:
        return WORSE
    return SAME


@dataclass(frozen=True)
class StatusCount:
    code: str
    label: str
    count: int
    proportion: float  # 0 to 100


def count_statuses(statuses: Iterable[str | None]) -> list[StatusCount]:
    """Counts and percentages of each status; a missing status counts as "No update"."""
    counts = Counter(status or "no_update" for status in statuses)
    total = sum(counts.values())
    labels = {status.code: status.label for status in STATUSES}
    return [
        StatusCount(code, labels[code], counts[code], 100 * counts[code] / total if total else 0.0)
        for code in SUMMARY_STATUSES
    ]


def consecutive_red_or_amber(history: Sequence[str | None]) -> int:
    """How many terms in a row, ending with the latest, the item was Red or Amber.

    ``history`` runs oldest to newest, one entry per term (None for no update).
    """
    run = 0
    for status in reversed(history):
        if status not in {"red", "amber"}:
            break
        run += 1
    return run


# Shown next to the words, never instead of them; screen readers skip them.
DIRECTION_ARROWS = {BETTER: "↑", SAME: "→", WORSE: "↓", NO_COMPARISON: ""}


@dataclass(frozen=True)
class RagItem:
    """What the summary needs to know about one live item."""

    id: int
    ref: str
    slug: str
    kind: str  # "action" or "locality_priority"
    priority: int | None = None  # an action's priority number
    locality_group: str | None = None  # a locality priority's group name


@dataclass(frozen=True)
class ItemStatus:
    """One item's approved status this term and last term, and how it has moved."""

    item: RagItem
    previous: str | None
    current: str | None
    direction: str
    red_or_amber_terms: int

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS[self.direction]

    @property
    def direction_arrow(self) -> str:
        return DIRECTION_ARROWS[self.direction]


@dataclass(frozen=True)
class BreakdownRow:
    """Counts of each status among the items of one priority or locality group."""

    label: str
    counts: list[StatusCount]
    total: int


@dataclass(frozen=True)
class RagSummary:
    total: int
    overall: list[StatusCount]
    by_priority: list[BreakdownRow]
    by_locality_group: list[BreakdownRow]
    items: list[ItemStatus]  # every item, in plan order
    persistent: list[ItemStatus]  # Red or Amber two or more terms running, longest first
    changes: list[ItemStatus]  # status differs from last term's, in plan order
    compared: bool  # whether there was a previous term to compare with


def _breakdown(
    statuses: list[ItemStatus], key, labels: Sequence[str], kind: str
) -> list[BreakdownRow]:
    grouped: dict[str, list[str | None]] = {label: [] for label in labels}
    for status in statuses:
        if status.item.kind == kind:
            grouped.setdefault(key(status.item), []).append(status.current)
    return [
        BreakdownRow(label, count_statuses(found), len(found)) for label, found in grouped.items()
    ]


def priority_label(number: int | None) -> str:
    return f"Priority {number}"


def build_rag_summary(
    *,
    items: Sequence[RagItem],
    history: Mapping[int, Sequence[str | None]],
    compared: bool,
    priorities: Sequence[int] = (),
    locality_groups: Sequence[str] = (),
) -> RagSummary:
    """Assemble the RAG summary for a term from approved statuses.

    ``items`` are the live items in plan order. ``history`` maps an item's id
    to its approved status in each term up to the chosen one, oldest first
    (None where no update was approved); an item missing from it has no
    approved update at all. ``compared`` says whether a previous term exists.
    ``priorities`` and ``locality_groups`` give the breakdown rows, in order,
    so a priority or group with no items still has its row.
    """
    statuses = []
    for item in items:
        past = list(history.get(item.id, ()))
        current = past[-1] if past else None
        previous = past[-2] if compared and len(past) >= 2 else None
        direction = direction_of_travel(previous, current) if compared else NO_COMPARISON
        statuses.append(
            ItemStatus(item, previous, current, direction, consecutive_red_or_amber(past))
        )
    persistent = sorted(
        (status for status in statuses if status.red_or_amber_terms >= 2),
        key=lambda status: -status.red_or_amber_terms,
    )
    return RagSummary(
        total=len(statuses),
        overall=count_statuses(status.current for status in statuses),
        by_priority=_breakdown(
            statuses,
            lambda item: priority_label(item.priority),
            [priority_label(number) for number in priorities],
            "action",
        ),
        by_locality_group=_breakdown(
            statuses, lambda item: item.locality_group, locality_groups, "locality_priority"
        ),
        items=statuses,
        persistent=persistent,
        changes=[status for status in statuses if compared and status.previous != status.current],
        compared=compared,
    )
