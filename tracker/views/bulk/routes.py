"""The bulk update page: download a term's updates, edit them offline, import them back."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from tracker.access import allow
from tracker.data.terms import current_term, list_terms
from tracker.data.transaction import unit_of_work
from tracker.data.update_sheet import SheetRejected, import_sheet, sheet_rows
from tracker.domain.roles import Role
from tracker.domain.update_sheet_files import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    SheetFileError,
    read_table,
    write_csv,
    write_xlsx,
)
from tracker.domain.workflow import can_edit_update
from tracker.extensions import db
from tracker.views.bulk.forms import ImportForm, TermChoiceForm
from tracker.views.progress.lookup import term_or_404

bp = Blueprint("bulk", __name__)


@bp.get("/bulk")
@allow(Role.MANAGER, Role.OWNER)
def choose_term():
    """The current term's page, or the term picked in the chooser."""
    form = TermChoiceForm(request.args)
    form.set_choices(list_terms())
    if form.term.data and form.validate():
        return redirect(url_for("bulk.term_page", term_slug=form.term.data))
    term = current_term(today=date.today())
    if term is None:
        abort(404)
    return redirect(url_for("bulk.term_page", term_slug=term.slug))


def _page(term, form: ImportForm, *, problems=None, status_code: int = 200):
    chooser = TermChoiceForm(formdata=None, term=term.slug)
    chooser.set_choices(list_terms())
    return (
        render_template(
            "bulk/term.html",
            term=term,
            form=form,
            chooser=chooser,
            item_count=len(sheet_rows(term=term, user=g.user)),
            # Whether this person may import into the term at all; row by row
            # rules are applied when the file is read.
            decision=can_edit_update(
                role=g.user.role_enum, is_owner=True, term_state=term.state, update_state=None
            ),
            problems=problems or [],
        ),
        status_code,
    )


@bp.get("/bulk/<term_slug>")
@allow(Role.MANAGER, Role.OWNER)
def term_page(term_slug: str):
    return _page(term_or_404(term_slug), ImportForm(formdata=None))


def _download(term, content: bytes, extension: str, content_type: str) -> Response:
    response = Response(content, content_type=content_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="updates-{term.slug}.{extension}"'
    )
    # Drafts are in the file: no shared cache may keep it.
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/bulk/<term_slug>/updates.xlsx")
@allow(Role.MANAGER, Role.OWNER)
def download_xlsx(term_slug: str):
    term = term_or_404(term_slug)
    rows = sheet_rows(term=term, user=g.user)
    return _download(term, write_xlsx(rows, term_label=term.label), "xlsx", XLSX_CONTENT_TYPE)


@bp.get("/bulk/<term_slug>/updates.csv")
@allow(Role.MANAGER, Role.OWNER)
def download_csv(term_slug: str):
    term = term_or_404(term_slug)
    return _download(term, write_csv(sheet_rows(term=term, user=g.user)), "csv", CSV_CONTENT_TYPE)


@bp.post("/bulk/<term_slug>")
@allow(Role.MANAGER, Role.OWNER)
def import_updates(term_slug: str):
    term = term_or_404(term_slug)
    form = ImportForm()
    if not form.validate():
        return _page(term, form, status_code=400)
    upload = form.file.data
    try:
        table = read_table(upload.read(), filename=upload.filename or "")
        with unit_of_work():
            outcome = import_sheet(
                term=term, user=g.user, table=table, submit=form.then.data == "submit"
            )
    except SheetFileError as error:
        form.file.errors = [str(error)]
        return _page(term, form, status_code=400)
    except SheetRejected as rejected:
        count = len(rejected.problems)
        form.file.errors = [
            f"The file has {count} {'problem' if count == 1 else 'problems'}, listed below. "
            "Nothing has been imported: fix the file and upload it again"
        ]
        return _page(term, form, problems=rejected.problems, status_code=400)
    except StaleDataError:
        db.session.rollback()
        form.file.errors = [
            "Someone saved one of these updates while the file was being imported. Nothing "
            "has been imported: upload the file again"
        ]
        return _page(term, form, status_code=409)
    flash(_outcome_message(outcome, submitted=form.then.data == "submit"), "success")
    return redirect(url_for("bulk.term_page", term_slug=term.slug))


def _outcome_message(outcome, *, submitted: bool) -> str:
    def updates(count: int) -> str:
        return f"{count} {'update' if count == 1 else 'updates'}"

    if outcome.updated == 0:
        return f"Import complete: nothing had changed. {updates(outcome.unchanged)} unchanged."
    done = "submitted for review" if submitted else "saved as drafts"
    return (
        f"Import complete: {updates(outcome.updated)} {done}, "
        f"{updates(outcome.unchanged)} unchanged."
    )
