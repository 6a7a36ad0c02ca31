"""Localities and their published priorities."""

from datetime import date

from flask import Blueprint, abort, g, redirect, render_template, url_for

from tracker.access import signed_in
from tracker.data.item_progress import item_progress
from tracker.data.plan import get_item, get_locality_group, list_locality_groups
from tracker.models import LocalityPriority

bp = Blueprint("localities", __name__)


@bp.get("/localities")
@signed_in
def index():
    return render_template("localities/index.html", groups=list_locality_groups())


@bp.get("/localities/<slug>")
@signed_in
def group(slug: str):
    found = get_locality_group(slug=slug)
    if found is None or found.is_withdrawn:
        abort(404)
    return render_template("localities/group.html", group=found)


@bp.get("/locality-priorities/<slug>")
@signed_in
def priority(slug: str):
    found = get_item(slug=slug, kind=LocalityPriority)
    if found is None:
        abort(404)
    if found.slug != slug:
        return redirect(url_for("localities.priority", slug=found.slug), code=301)
    return render_template(
        "localities/priority.html",
        item=found,
        progress=item_progress(item=found, user=g.user, today=date.today()),
    )
