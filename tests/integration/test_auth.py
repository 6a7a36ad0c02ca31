"""Signing in and out: cookies, sessions, and the create-user command (lockout: test_lockout)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tracker.data.accounts import MAX_FAILURES


def sign_in(client, email="owner@example.org", password=PASSWORD):
    return client.post("/sign-in", data={"email": email, "password": password})


def test_signing_in_sets_a_httponly_samesite_session_cookie(people, anonymous_client):
    response = sign_in(anonymous_client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/my-items"  # owners start on their items
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_wrong_password_says_the_same_as_an_unknown_email(people, anonymous_client):
    wrong = sign_in(anonymous_client, password="not it").get_data(as_text=True)
    unknown = sign_in(anonymous_client, email="nobody@example.org").get_data(as_text=True)
    message = "Enter a correct email address and password"
    assert message in wrong and message in unknown


def test_signing_out_ends_the_session_everywhere(app, people):
    first, second = app.test_client(), app.test_client()
    sign_in(first)
    sign_in(second)
    assert second.get("/my-items").status_code == 200
    assert first.post("/sign-out").status_code == 302
    # The other browser's cookie belonged to the same session version, so it is void too.
    assert second.get("/my-items").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.org/",
        "//evil.example.org/",
        "/%5Cevil.example.org",
        "/%5C%5Cevil.example.org",
        "/%09/evil.example.org",
        "evil.example.org",
    ],
)
def test_only_same_site_next_addresses_are_followed(people, app, target):
    response = app.test_client().post(
        f"/sign-in?next={target}",
        data={"email": "owner@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/my-items"


def test_a_same_site_next_address_is_followed(people, anonymous_client):
    response = anonymous_client.post(
        "/sign-in?next=/items?status=red",
        data={"email": "owner@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/items?status=red"


def test_create_user_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-user",
            "Lee@Example.org",
            "--role",
            "board-member",
            "--name",
            "Lee Board",
            "--password",
            "a long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created board member account for lee@example.org" in result.output
    again = runner.invoke(
        args=[
            "create-user",
            "lee@example.org",
            "--role",
            "board",
            "--password",
            "a long enough password",
        ]
    )
    assert again.exit_code != 0 and "already exists" in again.output
    bad_role = runner.invoke(
        args=["create-user", "x@example.org", "--role", "mayor", "--password", "long enough pw"]
    )
    assert bad_role.exit_code != 0 and "Role must be one of" in bad_role.output
    short = runner.invoke(
        args=["create-user", "y@example.org", "--role", "owner", "--password", "short"]
    )
    assert short.exit_code != 0 and "10 characters or more" in short.output


def test_failures_older_than_the_longest_window_are_forgotten(people):
    from datetime import timedelta

    from sqlalchemy import select

    from tracker.data.accounts import FAILURE_WINDOW, LONG_FAILURE_WINDOW, authenticate
    from tracker.data.transaction import unit_of_work
    from tracker.extensions import db
    from tracker.models import SignInFailure
    from tracker.models.mixins import utcnow

    def kept() -> list[str]:
        return list(db.session.scalars(select(SignInFailure.email)))

    long_ago = utcnow() - LONG_FAILURE_WINDOW - timedelta(minutes=1)
    with unit_of_work():
        for _ in range(MAX_FAILURES):
            authenticate(email="typo@example.org", password="x", now=long_ago)
    # Past the short window but within the long one, a failure still counts.
    with unit_of_work():
        authenticate(email="slip@example.org", password="x", now=utcnow() - FAILURE_WINDOW * 2)
    with unit_of_work():
        result = authenticate(email="owner@example.org", password=PASSWORD)
    assert result.user is not None
    assert kept() == ["slip@example.org"]
