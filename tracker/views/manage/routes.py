"""The service manager's screens: term progress, the review queue, the chase list, terms."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from tracker.access import allow
from tracker.data.history import term_history
from tracker.data.plan import list_terms
from tracker.data.progress import bulk_approve
from tracker.data.term_progress import term_progress_rows
from tracker.data.terms import current_term, move_term, set_deadline
from tracker.data.transaction import unit_of_work
from tracker.domain.errors import InvalidContent, NotAllowed
from tracker.domain.roles import Role
from tracker.domain.spreadsheet_text import csv_cell
from tracker.domain.term_progress import (
    CHASE_COLUMNS,
    chase_everyone_link,
    chase_list_rows,
    summarise_progress,
)
from tracker.domain.workflow import TERM_STATE_LABELS
from tracker.views.manage.forms import BulkApproveForm, DeadlineForm, TermStateForm
from tracker.views.progress.lookup import term_or_404

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.get("/progress")
@allow(Role.MANAGER)
def term_progress_current():
    term = current_term(today=date.today())
    if term is None:
        abort(404)
    return redirect(url_for("manage.term_progress", term_slug=term.slug))


def _progress(term):
    return summarise_progress(
        rows=term_progress_rows(term=term), deadline=term.update_deadline, today=date.today()
    )


@bp.get("/progress/<term_slug>")
@allow(Role.MANAGER)
def term_progress(term_slug: str):
    term = term_or_404(term_slug)
    progress = _progress(term)
    return render_template(
        "manage/term_progress.html",
        term=term,
        terms=list_terms(),
        progress=progress,
        chase_everyone=chase_everyone_link(progress=progress, term_label=term.label),
        approve_form=BulkApproveForm(),
    )


@bp.get("/progress/<term_slug>/chase-list.csv")
@allow(Role.MANAGER)
def chase_list(term_slug: str):
    term = term_or_404(term_slug)
    rows = chase_list_rows(
        progress=_progress(term), term_label=term.label, deadline=term.update_deadline
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CHASE_COLUMNS)
    writer.writeheader()
    # Owners' names and items' words must not run as formulas when the file is opened.
    writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows)
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="chase-list-{term.slug}.csv"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.post("/progress/<term_slug>/approve")
@allow(Role.MANAGER)
def approve_selected(term_slug: str):
    term = term_or_404(term_slug)
    form = BulkApproveForm()
    if not form.validate():
        abort(400)
    ids = [int(value) for value in request.form.getlist("update_id") if value.isdigit()]
    if not ids:
        flash("Select at least one update to approve.", "error")
        return redirect(url_for("manage.term_progress", term_slug=term.slug) + "#review")
    try:
        with unit_of_work():
            approved, skipped = bulk_approve(update_ids=ids, user=g.user, term=term)
    except StaleDataError:
        # Another review or save of one of them landed first; all or nothing, so none is.
        flash(
            "Someone else changed one of these updates at the same moment, so none was "
            "approved. Check the list below and approve them again.",
            "error",
        )
        return redirect(url_for("manage.term_progress", term_slug=term.slug) + "#review")
    message = f"{approved} {'update' if approved == 1 else 'updates'} approved."
    if skipped:
        message += " Not approved: " + "; ".join(skipped)
    flash(message, "success" if not skipped else "error")
    return redirect(url_for("manage.term_progress", term_slug=term.slug) + "#review")


@bp.get("/terms")
@allow(Role.MANAGER)
def terms():
    return render_template("manage/terms.html", terms=list_terms(), state_labels=TERM_STATE_LABELS)


def _term_page(term, *, state_form=None, deadline_form=None, status_code=200):
    state_form = state_form or TermStateForm(prefix="state", formdata=None)
    state_form.set_choices(current=term.state)
    if deadline_form is None:
        deadline_form = DeadlineForm(prefix="deadline", formdata=None)
        deadline_form.deadline.data = term.update_deadline
    # base.html shows the error summary of whichever form failed.
    failed = next((f for f in (state_form, deadline_form) if f.errors), None)
    return (
        render_template(
            "manage/term.html",
            term=term,
            state_form=state_form,
            deadline_form=deadline_form,
            form=failed,
            state_labels=TERM_STATE_LABELS,
            history=term_history(term_id=term.id),
        ),
        status_code,
    )


@bp.get("/terms/<term_slug>")
@allow(Role.MANAGER)
def term(term_slug: str):
    return _term_page(term_or_404(term_slug))[0]


@bp.post("/terms/<term_slug>/state")
@allow(Role.MANAGER)
def change_term_state(term_slug: str):
    found = term_or_404(term_slug)
    form = TermStateForm(prefix="state")
    form.set_choices(current=found.state)
    if not form.validate():
        return _term_page(found, state_form=form, status_code=400)
    try:
        with unit_of_work():
            move_term(
                term=found, user=g.user, target=form.target.data, reason=form.reason.data or ""
            )
    except NotAllowed as refusal:
        form.reason.errors = [str(refusal)]
        return _term_page(found, state_form=form, status_code=400)
    flash(f"The {found.label} is now {TERM_STATE_LABELS[found.state].lower()}.", "success")
    return redirect(url_for("manage.term", term_slug=found.slug))


@bp.post("/terms/<term_slug>/deadline")
@allow(Role.MANAGER)
def change_deadline(term_slug: str):
    found = term_or_404(term_slug)
    form = DeadlineForm(prefix="deadline")
    if not form.validate():
        form.deadline.errors = ["Update deadline must be a real date, like 27 3 2026"]
        return _term_page(found, deadline_form=form, status_code=400)
    try:
        with unit_of_work():
            set_deadline(term=found, user=g.user, deadline=form.deadline.data)
    except (NotAllowed, InvalidContent) as problem:
        message = problem.problems["deadline"] if isinstance(problem, InvalidContent) else problem
        form.deadline.errors = [str(message)]
        return _term_page(found, deadline_form=form, status_code=400)
    flash(f"Deadline for the {found.label} saved.", "success")
    return redirect(url_for("manage.term", term_slug=found.slug))


# Accounts and owners, and the audit record, live in their own modules; importing them
# registers their routes here.
from tracker.views.manage import audit, people  # noqa: E402, F401
