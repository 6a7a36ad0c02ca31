"""PDF: the HTML page laid out by WeasyPrint on A4, with page numbers and the protective
marking in the margins (the @page rules of the report stylesheet)."""

from __future__ import annotations

import logging

from weasyprint import HTML

from tracker.domain.reports.layout import Document
from tracker.reports.html import render_html

# WeasyPrint reports every CSS property it does not support; those are screen styles.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_pdf(document: Document) -> bytes:
    html = render_html(document, charts_as_images=True).decode("utf-8")
    # The title and author come from the page's <title> and <meta name="author">. Tags
    # give the PDF the page's structure (headings, tables with header cells, figures
    # with their alternative text), which a screen reader needs: published council
    # documents must be accessible. They cost no measurable time.
    return HTML(string=html, base_url=None).write_pdf(pdf_tags=True)


def warm_up_pdf() -> None:
    """Lay out one line, so that the fonts are found and loaded before a real report."""
    HTML(string='<p style="font-family: Arial">OFFICIAL</p>', base_url=None).write_pdf()
