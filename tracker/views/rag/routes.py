"""The RAG summary: how the plan's items stand for a term, from approved updates only."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request

from tracker.access import signed_in
from tracker.data.summaries import (
    approved_status_history,
    awaiting_review_count,
    locality_group_names,
    priority_numbers,
    summary_items,
)
from tracker.data.terms import current_term, list_terms, previous_term, terms_up_to
from tracker.domain.rag import build_rag_summary
from tracker.views.rag.forms import TermChoiceForm

bp = Blueprint("rag", __name__)


@bp.get("/rag")
@signed_in
def summary():
    terms = list_terms()
    if not terms:
        return render_template("rag/summary.html", form=None, summary=None)
    default = current_term(today=date.today())
    form = TermChoiceForm(request.args, term=default.slug if default else "")
    form.set_choices(terms=terms)
    if not form.validate():
        return render_template("rag/summary.html", form=form, summary=None), 400
    term = next(term for term in terms if term.slug == form.term.data)
    previous = previous_term(term=term)
    found = build_rag_summary(
        items=summary_items(term=term),
        history=approved_status_history(terms=terms_up_to(term=term)),
        compared=previous is not None,
        priorities=priority_numbers(),
        locality_groups=locality_group_names(),
    )
    return render_template(
        "rag/summary.html",
        form=form,
        term=term,
        previous=previous,
        summary=found,
        awaiting=awaiting_review_count(term=term),
    )
