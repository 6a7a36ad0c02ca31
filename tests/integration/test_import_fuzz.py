"""Hostile and malformed files thrown at every data import: each ends in a clear
``ImportRejected`` that leaves every table as it was, or in a logged import."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from sqlalchemy import func, select

from tests.fuzzing import fuzz_settings
from tests.hostile_files import hostile_files, zip_bomb_xlsx
from tracker.data.imports import IMPORTERS, import_file
from tracker.data.transaction import unit_of_work
from tracker.domain.import_files import ImportRejected
from tracker.extensions import db
from tracker.models import DataImport

FUZZ = fuzz_settings(
    max_examples=25,
    # The app is made once for the test, not once per example: examples share it.
    suppress_health_check=[HealthCheck.too_slow],
)


def row_counts() -> dict[str, int]:
    db.session.rollback()
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def try_import(app, tmp_path, kind: str, content: bytes, name: str):
    """Imports the file as the upload page does; returns the log entry or the rejection."""
    path = tmp_path / ("upload" + name[name.rfind(".") :])
    path.write_bytes(content)
    try:
        with unit_of_work():
            return import_file(
                kind=kind,
                path=path,
                file_name=name,
                user=None,
                max_bytes=app.config["MAX_UPLOAD_IMPORT_BYTES"],
            )
    except ImportRejected as rejected:
        return rejected


def check_outcome(app, tmp_path, kind: str, content: bytes, name: str) -> None:
    before = row_counts()
    outcome = try_import(app, tmp_path, kind, content, name)
    after = row_counts()
    if isinstance(outcome, ImportRejected):
        assert outcome.message.strip()
        assert after == before
    else:
        assert isinstance(outcome, DataImport)
        assert after[DataImport.__tablename__] == before[DataImport.__tablename__] + 1


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_every_importer_rejects_clearly_or_imports(app, tmp_path, kind):
    columns = IMPORTERS[kind].columns

    @FUZZ
    @given(upload=hostile_files(columns))
    def fuzz(upload):
        content, name = upload
        check_outcome(app, tmp_path, kind, content, name)

    fuzz()


@pytest.mark.parametrize("kind", ["schools", "benchmarks"])
def test_a_workbook_that_unpacks_to_a_huge_sheet_is_handled(app, tmp_path, kind):
    check_outcome(app, tmp_path, kind, zip_bomb_xlsx(), "bomb.xlsx")


# Found by the fuzzing above: a ragged row that is not UTF-8, after a UTF-8 header,
# made the CSV reader fail inside its row handler with a garbled message.
NOT_UTF8_RAGGED_ROW = b"\xef\xbb\xbfurn,name,phase,locality\r\n100001,Hill,primary\r\n\xc3\xb8\xf2"
NOT_UTF8_DROPPED_COLUMN = (
    b"urn,name,phase,locality,notes\r\n100001,Hill,primary,North,\xe9t\xe9\r\n"
)


@pytest.mark.parametrize("content", [NOT_UTF8_RAGGED_ROW, NOT_UTF8_DROPPED_COLUMN])
def test_a_file_that_is_not_utf8_anywhere_is_refused_as_such(app, tmp_path, content):
    before = row_counts()
    outcome = try_import(app, tmp_path, "schools", content, "schools.csv")
    assert isinstance(outcome, ImportRejected)
    assert outcome.message.startswith("The file is not UTF-8 text")
    assert row_counts() == before


# Found by the fuzzing above: a session count too large for a 64-bit number stopped the
# summaries import with an overflow while the rows were added up, before its problem
# (more sessions than a term has) was reported.
def test_a_huge_session_count_is_reported_not_overflowed(app, tmp_path):
    header = ",".join(IMPORTERS["summaries"].columns)
    content = f"{header}\n2022/23,autumn,P1,100001,999999999999999999999,0,0,0,0\n".encode()
    before = row_counts()
    outcome = try_import(app, tmp_path, "summaries", content, "summaries.csv")
    assert isinstance(outcome, ImportRejected)
    assert any("1,000 sessions or fewer" in p.message for p in outcome.problems)
    assert row_counts() == before
