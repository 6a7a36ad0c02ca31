"""Who may see and change updates: URL tampering, locked terms, concurrent edits, XSS."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from tests.integration.progress_helpers import form_data, open_term, own
from tracker.extensions import db
from tracker.models import HistoryEntry, Update

URL = "/updates/P1-001/2024-25-autumn"


def update_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Update))


def test_an_owner_cannot_read_or_write_another_owners_item(
    people, owner_client, other_owner_client
):
    own(people, lead="owner")
    open_term()
    owner_client.post(URL, data=form_data(progress="Private draft words"))
    read = other_owner_client.get(URL)
    assert read.status_code == 403
    assert b"Private draft words" not in read.data
    write = other_owner_client.post(URL, data=form_data(version="1", progress="Overwritten"))
    assert write.status_code == 403
    db.session.expire_all()
    assert db.session.scalars(select(Update)).one().progress == "Private draft words"


def test_another_owner_cannot_download_draft_attachments(people, owner_client, other_owner_client):
    own(people)
    open_term()
    data = form_data()
    data["attachments"] = (io.BytesIO(b"%PDF-1.4 private"), "private.pdf")
    owner_client.post(URL, data=data, content_type="multipart/form-data")
    attachment = db.session.scalars(select(Update)).one().attachments[0]
    assert other_owner_client.get(f"/attachments/{attachment.id}").status_code == 403


def test_contributors_may_edit(people, other_owner_client):
    own(people, lead="owner", contributors=["other_owner"])
    open_term()
    assert other_owner_client.post(URL, data=form_data()).status_code == 302


@pytest.mark.parametrize("role", ["board_client", "data_client"])
def test_board_members_and_data_officers_cannot_change_updates(request, people, role):
    own(people)
    open_term()
    client = request.getfixturevalue(role)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data=form_data()).status_code == 403
    assert client.post(URL + "/review", data={"review-approve": "Approve"}).status_code == 403
    assert update_count() == 0


def test_owners_cannot_review_their_own_updates(people, owner_client):
    own(people)
    open_term()
    owner_client.post(URL, data=form_data(save=None, submit="Submit"))
    assert owner_client.post(URL + "/review", data={"review-approve": "A"}).status_code == 403
    db.session.expire_all()
    assert db.session.scalars(select(Update)).one().state == "submitted"


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("upcoming", "This term has not opened for updates yet."),
        ("closed", "This term is closed to owners."),
        ("locked", "This term is locked: nothing can change."),
    ],
)
def test_owners_cannot_edit_outside_an_open_term(people, owner_client, state, message):
    own(people)
    open_term(state=state)
    page = owner_client.get(URL).get_data(as_text=True)
    assert message in page and 'name="progress"' not in page
    response = owner_client.post(URL, data=form_data())
    assert response.status_code == 403
    assert update_count() == 0


def test_a_locked_term_stops_the_manager_too(people, owner_client, manager_client):
    own(people)
    open_term()
    owner_client.post(URL, data=form_data(save=None, submit="Submit"))
    open_term(state="locked")
    assert manager_client.post(URL + "/review", data={"review-approve": "A"}).status_code == 400
    assert manager_client.post(URL, data=form_data(version="1")).status_code == 403
    db.session.expire_all()
    assert db.session.scalars(select(Update)).one().state == "submitted"


def test_a_closed_term_still_lets_the_manager_review(people, owner_client, manager_client):
    own(people)
    open_term()
    owner_client.post(URL, data=form_data(save=None, submit="Submit"))
    open_term(state="closed")
    assert manager_client.post(URL + "/review", data={"review-approve": "A"}).status_code == 302


def test_the_later_of_two_concurrent_saves_is_refused_and_both_texts_survive(
    people, owner_client, manager_client
):
    own(people)
    open_term()
    owner_client.post(URL, data=form_data(progress="First words"))
    # Both open the form at version 1; the manager saves first.
    manager_client.post(URL, data=form_data(version="1", progress="Manager's words"))
    response = owner_client.post(URL, data=form_data(version="1", progress="Owner's later words"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this update while you were editing it" in page
    assert "Manager&#39;s words" in page  # what the other person changed
    assert "Owner&#39;s later words" in page  # this person's text, kept in the form
    assert 'name="version" type="hidden" value="2"' in page
    # Saving again, now knowingly over version 2, goes through.
    again = owner_client.post(URL, data=form_data(version="2", progress="Merged words"))
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.scalars(select(Update)).one().progress == "Merged words"
    kept = {entry.new_value for entry in db.session.scalars(select(HistoryEntry))}
    assert {"First words", "Manager's words", "Merged words"} <= kept


def test_history_is_append_only(people, owner_client):
    own(people)
    open_term()
    owner_client.post(URL, data=form_data())
    entry = db.session.scalars(select(HistoryEntry)).first()
    entry.new_value = "tampered"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(HistoryEntry)).first())
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)">',
        "[click me](javascript:alert(1))",
    ],
)
def test_markdown_evidence_cannot_carry_script(people, owner_client, manager_client, hostile):
    own(people)
    open_term()
    owner_client.post(URL, data=form_data(evidence=hostile, save=None, submit="Submit"))
    manager_client.post(URL + "/review", data={"review-approve": "Approve"})
    page = owner_client.get(URL).get_data(as_text=True).lower()
    assert "<script>alert" not in page
    assert "onerror=" not in page
    assert 'href="javascript:' not in page


def test_a_co_owner_saving_after_the_other_submitted_sees_the_conflict_and_keeps_their_text(
    people, owner_client, other_owner_client
):
    own(people, contributors=["other_owner"])
    open_term()
    owner_client.post(URL, data=form_data())  # version 1, a draft
    owner_client.post(URL, data=form_data(version="1", save=None, submit="Submit"))
    late = other_owner_client.post(
        URL, data=form_data(version="1", progress="My words, written meanwhile.")
    )
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert "Someone else saved this update" in page
    assert "My words, written meanwhile." in page and "Your text, not saved" in page


def test_a_form_claiming_a_version_of_an_update_that_does_not_exist_is_a_conflict(
    people, owner_client
):
    own(people)
    open_term()
    response = owner_client.post(URL, data=form_data(version="5"))
    assert response.status_code == 409
    assert "Guidance drafted with head teachers." in response.get_data(as_text=True)


def test_the_board_sees_no_status_of_a_draft_in_the_history(people, owner_client, board_client):
    own(people)
    open_term()
    owner_client.post(URL, data=form_data(status="amber", mitigation="Extra sessions booked."))
    page = board_client.get("/actions/P1-001").get_data(as_text=True)
    assert "“amber”" not in page
    assert "Extra sessions booked." not in page


def test_review_does_not_redirect_off_the_site(people, owner_client, manager_client):
    own(people)
    open_term()
    owner_client.post(URL, data=form_data(save=None, submit="Submit"))
    response = manager_client.post(
        URL + "/review",
        data={"review-approve": "Approve", "next": "https://evil.example.org/"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == URL
