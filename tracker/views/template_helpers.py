"""Values and filters every template can use."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from tracker.data.plan import get_strategy
from tracker.domain.history_labels import describe_change
from tracker.domain.markdown_text import render_markdown
from tracker.domain.roles import Role
from tracker.domain.status import status_for
from tracker.domain.text import run_in_sub_items
from tracker.extensions import db

# (endpoint, text, roles that see it; None for everyone signed in)
NAVIGATION = (
    ("progress.my_items", "My items", {Role.OWNER, Role.MANAGER}),
    ("bulk.choose_term", "Update in bulk", {Role.OWNER, Role.MANAGER}),
    ("strategy.overview", "Strategy", None),
    ("items.index", "All items", None),
    ("rag.summary", "RAG summary", None),
    ("reports.index", "Reports", None),
    ("indicators.index", "Indicators", None),
    ("data.metrics", "Attendance figures", None),
    ("data.imports", "Import data", {Role.DATA, Role.MANAGER}),
    ("manage.term_progress_current", "Term progress", {Role.MANAGER}),
    ("localities.index", "Localities", None),
    ("manage.users", "Users", {Role.MANAGER}),
    ("manage.audit", "Audit record", {Role.MANAGER}),
)


def _service_identity() -> dict[str, str]:
    """The organisation and service name come from the seeded strategy, not from code."""
    try:
        strategy = get_strategy()
    except SQLAlchemyError:
        # An error page for a database that cannot answer still needs a header.
        db.session.rollback()
        strategy = None
    if strategy is None:
        return {"service_name": current_app.config["SERVICE_NAME"], "organisation": ""}
    return {"service_name": strategy.service_name, "organisation": strategy.organisation}


def _navigation() -> list[dict]:
    user = g.get("user")
    if user is None:
        return []
    blueprint = request.blueprint
    items = []
    for endpoint, text, roles in NAVIGATION:
        if roles is not None and user.role_enum not in roles:
            continue
        if endpoint not in current_app.view_functions:
            continue
        active = request.endpoint == endpoint or (
            endpoint == "strategy.overview"
            and blueprint == "strategy"
            and request.endpoint not in {"strategy.context", "strategy.terms"}
        )
        items.append({"href": url_for(endpoint), "text": text, "active": active})
    return items


def item_href(kind: str, slug: str) -> str:
    """The page of an action or a locality priority."""
    if kind == "action":
        return url_for("strategy.action", slug=slug)
    return url_for("localities.priority", slug=slug)


LOCAL_ZONE = ZoneInfo("Europe/London")


def local_time(moment: datetime | None, pattern: str = "%-d %B %Y, %H:%M") -> str:
    """A stored moment (UTC) as UK clock time; SQLite returns it without a zone."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE).strftime(pattern)


def history_label(entry) -> str:
    return describe_change(
        subject=entry.subject,
        field=entry.field,
        term_label=entry.term.label if entry.term else None,
    )


def init_template_helpers(app: Flask) -> None:
    @app.context_processor
    def inject_layout() -> dict:
        # Error pages (no endpoint) still carry the service's name and menu.
        if request.endpoint == "static":
            return {}
        return {
            **_service_identity(),
            "navigation": _navigation(),
            "current_user": g.get("user"),
        }

    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(run_in_sub_items, "run_in_sub_items")
    app.add_template_global(status_for, "status_for")
    app.add_template_global(item_href, "item_href")
    app.add_template_global(history_label, "history_label")
    app.add_template_filter(local_time, "local_time")
