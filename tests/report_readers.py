"""Reading generated reports back with ordinary readers, to check what a board member sees."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape

import docx
import openpyxl
from pypdf import PdfReader


def docx_document(content: bytes):
    return docx.Document(io.BytesIO(content))


def docx_rows(content: bytes) -> list[list[str]]:
    """Every row of every table, as the cells' text."""
    document = docx_document(content)
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def docx_text(content: bytes) -> str:
    document = docx_document(content)
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [" | ".join(row) for row in docx_rows(content)]
    return "\n".join(parts)


def _shown(cell) -> str:
    """A cell's value as Excel displays it with the cell's number format."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        pattern = cell.number_format or "General"
        places = len(pattern.split(".")[1].split('"')[0]) if "." in pattern else 0
        text = f"{value:,.{places}f}"
        return text + "%" if '"%"' in pattern else text
    return str(value)


def xlsx_book(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def xlsx_rows(content: bytes, sheet: str | None = None) -> list[list[str]]:
    book = xlsx_book(content)
    sheets = [book[sheet]] if sheet else list(book)
    return [[_shown(cell) for cell in row] for ws in sheets for row in ws.iter_rows()]


def xlsx_text(content: bytes) -> str:
    return "\n".join(" | ".join(row) for row in xlsx_rows(content))


def xlsx_chart_parts(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [name for name in archive.namelist() if name.startswith("xl/charts/chart")]


def pdf_reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def pdf_structure(content: bytes) -> list[tuple[str, object]]:
    """The PDF's structure tree (its tags), in reading order: (type, alternative text)."""
    found: list[tuple[str, object]] = []

    def walk(node) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return  # a marked-content number: the leaf that points into a page
        if "/S" in node:
            found.append((str(node["/S"]).lstrip("/"), node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    root = pdf_reader(content).trailer["/Root"]
    if "/StructTreeRoot" in root:
        walk(root["/StructTreeRoot"])
    return found


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pdf_reader(content).pages)


def html_text(content: bytes) -> str:
    text = content.decode("utf-8")
    text = re.sub(r"<(style|svg)\b.*?</\1>", " ", text, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", text))


def md_text(content: bytes) -> str:
    return content.decode("utf-8").replace("\\", "")


READERS = {
    "html": html_text,
    "md": md_text,
    "docx": docx_text,
    "xlsx": xlsx_text,
    "pdf": pdf_text,
}


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text)
