"""Who is signed in: loaded from the session at the start of every request."""

from __future__ import annotations

from flask import Flask, g, session

from tracker.data.accounts import get_user
from tracker.models import User


def start_session(user: User) -> None:
    # A fresh session on sign-in, so a session id planted before sign-in is useless.
    session.clear()
    session["user_id"] = user.id
    session["session_version"] = user.session_version


def load_signed_in_user() -> None:
    g.user = None
    user_id = session.get("user_id")
    if user_id is None:
        return
    user = get_user(user_id=user_id)
    if user is None or not user.active or session.get("session_version") != user.session_version:
        session.clear()
        return
    g.user = user


def init_sessions(app: Flask) -> None:
    # Runs before the access check, which needs to know who is asking.
    app.before_request_funcs.setdefault(None, []).insert(0, load_signed_in_user)
