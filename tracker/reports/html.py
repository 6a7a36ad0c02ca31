"""HTML: a self-contained page (styles inline, charts as inline SVG) that prints cleanly.

The same cover and content fragments are shown inside the service's own pages as the
preview, so what is previewed is exactly what is downloaded.
"""

from __future__ import annotations

import base64
from functools import cache, lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from tracker.domain.markdown_text import render_markdown
from tracker.domain.reports.layout import (
    BulletList,
    Chart,
    Details,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from tracker.domain.reports.svg import chart_svg

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
KINDS = {
    Heading: "heading",
    Paragraph: "paragraph",
    BulletList: "list",
    Table: "table",
    Chart: "chart",
    Details: "details",
    PageBreak: "page_break",
}


@lru_cache(maxsize=4096)
def _markdown(source: str) -> Markup:
    # Sanitised: owners' Markdown cannot carry script into a report.
    return Markup(render_markdown(source))  # noqa: S704 # nosec B704 # sanitised by nh3


def _svg(chart: Chart) -> Markup:
    # Built from escaped text and numbers only (see tracker.domain.reports.svg).
    return Markup(chart_svg(chart, ident=f"chart-{chart.key}"))  # noqa: S704 # nosec B704 # the SVG escapes every text


def _svg_image(chart: Chart) -> Markup:
    """The chart as an image of the same SVG, described by its alternative text.

    For the PDF: WeasyPrint draws it as vectors all the same, but it then need not style
    every shape of every chart as part of the page, which saves about a tenth of the time.
    """
    svg = chart_svg(chart, ident=f"chart-{chart.key}")
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup('<img class="report-chart" src="{}" alt="{}">').format(
        source, f"{chart.title}. {chart.alt}"
    )


@cache
def _environment(*, charts_as_images: bool = False) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
    )
    environment.filters["report_markdown"] = _markdown
    environment.globals["chart_svg"] = _svg_image if charts_as_images else _svg
    return environment


@cache
def report_css() -> Markup:
    # The service's own stylesheet, read from the templates folder.
    css = (TEMPLATES / "reports" / "document" / "report.css").read_text("utf-8")
    # Column widths as classes, not style attributes, which the service's
    # Content-Security-Policy would refuse in the preview.
    widths = "\n".join(f".report .report-w-{n} {{ width: {n}%; }}" for n in range(1, 101))
    return Markup(f"{css}\n{widths}\n")  # noqa: S704 # nosec B704 # our own file


def _blocks(document: Document) -> list[tuple[str, object]]:
    return [(KINDS[type(block)], block) for block in document.blocks]


def cover_html(document: Document) -> Markup:
    template = _environment().get_template("reports/document/_cover.html")
    # The template escapes every value (autoescape is on for every template here).
    return Markup(template.render(document=document))  # noqa: S704 # nosec B704 # an autoescaped template


def content_html(document: Document, *, charts_as_images: bool = False) -> Markup:
    environment = _environment(charts_as_images=charts_as_images)
    template = environment.get_template("reports/document/_content.html")
    html = template.render(document=document, blocks=_blocks(document))
    return Markup(html)  # noqa: S704 # nosec B704 # autoescaped template


def render_html(document: Document, *, charts_as_images: bool = False) -> bytes:
    """The page as downloaded; ``charts_as_images`` is for laying it out as a PDF."""
    template = _environment().get_template("reports/document/standalone.html")
    body_class = "report report--compact" if document.compact else "report"
    page = template.render(
        document=document,
        css=report_css(),
        body_class=body_class,
        cover=cover_html(document),
        content=content_html(document, charts_as_images=charts_as_images),
    )
    return page.encode("utf-8")
