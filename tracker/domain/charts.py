"""A line chart laid out for server-rendered SVG: the geometry, no drawing library.

Each series has its own colour, dash pattern and marker shape, so lines can be told
apart without colour. Missing values break a line rather than drop it to zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 36, 16, 48

# GOV.UK palette colours with at least 3:1 contrast on white.
STYLES = (
    ("#1d70b8", "", "circle"),
    ("#d4351c", "6 4", "square"),
    ("#00703c", "2 3", "triangle"),
    ("#4c2c92", "10 3 2 3", "diamond"),
    ("#f47738", "1 4", "circle"),
)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float


@dataclass
class Series:
    name: str
    colour: str
    dash: str
    marker: str
    segments: list[str] = field(default_factory=list)  # SVG polyline points
    points: list[Point] = field(default_factory=list)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass
class LineChart:
    width: int
    height: int
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not any(series.points for series in self.series)


def _nice_step(span: float) -> float:
    """A round step giving about five gridlines."""
    raw = span / 5 if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _y_range(values: list[float]) -> tuple[float, float, float]:
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    low = min(low, 0.0) if low >= 0 and low < (high - low) else low
    step = _nice_step(high - low)
    bottom = math.floor(low / step) * step
    top = math.ceil(high / step) * step
    if top == bottom:
        top = bottom + step
    return bottom, top, step


def _tick_label(value: float, step: float, unit: str) -> str:
    places = 0 if step >= 1 else 1 if step >= 0.1 else 2
    text = f"{value:.{places}f}"
    return f"{text}%" if unit == "%" else text


def line_chart(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], unit: str = "%"
) -> LineChart:
    """Lay out ``series`` (name, one value or None per label) over ``labels``."""
    values = [value for _, points in series for value in points if value is not None]
    bottom, top, step = _y_range(values)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def x_at(index: int) -> float:
        if len(labels) == 1:
            return LEFT + plot_width / 2
        return LEFT + plot_width * index / (len(labels) - 1)

    def y_at(value: float) -> float:
        return TOP + plot_height * (top - value) / (top - bottom)

    laid_out = []
    for position, (name, points) in enumerate(series):
        colour, dash, marker = STYLES[position % len(STYLES)]
        line = Series(name, colour, dash, marker)
        run: list[str] = []
        for index, value in enumerate(points):
            if value is None:
                if run:
                    line.segments.append(" ".join(run))
                run = []
                continue
            point = Point(round(x_at(index), 1), round(y_at(value), 1), value)
            line.points.append(point)
            run.append(f"{point.x},{point.y}")
        if run:
            line.segments.append(" ".join(run))
        laid_out.append(line)
    y_ticks = []
    tick = bottom
    while tick <= top + step / 1000:
        y_ticks.append(Tick(round(y_at(tick), 1), _tick_label(tick, step, unit)))
        tick += step
    x_ticks = [Tick(round(x_at(index), 1), label) for index, label in enumerate(labels)]
    return LineChart(WIDTH, HEIGHT, laid_out, x_ticks, y_ticks)
