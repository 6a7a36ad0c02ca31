"""Charts as simple shapes (rectangles, lines, text, markers) in pixel coordinates.

One geometry serves every format: SVG for HTML and PDF, PNG (drawn by Pillow) for Word,
so a chart looks the same wherever it is read. Series differ in dash and marker shape as
well as colour, so they can be told apart without colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tracker.domain.reports.formatting import SERIES_COLOURS
from tracker.domain.reports.layout import Chart

INK = "#0b0c0c"
GRID = "#d8d8d8"
MARKERS = ("circle", "square", "triangle", "diamond")
DASHES: tuple[tuple[int, ...], ...] = ((), (6, 3), (2, 3), (8, 3, 2, 3))
CHAR_WIDTH = 0.58  # average glyph width as a share of the font size


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = INK
    width: float = 1
    dash: tuple[int, ...] = ()


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 2
    dash: tuple[int, ...] = ()


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    shape: str
    fill: str
    size: float = 4


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float = 11
    anchor: str = "start"  # start, middle or end
    fill: str = INK
    bold: bool = False


Shape = Rect | Line | Polyline | Marker | Text


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    shapes: tuple[Shape, ...]


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def fit(text: str, width: float, size: float) -> str:
    """The text, shortened with an ellipsis if it would not fit in ``width``."""
    if text_width(text, size) <= width:
        return text
    keep = max(1, int(width / (size * CHAR_WIDTH)) - 1)
    return text[:keep].rstrip() + "…"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low`` to ``high``."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def tick_places(ticks: list[float]) -> int:
    """Decimal places that show every tick of an axis the same way (4.5, 5.0, 5.5)."""
    if len(ticks) < 2:
        return 0
    step = abs(ticks[1] - ticks[0]) or 1
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0


def tick_label(value: float, unit: str, places: int | None = None) -> str:
    if places is None:
        text = f"{value:g}" if abs(value) < 1e6 else f"{value:.2e}"
    else:
        text = f"{value:,.{places}f}"
    return f"{text}%" if unit == "%" else text


def series_colour(chart: Chart, index: int) -> str:
    return chart.series[index].colour or SERIES_COLOURS[index % len(SERIES_COLOURS)]


def _legend(chart: Chart, top: float, width: float, swatch_lines: bool) -> list[Shape]:
    shapes: list[Shape] = []
    x, y = 16.0, top + 12
    for index, series in enumerate(chart.series):
        item = 34 + text_width(series.name, 11)
        if x + item > width - 8 and x > 16:
            x, y = 16.0, y + 18
        colour = series_colour(chart, index)
        if swatch_lines:
            dash = DASHES[index % len(DASHES)]
            shapes.append(Line(x, y - 4, x + 22, y - 4, colour, 2, dash))
            shapes.append(Marker(x + 11, y - 4, MARKERS[index % len(MARKERS)], colour))
        else:
            shapes.append(Rect(x, y - 10, 22, 10, colour))
        shapes.append(Text(x + 28, y, series.name, 11))
        x += item + 12
    return shapes


def legend_height(chart: Chart, width: float) -> float:
    rows, x = 1, 16.0
    for series in chart.series:
        item = 34 + text_width(series.name, 11)
        if x + item > width - 8 and x > 16:
            rows, x = rows + 1, 16.0
        x += item + 12
    return rows * 18 + 8


def _values(chart: Chart) -> list[float]:
    return [value for series in chart.series for value in series.values if value is not None]


def _y_axis(ticks, top, bottom, left, right, unit, to_y) -> list[Shape]:
    shapes: list[Shape] = []
    places = tick_places(ticks)
    for tick in ticks:
        y = to_y(tick)
        shapes.append(Line(left, y, right, y, GRID, 1))
        shapes.append(Text(left - 6, y + 4, tick_label(tick, unit, places), 10, "end"))
    shapes.append(Line(left, top, left, bottom, INK, 1))
    shapes.append(Line(left, bottom, right, bottom, INK, 1))
    return shapes


def _category_labels(chart, left, step, bottom) -> list[Shape]:
    every = max(1, math.ceil(len(chart.categories) * 60 / max(step * len(chart.categories), 1)))
    return [
        Text(
            left + step * (index + 0.5), bottom + 16, fit(label, step * every - 4, 10), 10, "middle"
        )
        for index, label in enumerate(chart.categories)
        if index % every == 0
    ]


def line_chart(chart: Chart, width: int = 640, height: int = 300) -> Drawing:
    values = _values(chart)
    legend = legend_height(chart, width)
    top, left, right = 36.0, 56.0, width - 16.0
    bottom = height - legend - 30
    ticks = nice_ticks(min(values), max(values)) if values else [0.0, 1.0]
    low, high = ticks[0], ticks[-1]

    def to_y(value: float) -> float:
        return bottom - (value - low) / (high - low or 1) * (bottom - top)

    shapes: list[Shape] = [Text(16, 20, fit(chart.title, width - 32, 13), 13, bold=True)]
    shapes += _y_axis(ticks, top, bottom, left, right, chart.unit, to_y)
    step = (right - left) / max(len(chart.categories), 1)
    shapes += _category_labels(chart, left, step, bottom)
    for index, series in enumerate(chart.series):
        colour, dash = series_colour(chart, index), DASHES[index % len(DASHES)]
        run: list[tuple[float, float]] = []
        points = []
        for position, value in enumerate(series.values):
            if value is None:
                if len(run) > 1:
                    shapes.append(Polyline(tuple(run), colour, 2, dash))
                run = []
                continue
            point = (left + step * (position + 0.5), to_y(value))
            run.append(point)
            points.append(point)
        if len(run) > 1:
            shapes.append(Polyline(tuple(run), colour, 2, dash))
        shapes += [Marker(x, y, MARKERS[index % len(MARKERS)], colour) for x, y in points]
    if not values:
        shapes.append(Text((left + right) / 2, (top + bottom) / 2, "No data", 12, "middle"))
    shapes += _legend(chart, bottom + 30, width, swatch_lines=True)
    return Drawing(width, height, tuple(shapes))


def bar_chart(chart: Chart, width: int = 640, height: int = 300) -> Drawing:
    """Vertical bars, grouped by category, each labelled with its value."""
    values = _values(chart)
    legend = legend_height(chart, width)
    top, left, right = 36.0, 56.0, width - 16.0
    bottom = height - legend - 30
    ticks = nice_ticks(0, max(values) if values else 1)
    high = ticks[-1] or 1

    def to_y(value: float) -> float:
        return bottom - value / high * (bottom - top)

    shapes: list[Shape] = [Text(16, 20, fit(chart.title, width - 32, 13), 13, bold=True)]
    shapes += _y_axis(ticks, top, bottom, left, right, chart.unit, to_y)
    step = (right - left) / max(len(chart.categories), 1)
    bar = step * 0.8 / max(len(chart.series), 1)
    for position in range(len(chart.categories)):
        for index, series in enumerate(chart.series):
            value = series.values[position] if position < len(series.values) else None
            if value is None:
                continue
            x = left + step * position + step * 0.1 + bar * index
            shapes.append(
                Rect(x, to_y(value), bar - 1, bottom - to_y(value), series_colour(chart, index))
            )
            shapes.append(
                Text(x + bar / 2, to_y(value) - 3, tick_label(value, chart.unit), 9, "middle")
            )
    shapes += _category_labels(chart, left, step, bottom)
    shapes += _legend(chart, bottom + 30, width, swatch_lines=False)
    return Drawing(width, height, tuple(shapes))


def stacked_chart(chart: Chart, width: int = 640) -> Drawing:
    """Horizontal bars, one per category, stacked by series, with counts written in."""
    label_width = min(180.0, max((text_width(c, 11) for c in chart.categories), default=40) + 8)
    left, right, top = 16 + label_width, width - 48.0, 36.0
    row = 26.0
    bottom = top + row * len(chart.categories)
    totals = [
        sum(series.values[i] or 0 for series in chart.series if i < len(series.values))
        for i in range(len(chart.categories))
    ]
    high = max(totals, default=0) or 1
    legend = legend_height(chart, width)
    height = int(bottom + 24 + legend)
    shapes: list[Shape] = [Text(16, 20, fit(chart.title, width - 32, 13), 13, bold=True)]
    for position, label in enumerate(chart.categories):
        y = top + row * position + 4
        shapes.append(Text(left - 6, y + 13, fit(label, label_width - 4, 11), 11, "end"))
        x = left
        for index, series in enumerate(chart.series):
            value = series.values[position] if position < len(series.values) else None
            if not value:
                continue
            length = value / high * (right - left)
            shapes.append(Rect(x, y, length, 18, series_colour(chart, index)))
            if length >= text_width(tick_label(value, chart.unit), 10) + 4:
                shapes.append(
                    Text(
                        x + length / 2,
                        y + 13,
                        tick_label(value, chart.unit),
                        10,
                        "middle",
                        "#ffffff",
                        True,
                    )
                )
            x += length
        shapes.append(Text(x + 4, y + 13, tick_label(totals[position], chart.unit), 10))
    shapes.append(Line(left, top, left, bottom, INK, 1))
    shapes += _legend(chart, bottom + 8, width, swatch_lines=False)
    return Drawing(width, height, tuple(shapes))


def draw(chart: Chart, width: int = 640) -> Drawing:
    if chart.kind == "stacked":
        return stacked_chart(chart, width)
    if chart.kind == "bar":
        return bar_chart(chart, width, chart.height)
    return line_chart(chart, width, chart.height)
