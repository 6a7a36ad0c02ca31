"""The bulk sheet as XLSX and CSV: the same table comes back from either format."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tracker.domain.spreadsheet_text import unguard_formula
from tracker.domain.update_sheet import HEADERS, SheetRow
from tracker.domain.update_sheet_files import SheetFileError, read_table, write_csv, write_xlsx

ROWS = [
    SheetRow(
        ref="P1/001",
        item_kind="Action",
        item_text="Publish and circulate guidance.",
        term="Autumn term 2024/25",
        lead_owner="Alex Morgan",
        status="Amber",
        progress="Two drafts.\nConsultation closed: 41 responses, £0 spent.",
        evidence="- [Draft](https://example.org/draft)\n- =not a formula",
        impact="Schools know what to do.",
        next_steps="+ publish",
        mitigation="@headteachers briefed",
        state="Draft",
        version=4,
    ),
    SheetRow(
        ref="North/1",
        item_kind="Locality priority",
        item_text="Attendance of year groups.",
        term="Autumn term 2024/25",
        lead_owner="",
        status="",
        progress="",
        evidence="",
        impact="",
        next_steps="",
        mitigation="",
        state="No update",
        version=0,
    ),
]


def test_xlsx_round_trip_gives_back_every_value():
    table = read_table(write_xlsx(ROWS, term_label="Autumn term 2024/25"), filename="u.xlsx")
    assert table[0] == list(HEADERS)
    assert table[1] == [str(value) for value in ROWS[0].values()]
    assert table[2][0] == "North/1"
    assert table[2][-1] == "0"


def test_csv_round_trip_gives_back_the_same_table_as_xlsx():
    from_csv = read_table(write_csv(ROWS), filename="u.csv")
    from_xlsx = read_table(write_xlsx(ROWS, term_label="Autumn term 2024/25"), filename="u.xlsx")
    # Cells a spreadsheet would run as formulas carry a guard in CSV, taken off on import.
    assert from_csv[1][HEADERS.index("Next steps")] == "'+ publish"
    assert from_csv[1][HEADERS.index("Mitigation")] == "'@headteachers briefed"
    assert from_csv[1][HEADERS.index("Progress")] == ROWS[0].progress
    unguarded = [[unguard_formula(cell) for cell in row] for row in from_csv]
    assert unguarded == from_xlsx


def test_csv_is_utf8_without_a_byte_order_mark_and_read_with_or_without_one():
    content = write_csv(ROWS)
    assert not content.startswith(b"\xef\xbb\xbf")
    assert "£0".encode() in content
    with_bom = b"\xef\xbb\xbf" + content
    assert read_table(with_bom, filename="u.csv") == read_table(content, filename="u.csv")
    assert read_table(with_bom, filename="u.csv")[0][0] == HEADERS[0]


def test_csv_not_in_utf8_is_refused_with_advice():
    with pytest.raises(SheetFileError, match="CSV UTF-8"):
        read_table("Ref,Progress\nP1/001,caf\u00e9".encode("cp1252"), filename="u.csv")


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 not really a zip", b"plain text"],
)
def test_a_file_claiming_to_be_xlsx_that_is_not_is_refused(content):
    with pytest.raises(SheetFileError, match="not a readable XLSX workbook"):
        read_table(content, filename="u.xlsx")


def test_xlsx_has_frozen_header_filter_widths_marks_and_a_status_list():
    workbook = openpyxl.load_workbook(
        io.BytesIO(write_xlsx(ROWS, term_label="Autumn term 2024/25"))
    )
    sheet = workbook["Updates"]
    assert workbook.active.title == "Updates"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M3"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width
    headers = [cell.value for cell in sheet[1]]
    assert headers[0] == "Ref (read only)"
    assert headers[5] == "Status"
    assert sheet["A1"].fill.fgColor.rgb != sheet["F1"].fill.fgColor.rgb
    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"Not started,Green,Amber,Red,Complete"'
    assert "F2" in validation.sqref
    assert "How to use" in workbook.sheetnames


def test_text_that_looks_like_a_formula_or_link_stays_text_in_xlsx():
    workbook = openpyxl.load_workbook(
        io.BytesIO(write_xlsx(ROWS, term_label="Autumn term 2024/25"))
    )
    sheet = workbook["Updates"]
    assert sheet["H2"].data_type == "s"
    assert sheet["H2"].value.endswith("=not a formula")
    assert sheet["H2"].hyperlink is None


def test_reading_an_edited_workbook_takes_values_from_the_updates_sheet():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["not", "this"])
    updates = workbook.create_sheet("Updates")
    updates.append(list(HEADERS))
    updates.append(["P1/001", None, None, "Autumn term 2024/25", None, "Green", "Done", 4.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), filename="anything.xlsx")
    assert table[1] == ["P1/001", "", "", "Autumn term 2024/25", "", "Green", "Done", "4"]
