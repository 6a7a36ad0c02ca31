"""Charts as inline SVG for HTML and PDF: an image with a title and a description."""

from __future__ import annotations

from html import escape

from tracker.domain.reports.chart_geometry import (
    Drawing,
    Line,
    Marker,
    Polyline,
    Rect,
    Text,
    draw,
)
from tracker.domain.reports.layout import Chart

FONT = "Arial, Helvetica, sans-serif"


def _dash(dash: tuple[int, ...]) -> str:
    return f' stroke-dasharray="{" ".join(str(d) for d in dash)}"' if dash else ""


def _marker(shape: Marker) -> str:
    x, y, s, fill = shape.x, shape.y, shape.size, shape.fill
    if shape.shape == "square":
        return (
            f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" '
            f'height="{2 * s:.1f}" fill="{fill}"/>'
        )
    if shape.shape == "triangle":
        points = f"{x:.1f},{y - s:.1f} {x + s:.1f},{y + s:.1f} {x - s:.1f},{y + s:.1f}"
        return f'<polygon points="{points}" fill="{fill}"/>'
    if shape.shape == "diamond":
        points = f"{x:.1f},{y - s:.1f} {x + s:.1f},{y:.1f} {x:.1f},{y + s:.1f} {x - s:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{fill}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" fill="{fill}"/>'


def _shape(shape) -> str:
    if isinstance(shape, Rect):
        return (
            f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{max(shape.w, 0):.1f}" '
            f'height="{max(shape.h, 0):.1f}" fill="{shape.fill}"/>'
        )
    if isinstance(shape, Line):
        return (
            f'<line x1="{shape.x1:.1f}" y1="{shape.y1:.1f}" x2="{shape.x2:.1f}" '
            f'y2="{shape.y2:.1f}" stroke="{shape.stroke}" stroke-width="{shape.width}"'
            f"{_dash(shape.dash)}/>"
        )
    if isinstance(shape, Polyline):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape.points)
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{shape.width}"{_dash(shape.dash)}/>'
        )
    if isinstance(shape, Marker):
        return _marker(shape)
    if isinstance(shape, Text):
        weight = ' font-weight="bold"' if shape.bold else ""
        return (
            f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size}" '
            f'text-anchor="{shape.anchor}" fill="{shape.fill}"{weight}>{escape(shape.text)}</text>'
        )
    raise TypeError(f"Cannot draw {shape!r}")


def drawing_svg(drawing: Drawing, *, title: str, description: str, ident: str) -> str:
    body = "".join(_shape(shape) for shape in drawing.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'viewBox="0 0 {drawing.width} {drawing.height}" width="{drawing.width}" '
        f'height="{drawing.height}" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{FONT}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
        f'<rect x="0" y="0" width="{drawing.width}" height="{drawing.height}" fill="#ffffff"/>'
        f"{body}</svg>"
    )


def chart_svg(chart: Chart, *, ident: str, width: int = 640) -> str:
    return drawing_svg(draw(chart, width), title=chart.title, description=chart.alt, ident=ident)
