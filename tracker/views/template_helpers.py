"""Values and filters every template can use."""

from __future__ import annotations

from flask import Flask, current_app, request, url_for

from tracker.data.plan import get_strategy
from tracker.domain.markdown_text import render_markdown
from tracker.domain.status import status_for
from tracker.domain.text import run_in_sub_items

NAVIGATION = (
    ("strategy.overview", "Strategy"),
    ("items.index", "All items"),
    ("localities.index", "Localities"),
    ("strategy.context", "Context and figures"),
    ("strategy.terms", "Terms"),
)


def _service_identity() -> dict[str, str]:
    """The organisation and service name come from the seeded strategy, not from code."""
    strategy = get_strategy()
    if strategy is None:
        return {"service_name": current_app.config["SERVICE_NAME"], "organisation": ""}
    return {"service_name": strategy.service_name, "organisation": strategy.organisation}


def _navigation() -> list[dict]:
    blueprint = request.blueprint
    items = []
    for endpoint, text in NAVIGATION:
        active = request.endpoint == endpoint or (
            endpoint == "strategy.overview"
            and blueprint == "strategy"
            and request.endpoint not in {"strategy.context", "strategy.terms"}
        )
        items.append({"href": url_for(endpoint), "text": text, "active": active})
    return items


def init_template_helpers(app: Flask) -> None:
    @app.context_processor
    def inject_layout() -> dict:
        if request.endpoint is None or request.endpoint == "static":
            return {}
        return {**_service_identity(), "navigation": _navigation()}

    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(run_in_sub_items, "run_in_sub_items")
    app.add_template_global(status_for, "status_for")
