"""Sessions end after a spell without activity and after the longest working day; a form
sent after that is shown back to the person, so nothing they typed is lost."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from tests.integration.progress_helpers import form_data, open_term, own
from tracker.extensions import db
from tracker.models import AuditEvent, Update

URL = "/updates/P1-001/2024-25-autumn"


def _age_session(client, *, idle_seconds: int = 0, signed_in_seconds: int = 0) -> None:
    now = int(time.time())
    with client.session_transaction() as session:
        session["seen_at"] = now - idle_seconds
        session["signed_in_at"] = now - max(idle_seconds, signed_in_seconds)


def test_a_session_idle_for_longer_than_the_limit_signs_the_person_out(app, owner_client):
    limit = app.config["SESSION_IDLE_MINUTES"] * 60
    _age_session(owner_client, idle_seconds=limit - 120)
    assert owner_client.get("/my-items").status_code == 200
    _age_session(owner_client, idle_seconds=limit + 5)
    answer = owner_client.get("/my-items")
    assert answer.status_code == 302 and "/sign-in" in answer.location
    page = owner_client.get(answer.location)
    assert b"signed out after 60 minutes without activity" in page.data
    # Signed out for good: the next request is not let back in.
    assert owner_client.get("/my-items").status_code == 302
    ended = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "sign_out")).all()
    assert [event.detail for event in ended] == ["Session ended after 60 minutes without activity"]


def test_activity_keeps_a_session_going(app, owner_client):
    limit = app.config["SESSION_IDLE_MINUTES"] * 60
    _age_session(owner_client, idle_seconds=limit - 120)
    assert owner_client.get("/my-items").status_code == 200
    with owner_client.session_transaction() as session:
        assert int(time.time()) - session["seen_at"] < 5


def test_no_session_outlasts_the_longest_day_however_active(app, owner_client):
    longest = app.config["SESSION_MAX_HOURS"] * 3600
    _age_session(owner_client, signed_in_seconds=longest + 5)
    answer = owner_client.get("/my-items")
    assert answer.status_code == 302 and "/sign-in" in answer.location


def test_an_update_sent_after_the_session_ended_is_shown_back_not_lost(people, app, owner_client):
    own(people)
    open_term()
    _age_session(owner_client, idle_seconds=app.config["SESSION_IDLE_MINUTES"] * 60 + 5)
    typed = form_data(progress="Met every head teacher in the North <b>locality</b>.")
    answer = owner_client.post(URL, data=typed)
    assert answer.status_code == 401
    page = answer.get_data(as_text=True)
    assert "You have been signed out" in page
    # The text is shown back, escaped, for the person to copy.
    assert "Met every head teacher in the North &lt;b&gt;locality&lt;/b&gt;." in page
    assert "Schools follow one process." in page
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0


def test_a_session_from_before_these_rules_is_treated_as_ended(app, people):
    client = app.test_client()
    with client.session_transaction() as session:
        session["user_id"] = people["owner"].id
        session["session_version"] = people["owner"].session_version
    answer = client.get("/my-items")
    assert answer.status_code == 302 and "/sign-in" in answer.location


def test_a_password_change_sent_after_the_session_ended_shows_no_password(app, owner_client):
    _age_session(owner_client, idle_seconds=app.config["SESSION_IDLE_MINUTES"] * 60 + 5)
    answer = owner_client.post(
        "/account/password",
        data={
            "current_password": "the old one, typed",
            "password": "a brand new secret phrase",
            "confirm": "a brand new secret phrase",
        },
    )
    assert answer.status_code == 401
    page = answer.get_data(as_text=True)
    assert "the old one, typed" not in page
    assert "a brand new secret phrase" not in page
