"""Hostile and malformed update sheets thrown at the bulk import, through the upload form:
each ends in a clear error that leaves every update and history entry as it was, or in an
import whose saved updates hold exactly what the file said."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from tests.fuzzing import fuzz_settings
from tests.hostile_files import cell_text, hostile_files, xml_safe
from tests.integration.progress_helpers import open_term, own
from tests.integration.test_bulk_round_trip import (
    as_file,
    as_table,
    download,
    history_count,
    updates_snapshot,
    upload,
)
from tracker.data.plan import get_item
from tracker.domain.spreadsheet_text import unguard_formula
from tracker.extensions import db
from tracker.models import Update

FUZZ = fuzz_settings(
    max_examples=20,
    # The app is made once for the test, not once per example: examples share it.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TEXTS = ("Progress", "Evidence", "Impact", "Next steps", "Mitigation")
MUTABLE = ("Status", *TEXTS, "Version")
OWNED = ("P1/001", "P1/002")


def cell_values() -> st.SearchStrategy[str]:
    """Hostile text, and now and then what a person would really type."""
    real = st.sampled_from(["green", "Amber", "red", "Complete", "Met every head teacher."])
    return st.one_of(cell_text(), real)


@st.composite
def sheet_edits(draw) -> list[tuple]:
    """Changes to make to the sheet as it is exported just before: hostile text in some
    editable cells of the owner's rows or others', and rows perhaps repeated or lost."""
    edits = [
        ("cell", draw(st.integers(1, 74)), draw(st.sampled_from(MUTABLE)), draw(cell_values()))
        for _ in range(draw(st.integers(1, 6)))
    ]
    change = draw(st.sampled_from(["none", "none", "repeat", "drop", "ragged"]))
    if change != "none":
        edits.append((change, draw(st.integers(1, 74)), None, draw(cell_text())))
    return edits


def edited(table: list[list[str]], edits: list[tuple]) -> list[list[str]]:
    rows = [list(row) for row in table]
    header = [cell.replace(" (read only)", "") for cell in rows[0]]
    # The owner's own rows first, so that most edits land where they may be imported.
    owned = [i for i, row in enumerate(rows) if row[0] in OWNED]
    for kind, index, column, value in edits:
        row = owned[index % len(owned)] if index % 3 else min(index, len(rows) - 1)
        if kind == "cell":
            rows[row][header.index(column)] = value
        elif kind == "repeat":
            rows.append(list(rows[row]))
        elif kind == "drop" and len(rows) > 2:
            rows.pop(row)
        elif kind == "ragged":
            rows[row].append(value)
    return rows


def saved(ref: str) -> Update | None:
    db.session.expire_all()
    item = get_item(slug=ref.replace("/", "-"))
    return db.session.query(Update).filter_by(item_id=item.id).first()


def as_saved(text: str) -> str:
    # A text saved by an earlier example and exported again comes back guarded
    # ("'=HYPERLINK(...)"); the reader takes the guard off, as it must.
    return unguard_formula(text).strip().replace("\r\n", "\n")


def check_upload(client, content: bytes, extension: str, table=None) -> bool:
    """Whether the file was imported; either way the outcome must be right."""
    before, history = updates_snapshot(), history_count()
    answer = upload(client, content, extension)
    assert answer.status_code in (302, 400), answer.status_code
    if answer.status_code == 400:
        page = answer.get_data(as_text=True)
        assert "govuk-error-summary" in page
        assert updates_snapshot() == before and history_count() == history
        return False
    if table is not None:
        # Imported: each of the owner's rows now holds what the file gave it.
        header = [cell.replace(" (read only)", "") for cell in table[0]]
        for row in table[1:]:
            found = saved(row[0]) if row[0] in OWNED else None
            if found is None or not row[header.index("Progress")].strip():
                continue
            for column in TEXTS:
                field = column.lower().replace(" ", "_")
                assert getattr(found, field) == as_saved(row[header.index(column)]), column
    return True


@pytest.fixture
def sheet(people, owner_client):
    own(people, "P1-001")
    own(people, "P1-002")
    open_term()
    return as_table(download(owner_client, "csv"), "csv")


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_edited_sheets_import_exactly_or_change_nothing(sheet, owner_client, extension):
    outcomes = []

    @FUZZ
    @given(edits=sheet_edits())
    def fuzz(edits):
        # Exported afresh each time, so that it carries the versions saved so far.
        table = edited(as_table(download(owner_client, extension), extension), edits)
        if extension == "xlsx":
            # A workbook cannot hold control characters at all.
            table = [[xml_safe(cell) for cell in row] for row in table]
        outcomes.append(check_upload(owner_client, as_file(table, extension), extension, table))

    fuzz()
    # Both ways out were taken, so both were checked.
    assert True in outcomes and False in outcomes


def test_hostile_files_are_refused_and_change_nothing(sheet, owner_client):
    @FUZZ
    @given(upload_file=hostile_files(tuple(sheet[0])))
    def fuzz(upload_file):
        content, name = upload_file
        check_upload(owner_client, content, name.rsplit(".", 1)[1])

    fuzz()
