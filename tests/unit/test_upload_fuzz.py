"""Hostile files thrown at the bulk update sheet reader and the evidence file checks:
every one is read, or refused with the reader's own error and a message; none crashes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzzing import fuzz_settings
from tests.hostile_files import hostile_files, zip_bomb_xlsx
from tests.unit.test_update_sheet import row, target
from tracker.domain.files import FileKind, safe_display_name, sniff_file_kind
from tracker.domain.update_sheet import COLUMNS, HEADERS
from tracker.domain.update_sheet_files import SheetFileError, read_table, write_csv
from tracker.domain.update_sheet_reading import read_sheet

FUZZ = fuzz_settings(max_examples=60)
SHEET_COLUMNS = tuple(HEADERS)


def read_or_refuse(content: bytes, name: str) -> None:
    try:
        table = read_table(content, filename=name)
    except SheetFileError as error:
        assert str(error).strip()
        return
    assert all(isinstance(cell, str) for cells in table for cell in cells)
    reading = read_sheet(table, target())
    # Either changes to save or problems to show, each with its words.
    assert all(problem.message for problem in reading.problems)


@FUZZ
@given(upload=hostile_files(SHEET_COLUMNS))
def test_the_bulk_sheet_reader_reads_or_refuses_any_file(upload):
    read_or_refuse(*upload)


@FUZZ
@given(values=st.lists(st.text(max_size=40), min_size=len(COLUMNS), max_size=len(COLUMNS)))
def test_any_cell_values_in_an_exported_layout_are_read_or_explained(values):
    table = [list(HEADERS), row(), values]
    reading = read_sheet(table, target())
    assert all(problem.message for problem in reading.problems)


def test_a_bulk_sheet_that_unpacks_to_a_huge_workbook_is_refused_or_read():
    read_or_refuse(zip_bomb_xlsx(), "updates.xlsx")


def test_a_csv_export_truncated_anywhere_is_read_or_refused():
    content = write_csv([])
    for end in range(len(content)):
        read_or_refuse(content[:end], "updates.csv")


@FUZZ
@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.builds(
            bytes.__add__,
            st.sampled_from([b"PK\x03\x04", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xd0\xcf\x11\xe0"]),
            st.binary(max_size=400),
        ),
    ),
    name=st.text(max_size=60),
)
def test_evidence_files_are_recognised_or_refused_never_crash(content, name):
    kind = sniff_file_kind(content, name)
    assert kind is None or isinstance(kind, FileKind)
    shown = safe_display_name(name)
    assert shown and "/" not in shown and "\\" not in shown
    assert all(ch.isprintable() for ch in shown)
