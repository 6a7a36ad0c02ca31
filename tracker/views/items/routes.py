"""The list of every trackable item, filterable."""

from datetime import date

from flask import Blueprint, render_template, request

from tracker.access import signed_in
from tracker.data.item_list import list_item_rows, people_owning_items
from tracker.data.plan import ItemFilter, list_localities, list_priorities, list_terms
from tracker.data.terms import current_term
from tracker.views.items.forms import ItemFilterForm

bp = Blueprint("items", __name__)


@bp.get("/items")
@signed_in
def index():
    terms = [term for term in list_terms() if term.start_date <= date.today()] or list_terms()
    default = current_term(today=date.today())
    form = ItemFilterForm(request.args, meta={"csrf": False})
    if not form.term.data and default is not None:
        form.term.data = default.slug
    form.set_choices(
        priorities=list_priorities(),
        localities=list_localities(),
        owners=people_owning_items(),
        terms=terms,
    )
    rows, term, status_code = [], None, 200
    if not form.validate():
        status_code = 400
    else:
        term = next((t for t in terms if t.slug == form.term.data), None)
        rows = list_item_rows(
            item_filter=ItemFilter(
                priority=int(form.priority.data) if form.priority.data else None,
                locality=form.locality.data or None,
                text=form.q.data or "",
                owner_id=int(form.owner.data) if form.owner.data else None,
                include_withdrawn=bool(form.withdrawn.data),
            ),
            term=term,
            status=form.status.data or None,
        )
    return render_template(
        "items/index.html", form=form, rows=rows, term=term, filtered=bool(request.args)
    ), status_code
