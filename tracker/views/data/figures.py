"""The attendance figures page's table as CSV, with confidential figures written "c"."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from tracker.domain.spreadsheet_text import csv_cell
from tracker.domain.suppression import EXPLANATION, SUPPRESSED, any_suppressed

# (heading, figure, decimal places; None for a count)
CSV_COLUMNS = (
    ("Enrolments", "enrolments", None),
    ("Overall absence rate", "overall_absence_rate", 2),
    ("Authorised absence rate", "authorised_absence_rate", 2),
    ("Unauthorised absence rate", "unauthorised_absence_rate", 2),
    ("Persistent absentees", "persistent_absentees", None),
    ("Persistent absence rate", "persistent_absence_rate", 2),
    ("Severe absentees", "severe_absentees", None),
    ("Severe absence rate", "severe_absence_rate", 2),
    ("Attendance rate", "attendance_rate", 2),
)


def _value(row: Mapping[str, Any], figure: str, places: int | None) -> object:
    if figure in row.get("suppressed", ()):
        return SUPPRESSED
    value = row.get(figure)
    if value is None or places is None:
        return value
    return f"{value:.{places}f}"


def figures_csv(
    rows: Sequence[Mapping[str, Any]], *, by: Sequence[str], labels: Mapping[str, str]
) -> str:
    """One line per group; when a figure is confidential, the explanation follows the table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([labels[dim] for dim in by] + [heading for heading, _, _ in CSV_COLUMNS])
    for row in rows:
        writer.writerow(
            [csv_cell(str(row["group"][dim])) for dim in by]
            # Figures are written from numbers by the service, never from anyone's text,
            # so a minus sign is a number's, not a formula's, and is left as it is.
            + [_value(row, figure, places) for _, figure, places in CSV_COLUMNS]
        )
    if any_suppressed(rows):
        writer.writerow([])
        writer.writerow([EXPLANATION])
    return buffer.getvalue()
