"""Lockout after repeated failed sign-ins, and unlocking by the manager or the command line."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

from sqlalchemy import func, select

from tests.conftest import PASSWORD, signed_in_client
from tracker.data.accounts import (
    FAILURE_WINDOW,
    LONG_FAILURE_WINDOW,
    MAX_FAILURES,
    MAX_LONG_FAILURES,
    authenticate,
)
from tracker.data.transaction import unit_of_work
from tracker.domain.audit import AuditEventType
from tracker.extensions import db
from tracker.models import AuditEvent, SignInFailure, User
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


def client_at(app, address: str):
    """A browser at its own address, so that its failures do not pause the others'."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def locks(email: str) -> list[AuditEvent]:
    db.session.expire_all()
    query = select(AuditEvent).where(
        AuditEvent.event == AuditEventType.LOCKED.value, AuditEvent.email == email
    )
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def guess_at(email: str, when) -> bool:
    """One wrong password at ``when``, with no client address; whether it locked."""
    with unit_of_work():
        return authenticate(email=email, password="a patient guess", now=when).locked


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


def test_slow_guessing_that_keeps_under_the_short_window_locks_at_the_long_limit(people):
    owner = people["owner"]
    start = utcnow() - timedelta(hours=2)
    # Four guesses at the start of each quarter of an hour, each quarter a minute apart:
    # never five within 15 minutes.
    moments = [
        start + (FAILURE_WINDOW + timedelta(minutes=1)) * block + timedelta(seconds=guess)
        for block in range(3)
        for guess in range(4)
    ][:MAX_LONG_FAILURES]
    answers = [guess_at(owner.email, when) for when in moments]
    assert answers == [False] * (MAX_LONG_FAILURES - 1) + [True]
    assert reloaded(owner).locked_at is not None
    (lock,) = locks(owner.email)
    assert lock.detail == f"{MAX_LONG_FAILURES} failed sign-ins within 24 hours"
    with unit_of_work():
        assert authenticate(email=owner.email, password=PASSWORD).locked


def test_guessing_spread_wider_than_the_long_window_never_locks(people):
    owner = people["owner"]
    spacing = LONG_FAILURE_WINDOW / (MAX_LONG_FAILURES - 1)
    start = utcnow() - spacing * 3 * MAX_LONG_FAILURES
    # One guess every 2 h 40 min: nine within 24 hours at most, for thirty guesses.
    for step in range(3 * MAX_LONG_FAILURES):
        assert not guess_at(owner.email, start + spacing * step)
    assert reloaded(owner).locked_at is None
    assert locks(owner.email) == []


def test_each_lock_is_recorded_once_for_accounts_and_unknown_addresses(people, app):
    owner = people["owner"]
    for number, email in enumerate(("owner@example.org", "nobody@example.org")):
        client = client_at(app, f"198.51.100.{number + 1}")
        fail(client, email=email)
        # Wrong and right passwords after the lock are failed sign-ins, not new locks.
        fail(client, email=email, times=3)
        sign_in(client, email=email)
        lock = locks(email)
        assert len(lock) == 1, [event.detail for event in lock]
        assert lock[0].subject_id == (owner.id if email == owner.email else None)
    # Unlocked and locked again: a second lock, recorded once.
    runner = app.test_cli_runner()
    assert runner.invoke(args=["unlock-user", owner.email]).exit_code == 0
    client = client_at(app, "198.51.100.9")
    fail(client)
    fail(client, times=2)
    assert len(locks(owner.email)) == 2
    with unit_of_work():
        assert authenticate(email=owner.email, password="x", now=utcnow() + FAILURE_WINDOW).locked
    assert len(locks(owner.email)) == 2


def test_failures_sent_at_the_same_moment_lock_once(people, app):
    """Several workers answering guesses at once still record one lock."""
    owner = people["owner"]
    fail(client_at(app, "198.51.100.1"), times=MAX_FAILURES - 1)
    barrier = threading.Barrier(6)
    answers = []

    def guess(number: int) -> None:
        client = client_at(app, f"198.51.100.{number + 10}")
        barrier.wait()
        answers.append(sign_in(client, password="a simultaneous guess").status_code)

    threads = [threading.Thread(target=guess, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200] * 6
    assert len(locks(owner.email)) == 1
    assert reloaded(owner).locked_at is not None


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


def test_guesses_made_before_an_account_existed_do_not_count_against_it(people, app):
    from tracker.data.accounts import create_user, find_user
    from tracker.domain.roles import Role

    fail(client_at(app, "198.51.100.1"), email="new.starter@example.org", times=MAX_FAILURES - 1)
    with unit_of_work():
        create_user(
            email="new.starter@example.org",
            name="Nia Newstarter",
            role=Role.OWNER,
            password=PASSWORD,
        )
    assert db.session.scalar(select(func.count()).select_from(SignInFailure)) == 0
    fail(client_at(app, "198.51.100.2"), email="new.starter@example.org", times=1)
    assert reloaded(find_user(email="new.starter@example.org")).locked_at is None


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
