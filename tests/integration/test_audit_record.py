"""Every account event is written to the audit record by the action that causes it."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from tests.conftest import PASSWORD
from tracker.data.accounts import MAX_FAILURES
from tracker.data.transaction import unit_of_work
from tracker.domain.audit import AuditEventType
from tracker.extensions import db
from tracker.models import AuditEvent, User


def events(kind: AuditEventType | None = None) -> list[AuditEvent]:
    db.session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if kind is not None:
        query = query.where(AuditEvent.event == kind.value)
    return list(db.session.scalars(query))


def only(kind: AuditEventType) -> AuditEvent:
    found = events(kind)
    assert len(found) == 1, [(e.event, e.detail) for e in events()]
    return found[0]


def sign_in(client, email="owner@example.org", password=PASSWORD):
    return client.post("/sign-in", data={"email": email, "password": password})


def test_a_sign_in_is_recorded_with_who_and_the_address(people, anonymous_client):
    assert sign_in(anonymous_client).status_code == 302
    event = only(AuditEventType.SIGN_IN)
    owner = people["owner"]
    assert (event.actor_id, event.subject_id, event.email) == (owner.id, owner.id, owner.email)
    assert (event.ip_address, event.via) == ("127.0.0.1", "web")
    assert event.at is not None


def test_a_failure_keeps_the_email_as_typed_but_never_the_password(people, anonymous_client):
    sign_in(anonymous_client, email="Owner@Example.ORG", password="my-secret-guess")
    sign_in(anonymous_client, email="Nobody@example.org", password="another-secret")
    wrong, unknown = events(AuditEventType.SIGN_IN_FAILED)
    assert (wrong.email, wrong.subject_id, wrong.actor_id) == (
        "owner@example.org",
        people["owner"].id,
        None,
    )
    assert wrong.detail == "Wrong password"
    assert (unknown.email, unknown.subject_id) == ("nobody@example.org", None)
    for event in (wrong, unknown):
        values = " ".join(str(getattr(event, c.key)) for c in AuditEvent.__table__.columns)
        assert "secret" not in values


def test_lockout_and_the_unlock_on_the_page_are_recorded(people, anonymous_client, manager_client):
    owner = people["owner"]
    for _ in range(MAX_FAILURES):
        sign_in(anonymous_client, password="wrong guess")
    locked = only(AuditEventType.LOCKED)
    assert (locked.subject_id, locked.actor_id) == (owner.id, None)
    assert f"{MAX_FAILURES} failed sign-ins" in locked.detail
    sign_in(anonymous_client)  # the right password, while locked
    assert events(AuditEventType.SIGN_IN_FAILED)[-1].detail == "Account locked"
    manager_client.post(f"/manage/users/{owner.id}/unlock", data={"reason": "Checked by phone"})
    unlocked = only(AuditEventType.UNLOCKED)
    assert (unlocked.actor_id, unlocked.subject_id) == (people["manager"].id, owner.id)
    assert (unlocked.detail, unlocked.via) == ("Checked by phone", "web")


def test_an_unlock_at_the_command_line_is_recorded_as_such(app, people, anonymous_client):
    for _ in range(MAX_FAILURES):
        sign_in(anonymous_client, email="manager@example.org", password="wrong guess")
    result = app.test_cli_runner().invoke(args=["unlock-user", "manager@example.org"])
    assert result.exit_code == 0, result.output
    unlocked = only(AuditEventType.UNLOCKED)
    assert (unlocked.actor_id, unlocked.via, unlocked.ip_address) == (None, "command line", "")
    assert unlocked.subject_id == people["manager"].id


def test_signing_out_is_recorded(people, anonymous_client):
    sign_in(anonymous_client)
    anonymous_client.post("/sign-out")
    event = only(AuditEventType.SIGN_OUT)
    assert event.actor_id == event.subject_id == people["owner"].id


def test_role_access_and_password_changes_are_recorded_with_who_made_them(people, manager_client):
    owner, manager = people["owner"], people["manager"]
    url = f"/manage/users/{owner.id}"
    # Board member, access removed, new password: three events in one save.
    saved = manager_client.post(
        url, data={"name": "Olu Owner", "role": "board", "password": "plum ferry lantern"}
    )
    assert saved.status_code == 302
    role = only(AuditEventType.ROLE_CHANGED)
    access = only(AuditEventType.ACCESS_CHANGED)
    reset = only(AuditEventType.PASSWORD_RESET)
    assert role.detail == "Action owner to Board member"
    assert access.detail == "Cannot sign in"
    for event in (role, access, reset):
        assert (event.actor_id, event.subject_id) == (manager.id, owner.id)
    manager_client.post(url, data={"name": "Olu Owner", "role": "board", "active": "y"})
    assert events(AuditEventType.ACCESS_CHANGED)[-1].detail == "Can sign in"
    # A save that changes neither role nor access adds nothing.
    manager_client.post(
        url, data={"name": "Olu Owner", "team": "SEND", "role": "board", "active": "y"}
    )
    assert len(events(AuditEventType.ROLE_CHANGED)) == 1
    assert len(events(AuditEventType.ACCESS_CHANGED)) == 2


def test_a_refused_change_records_nothing(people, manager_client):
    owner = people["owner"]
    refused = manager_client.post(
        f"/manage/users/{owner.id}",
        data={"name": "Olu Owner", "role": "board", "password": "password123"},
    )
    assert refused.status_code == 400
    # Only the fixture's own first account (made through create_user) is in the record.
    assert [event.event for event in events()] == ["user_created"]


def test_new_accounts_are_recorded_from_the_form_and_the_command_line(app, people, manager_client):
    manager_client.post(
        "/manage/users/new",
        data={"name": "Pat Lee", "email": "pat.lee@example.org", "role": "owner",
              "password": "plum ferry lantern"},
    )  # fmt: skip
    result = app.test_cli_runner().invoke(
        args=["create-user", "lee@example.org", "--role", "board", "--password",
              "gravel kettle rain"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # The first is the fixture's manager, made through create_user.
    _fixture, from_form, from_command = events(AuditEventType.USER_CREATED)
    pat = db.session.scalar(select(User).where(User.email == "pat.lee@example.org"))
    assert (from_form.actor_id, from_form.subject_id) == (people["manager"].id, pat.id)
    assert (from_form.detail, from_form.via) == ("Role: Action owner", "web")
    assert (from_command.actor_id, from_command.via, from_command.email) == (
        None,
        "command line",
        "lee@example.org",
    )


def test_the_database_refuses_to_change_or_delete_audit_events(people, anonymous_client):
    sign_in(anonymous_client)
    before = len(events())
    for statement in ("UPDATE audit_event SET detail = 'edited'", "DELETE FROM audit_event"):
        with (
            pytest.raises(DatabaseError, match="cannot be changed or deleted"),
            db.engine.begin() as connection,
        ):
            connection.execute(text(statement))
    assert db.session.scalar(text("SELECT count(*) FROM audit_event")) == before


def test_a_demo_seed_records_its_accounts(app):
    from datetime import date

    from tracker.data.demo import seed_demo

    with unit_of_work():
        seed_demo(password="demo", today=date(2025, 1, 20))
    from tracker.domain.demo_people import DEMO_PEOPLE

    created = events(AuditEventType.USER_CREATED)
    assert len(created) == len(DEMO_PEOPLE)
    assert {event.email for event in created} == {person.email for person in DEMO_PEOPLE}
    assert all(event.via == "command line" for event in created)
