"""The trend chart of an indicator page: its values and each comparator, period by period."""

from __future__ import annotations

from tracker.data.indicator_trend import TrendPoint
from tracker.domain.charts import LineChart, line_chart
from tracker.domain.indicators import NATIONAL, NEIGHBOURS, PREVIOUS_YEAR, REGIONAL, TARGET
from tracker.models import Indicator


def series_names(indicator: Indicator, points: list[TrendPoint], own: str) -> list[str]:
    names = [own]
    first = points[0].result if points else None
    for position, spec in enumerate(indicator.comparators):
        kind = spec["kind"]
        if kind in (NATIONAL, REGIONAL) and first is not None:
            names.append(first.comparators[position].label)
        elif kind == NEIGHBOURS:
            names.append("Statistical neighbours")
        elif kind == PREVIOUS_YEAR:
            names.append("Year before")
        elif kind == TARGET:
            names.append(spec.get("label", "Target"))
        else:
            names.append(kind)
    return names


def trend_chart(indicator: Indicator, points: list[TrendPoint], own: str = "") -> LineChart | None:
    if not points:
        return None
    names = series_names(indicator, points, own or "Value")
    values = [[point.result.value for point in points]]
    for position in range(len(indicator.comparators)):
        values.append([point.result.comparators[position].value for point in points])
    chart = line_chart(
        [point.label for point in points], list(zip(names, values, strict=True)), indicator.unit
    )
    return None if chart.empty else chart
