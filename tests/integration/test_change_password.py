"""People change their own password: they must know the present one, the password rule
applies, every other session ends and this one carries on, and the change is recorded."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, signed_in_client
from tracker.data.accounts import authenticate
from tracker.extensions import db
from tracker.models import AuditEvent

URL = "/account/password"
NEW = "a brand new long passphrase"


def _change(client, **fields):
    data = {"current_password": PASSWORD, "password": NEW, "confirm": NEW} | fields
    return client.post(URL, data=data)


def test_a_person_changes_their_own_password(app, people, owner_client):
    other_browser = signed_in_client(app, people["owner"])
    assert owner_client.get(URL).status_code == 200
    answer = _change(owner_client)
    assert answer.status_code == 302
    # This browser carries on; the other one is signed out.
    assert owner_client.get("/my-items").status_code == 200
    assert other_browser.get("/my-items").status_code == 302
    db.session.expire_all()
    assert authenticate(email="owner@example.org", password=NEW).user is not None
    assert authenticate(email="owner@example.org", password=PASSWORD).user is None
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "password_reset")).one()
    assert event.detail == "Changed their own password"
    assert event.actor_id == event.subject_id == people["owner"].id


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"current_password": "not my password"}, "Your current password is not right"),
        ({"password": "short", "confirm": "short"}, "10 characters or more"),
        ({"password": "password123", "confirm": "password123"}, "many people use"),
        ({"confirm": "something else entirely"}, "The two new passwords must match"),
        ({"password": PASSWORD, "confirm": PASSWORD}, "different from your current one"),
        ({"current_password": ""}, "Enter your current password"),
    ],
)
def test_bad_changes_get_govuk_errors_and_change_nothing(people, owner_client, fields, message):
    answer = _change(owner_client, **fields)
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "govuk-error-summary" in page and message in page
    db.session.expire_all()
    assert authenticate(email="owner@example.org", password=PASSWORD).user is not None


def test_signed_out_people_are_sent_to_sign_in(anonymous_client):
    answer = anonymous_client.get(URL)
    assert answer.status_code == 302 and "/sign-in" in answer.location
