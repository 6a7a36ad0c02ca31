"""User accounts: creating them, signing in, locking after repeated failures, unlocking.

Lockout. An account is locked by ``MAX_FAILURES`` (5) failed sign-ins for its email
address within ``FAILURE_WINDOW`` (15 minutes), or by ``MAX_LONG_FAILURES`` (10)
within ``LONG_FAILURE_WINDOW`` (24 hours), whichever comes first. The short window
stops fast guessing; the long one stops patient guessing that keeps under the short
one (4 guesses every 15 minutes would otherwise be some 380 a day). The account stays
locked until the service manager unlocks it (or ``flask --app wsgi unlock-user EMAIL``
does). There is no automatic unlock: the accounts open pupil-level attendance data,
and a lock that lifted itself after N minutes would let a patient guesser keep trying
around the clock, a few guesses at a time, with nobody told. A locked-out colleague
asks the service manager, who knows them, as they would for any council system.
Failures are forgotten once they are older than the longest window.

Locking does not end the sessions the person already has: the lock stops password
guessing, and a colleague at their desk should not lose their work because someone else
guessed at their account (the manager can still take access away on the person's page).

An email address that matches no account is locked the same way (by a "locked"
event in the audit record, since there is no account row to mark), and answers
with the same message from then on, so nobody can find out who has an account by
watching which addresses lock. Each lock is recorded once: attempts at a locked
address are recorded as failed sign-ins, never as another lock.

Guessing from one network is also paused after a number of failures, before they
are checked against any account (``tracker.data.sign_in_limits``), so that typing
colleagues' emails wrongly from one place cannot lock them out wholesale. One account
can still be locked by five wrong guesses, as with any lockout; the audit record shows
the network they came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.data.audit import email_was_locked, record_event
from tracker.data.plan import get_strategy
from tracker.data.sign_in_limits import (
    count_network_failure,
    forget_old_network_failures,
    one_attempt_at_a_time,
    throttled_for,
)
from tracker.domain.audit import AuditEventType
from tracker.domain.passwords import password_problem
from tracker.domain.roles import Role
from tracker.domain.sign_in_limits import FailureLimit, client_network
from tracker.extensions import db
from tracker.models import SignInFailure, User
from tracker.models.mixins import utcnow

FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5
LONG_FAILURE_WINDOW = timedelta(hours=24)
MAX_LONG_FAILURES = 10
# Checked in this order, so a lock names the shorter window when both are reached.
LOCKOUT_LIMITS = (
    FailureLimit(failures=MAX_FAILURES, window=FAILURE_WINDOW),
    FailureLimit(failures=MAX_LONG_FAILURES, window=LONG_FAILURE_WINDOW),
)
# Checked against when the email is unknown, so a wrong email costs as much
# time as a wrong password and response times do not reveal who has an account.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


class PasswordRefused(AccountError):
    """The new password breaks the password rule; the message says which part."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(*, email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == normalise_email(email))).first()


def get_user(*, user_id: int) -> User | None:
    return db.session.get(User, user_id)


def list_users(*, role: Role | None = None) -> list[User]:
    query = select(User).order_by(User.name)
    if role is not None:
        query = query.where(User.role == role.value)
    return list(db.session.scalars(query))


def _service_names() -> list[str]:
    names = [current_app.config["SERVICE_NAME"]]
    strategy = get_strategy()
    if strategy is not None:
        names += [strategy.service_name, strategy.organisation]
    return names


def check_new_password(*, password: str, email: str, name: str) -> None:
    """Raise ``PasswordRefused`` unless ``password`` may be set for this person."""
    problem = password_problem(password, email=email, name=name, service_names=_service_names())
    if problem:
        raise PasswordRefused(problem)


def create_user(
    *,
    email: str,
    name: str,
    role: Role,
    password: str,
    team: str = "",
    by: User | None = None,
    check_password: bool = True,
) -> User:
    """Make an account; ``by`` is the manager who made it (None at the command line).

    ``check_password`` is turned off only for the demonstration accounts, whose
    password ("demo" unless told otherwise) is for trying the service out.
    """
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise AccountError("Enter an email address in the correct format, like name@example.org")
    if find_user(email=email) is not None:
        raise AccountError(f"An account for {email} already exists")
    name = name.strip() or email.split("@")[0]
    if check_password:
        check_new_password(password=password, email=email, name=name)
    user = User(
        email=email,
        name=name,
        role=role.value,
        team=team.strip(),
        password_hash=generate_password_hash(password),
        session_version=1,
        active=True,
    )
    db.session.add(user)
    # Guesses typed at this address before the account existed were not at its password.
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == email))
    db.session.flush()
    record_event(
        event=AuditEventType.USER_CREATED, actor=by, subject=user, detail=f"Role: {role.label}"
    )
    return user


def set_password(*, user: User, password: str, by: User | None) -> None:
    """Set a new password (a reset by the manager); every existing session ends."""
    check_new_password(password=password, email=user.email, name=user.name)
    user.password_hash = generate_password_hash(password)
    # Signing every existing session out with the old password.
    user.session_version += 1
    own = by is not None and by.id == user.id
    detail = "Changed their own password" if own else ""
    record_event(event=AuditEventType.PASSWORD_RESET, actor=by, subject=user, detail=detail)


def change_own_password(*, user: User, current: str, new: str) -> None:
    """A person changes their own password, proving they know the present one. Every
    session ends, this one included: the caller starts this browser's afresh."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("Your current password is not right")
    if current == new:
        raise PasswordRefused("Enter a new password that is different from your current one")
    set_password(user=user, password=new, by=user)


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    locked: bool = False
    # Set when the client's network is paused: how long until it may try again.
    wait: timedelta | None = None


def recent_failures(*, email: str, now: datetime, window: timedelta = FAILURE_WINDOW) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(SignInFailure)
        .where(SignInFailure.email == normalise_email(email), SignInFailure.at > now - window)
    )


def authenticate(
    *, email: str, password: str, address: str = "", now: datetime | None = None
) -> SignInResult:
    """Check the email and password; lock the account after repeated failures.

    ``address`` is the client's; attempts from a network that has failed too often
    are refused unchecked. An attempt with no address (never a web request) is not
    throttled.
    """
    now = now or utcnow()
    email = normalise_email(email)
    network = client_network(address)
    one_attempt_at_a_time(network=network, email=email)
    forget_old_failures(now=now)
    wait = throttled_for(network=network, now=now)
    if wait is not None:
        # Neither checked nor counted: the account it names is not affected.
        return SignInResult(None, wait=wait)
    user = find_user(email=email)
    # The hash is checked whatever happens next, so every answer takes as long.
    password_ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    locked = user.is_locked if user is not None else email_was_locked(email=email)
    if locked:
        # Whether the password was right is not said, nor recorded.
        _record_failure(user=user, email=email, network=network, now=now, reason="Account locked")
        return SignInResult(None, locked=True)
    if user is None or not user.active or not password_ok:
        reason = (
            "No account has this email"
            if user is None
            else ("Access removed" if not user.active else "Wrong password")
        )
        return _failed(user=user, email=email, network=network, now=now, reason=reason)
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == email))
    user.last_signed_in_at = now
    record_event(event=AuditEventType.SIGN_IN, actor=user, subject=user, at=now)
    return SignInResult(user)


def forget_old_failures(*, now: datetime) -> None:
    """Failures older than the longest window no longer count, and the addresses people
    mistyped are not kept longer than they are needed. A write, and the first of the
    attempt, so that on SQLite concurrent attempts queue from here."""
    db.session.execute(delete(SignInFailure).where(SignInFailure.at <= now - LONG_FAILURE_WINDOW))
    forget_old_network_failures(now=now)


def _record_failure(
    *, user: User | None, email: str, network: str, now: datetime, reason: str
) -> None:
    count_network_failure(network=network, now=now)
    record_event(
        event=AuditEventType.SIGN_IN_FAILED,
        actor=None,
        subject=user,
        email=email,
        detail=reason,
        at=now,
    )


def _limit_reached(*, email: str, now: datetime) -> FailureLimit | None:
    for limit in LOCKOUT_LIMITS:
        if recent_failures(email=email, now=now, window=limit.window) >= limit.failures:
            return limit
    return None


def _failed(
    *, user: User | None, email: str, network: str, now: datetime, reason: str
) -> SignInResult:
    """Count a failure; the one that reaches a lockout limit locks the account.

    Only an account that is not locked gets here, so each lock is recorded once.
    """
    db.session.add(SignInFailure(email=email, at=now))
    _record_failure(user=user, email=email, network=network, now=now, reason=reason)
    limit = _limit_reached(email=email, now=now)
    if limit is None:
        return SignInResult(None)
    if user is not None:
        user.locked_at = now
    record_event(
        event=AuditEventType.LOCKED,
        actor=None,
        subject=user,
        email=email,
        detail=limit.describe(),
        at=now,
    )
    return SignInResult(None, locked=True)


def unlock_account(*, user: User, by: User | None, reason: str = "") -> None:
    """Let a locked account sign in again; its earlier failures stop counting."""
    if not user.is_locked:
        raise AccountError(f"The account for {user.email} is not locked")
    user.locked_at = None
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == user.email))
    record_event(event=AuditEventType.UNLOCKED, actor=by, subject=user, detail=reason.strip())


def end_sessions(*, user: User) -> None:
    """Invalidate every session of this user (sign-out, password change)."""
    user.session_version += 1


def sign_out_everywhere(*, user: User) -> None:
    """Sign the person out everywhere, and record it."""
    end_sessions(user=user)
    record_event(event=AuditEventType.SIGN_OUT, actor=user, subject=user)


def record_session_ended(*, user: User, reason: str) -> None:
    """A session the service ended (idle too long, or past its longest day)."""
    record_event(event=AuditEventType.SIGN_OUT, actor=None, subject=user, detail=reason)


def update_account(*, user: User, by: User, name: str, team: str, role: Role, active: bool) -> User:
    """Change a person's details, role or access; taking access away signs them out."""
    if user.id == by.id and (role != Role.MANAGER or not active):
        # Otherwise the last service manager could lock everyone out of managing the service.
        raise AccountError("You cannot remove your own service manager role or access")
    old_role, was_active = user.role_enum, user.active
    user.name = name.strip() or user.name
    user.team = team.strip()
    user.role = role.value
    user.active = active
    if old_role != role:
        record_event(
            event=AuditEventType.ROLE_CHANGED,
            actor=by,
            subject=user,
            detail=f"{old_role.label} to {role.label}",
        )
    if was_active != active:
        record_event(
            event=AuditEventType.ACCESS_CHANGED,
            actor=by,
            subject=user,
            detail="Can sign in" if active else "Cannot sign in",
        )
    if (was_active and not active) or old_role != role:
        end_sessions(user=user)
    db.session.flush()
    return user
