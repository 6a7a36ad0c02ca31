"""How figures and statuses are written in every format, so all formats agree.

Rates are shown to two decimal places, as the DfE publishes them, rounded half up;
the value stored beside the text (for spreadsheets) is the same rounded number.
"""

from __future__ import annotations

from tracker.domain.indicators import as_decimal, format_value

NONE_TEXT = "No data"
PLACES = 2

# Fill colours for status cells (light, so black text stays readable) and strong colours
# for chart marks. Colour is never the only signal: the label is always written.
STATUS_FILLS = {
    "red": "F4CDC6",
    "amber": "FFE9B3",
    "green": "CCE2D8",
    "complete": "BBD4EA",
    "not_started": "E5E6E7",
    "no_update": "E5E6E7",
    "no_data": "E5E6E7",
    "withdrawn": "E5E6E7",
}
STATUS_COLOURS = {
    "red": "#d4351c",
    "amber": "#f47738",
    "green": "#00703c",
    "complete": "#1d70b8",
    "not_started": "#505a5f",
    "no_update": "#b1b4b6",
    "no_data": "#b1b4b6",
}
# Series colours for line and bar charts, in order; distinguishable in greyscale too
# because lines also differ in dash and marker.
SERIES_COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#6f72af", "#f47738", "#505a5f")


def rounded(value: float | None, places: int = PLACES) -> float | None:
    if value is None:
        return None
    return float(as_decimal(value)) if places == PLACES else round(value, places)


def percent(value: float | None) -> str:
    """ "4.57%"; "No data" for no value."""
    return NONE_TEXT if value is None else f"{as_decimal(value)}%"


def figure(value: float | None, unit: str) -> str:
    """An indicator's value in its unit: "4.57%", "120 staff"."""
    return NONE_TEXT if value is None else format_value(value, unit)


def count(value: int | None) -> str:
    return NONE_TEXT if value is None else f"{value:,}"


def change(current: float | None, before: float | None) -> str:
    """Difference in percentage points, signed: "+0.25 pts", "-1.00 pts"."""
    if current is None or before is None:
        return NONE_TEXT
    gap = as_decimal(current) - as_decimal(before)
    sign = "+" if gap > 0 else ""
    return f"{sign}{gap} pts"


def share(part: int | None, whole: int | None) -> str:
    if part is None or not whole:
        return NONE_TEXT
    return f"{as_decimal(part / whole * 100)}%"
