"""Charts as PNG images, for Word, drawn with Pillow from the shared chart geometry."""

from __future__ import annotations

import io
import itertools
from functools import cache

from PIL import Image, ImageDraw, ImageFont

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

SCALE = 2  # drawn at twice the size, so the image stays sharp when printed


@cache
def _font(size: float) -> ImageFont.FreeTypeFont:
    # Pillow's bundled font: the same image on every machine, with no system fonts.
    return ImageFont.load_default(size=size * SCALE)


def _dashed(canvas: ImageDraw.ImageDraw, points, colour: str, width: int, dash) -> None:
    if not dash:
        canvas.line(points, fill=colour, width=width, joint="curve")
        return
    pattern = [d * SCALE for d in dash]
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        position, index, on = 0.0, 0, True
        while position < length:
            step = min(pattern[index % len(pattern)], length - position)
            if on:
                start, end = position / length, (position + step) / length
                canvas.line(
                    [
                        (x1 + (x2 - x1) * start, y1 + (y2 - y1) * start),
                        (x1 + (x2 - x1) * end, y1 + (y2 - y1) * end),
                    ],
                    fill=colour,
                    width=width,
                )
            position += step
            index += 1
            on = not on


def _marker(canvas: ImageDraw.ImageDraw, shape: Marker) -> None:
    x, y, s = shape.x * SCALE, shape.y * SCALE, shape.size * SCALE
    if shape.shape == "square":
        canvas.rectangle([x - s, y - s, x + s, y + s], fill=shape.fill)
    elif shape.shape == "triangle":
        canvas.polygon([(x, y - s), (x + s, y + s), (x - s, y + s)], fill=shape.fill)
    elif shape.shape == "diamond":
        canvas.polygon([(x, y - s), (x + s, y), (x, y + s), (x - s, y)], fill=shape.fill)
    else:
        canvas.ellipse([x - s, y - s, x + s, y + s], fill=shape.fill)


ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def drawing_png(drawing: Drawing) -> bytes:
    image = Image.new("RGB", (drawing.width * SCALE, drawing.height * SCALE), "#ffffff")
    canvas = ImageDraw.Draw(image)
    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            if shape.w > 0 and shape.h > 0:
                canvas.rectangle(
                    [
                        shape.x * SCALE,
                        shape.y * SCALE,
                        (shape.x + shape.w) * SCALE,
                        (shape.y + shape.h) * SCALE,
                    ],
                    fill=shape.fill,
                )
        elif isinstance(shape, Line):
            points = [(shape.x1 * SCALE, shape.y1 * SCALE), (shape.x2 * SCALE, shape.y2 * SCALE)]
            _dashed(canvas, points, shape.stroke, max(1, int(shape.width * SCALE)), shape.dash)
        elif isinstance(shape, Polyline):
            points = [(x * SCALE, y * SCALE) for x, y in shape.points]
            _dashed(canvas, points, shape.stroke, int(shape.width * SCALE), shape.dash)
        elif isinstance(shape, Marker):
            _marker(canvas, shape)
        elif isinstance(shape, Text):
            canvas.text(
                (shape.x * SCALE, shape.y * SCALE),
                shape.text,
                fill=shape.fill,
                font=_font(shape.size),
                anchor=ANCHORS[shape.anchor],
                # The bundled font has no bold face: a thin outline thickens it.
                stroke_width=1 if shape.bold else 0,
                stroke_fill=shape.fill,
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def chart_png(chart: Chart, width: int = 640) -> bytes:
    return drawing_png(draw(chart, width))
