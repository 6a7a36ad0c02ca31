"""Every route declares who may see it; a route that does not is refused.

Declaring access next to each view keeps the rule visible where the page is
written, and failing closed means a forgotten declaration shows up as a
refusal in testing rather than as a page open to everyone in production.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import Flask, abort, current_app, request

View = TypeVar("View", bound=Callable)


@dataclass(frozen=True)
class AccessRule:
    name: str
    description: str


PUBLIC = AccessRule("public", "Anyone, signed in or not")


def access(rule: AccessRule) -> Callable[[View], View]:
    def declare(view: View) -> View:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return declare


public = access(PUBLIC)


def access_rule_for(view: Callable) -> AccessRule | None:
    return getattr(view, "access_rule", None)


def enforce_declared_access() -> None:
    """Refuse any request whose view has not declared an access rule."""
    if request.endpoint is None:
        return  # Flask answers 404 or 405 itself.
    view = current_app.view_functions[request.endpoint]
    if access_rule_for(view) is None:
        current_app.logger.error("Route %s declares no access rule", request.endpoint)
        abort(403)


def init_access(app: Flask) -> None:
    # Static files (styles, scripts, icons) hold nothing private.
    public(app.view_functions["static"])
    app.before_request(enforce_declared_access)
