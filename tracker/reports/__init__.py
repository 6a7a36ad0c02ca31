"""Rendering a report document in each format boards circulate.

Renderers format a ``tracker.domain.reports.layout.Document``; they never query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tracker.domain.reports.layout import Document


@dataclass(frozen=True)
class Format:
    code: str
    label: str
    extension: str
    media_type: str


FORMATS: dict[str, Format] = {
    "html": Format("html", "Web page (HTML)", "html", "text/html; charset=utf-8"),
    "pdf": Format("pdf", "PDF", "pdf", "application/pdf"),
    "docx": Format(
        "docx",
        "Word",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": Format(
        "xlsx", "Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "md": Format("md", "Markdown", "md", "text/markdown; charset=utf-8"),
}


def _renderer(code: str) -> Callable[[Document], bytes]:
    # Imported on use: WeasyPrint and python-docx take a moment to load.
    if code == "html":
        from tracker.reports.html import render_html

        return render_html
    if code == "pdf":
        from tracker.reports.pdf import render_pdf

        return render_pdf
    if code == "docx":
        from tracker.reports.word import render_word

        return render_word
    if code == "xlsx":
        from tracker.reports.excel import render_excel

        return render_excel
    if code == "md":
        from tracker.reports.markdown import render_markdown

        return render_markdown
    raise ValueError(f"Unknown format {code!r}: choose from {', '.join(FORMATS)}")


def render(document: Document, code: str) -> bytes:
    from tracker.reports.collection import cycle_collection_paused

    with cycle_collection_paused():
        return _renderer(code)(document)


def render_all(document: Document, codes: Iterable[str]) -> dict[str, bytes]:
    """Several formats at once: the PDF and Word are laid out in worker processes meanwhile."""
    from tracker.reports.workers import render_formats

    return render_formats(document, codes, render)


def render_for_download(document: Document, code: str, *, cache: Path | None = None) -> bytes:
    """One format for a web request: the PDF and Word are laid out in a worker process.

    With ``cache`` (a folder), a document already laid out in this format is read back
    from there instead (see ``tracker.reports.download_cache``).
    """
    from tracker.reports.workers import render_apart

    if cache is None:
        return render_apart(document, code, render)
    from tracker.reports.download_cache import rendered

    return rendered(document, code, cache, lambda found, kind: render_apart(found, kind, render))


def file_name(document: Document, code: str) -> str:
    return f"{document.file_stem}.{FORMATS[code].extension}"
