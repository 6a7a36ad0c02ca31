"""Owners write termly updates; the service manager reviews them."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from tests.integration.progress_helpers import form_data, open_term, own
from tracker.extensions import db
from tracker.models import HistoryEntry, Update

URL = "/updates/P1-001/2024-25-autumn"


def saved() -> Update | None:
    db.session.expire_all()
    return db.session.scalars(select(Update)).first()


def test_owner_saves_a_draft_then_submits(people, owner_client):
    own(people)
    open_term()
    page = owner_client.get(URL)
    assert page.status_code == 200
    assert b"Green" in page.data and b"On track." in page.data
    response = owner_client.post(URL, data=form_data())
    assert response.status_code == 302
    update = saved()
    assert (update.state, update.status, update.version) == ("draft", "green", 1)
    response = owner_client.post(URL, data=form_data(version="1", save=None, submit="Submit"))
    assert response.status_code == 302
    update = saved()
    assert update.state == "submitted" and update.submitted_at is not None
    fields = {entry.field for entry in db.session.scalars(select(HistoryEntry))}
    assert {"status", "progress", "evidence", "state"} <= fields


def test_missing_status_and_progress_show_govuk_errors_and_keep_the_text(people, owner_client):
    own(people)
    open_term()
    response = owner_client.post(URL, data=form_data(status=None, progress="", impact="Kept words"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert "Select the delivery status" in page
    assert "Enter the progress made this term" in page
    assert "Kept words" in page
    assert saved() is None


def test_red_needs_mitigation_and_complete_needs_evidence(people, owner_client):
    own(people)
    open_term()
    red = owner_client.post(URL, data=form_data(status="red", mitigation=""))
    assert red.status_code == 400
    assert "Enter the mitigation: a Red status needs a recovery plan" in red.get_data(as_text=True)
    complete = owner_client.post(URL, data=form_data(status="complete", evidence=""))
    assert complete.status_code == 400
    assert "Enter the evidence that the item is complete" in complete.get_data(as_text=True)
    assert saved() is None


def test_complete_with_an_attachment_instead_of_evidence_text(people, owner_client):
    own(people)
    open_term()
    data = form_data(status="complete", evidence="")
    data["attachments"] = (io.BytesIO(b"%PDF-1.4 evidence"), "minutes.pdf")
    response = owner_client.post(URL, data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    update = saved()
    assert [a.original_name for a in update.attachments] == ["minutes.pdf"]
    download = owner_client.get(f"/attachments/{update.attachments[0].id}")
    assert download.status_code == 200
    assert download.data == b"%PDF-1.4 evidence"
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    download.close()


def test_a_disguised_file_is_refused(people, owner_client):
    own(people)
    open_term()
    data = form_data()
    data["attachments"] = (io.BytesIO(b"<script>alert(1)</script>"), "report.pdf")
    response = owner_client.post(URL, data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "report.pdf must be a PDF, Word document" in response.get_data(as_text=True)
    assert saved() is None


def test_an_oversized_file_is_refused(app, people, owner_client):
    own(people)
    open_term()
    app.config["MAX_ATTACHMENT_BYTES"] = 1024
    data = form_data()
    data["attachments"] = (io.BytesIO(b"%PDF-" + b"x" * 2000), "big.pdf")
    response = owner_client.post(URL, data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "big.pdf must be smaller than" in response.get_data(as_text=True)


def test_new_term_form_starts_from_last_terms_words(people, owner_client):
    own(people)
    open_term("summer", "2023/24")
    owner_client.post("/updates/P1-001/2023-24-summer", data=form_data(impact="Last term impact"))
    open_term("autumn", "2024/25")
    page = owner_client.get(URL).get_data(as_text=True)
    assert "Last term impact" in page


def test_manager_returns_then_owner_resubmits_then_manager_approves(
    people, owner_client, manager_client
):
    own(people)
    open_term()
    owner_client.post(URL, data=form_data(save=None, submit="Submit"))
    returned = manager_client.post(
        URL + "/review", data={"review-reason": "Add the date", "review-send_back": "Return"}
    )
    assert returned.status_code == 302
    assert saved().state == "returned"
    page = owner_client.get(URL).get_data(as_text=True)
    assert "Returned by the service manager: Add the date" in page
    owner_client.post(URL, data=form_data(version="2", save=None, submit="Submit"))
    assert saved().state == "submitted"
    manager_client.post(URL + "/review", data={"review-approve": "Approve"})
    update = saved()
    assert update.state == "approved" and update.reviewed_by_id == people["manager"].id
    locked_out = owner_client.post(URL, data=form_data(version=str(update.version)))
    assert locked_out.status_code == 403
    assert "Only the service manager can reopen it" in locked_out.get_data(as_text=True)


def test_returning_needs_a_reason(people, owner_client, manager_client):
    own(people)
    open_term()
    owner_client.post(URL, data=form_data(save=None, submit="Submit"))
    response = manager_client.post(URL + "/review", data={"review-send_back": "Return"})
    assert response.status_code == 400
    assert "Enter the reason for returning the update" in response.get_data(as_text=True)
    assert saved().state == "submitted"


def test_manager_reopens_an_approved_update(people, owner_client, manager_client):
    own(people)
    open_term()
    owner_client.post(URL, data=form_data(save=None, submit="Submit"))
    manager_client.post(URL + "/review", data={"review-approve": "Approve"})
    response = manager_client.post(
        URL + "/reopen", data={"reopen-reason": "New evidence arrived", "reopen-reopen": "Reopen"}
    )
    assert response.status_code == 302
    assert saved().state == "returned"
    assert owner_client.post(URL, data=form_data(version=str(saved().version))).status_code == 302


def test_my_items_shows_each_items_state_this_term(people, owner_client):
    from datetime import date

    from tracker.data.terms import current_term

    own(people)
    own(people, "P1-002")
    term = current_term(today=date.today())
    open_term(term.name, term.academic_year)
    owner_client.post(f"/updates/P1-001/{term.slug}", data=form_data())
    page = owner_client.get("/my-items").get_data(as_text=True)
    assert len(re.findall(r">\s*Draft\s*<", page)) == 1
    assert "Open update<span" in page and "Write update<span" in page
