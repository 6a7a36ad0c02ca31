"""The list of every trackable item, filterable."""

from flask import Blueprint, render_template, request

from tracker.access import signed_in
from tracker.data.plan import ItemFilter, list_locality_groups, list_priorities, search_items
from tracker.views.items.forms import ItemFilterForm

bp = Blueprint("items", __name__)


@bp.get("/items")
@signed_in
def index():
    priorities = list_priorities()
    groups = list_locality_groups()
    form = ItemFilterForm(request.args, meta={"csrf": False})
    form.set_choices(priorities=priorities, groups=groups)
    items = []
    if form.validate():
        items = search_items(
            item_filter=ItemFilter(
                priority=int(form.priority.data) if form.priority.data else None,
                locality_group=form.locality.data or None,
                text=form.q.data or "",
            )
        )
    return render_template("items/index.html", form=form, items=items, filtered=bool(request.args))
