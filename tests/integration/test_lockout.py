"""Lockout after repeated failed sign-ins, and unlocking by the manager or the command line."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from tests.conftest import PASSWORD, signed_in_client
from tracker.data.accounts import FAILURE_WINDOW, MAX_FAILURES, authenticate
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import SignInFailure, User
from tracker.models.mixins import utcnow

LOCKED = "This account is locked after too many failed attempts"
WRONG = "Enter a correct email address and password"


def sign_in(client, email="owner@example.org", password=PASSWORD):
    return client.post("/sign-in", data={"email": email, "password": password})


def fail(client, email="owner@example.org", times=MAX_FAILURES):
    return [sign_in(client, email=email, password="a wrong guess") for _ in range(times)]


def reloaded(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_the_fifth_failure_locks_the_account_and_the_right_password_no_longer_works(
    people, anonymous_client
):
    answers = fail(anonymous_client)
    assert all(WRONG in answer.get_data(as_text=True) for answer in answers[:-1])
    assert LOCKED in answers[-1].get_data(as_text=True)
    assert reloaded(people["owner"]).locked_at is not None
    right = sign_in(anonymous_client)
    assert right.status_code == 200
    text = right.get_data(as_text=True)
    # The same words whether the password was right or not.
    assert LOCKED in text and "Ask the service manager to unlock it" in text
    assert LOCKED in sign_in(anonymous_client, password="still wrong").get_data(as_text=True)
    # Guessing at one account does not lock another.
    assert sign_in(anonymous_client, email="board@example.org").status_code == 302


def test_the_lock_does_not_lift_with_time(people):
    long_ago = utcnow() - timedelta(days=2)
    with unit_of_work():
        for _ in range(MAX_FAILURES):
            authenticate(email="owner@example.org", password="x", now=long_ago)
    with unit_of_work():
        result = authenticate(email="owner@example.org", password=PASSWORD)
    assert result.user is None and result.locked


def test_failures_spread_wider_than_the_window_do_not_lock(people):
    start = utcnow() - FAILURE_WINDOW * 3
    with unit_of_work():
        for step in range(MAX_FAILURES):
            authenticate(
                email="owner@example.org", password="x", now=start + FAILURE_WINDOW * step / 2
            )
    assert reloaded(people["owner"]).locked_at is None
    with unit_of_work():
        assert authenticate(email="owner@example.org", password=PASSWORD).user is not None


def test_an_unknown_email_answers_exactly_as_a_real_account_does(people, app):
    real, unknown = app.test_client(), app.test_client()
    real_answers = [a.get_data(as_text=True) for a in fail(real, "owner@example.org", 6)]
    unknown_answers = [a.get_data(as_text=True) for a in fail(unknown, "nobody@example.org", 6)]

    def message(page: str) -> str:
        return re.search(r'<p id="email-error"[^>]*>(.*?)</p>', page, re.S).group(1)

    assert [message(p) for p in real_answers] == [message(p) for p in unknown_answers]
    # Still locked once the failures have left the window, as a real account would be.
    with unit_of_work():
        later = authenticate(
            email="nobody@example.org", password="x", now=utcnow() + FAILURE_WINDOW * 2
        )
    assert later.locked


def test_a_successful_sign_in_clears_the_count(people, anonymous_client):
    fail(anonymous_client, times=MAX_FAILURES - 1)
    assert sign_in(anonymous_client).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SignInFailure)) == 0


def test_locked_accounts_are_tagged_on_the_users_list(people, anonymous_client, manager_client):
    fail(anonymous_client)
    page = manager_client.get("/manage/users").get_data(as_text=True)
    row = next(line for line in page.splitlines() if "Olu Owner" in line)
    assert '<strong class="govuk-tag govuk-tag--red">Locked</strong>' in row
    board_row = next(line for line in page.splitlines() if "Bea Board" in line)
    assert "Locked" not in board_row
    assert "1 locked after too many failed sign-ins" in page


def test_the_manager_unlocks_from_the_persons_page_after_confirming(
    people, anonymous_client, manager_client
):
    owner = people["owner"]
    fail(anonymous_client)
    person_page = manager_client.get(f"/manage/users/{owner.id}").get_data(as_text=True)
    assert "This account is locked" in person_page
    assert f'href="/manage/users/{owner.id}/unlock"' in person_page
    confirm = manager_client.get(f"/manage/users/{owner.id}/unlock")
    assert confirm.status_code == 200
    assert "Are you sure you want to unlock Olu Owner" in confirm.get_data(as_text=True)
    assert reloaded(owner).locked_at is not None  # showing the question changes nothing
    done = manager_client.post(
        f"/manage/users/{owner.id}/unlock", data={"reason": "Phoned Olu, who mistyped"}
    )
    assert done.status_code == 302
    assert done.headers["Location"] == f"/manage/users/{owner.id}"
    assert reloaded(owner).locked_at is None
    assert "is unlocked" in manager_client.get(done.headers["Location"]).get_data(as_text=True)
    assert sign_in(anonymous_client).status_code == 302


def test_unlocking_an_account_that_is_not_locked_says_so_and_changes_nothing(
    people, manager_client
):
    owner = people["owner"]
    response = manager_client.post(f"/manage/users/{owner.id}/unlock", data={})
    assert response.status_code == 302
    page = manager_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is not locked" in page
    assert manager_client.post("/manage/users/9999/unlock", data={}).status_code == 404


def test_a_too_long_reason_is_refused_and_the_account_stays_locked(
    people, anonymous_client, manager_client
):
    owner = people["owner"]
    fail(anonymous_client)
    response = manager_client.post(f"/manage/users/{owner.id}/unlock", data={"reason": "x" * 501})
    assert response.status_code == 400
    assert "Reason must be 500 characters or fewer" in response.get_data(as_text=True)
    assert reloaded(owner).locked_at is not None


def test_only_the_manager_may_unlock(people, anonymous_client, owner_client, board_client):
    fail(anonymous_client, email="data@example.org")
    url = f"/manage/users/{people['data'].id}/unlock"
    for client in (owner_client, board_client):
        assert client.get(url).status_code == 403
        assert client.post(url, data={}).status_code == 403
    assert reloaded(people["data"]).locked_at is not None


def test_unlocking_needs_the_forms_token(app, people, anonymous_client):
    fail(anonymous_client)
    app.config["WTF_CSRF_ENABLED"] = True
    manager = signed_in_client(app, people["manager"])
    url = f"/manage/users/{people['owner'].id}/unlock"
    assert manager.post(url, data={}).status_code == 400
    assert reloaded(people["owner"]).locked_at is not None
    page = manager.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert manager.post(url, data={"csrf_token": token}).status_code == 302
    assert reloaded(people["owner"]).locked_at is None


def test_the_unlock_user_command_is_the_way_back_when_every_manager_is_locked(
    app, people, anonymous_client
):
    fail(anonymous_client, email="manager@example.org")
    assert reloaded(people["manager"]).locked_at is not None
    runner = app.test_cli_runner()
    result = runner.invoke(args=["unlock-user", "Manager@Example.org", "--reason", "Checked"])
    assert result.exit_code == 0, result.output
    assert "Unlocked the account for manager@example.org" in result.output
    assert reloaded(people["manager"]).locked_at is None
    assert sign_in(anonymous_client, email="manager@example.org").status_code == 302
    again = runner.invoke(args=["unlock-user", "manager@example.org"])
    assert again.exit_code != 0 and "is not locked" in again.output
    unknown = runner.invoke(args=["unlock-user", "nobody@example.org"])
    assert unknown.exit_code != 0 and "There is no account for nobody@example.org" in unknown.output
