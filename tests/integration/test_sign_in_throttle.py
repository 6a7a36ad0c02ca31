"""Sign-ins paused for a client network that fails too often, without locking the
accounts it names."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from config import DEFAULT_SIGN_IN_THROTTLE_FAILURES, DEFAULT_SIGN_IN_THROTTLE_MINUTES
from tests.conftest import PASSWORD
from tracker.data.accounts import MAX_FAILURES, authenticate
from tracker.data.transaction import unit_of_work
from tracker.domain.audit import AuditEventType
from tracker.extensions import db
from tracker.models import AuditEvent, SignInAddressFailure, User
from tracker.models.mixins import utcnow

ATTACKER = "203.0.113.9"
LIMIT = DEFAULT_SIGN_IN_THROTTLE_FAILURES
WINDOW = timedelta(minutes=DEFAULT_SIGN_IN_THROTTLE_MINUTES)
PAUSED = "Too many attempts from your network"


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in(client, email="owner@example.org", password=PASSWORD):
    return client.post("/sign-in", data={"email": email, "password": password})


def events(kind: AuditEventType) -> list[AuditEvent]:
    db.session.expire_all()
    query = select(AuditEvent).where(AuditEvent.event == kind.value).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def counted_from(network: str) -> int:
    query = select(func.count()).select_from(SignInAddressFailure)
    return db.session.scalar(query.where(SignInAddressFailure.network == network))


def spray(client, *, victim: str, times: int = LIMIT) -> list:
    """Guesses spread over many addresses, a few at the victim: none is locked by them."""
    answers = []
    for number in range(times):
        email = victim if number < MAX_FAILURES - 1 else f"person{number}@example.org"
        answers.append(sign_in(client, email=email, password="a sprayed guess"))
    return answers


GUESS = "a guess"


def attempt(address: str, when, email="owner@example.org", password=GUESS):
    with unit_of_work():
        return authenticate(email=email, password=password, address=address, now=when)


def test_a_network_that_fails_too_often_is_paused_and_the_victim_signs_in_elsewhere(people, app):
    owner = people["owner"]
    attacker = client_at(app, ATTACKER)
    answers = spray(attacker, victim=owner.email)
    assert [answer.status_code for answer in answers] == [200] * LIMIT
    paused = sign_in(attacker, password="the next guess")
    assert paused.status_code == 429
    page = paused.get_data(as_text=True)
    assert PAUSED in page and "Try again in 15 minutes" in page
    assert 1 <= int(paused.headers["Retry-After"]) <= WINDOW.total_seconds()
    # The right password from the paused network is not even checked.
    assert sign_in(attacker).status_code == 429
    for _ in range(MAX_FAILURES * 2):
        assert sign_in(attacker, password="still guessing").status_code == 429
    # None of the refused attempts counted against the account, or was recorded.
    db.session.expire_all()
    assert db.session.get(User, owner.id).locked_at is None
    assert len(events(AuditEventType.SIGN_IN_FAILED)) == LIMIT
    assert events(AuditEventType.LOCKED) == []
    assert counted_from(ATTACKER) == LIMIT
    # The victim, at their own desk, signs in as usual.
    assert sign_in(client_at(app, "192.0.2.20")).status_code == 302


def test_the_pause_is_recorded_once_with_the_network(people, app):
    attacker = client_at(app, ATTACKER)
    spray(attacker, victim="owner@example.org")
    for _ in range(5):
        assert sign_in(attacker).status_code == 429
    (event,) = events(AuditEventType.THROTTLED)
    assert (event.actor_id, event.subject_id, event.email) == (None, None, "")
    assert (event.ip_address, event.via) == (ATTACKER, "web")
    assert event.detail == (
        f"{LIMIT} failed sign-ins within 15 minutes from the client's network; "
        "its sign-ins are paused"
    )
    assert ATTACKER not in event.detail  # the purge can blank the address column only


def test_the_pause_lifts_once_the_failures_leave_its_window(people):
    start = utcnow() - timedelta(hours=1)
    for second in range(LIMIT):
        # Unknown emails, so that no account is locked on the way.
        result = attempt(ATTACKER, start + timedelta(seconds=second), email=f"n{second}@x.org")
        assert result.wait is None
    nearly = attempt(ATTACKER, start + WINDOW - timedelta(minutes=1), password=PASSWORD)
    assert nearly.user is None and nearly.wait is not None
    # Paused until the first failure is 15 minutes old: a minute from here.
    assert nearly.wait == timedelta(minutes=1)
    lifted = attempt(ATTACKER, start + WINDOW + timedelta(seconds=0.5), password=PASSWORD)
    assert lifted.wait is None and lifted.user is not None
    # The addresses that no longer count are not kept.
    later = start + WINDOW * 2 + timedelta(seconds=LIMIT)
    assert attempt("192.0.2.20", later, password=PASSWORD).user is not None
    assert counted_from(ATTACKER) == 0


def test_each_pause_after_the_last_has_lifted_is_recorded_again(people):
    start = utcnow() - timedelta(hours=1)
    for second in range(LIMIT):
        attempt(ATTACKER, start + timedelta(seconds=second), email=f"n{second}@x.org")
    for minute in range(1, 14):
        assert attempt(ATTACKER, start + timedelta(minutes=minute)).wait is not None
    # The first failure has left the window: one more guess, and a second pause.
    reopened = start + WINDOW + timedelta(seconds=0.5)
    assert attempt(ATTACKER, reopened, email="n@x.org").wait is None
    assert attempt(ATTACKER, reopened + timedelta(seconds=0.1)).wait is not None
    assert len(events(AuditEventType.THROTTLED)) == 2


def test_successful_sign_ins_from_the_network_do_not_lift_the_pause(people):
    start = utcnow() - timedelta(minutes=5)
    for second in range(LIMIT - 1):
        attempt(ATTACKER, start + timedelta(seconds=second), email=f"n{second}@x.org")
    # Signing in to an account of one's own does not clear the network's count.
    assert attempt(ATTACKER, start + timedelta(minutes=1), password=PASSWORD).user is not None
    attempt(ATTACKER, start + timedelta(minutes=2), email="last@x.org")
    assert attempt(ATTACKER, start + timedelta(minutes=3), password=PASSWORD).wait is not None


def test_an_ipv6_client_is_paused_across_its_whole_network(people, app):
    for number in range(LIMIT):
        sign_in(client_at(app, f"2001:db8:5:6::{number + 1:x}"), email=f"n{number}@x.org")
    assert sign_in(client_at(app, "2001:db8:5:6:ffff::1")).status_code == 429
    assert sign_in(client_at(app, "2001:db8:5:7::1")).status_code == 302
    assert counted_from("2001:db8:5:6::/64") == LIMIT


def test_the_limit_and_window_come_from_the_settings(people, app):
    app.config.update(SIGN_IN_THROTTLE_FAILURES=3, SIGN_IN_THROTTLE_MINUTES=60)
    attacker = client_at(app, ATTACKER)
    for number in range(3):
        assert sign_in(attacker, email=f"n{number}@x.org").status_code == 200
    paused = sign_in(attacker)
    assert paused.status_code == 429
    assert "Try again in 60 minutes" in paused.get_data(as_text=True)
    assert 3540 < int(paused.headers["Retry-After"]) <= 3600


def test_guesses_sent_at_the_same_moment_are_not_all_checked(people, app):
    """A burst sent at once cannot get past the pause before it is counted."""
    attacker = client_at(app, ATTACKER)
    spray(attacker, victim="owner@example.org", times=LIMIT - 1)
    barrier = threading.Barrier(5)
    answers = []

    def guess(number: int) -> None:
        client = client_at(app, ATTACKER)
        barrier.wait()
        answers.append(sign_in(client, email=f"burst{number}@x.org").status_code)

    threads = [threading.Thread(target=guess, args=(number,)) for number in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200] + [429] * 4
    assert counted_from(ATTACKER) == LIMIT
    assert len(events(AuditEventType.THROTTLED)) == 1


def test_an_attempt_with_no_client_address_is_not_paused(people):
    now = utcnow()
    for number in range(LIMIT + 1):
        attempt("", now, email=f"n{number}@x.org")
    assert attempt("", now, password=PASSWORD).user is not None
    assert db.session.scalar(select(func.count()).select_from(SignInAddressFailure)) == 0


def test_behind_a_proxy_each_client_is_counted_by_its_own_address(people, app, tmp_path):
    from config import TestConfig
    from tracker import create_app

    proxied = create_app(
        TestConfig(
            {
                "TEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "TRACKER_INSTANCE_PATH": str(tmp_path / "proxied"),
                "TRACKER_PROXY_HOPS": "1",
            }
        )
    )
    try:
        client = proxied.test_client()

        def from_client(address: str, **data: str):
            headers = {"X-Forwarded-For": address}
            return client.post("/sign-in", data=data, headers=headers)

        for number in range(LIMIT):
            from_client(ATTACKER, email=f"n{number}@x.org", password=GUESS)
        assert (
            from_client(ATTACKER, email="owner@example.org", password=PASSWORD).status_code == 429
        )
        # Everyone else behind the same proxy signs in as usual.
        answer = from_client("192.0.2.20", email="owner@example.org", password=PASSWORD)
        assert answer.status_code == 302
    finally:
        with proxied.app_context():
            db.engine.dispose()
