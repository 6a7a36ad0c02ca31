"""Malformed and hostile files for fuzzing the importers: random bytes, damaged and
truncated CSV and XLSX, wrong headers, huge fields, bad dates, NUL bytes, byte-order
marks, mixed encodings and formulas."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
from hypothesis import strategies as st

HOSTILE_TEXT = (
    "",
    " ",
    "\x00",
    "ab\x00cd",
    "\ufeff",
    '=HYPERLINK("https://example.org","x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "2023-02-30",
    "31/12/2023",
    "2023-13-01",
    "1900-01-01",
    "9999-12-31",
    "NaN",
    "-1",
    "1e308",
    "999999999999999999999",
    "0x10",
    "2022/23",
    "2022/24",
    "autumn",
    "Y",
    "R",
    "/",
    "AM",
    "100001",
    "é",
    "\u202eevil",
    "line\nbreak",
    'quote"inside',
    "x" * 5000,
)


def cell_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=30))


def _csv_bytes(rows: list[list[str]], encoding: str, bom: bool) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    data = text.getvalue().encode(encoding, errors="replace")
    return (b"\xef\xbb\xbf" if bom else b"") + data


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        # Remove characters XLSX cannot hold; a formula-looking string stays a string.
        sheet.append([xml_safe(value) for value in row])
    for cell in sheet._cells.values():
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xml_safe(value: str) -> str:
    return "".join(ch for ch in value if ch in "\t\n\r" or " " <= ch <= "\ud7ff")


@st.composite
def tables(draw, columns: tuple[str, ...]) -> list[list[str]]:
    """A header that is right, reordered, partly missing or wrong, then rows of hostile text."""
    header = list(columns)
    shape = draw(st.sampled_from(["right", "shuffled", "missing", "extra", "wrong", "upper"]))
    if shape == "shuffled":
        header = draw(st.permutations(header))
    elif shape == "missing" and len(header) > 1:
        header.pop(draw(st.integers(0, len(header) - 1)))
    elif shape == "extra":
        header = [*header, draw(cell_text())]
    elif shape == "wrong":
        header = draw(st.lists(cell_text(), min_size=1, max_size=len(header) + 1))
    elif shape == "upper":
        header = [f" {name.upper()} " for name in header]
    width = draw(st.integers(0, len(header) + 2))
    rows = draw(st.lists(st.lists(cell_text(), min_size=width, max_size=width), max_size=8))
    return [header, *rows]


@st.composite
def hostile_files(draw, columns: tuple[str, ...]) -> tuple[bytes, str]:
    """(content, file name): what a person might upload by mistake, or on purpose."""
    kind = draw(st.sampled_from(["bytes", "csv", "csv-truncated", "xlsx", "xlsx-damaged"]))
    if kind == "bytes":
        prefix = draw(st.sampled_from([b"", b"PK\x03\x04", b"\xef\xbb\xbf", b"%PDF-"]))
        return prefix + draw(st.binary(max_size=300)), draw(st.sampled_from(["f.csv", "f.xlsx"]))
    rows = draw(tables(columns))
    if kind.startswith("csv"):
        encoding = draw(st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252"]))
        content = _csv_bytes(rows, encoding, bom=draw(st.booleans()))
        if kind == "csv-truncated" and content:
            content = content[: draw(st.integers(0, len(content) - 1))]
        return content, "f.csv"
    content = _xlsx_bytes(rows)
    if kind == "xlsx-damaged":
        # A position as a share of the length: the workbook's size varies with the time
        # it was saved at, and what is drawn must not.
        at = draw(st.integers(0, 9999)) * len(content) // 10_000
        if draw(st.booleans()):
            content = content[:at]
        else:
            content = content[:at] + bytes([content[at] ^ 0xFF]) + content[at + 1 :]
    return content, draw(st.sampled_from(["f.xlsx", "f.csv"]))


def zip_bomb_xlsx(uncompressed_mb: int = 40) -> bytes:
    """A small workbook whose one sheet unpacks to ``uncompressed_mb`` MB of cells."""
    buffer = io.BytesIO(_xlsx_bytes([["urn", "name"], ["1", "x"]]))
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
                filler = row * (uncompressed_mb * 1000)
                data = data.replace(b"</sheetData>", filler + b"</sheetData>")
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
