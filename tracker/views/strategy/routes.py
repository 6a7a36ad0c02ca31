"""The strategy: overview, priorities, actions, context and terms."""

from datetime import date

from flask import Blueprint, abort, g, redirect, render_template, url_for

from tracker.access import signed_in
from tracker.data.item_progress import item_progress
from tracker.data.plan import (
    get_item,
    get_priority,
    get_strategy,
    list_locality_groups,
    list_priorities,
    list_quoted_figures,
    list_terms,
)
from tracker.models import Action

bp = Blueprint("strategy", __name__)


@bp.get("/")
@signed_in
def overview():
    strategy = get_strategy()
    return render_template(
        "strategy/overview.html",
        strategy=strategy,
        priorities=list_priorities(),
        locality_groups=list_locality_groups(),
    )


@bp.get("/priorities/<int:number>")
@signed_in
def priority(number: int):
    found = get_priority(number=number)
    if found is None:
        abort(404)
    return render_template("strategy/priority.html", priority=found)


@bp.get("/actions/<slug>")
@signed_in
def action(slug: str):
    found = get_item(slug=slug, kind=Action)
    if found is None:
        abort(404)
    if found.slug != slug:
        # One address per action: p1-001 and P1-001 both lead to /actions/P1-001.
        return redirect(url_for("strategy.action", slug=found.slug), code=301)
    return render_template(
        "strategy/action.html",
        item=found,
        progress=item_progress(item=found, user=g.user, today=date.today()),
    )


@bp.get("/strategy/context")
@signed_in
def context():
    return render_template(
        "strategy/context.html", strategy=get_strategy(), figures=list_quoted_figures()
    )


@bp.get("/terms")
@signed_in
def terms():
    return render_template("strategy/terms.html", terms=list_terms())
