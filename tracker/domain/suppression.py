"""Small-number suppression: figures about fewer than five pupils are shown as "c".

Following the Department for Education's statistical practice, a count of 1 to 4 pupils
is confidential, and so is every figure that would give it away:

- A group of fewer than 5 pupils (enrolments 1 to 4) shows none of its figures. Its
  rates are computed from those few children's sessions: with one pupil in the group,
  the absence rate is that child's own.
- In a larger group, 1 to 4 persistent (or severe) absentees hide both the count and its
  rate, because the rate times the number of enrolments gives the count back. Rates of
  sessions (overall, authorised and unauthorised absence, attendance) of a group of 5 or
  more are averages over at least five children, and are shown.
- Zero is shown: no child is described by it.

Suppressing one cell is not enough when the others and the total are shown, since the
hidden one is the total less the rest. A breakdown's total is always to be had (the same
figures without the breakdown), so wherever exactly one cell of a row, column or table is
hidden, the next smallest is hidden too (secondary suppression), until no line of the
breakdown has a single hidden cell. Overlapping groups that are not a breakdown of one
total (children in need and, within them, those on a protection plan) can still be
subtracted from one another; the README says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from tracker.domain.attendance_metrics import ROW_FIGURES

THRESHOLD = 5
SUPPRESSED = "c"
EXPLANATION = (
    "c: confidential. Figures about fewer than 5 pupils, and rates that would reveal them, "
    "are not shown, so that no child can be identified; where one figure is hidden, "
    "another is too, so that it cannot be worked out from the total."
)
# For one-page documents, where every line counts.
SHORT_EXPLANATION = "c: confidential, about fewer than 5 pupils, or hidden with such a figure."

# Each count of pupils, and the figures hidden with it.
COUNT_FIGURES: dict[str, tuple[str, ...]] = {
    "enrolments": ROW_FIGURES,
    "persistent_absentees": ("persistent_absentees", "persistent_absence_rate"),
    "severe_absentees": ("severe_absentees", "severe_absence_rate"),
}


def is_small(count: int | None) -> bool:
    """A count of 1 to 4 pupils."""
    return count is not None and 0 < count < THRESHOLD


def suppress_rows(
    rows: Sequence[Mapping[str, Any]], *, by: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Copies of metrics rows, grouped ``by`` the given dimensions, in which confidential
    figures are None and named in each row's ``suppressed`` (a tuple, empty if none)."""
    hidden = {
        count: {index for index, row in enumerate(rows) if is_small(row.get(count))}
        for count in COUNT_FIGURES
    }
    lines = _lines(rows, by)
    while _hide_more(rows, hidden, lines):
        pass
    found = []
    for index, row in enumerate(rows):
        names = sorted(
            {
                name
                for count, figures in COUNT_FIGURES.items()
                if index in hidden[count]
                for name in figures
            }
        )
        copy = dict(row)
        for name in names:
            if name in copy:
                copy[name] = None
        copy["suppressed"] = tuple(names)
        found.append(copy)
    return found


def _lines(rows: Sequence[Mapping[str, Any]], by: Sequence[str]) -> list[list[int]]:
    """The sets of rows that add up to a total shown elsewhere: for each dimension, the
    rows that agree on every other dimension (in a one-way breakdown, all of them)."""
    lines = []
    for dimension in by:
        others = [other for other in by if other != dimension]
        grouped: dict[tuple, list[int]] = defaultdict(list)
        for index, row in enumerate(rows):
            grouped[tuple(row["group"].get(other) for other in others)].append(index)
        lines += [members for members in grouped.values() if len(members) > 1]
    return lines


def _hide_more(
    rows: Sequence[Mapping[str, Any]], hidden: dict[str, set[int]], lines: list[list[int]]
) -> bool:
    """One round of secondary suppression; whether anything more was hidden."""
    changed = False
    for count in COUNT_FIGURES:
        # A group too small to show hides every count it has.
        if hidden["enrolments"] - hidden[count]:
            hidden[count] |= hidden["enrolments"]
            changed = True
    for count, cells in hidden.items():
        for line in lines:
            shown = [index for index in line if index not in cells]
            if len(line) - len(shown) == 1 and shown:
                cells.add(min(shown, key=lambda index: (rows[index].get(count) or 0, index)))
                changed = True
    return changed


def any_suppressed(rows: Sequence[Mapping[str, Any]]) -> bool:
    return any(row.get("suppressed") for row in rows)


def cohort_figure_suppressed(row: Mapping[str, Any] | None, measure: str) -> bool:
    """Whether one measure of a whole cohort (a row without a breakdown) is confidential."""
    if row is None:
        return False
    return measure in suppress_rows([row])[0]["suppressed"]
