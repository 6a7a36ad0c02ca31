"""Submitting a report freezes it: files and data stored with their hashes, downloadable byte
for byte after updates change; a resubmission is a new version; the term can be locked."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select

from tests.integration.report_data import content, record_progress
from tracker.data.plan import get_item
from tracker.data.progress import get_update, reopen_update, review_update, save_update
from tracker.data.terms import get_term
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import HistoryEntry, ReportFile, ReportSubmission

EB = "/reports/education-board/2023-24-spring"
FORMATS = ("html", "pdf", "docx", "xlsx", "md")


@pytest.fixture
def progress(app, people):
    record_progress(people)
    return people


def submit(client, url=EB, **fields):
    data = {"presenter": "Sam Manager, Service Manager for Inclusion", "final": "draft"} | fields
    return client.post(f"{url}/submit", data=data)


def latest() -> ReportSubmission:
    return db.session.scalars(select(ReportSubmission).order_by(ReportSubmission.id.desc())).first()


def downloads(client, submission_id: int) -> dict[str, bytes]:
    found = {}
    for code in FORMATS:
        answer = client.get(f"/reports/submissions/{submission_id}/{code}")
        assert answer.status_code == 200
        assert "attachment" in answer.headers["Content-Disposition"]
        found[code] = answer.data
    return found


def change_p1_001_to_red(people) -> None:
    item = get_item(slug="P1-001")
    term = get_term(academic_year="2023/24", name="spring")
    with unit_of_work():
        update = get_update(item=item, term=term)
        reopen_update(update=update, user=people["manager"], reason="New evidence")
        saved = save_update(
            item=item,
            term=term,
            user=people["manager"],
            content=content("red", "P1/001"),
            expected_version=update.version,
            submit=True,
        )
        review_update(update=saved, user=people["manager"], approve=True)


def test_submitting_stores_every_format_with_hashes_and_the_data(progress, manager_client):
    answer = submit(manager_client, final="final")
    assert answer.status_code == 302
    submission = latest()
    assert answer.headers["Location"].endswith(f"/reports/submissions/{submission.id}")
    assert (submission.version, submission.final, submission.kind) == (1, True, "education-board")
    assert submission.period == "2023-24-spring"
    assert submission.submitted_by.email == "manager@example.org"
    assert sorted(f.format for f in submission.files) == sorted(FORMATS)
    for stored in submission.files:
        assert stored.sha256 == hashlib.sha256(stored.content).hexdigest()
        assert stored.size == len(stored.content)
        assert stored.file_name == f"education-board-2023-24-spring-v1-final.{stored.format}"
    assert submission.content_hash == hashlib.sha256(submission.snapshot.encode()).hexdigest()
    snapshot = json.loads(submission.snapshot)
    assert snapshot["cover"]["version"] == 1 and snapshot["cover"]["final"] is True
    page = manager_client.get(f"/reports/submissions/{submission.id}")
    assert submission.content_hash.encode() in page.data


def test_a_later_change_leaves_the_submission_byte_identical(
    progress, manager_client, board_client
):
    submit(manager_client)
    first = latest()
    before = downloads(board_client, first.id)
    assert before == {f.format: f.content for f in first.files}

    change_p1_001_to_red(progress)

    assert downloads(board_client, first.id) == before
    preview = board_client.get(f"{EB}/download/md").data.decode()
    assert "| P1/001 |" in preview
    row = next(line for line in preview.splitlines() if line.startswith("| P1/001 |"))
    assert "| Red |" in row
    frozen = before["md"].decode()
    frozen_row = next(line for line in frozen.splitlines() if line.startswith("| P1/001 |"))
    assert "| Green |" in frozen_row

    submit(manager_client)
    second = latest()
    assert (second.version, second.period) == (2, first.period)
    assert second.content_hash != first.content_hash
    assert downloads(board_client, first.id) == before
    listing = board_client.get("/reports").data.decode()
    assert listing.count("Education Board termly report<span") == 2


def test_submitting_can_lock_the_term(progress, manager_client):
    answer = submit(manager_client, lock_term="y")
    assert answer.status_code == 302
    submission = latest()
    assert submission.locked_term
    term = get_term(academic_year="2023/24", name="spring")
    assert term.state == "locked"
    moves = db.session.scalars(
        select(HistoryEntry.new_value).where(
            HistoryEntry.subject == "term",
            HistoryEntry.term_id == term.id,
            HistoryEntry.field == "state",
        )
    ).all()
    assert moves[-2:] == ["closed", "locked"]


def test_a_term_not_yet_open_cannot_be_locked_and_nothing_is_stored(app, people, manager_client):
    answer = submit(manager_client, url="/reports/education-board/2024-25-summer", lock_term="y")
    assert answer.status_code == 400
    assert b"A term that has not opened yet cannot be locked." in answer.data
    assert latest() is None


def test_the_submit_form_reports_missing_answers(progress, manager_client):
    answer = manager_client.post(f"{EB}/submit", data={"presenter": "", "final": ""})
    assert answer.status_code == 400
    assert b"Enter who presents the report" in answer.data
    assert b"Select whether the report is final or a draft" in answer.data
    assert latest() is None


def test_submissions_and_their_files_cannot_be_changed_or_deleted(progress, manager_client):
    submit(manager_client)
    submission = latest()
    submission.snapshot = "{}"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    stored = db.session.scalars(select(ReportFile)).first()
    db.session.delete(stored)
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


def test_only_the_service_manager_submits(progress, board_client, owner_client, data_client):
    for client in (board_client, owner_client, data_client):
        assert client.get(f"{EB}/submit").status_code == 403
        assert submit(client).status_code == 403
    assert latest() is None
    assert board_client.get(EB).status_code == 200
    assert b"Submit to board" not in board_client.get(EB).data


def test_versions_are_numbered_per_report_and_period(progress, manager_client):
    submit(manager_client)
    submit(manager_client, url="/reports/strengthening-services-board/2023-24-spring")
    submit(manager_client, url="/reports/leadership-weekly/2024-01-19")
    kinds = {(s.kind, s.period, s.version) for s in db.session.scalars(select(ReportSubmission))}
    assert kinds == {
        ("education-board", "2023-24-spring", 1),
        ("strengthening-services-board", "2023-24-spring", 1),
        ("leadership-weekly", "2024-01-19", 1),
    }
    weekly = latest()
    assert weekly.week_ending.isoformat() == "2024-01-19" and weekly.term_id is None


def test_the_lock_option_is_only_for_the_education_board(progress, manager_client):
    answer = submit(
        manager_client, url="/reports/strengthening-services-board/2023-24-spring", lock_term="y"
    )
    assert answer.status_code == 302
    assert not latest().locked_term
    assert get_term(academic_year="2023/24", name="spring").state == "open"
