"""Writing the bulk update sheet as XLSX or CSV, and reading either back as a table of text.

Both formats carry the same columns (``tracker.domain.update_sheet``), so a
file exported in one can be edited and imported in the other.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Sequence
from datetime import date, datetime

import openpyxl
import xlsxwriter

from tracker.domain.spreadsheet_text import csv_cell
from tracker.domain.status import STATUS_BY_CODE
from tracker.domain.update_sheet import (
    COLUMNS,
    HEADERS,
    MAX_DATA_ROWS,
    MAX_TEXT_LENGTH,
    STATUS_LABELS,
    UPDATE_STATUS_CODES,
    SheetRow,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
SHEET_NAME = "Updates"
# Columns beyond these are never ours; reading stops there.
_MAX_COLUMNS = 64
# Rows of the sheet the status drop-down covers beyond the exported ones, for added rows.
_SPARE_ROWS = 200
_ZIP_SIGNATURE = b"PK\x03\x04"


class SheetFileError(ValueError):
    """The file cannot be read as a sheet; the message says what to do."""


def write_xlsx(rows: Sequence[SheetRow], *, term_label: str) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # Owners' words are text, whatever they look like.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(SHEET_NAME)
    _write_updates(workbook, sheet, rows)
    _write_guide(workbook, workbook.add_worksheet("How to use"), term_label)
    sheet.activate()
    workbook.close()
    return buffer.getvalue()


def _write_updates(workbook, sheet, rows: Sequence[SheetRow]) -> None:
    header = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "border": 1, "bg_color": "#DEE0E2"}
    )
    read_only_header = workbook.add_format(
        {
            "bold": True,
            "italic": True,
            "text_wrap": True,
            "valign": "top",
            "border": 1,
            "bg_color": "#B1B4B6",
        }
    )
    editable = workbook.add_format({"text_wrap": True, "valign": "top"})
    read_only = workbook.add_format(
        {"text_wrap": True, "valign": "top", "italic": True, "bg_color": "#F3F2F1"}
    )
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, column.width, editable if column.editable else read_only)
        sheet.write_string(0, index, column.header, header if column.editable else read_only_header)
        if not column.editable:
            sheet.write_comment(
                0, index, "Read only: changes made in this column are not imported."
            )
    for row_index, row in enumerate(rows, start=1):
        for index, value in enumerate(row.values()):
            if isinstance(value, int):
                sheet.write_number(row_index, index, value)
            else:
                sheet.write_string(row_index, index, value)
    sheet.set_row(0, 32)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
    status_index = [column.key for column in COLUMNS].index("status")
    sheet.data_validation(
        1,
        status_index,
        len(rows) + _SPARE_ROWS,
        status_index,
        {
            "validate": "list",
            "source": list(STATUS_LABELS),
            "ignore_blank": True,
            "error_title": "Delivery status",
            "error_message": "Choose a delivery status from the list.",
        },
    )


def _write_guide(workbook, sheet, term_label: str) -> None:
    title = workbook.add_format({"bold": True, "font_size": 14})
    wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 110, wrapped)
    lines = [
        f"Termly updates for the {term_label}",
        "Edit the Status, Progress, Evidence, Impact, Next steps and Mitigation columns of the "
        "Updates sheet, then import the file on the bulk update page.",
        "Columns marked (read only) are there for reference; changes to them are not imported. "
        "Do not change Ref, Term or Version: they say which update each row is for.",
        "Rows you leave as they are, and items left without a status, are not changed.",
        "If any row has a problem, nothing is imported: the page lists each problem by row "
        "and column so you can fix them and import again.",
        f"Each text may be up to {MAX_TEXT_LENGTH:,} characters. Evidence may use Markdown, "
        "for example [link text](https://example.org).",
        "Red and Amber need a Mitigation. Complete needs Evidence (or a file attached in the "
        "service).",
        "Delivery statuses:",
        *(
            f"{STATUS_BY_CODE[code].label}: {STATUS_BY_CODE[code].definition}"
            for code in UPDATE_STATUS_CODES
        ),
    ]
    sheet.write_string(0, 0, lines[0], title)
    for index, line in enumerate(lines[1:], start=2):
        sheet.write_string(index, 0, line)


def write_csv(rows: Sequence[SheetRow]) -> bytes:
    """UTF-8 without a byte-order mark, one header row, CRLF line ends (RFC 4180)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row.values()])
    return text.getvalue().encode("utf-8")


def read_table(content: bytes, *, filename: str) -> list[list[str]]:
    """The file's rows as text, header first; XLSX is told apart from CSV by its content."""
    if content.startswith(_ZIP_SIGNATURE):
        return _read_xlsx(content)
    if filename.lower().endswith(".xlsx"):
        raise SheetFileError("The selected file is not a readable XLSX workbook")
    return _read_csv(content)


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        # utf-8-sig: spreadsheet programs often put a byte-order mark at the start.
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetFileError(
            "The selected file must be saved as CSV UTF-8 (comma delimited), or as XLSX"
        ) from None
    table = _RowCollector()
    try:
        for cells in csv.reader(io.StringIO(text, newline="")):
            if not table.add(cells[:_MAX_COLUMNS]):
                break
    except csv.Error:
        raise SheetFileError("The selected file is not a readable CSV file") from None
    return table.rows


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        with warnings.catch_warnings():
            # openpyxl warns about spreadsheet features it does not keep (such as
            # drop-down lists); they do not matter when only values are read.
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                names = workbook.sheetnames
                sheet = workbook[SHEET_NAME] if SHEET_NAME in names else workbook.worksheets[0]
                table = _RowCollector()
                for values in sheet.iter_rows(max_col=_MAX_COLUMNS, values_only=True):
                    if not table.add([_cell_text(value) for value in values]):
                        break
            finally:
                workbook.close()
    except Exception:
        # A damaged or disguised upload can fail anywhere inside the reader;
        # whatever the cause, the person needs the same message.
        raise SheetFileError("The selected file is not a readable XLSX workbook") from None
    rows = table.rows
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


class _RowCollector:
    """Rows read so far; refuses more once there are more filled rows than an import may have.

    Reading stops there, so an enormous file costs no more than a slightly too large one.
    """

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self._filled = 0

    def add(self, cells: list[str]) -> bool:
        while cells and not cells[-1]:
            cells = cells[:-1]
        self.rows.append(cells)
        if any(cell.strip() for cell in cells):
            self._filled += 1
        # The header plus one row too many is enough for the reader to say the file is too long.
        return self._filled <= MAX_DATA_ROWS + 1


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
