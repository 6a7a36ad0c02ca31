"""RAG summaries: counts by status, direction of travel, persistent Red and Amber."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
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
