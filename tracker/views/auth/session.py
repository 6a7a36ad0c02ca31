"""Who is signed in: loaded from the session at the start of every request.

A session ends when the account is deactivated or its password changes (the session
version moves on), after ``SESSION_IDLE_MINUTES`` without a request, and after
``SESSION_MAX_HOURS`` in any case. Ending it keeps the CSRF token, so a form posted just
after the end is answered with what the person typed rather than a token error.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g, request, session

from tracker.data.accounts import get_user, record_session_ended
from tracker.data.transaction import unit_of_work
from tracker.models import User

SIGNED_IN_KEYS = ("user_id", "session_version", "signed_in_at", "seen_at")


def session_values(user: User, *, now: int | None = None) -> dict[str, int]:
    """What a session holds for a signed-in person."""
    now = int(time.time()) if now is None else now
    return {
        "user_id": user.id,
        "session_version": user.session_version,
        "signed_in_at": now,
        "seen_at": now,
    }


def start_session(user: User) -> None:
    # A fresh session on sign-in, so a session id planted before sign-in is useless.
    session.clear()
    session.update(session_values(user))


def end_session() -> None:
    for key in SIGNED_IN_KEYS:
        session.pop(key, None)


def _time_out_reason(now: int) -> str | None:
    minutes = current_app.config["SESSION_IDLE_MINUTES"]
    hours = current_app.config["SESSION_MAX_HOURS"]
    if now - session.get("signed_in_at", 0) > hours * 3600:
        return f"Session ended after {hours} hours"
    if now - session.get("seen_at", 0) > minutes * 60:
        return f"Session ended after {minutes} minutes without activity"
    return None


def _record_time_out(user_id: int, reason: str) -> None:
    user = get_user(user_id=user_id)
    if user is not None:
        with unit_of_work():
            record_session_ended(user=user, reason=reason)


def load_signed_in_user() -> None:
    g.user = None
    g.session_timed_out = False
    if request.endpoint == "static":
        return  # styles and scripts are public: no need to look anyone up, or end a session
    user_id = session.get("user_id")
    if user_id is None:
        return
    now = int(time.time())
    reason = _time_out_reason(now)
    if reason is not None:
        end_session()
        _record_time_out(user_id, reason)
        g.session_timed_out = True
        return
    user = get_user(user_id=user_id)
    if user is None or not user.active or session.get("session_version") != user.session_version:
        end_session()
        return
    # Written at most once a minute: a new cookie on every request is needless traffic.
    if now - session.get("seen_at", 0) >= 60:
        session["seen_at"] = now
    g.user = user


def init_sessions(app: Flask) -> None:
    # Runs before the access check, which needs to know who is asking.
    app.before_request_funcs.setdefault(None, []).insert(0, load_signed_in_user)
