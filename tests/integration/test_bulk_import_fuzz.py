"""Hostile and malformed update sheets thrown at the bulk import, through the upload form:
each ends in a clear error that leaves every update and history entry as it was, or in an
import whose saved updates hold exactly what the file said."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from tracker.extensions import db
from tracker.models import Update

FUZZ = settings(
    max_examples=20,
    deadline=None,
    # The app is made once for the test, not once per example: examples share it.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
MUTABLE = ("Status", "Progress", "Evidence", "Impact", "Next steps", "Mitigation", "Version")


@st.composite
def edited_sheets(draw, table: list[list[str]]) -> list[list[str]]:
    """The sheet as exported, with hostile text in some of its editable cells, and rows
    perhaps repeated or lost."""
    rows = [list(row) for row in table]
    header = [cell.replace(" (read only)", "") for cell in rows[0]]
    columns = [header.index(name) for name in MUTABLE if name in header]
    for _ in range(draw(st.integers(1, 6))):
        row = draw(st.integers(1, len(rows) - 1))
        rows[row][draw(st.sampled_from(columns))] = draw(cell_text())
    change = draw(st.sampled_from(["none", "repeat", "drop", "ragged"]))
    if change == "repeat":
        rows.append(list(rows[draw(st.integers(1, len(rows) - 1))]))
    elif change == "drop":
        rows.pop(draw(st.integers(1, len(rows) - 1)))
    elif change == "ragged":
        rows[draw(st.integers(1, len(rows) - 1))].append(draw(cell_text()))
    return rows


def saved_progress(ref: str) -> str | None:
    db.session.expire_all()
    item = get_item(slug=ref.replace("/", "-"))
    found = db.session.query(Update).filter_by(item_id=item.id).first()
    return found.progress if found else None


def check_upload(client, content: bytes, extension: str, table=None) -> None:
    before, history = updates_snapshot(), history_count()
    answer = upload(client, content, extension)
    assert answer.status_code in (302, 400), answer.status_code
    if answer.status_code == 400:
        page = answer.get_data(as_text=True)
        assert "govuk-error-summary" in page
        assert updates_snapshot() == before and history_count() == history
        return
    if table is None:
        return
    # Imported: each of the owner's rows now holds the progress the file gave it.
    header = [cell.replace(" (read only)", "") for cell in table[0]]
    ref, progress = header.index("Ref"), header.index("Progress")
    for row in table[1:]:
        if row[ref] in ("P1/001", "P1/002") and row[progress].strip():
            assert saved_progress(row[ref]) == row[progress].strip().replace("\r\n", "\n")


@pytest.fixture
def sheet(people, owner_client):
    own(people, "P1-001")
    own(people, "P1-002")
    open_term()
    return {ext: as_table(download(owner_client, ext), ext) for ext in ("csv", "xlsx")}


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_edited_sheets_import_exactly_or_change_nothing(sheet, owner_client, extension):
    @FUZZ
    @given(table=edited_sheets(sheet[extension]))
    def fuzz(table):
        if extension == "xlsx":
            # A workbook cannot hold control characters at all.
            table = [[xml_safe(cell) for cell in row] for row in table]
        check_upload(owner_client, as_file(table, extension), extension, table)

    fuzz()


def test_hostile_files_are_refused_and_change_nothing(sheet, owner_client):
    @FUZZ
    @given(upload_file=hostile_files(tuple(sheet["csv"][0])))
    def fuzz(upload_file):
        content, name = upload_file
        check_upload(owner_client, content, name.rsplit(".", 1)[1])

    fuzz()
