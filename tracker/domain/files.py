"""Recognising evidence files by their content, not by their name."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extension: str


PDF = FileKind("PDF", "application/pdf", "pdf")
PNG = FileKind("PNG image", "image/png", "png")
JPEG = FileKind("JPEG image", "image/jpeg", "jpg")
GIF = FileKind("GIF image", "image/gif", "gif")
DOCX = FileKind(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
)
XLSX = FileKind(
    "Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
)
DOC = FileKind("Word 97-2003 document", "application/msword", "doc")
XLS = FileKind("Excel 97-2003 workbook", "application/vnd.ms-excel", "xls")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ALLOWED_DESCRIPTION = "a PDF, Word document, Excel workbook or image (PNG, JPEG or GIF)"


def _office_kind(content: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def sniff_file_kind(content: bytes, filename: str) -> FileKind | None:
    """The kind of an allowed evidence file, judged from its bytes; None if not allowed.

    The name only separates the two legacy Office formats, which share one
    container signature.
    """
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if content.startswith(b"PK\x03\x04"):
        return _office_kind(content)
    if content.startswith(OLE_SIGNATURE):
        return XLS if filename.lower().endswith(".xls") else DOC
    return None


def safe_display_name(filename: str) -> str:
    """A file name fit to show and to offer on download: no paths or control characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*')
    return name.strip()[:200] or "attachment"


# Data files (imports of schools, pupils, marks, published rates): CSV text or an XLSX
# workbook, told apart by their first bytes, whatever the file is called.
TABLE_CSV, TABLE_XLSX = "csv", "xlsx"
_NOT_TABLES = (
    (b"%PDF-", "is a PDF"),
    (b"\x89PNG", "is an image"),
    (b"\xff\xd8\xff", "is an image"),
    (b"GIF8", "is an image"),
    (OLE_SIGNATURE, "is an Excel 97-2003 (.xls) or other old Office file"),
)


def sniff_table_kind(head: bytes) -> tuple[str | None, str]:
    """("csv" or "xlsx", "") for a data file's first bytes, or (None, what it is instead).

    A zip container is taken for a workbook (the reader then checks it is one); text
    without NUL bytes for CSV (the reader then checks it is UTF-8).
    """
    if head.startswith(b"PK\x03\x04"):
        return TABLE_XLSX, ""
    for signature, looks_like in _NOT_TABLES:
        if head.startswith(signature):
            return None, looks_like
    if b"\x00" in head:
        return None, "is not text"
    return TABLE_CSV, ""
