"""User accounts: creating them, signing in, throttling repeated failures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.domain.roles import Role
from tracker.extensions import db
from tracker.models import SignInFailure, User
from tracker.models.mixins import utcnow

FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5
# The shortest password anyone may set, at the command line or in the service.
MIN_PASSWORD_LENGTH = 10
# Checked against when the email is unknown, so a wrong email costs as much
# time as a wrong password and response times do not reveal who has an account.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


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


def create_user(
    *, email: str, name: str, role: Role, password: str, team: str = "", min_length: int = 0
) -> User:
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise AccountError("Enter an email address in the correct format, like name@example.org")
    if find_user(email=email) is not None:
        raise AccountError(f"An account for {email} already exists")
    if len(password) < min_length:
        raise AccountError(f"The password must be {min_length} characters or more")
    user = User(
        email=email,
        name=name.strip() or email.split("@")[0],
        role=role.value,
        team=team.strip(),
        password_hash=generate_password_hash(password),
        session_version=1,
        active=True,
    )
    db.session.add(user)
    db.session.flush()
    return user


def set_password(*, user: User, password: str) -> None:
    user.password_hash = generate_password_hash(password)
    # Signing every existing session out with the old password.
    user.session_version += 1


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    throttled: bool = False


def recent_failures(*, email: str, now: datetime) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(SignInFailure)
        .where(
            SignInFailure.email == normalise_email(email), SignInFailure.at > now - FAILURE_WINDOW
        )
    )


def authenticate(*, email: str, password: str, now: datetime | None = None) -> SignInResult:
    """Check the email and password; after repeated failures, refuse for a while."""
    now = now or utcnow()
    email = normalise_email(email)
    # Failures older than the window no longer count, and the addresses people
    # mistyped are not kept longer than they are needed.
    db.session.execute(delete(SignInFailure).where(SignInFailure.at <= now - FAILURE_WINDOW))
    if recent_failures(email=email, now=now) >= MAX_FAILURES:
        return SignInResult(None, throttled=True)
    user = find_user(email=email)
    password_ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not user.active or not password_ok:
        db.session.add(SignInFailure(email=email, at=now))
        return SignInResult(None)
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == email))
    user.last_signed_in_at = now
    return SignInResult(user)


def end_sessions(*, user: User) -> None:
    """Invalidate every session of this user (sign-out, password change)."""
    user.session_version += 1


def update_account(*, user: User, by: User, name: str, team: str, role: Role, active: bool) -> User:
    """Change a person's details, role or access; taking access away signs them out."""
    if user.id == by.id and (role != Role.MANAGER or not active):
        # Otherwise the last service manager could lock everyone out of managing the service.
        raise AccountError("You cannot remove your own service manager role or access")
    signs_out = (user.active and not active) or user.role != role.value
    user.name = name.strip() or user.name
    user.team = team.strip()
    user.role = role.value
    user.active = active
    if signs_out:
        end_sessions(user=user)
    db.session.flush()
    return user
