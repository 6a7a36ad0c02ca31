"""Every route declares who may see it; a route that does not is refused.

Declaring access next to each view keeps the rule visible where the page is
written, and failing closed means a forgotten declaration shows up as a
refusal in testing rather than as a page open to everyone in production.
Rules here are by role; which items an owner may change is decided in
``tracker.domain.workflow``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from tracker.domain.roles import Role
from tracker.views.kept_text import typed_fields

View = TypeVar("View", bound=Callable)


@dataclass(frozen=True)
class AccessRule:
    name: str
    description: str
    # None means anyone, signed in or not.
    roles: frozenset[Role] | None

    def admits(self, role: Role | None) -> bool:
        if self.roles is None:
            return True
        return role is not None and role in self.roles


PUBLIC = AccessRule("public", "Anyone, signed in or not", None)
SIGNED_IN = AccessRule("signed_in", "Anyone signed in", frozenset(Role))


def roles_rule(*allowed: Role) -> AccessRule:
    names = ", ".join(role.label for role in allowed)
    return AccessRule("roles:" + ",".join(sorted(allowed)), names, frozenset(allowed))


def access(rule: AccessRule) -> Callable[[View], View]:
    def declare(view: View) -> View:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return declare


public = access(PUBLIC)
signed_in = access(SIGNED_IN)


def allow(*allowed: Role) -> Callable[[View], View]:
    return access(roles_rule(*allowed))


def access_rule_for(view: Callable) -> AccessRule | None:
    return getattr(view, "access_rule", None)


def safe_next_url(target: str | None) -> str | None:
    """Only same-site paths may be returned to after signing in.

    Browsers read a backslash as a slash, so "/\\evil.example" would leave the site;
    control characters and backslashes are refused outright.
    """
    if not target:
        return None
    if "\\" in target or any(ord(character) < 32 or ord(character) == 127 for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def enforce_declared_access():
    """Refuse requests the view's rule does not admit; send the signed-out to sign in."""
    if request.endpoint is None:
        return None  # Flask answers 404 or 405 itself.
    view = current_app.view_functions[request.endpoint]
    rule = access_rule_for(view)
    if rule is None:
        current_app.logger.error("Route %s declares no access rule", request.endpoint)
        abort(403)
    if rule.roles is None:
        return None
    user = g.get("user")
    if user is None:
        if g.get("session_timed_out"):
            return _after_time_out()
        # full_path ends in "?" even with no query string; leave that off.
        next_url = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.sign_in", next=safe_next_url(next_url)))
    if not rule.admits(user.role_enum):
        abort(403)
    return None


def _after_time_out():
    """Signed out for being idle: a page asked for goes to sign in; a form sent is shown
    back, so nothing typed is lost."""
    minutes = current_app.config["SESSION_IDLE_MINUTES"]
    if request.method == "GET":
        flash(f"You were signed out after {minutes} minutes without activity.", "important")
        next_url = safe_next_url(request.full_path.rstrip("?"))
        return redirect(url_for("auth.sign_in", next=next_url))
    page = render_template(
        "auth/timed_out.html", minutes=minutes, fields=typed_fields(), back=request.path
    )
    return page, 401


def init_access(app: Flask) -> None:
    # Static files (styles, scripts) hold nothing private.
    public(app.view_functions["static"])
    # Straight after the person is known, before the CSRF check or anything else reads
    # the body: a request that will be refused is refused before its upload is read.
    hooks = app.before_request_funcs.setdefault(None, [])
    known = next(
        (index + 1 for index, hook in enumerate(hooks) if hook.__name__ == "load_signed_in_user"),
        0,
    )
    hooks.insert(known, enforce_declared_access)
