"""Reports: choose, preview, download, submit to a board; the frozen submissions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from tracker.access import allow, signed_in
from tracker.data.boards import board_settings
from tracker.data.submissions import (
    ReportRequest,
    build_document,
    get_report_file,
    list_submissions,
    next_version,
    submit_report,
)
from tracker.data.terms import current_term, list_terms
from tracker.data.transaction import unit_of_work
from tracker.domain.errors import InvalidContent, NotAllowed
from tracker.domain.reports.boards import BoardFileError
from tracker.domain.reports.model import EDUCATION_BOARD, KIND_TITLES, LEADERSHIP_WEEKLY
from tracker.domain.roles import Role
from tracker.reports import FORMATS, file_name, render_for_download
from tracker.reports.download_cache import FOLDER as CACHE_FOLDER
from tracker.reports.html import content_html, cover_html, report_css
from tracker.reports.workers import start_workers_soon
from tracker.views.reports.forms import ReportChoiceForm, SubmitReportForm
from tracker.views.reports.lookup import request_or_404, submission_or_404

bp = Blueprint("reports", __name__, url_prefix="/reports")

AUDIENCE = {EDUCATION_BOARD: "education-board", LEADERSHIP_WEEKLY: "leadership-team"}


def _presenter(kind: str) -> str:
    return (
        board_settings().board(AUDIENCE.get(kind, kind)).presenter
        or "Service Manager for Inclusion"
    )


def _document(found: ReportRequest, *, presenter: str | None = None):
    try:
        return build_document(
            request=found,
            presenter=presenter or _presenter(found.kind),
            version=next_version(request=found),
            final=False,
        )[1]
    except BoardFileError as error:
        abort(Response(f"The boards file cannot be used: {error}", status=500))


def _choice_page(form: ReportChoiceForm, status: int = 200):
    return (
        render_template(
            "reports/index.html",
            form=form,
            submissions=list_submissions(),
            titles=KIND_TITLES,
        ),
        status,
    )


@bp.get("")
@signed_in
def index():
    terms = list_terms()
    default = current_term(today=date.today())
    chosen = bool(request.args)
    form = ReportChoiceForm(request.args if chosen else None)
    if not chosen:
        form.kind.data = EDUCATION_BOARD
        form.term.data = default.slug if default else ""
    form.set_terms(terms=terms)
    if not chosen:
        return _choice_page(form)[0]
    if not form.validate():
        return _choice_page(form, 400)
    if form.kind.data == LEADERSHIP_WEEKLY:
        period = form.week_ending.data.isoformat()
    else:
        period = form.term.data
    return redirect(url_for("reports.preview", kind=form.kind.data, period=period))


@bp.get("/<kind>/<period>")
@signed_in
def preview(kind: str, period: str):
    found = request_or_404(kind, period)
    if found.period != period:
        return redirect(url_for("reports.preview", kind=kind, period=found.period))
    document = _document(found)
    return render_template(
        "reports/preview.html",
        document=document,
        found=found,
        css=report_css(),
        cover=cover_html(document),
        content=content_html(document),
        formats=FORMATS,
        submissions=list_submissions(kind=kind, period=found.period),
    )


@bp.get("/<kind>/<period>/download/<code>")
@signed_in
def download(kind: str, period: str, code: str):
    found = request_or_404(kind, period)
    if code not in FORMATS:
        abort(404)
    document = _document(found)
    return _file_response(
        render_for_download(document, code, cache=Path(current_app.instance_path) / CACHE_FOLDER),
        FORMATS[code].media_type,
        file_name(document, code),
    )


def _file_response(content: bytes, media_type: str, name: str) -> Response:
    return Response(
        content,
        mimetype=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _submit_page(found: ReportRequest, form: SubmitReportForm, status: int = 200):
    return (
        render_template(
            "reports/submit.html",
            found=found,
            form=form,
            title=KIND_TITLES[found.kind],
            version=next_version(request=found),
            can_lock=found.kind == EDUCATION_BOARD,
        ),
        status,
    )


@bp.get("/<kind>/<period>/submit")
@allow(Role.MANAGER)
def confirm_submit(kind: str, period: str):
    found = request_or_404(kind, period)
    # The PDF and Word are laid out by worker processes: have them ready for the submit.
    start_workers_soon()
    form = SubmitReportForm(formdata=None)
    form.presenter.data = f"{g.user.name}, {_presenter(kind)}" if g.user.name else _presenter(kind)
    form.final.data = "draft"
    return _submit_page(found, form)[0]


@bp.post("/<kind>/<period>/submit")
@allow(Role.MANAGER)
def submit(kind: str, period: str):
    found = request_or_404(kind, period)
    form = SubmitReportForm()
    if not form.validate():
        return _submit_page(found, form, 400)
    try:
        with unit_of_work():
            submission = submit_report(
                request=found,
                user=g.user,
                presenter=form.presenter.data,
                final=form.final.data == "final",
                lock_term=bool(form.lock_term.data) and kind == EDUCATION_BOARD,
            )
    except InvalidContent as problem:
        for name, message in problem.problems.items():
            getattr(form, name, form.confirm).errors = [message]
        return _submit_page(found, form, 400)
    except NotAllowed as refusal:
        form.lock_term.errors = [str(refusal)]
        return _submit_page(found, form, 400)
    except IntegrityError:
        # Someone else submitted the same version a moment before: nothing was stored.
        form.confirm.errors = ["Another submission was made at the same time. Submit again."]
        return _submit_page(found, form, 409)
    message = Markup("Submitted version {} of the {}, {}.").format(
        submission.version, KIND_TITLES[kind], submission.period_label
    )
    if submission.locked_term:
        message += Markup(" The term is now locked.")
    flash(message, "success")
    return redirect(url_for("reports.submission", submission_id=submission.id))


@bp.get("/submissions/<int:submission_id>")
@signed_in
def submission(submission_id: int):
    found = submission_or_404(submission_id)
    return render_template(
        "reports/submission.html",
        submission=found,
        title=KIND_TITLES[found.kind],
        formats=FORMATS,
    )


@bp.get("/submissions/<int:submission_id>/<code>")
@signed_in
def submitted_file(submission_id: int, code: str):
    found = submission_or_404(submission_id)
    stored = get_report_file(submission=found, code=code)
    if stored is None:
        abort(404)
    return _file_response(stored.content, stored.media_type, stored.file_name)


from tracker.views.reports import training  # noqa: E402, F401  (registers the training routes)
