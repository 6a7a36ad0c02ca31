"""A common password, or one that is the person's details or the service's name, is refused
wherever a password is set: the create-user command, the new account form, the reset."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from tracker.domain.passwords import PERSONAL, SERVICE, TOO_COMMON
from tracker.extensions import db
from tracker.models import User

# (password, message); the person is Pat Lee, pat.lee@example.org. The seeded strategy's
# service is the "Attendance Strategy Tracker" of Dorset Council.
REFUSED = [
    ("Password123", TOO_COMMON),
    ("QWERTYUIOP", TOO_COMMON),
    ("pat.lee@example.org", PERSONAL),
    ("Pat Lee!!!", PERSONAL),
    ("Dorset Council", SERVICE),
]


def escaped(message: str) -> str:
    return message.replace("'", "&#39;")


@pytest.fixture
def service_name(app) -> str:
    from tracker.data.plan import get_strategy

    return get_strategy().service_name


def test_the_seeded_service_name_is_refused_too(people, manager_client, service_name):
    response = manager_client.post(
        "/manage/users/new",
        data={"name": "Pat Lee", "email": "pat.lee@example.org", "role": "owner",
              "password": service_name.upper()},
    )  # fmt: skip
    assert response.status_code == 400
    assert SERVICE in response.get_data(as_text=True)


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_the_create_user_command_refuses(app, password, message):
    result = app.test_cli_runner().invoke(
        args=["create-user", "pat.lee@example.org", "--role", "owner", "--name", "Pat Lee",
              "--password", password]
    )  # fmt: skip
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(User).where(User.email == "pat.lee@example.org")) is None


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_the_new_account_form_refuses_on_the_password_field(
    people, manager_client, password, message
):
    response = manager_client.post(
        "/manage/users/new",
        data={"name": "Pat Lee", "email": "pat.lee@example.org", "role": "owner",
              "password": password},
    )  # fmt: skip
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert escaped(message) in text
    assert 'id="password-error"' in text  # shown beside the password, not the email
    assert db.session.scalar(select(User).where(User.email == "pat.lee@example.org")) is None


@pytest.mark.parametrize(
    ("password", "message"),
    [("Password123", TOO_COMMON), ("owner@example.org", PERSONAL), ("OLU-OWNER!", PERSONAL)],
)
def test_the_password_reset_refuses_and_changes_nothing(people, manager_client, password, message):
    owner = people["owner"]
    response = manager_client.post(
        f"/manage/users/{owner.id}",
        data={"name": "Olu Owner", "team": "Changed", "role": "owner", "active": "y",
              "password": password},
    )  # fmt: skip
    assert response.status_code == 400
    assert escaped(message) in response.get_data(as_text=True)
    db.session.expire_all()
    unchanged = db.session.get(User, owner.id)
    assert unchanged.team == "Inclusion"  # the rest of the form was not saved either
    assert not check_password_hash(unchanged.password_hash, password)


def test_a_good_password_is_still_accepted_everywhere(app, people, manager_client):
    created = app.test_cli_runner().invoke(
        args=["create-user", "pat.lee@example.org", "--role", "owner", "--password",
              "plum ferry lantern"]
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    owner = people["owner"]
    reset = manager_client.post(
        f"/manage/users/{owner.id}",
        data={"name": "Olu Owner", "role": "owner", "active": "y", "password": "gravel kettle"},
    )
    assert reset.status_code == 302
    db.session.expire_all()
    assert check_password_hash(db.session.get(User, owner.id).password_hash, "gravel kettle")
