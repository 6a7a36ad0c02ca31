"""The RAG summary's rules: counts, direction of travel, runs of Red and Amber."""

from __future__ import annotations

import pytest

from tracker.domain.rag import (
    BETTER,
    NO_COMPARISON,
    SAME,
    WORSE,
    RagItem,
    build_rag_summary,
    consecutive_red_or_amber,
    count_statuses,
    direction_of_travel,
)


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        ("red", "amber", BETTER),
        ("amber", "green", BETTER),
        ("green", "complete", BETTER),
        ("green", "green", SAME),
        ("complete", "amber", WORSE),
        ("green", "red", WORSE),
        (None, "green", NO_COMPARISON),
        ("not_started", "green", NO_COMPARISON),
        ("green", None, NO_COMPARISON),
    ],
)
def test_direction_of_travel(previous, current, expected):
    assert direction_of_travel(previous, current) == expected


def test_counts_treat_a_missing_status_as_no_update_and_give_proportions():
    counts = {c.code: c for c in count_statuses(["red", "green", None, "green"])}
    assert counts["green"].count == 2 and counts["green"].proportion == 50
    assert counts["no_update"].count == 1
    assert counts["complete"].count == 0
    assert sum(c.count for c in counts.values()) == 4


def test_counts_of_nothing_are_zero_not_an_error():
    assert all(c.count == 0 and c.proportion == 0 for c in count_statuses([]))


@pytest.mark.parametrize(
    ("history", "run"),
    [
        (["red", "amber"], 2),
        (["amber", "green", "amber"], 1),
        (["red", None, "red"], 1),  # a term with no update breaks the run
        (["green"], 0),
        ([], 0),
    ],
)
def test_consecutive_red_or_amber(history, run):
    assert consecutive_red_or_amber(history) == run


def items():
    return [
        RagItem(1, "P1/001", "P1-001", "action", priority=1),
        RagItem(2, "P1/002", "P1-002", "action", priority=1),
        RagItem(3, "P2/001", "P2-001", "action", priority=2),
        RagItem(4, "North 1", "north-1", "locality_priority", locality_group="North"),
    ]


def test_summary_breaks_down_by_priority_and_locality_group_with_empty_rows_kept():
    summary = build_rag_summary(
        items=items(),
        history={1: ["amber", "red"], 2: ["green", "green"], 4: ["red", "green"]},
        compared=True,
        priorities=[1, 2, 3],
        locality_groups=["North", "Chesil"],
    )
    assert summary.total == 4
    by_priority = {row.label: row for row in summary.by_priority}
    assert by_priority["Priority 1"].total == 2
    assert by_priority["Priority 2"].total == 1  # P2/001 has no update: counted as No update
    assert by_priority["Priority 3"].total == 0
    assert [row.label for row in summary.by_locality_group] == ["North", "Chesil"]
    directions = {status.item.ref: status.direction for status in summary.items}
    assert directions == {
        "P1/001": WORSE,
        "P1/002": SAME,
        "P2/001": NO_COMPARISON,
        "North 1": BETTER,
    }
    assert [s.item.ref for s in summary.persistent] == ["P1/001"]
    assert [s.item.ref for s in summary.changes] == ["P1/001", "North 1"]


def test_the_first_term_has_no_comparison_and_no_changes():
    summary = build_rag_summary(items=items(), history={1: ["green"]}, compared=False)
    assert all(status.direction == NO_COMPARISON for status in summary.items)
    assert summary.changes == []
