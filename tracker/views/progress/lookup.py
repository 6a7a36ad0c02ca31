"""Finding the item and term a progress URL names, or answering 404."""

from __future__ import annotations

from flask import abort

from tracker.data.plan import get_item
from tracker.data.terms import get_term
from tracker.domain.terms import parse_term_slug
from tracker.models import Term, TrackableItem


def item_or_404(slug: str) -> TrackableItem:
    item = get_item(slug=slug)
    if item is None:
        abort(404)
    return item


def term_or_404(slug: str) -> Term:
    parsed = parse_term_slug(slug)
    term = get_term(academic_year=parsed[0], name=parsed[1]) if parsed else None
    if term is None:
        abort(404)
    return term


def item_url(item: TrackableItem) -> str:
    from flask import url_for

    if item.kind == "action":
        return url_for("strategy.action", slug=item.slug)
    return url_for("localities.priority", slug=item.slug)
