"""Pausing sign-ins from a client network that has failed too often, and taking
sign-in attempts one at a time.

Throttle. After ``SIGN_IN_THROTTLE_FAILURES`` failed sign-ins from one client network
(an IPv4 address, or an IPv6 /64: see ``tracker.domain.sign_in_limits``) within
``SIGN_IN_THROTTLE_MINUTES``, that network's sign-ins are refused until enough of
those failures are older than the window. A refused attempt is not checked and not
counted, so guessing from one place cannot go on, nor lock more than a few accounts
(one can still be locked, as any lockout allows). It is not recorded either: the audit
record has one "throttled" event, written by the failure that reaches the limit,
instead of one row per refused request. The failures are kept no longer than the
window (they are forgotten at the next sign-in attempt after that, or by the retention
purge), and a successful sign-in or an unlock does not clear them, since neither says
anything about who else is guessing from the same network.

Gunicorn's workers share nothing in memory, so the counts live in the database, and
concurrent attempts from one network or for one email wait for each other: otherwise
a burst of requests sent at once would all be checked before any was counted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, text

from tracker.data.audit import record_event
from tracker.domain.audit import AuditEventType
from tracker.domain.sign_in_limits import FailureLimit, as_utc, lock_key
from tracker.extensions import db
from tracker.models import SignInAddressFailure

# Advisory-lock namespaces, so that a network and an email never share a lock.
_NETWORK_LOCKS = 1
_EMAIL_LOCKS = 2


def throttle_limit() -> FailureLimit:
    config = current_app.config
    return FailureLimit(
        failures=config["SIGN_IN_THROTTLE_FAILURES"],
        window=timedelta(minutes=config["SIGN_IN_THROTTLE_MINUTES"]),
    )


def one_attempt_at_a_time(*, network: str, email: str) -> None:
    """Make concurrent sign-ins from this network, or for this email, wait for this one.

    On PostgreSQL each takes a transaction-scoped advisory lock, the network's first,
    so that two attempts never wait for each other in a circle. SQLite lets one writer
    in at a time already, and ``authenticate`` writes first.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for namespace, key in ((_NETWORK_LOCKS, network), (_EMAIL_LOCKS, email)):
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:namespace, :key)"),
            {"namespace": namespace, "key": lock_key(key)},
        )


def forget_old_network_failures(*, now: datetime) -> None:
    """Addresses are personal data: none is kept once it no longer counts."""
    window = throttle_limit().window
    db.session.execute(delete(SignInAddressFailure).where(SignInAddressFailure.at <= now - window))


def throttled_for(*, network: str, now: datetime) -> timedelta | None:
    """How long sign-ins from ``network`` stay paused, or None if they may be tried now."""
    if not network:
        # No address at all: not a request from a client, so nothing to pause.
        return None
    limit = throttle_limit()
    # Paused until the oldest of the latest ``failures`` failures leaves the window.
    oldest_counted = db.session.scalar(
        select(SignInAddressFailure.at)
        .where(
            SignInAddressFailure.network == network,
            SignInAddressFailure.at > now - limit.window,
        )
        .order_by(SignInAddressFailure.at.desc())
        .offset(limit.failures - 1)
        .limit(1)
    )
    if oldest_counted is None:
        return None
    return as_utc(oldest_counted) + limit.window - now


def count_network_failure(*, network: str, now: datetime) -> None:
    """Count a failed sign-in from ``network``; the one that reaches the limit is audited."""
    if not network:
        return
    db.session.add(SignInAddressFailure(network=network, at=now))
    db.session.flush()
    limit = throttle_limit()
    recent = db.session.scalar(
        select(func.count())
        .select_from(SignInAddressFailure)
        .where(
            SignInAddressFailure.network == network,
            SignInAddressFailure.at > now - limit.window,
        )
    )
    # Attempts are refused once the limit is reached, so it is reached exactly once
    # per pause: one event, however many requests the pause then refuses.
    if recent == limit.failures:
        record_event(
            event=AuditEventType.THROTTLED,
            actor=None,
            subject=None,
            # The address is in the event's own column, which the retention purge blanks;
            # the detail is kept for good, so it holds none.
            detail=f"{limit.describe()} from the client's network; its sign-ins are paused",
            at=now,
        )
