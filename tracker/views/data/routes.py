"""Loading attendance data (data officer, service manager) and the figures it gives (everyone)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from tracker.access import allow, signed_in
from tracker.data.attendance_metrics import compute_metrics, years_with_pupil_data
from tracker.data.imports import IMPORTERS, import_file, recent_imports
from tracker.data.transaction import unit_of_work
from tracker.domain.errors import InvalidContent
from tracker.domain.files import safe_display_name
from tracker.domain.import_files import READABLE_SUFFIXES, ImportRejected
from tracker.domain.roles import Role
from tracker.domain.suppression import EXPLANATION, any_suppressed, suppress_rows
from tracker.views.data.figures import figures_csv
from tracker.views.data.forms import DIMENSION_LABELS, MetricsForm, UploadForm

bp = Blueprint("data", __name__, url_prefix="/data")


def _upload_form(*, from_request: bool = True) -> UploadForm:
    form = UploadForm() if from_request else UploadForm(formdata=None)
    form.set_kinds({name: (kind.label, kind.columns) for name, kind in IMPORTERS.items()})
    return form


def _imports_page(form: UploadForm, *, rejected: ImportRejected | None = None, status: int = 200):
    return (
        render_template(
            "data/imports.html",
            form=form,
            kinds=IMPORTERS,
            rejected=rejected,
            imports=recent_imports(),
            limit_mb=current_app.config["MAX_UPLOAD_IMPORT_BYTES"] // (1024 * 1024),
        ),
        status,
    )


def _allow_large_uploads() -> None:
    """Let the upload page take files up to its own limit, above the app-wide one.

    Must run before anything reads the form, CSRF protection included, because
    the limit applies when the request body is first parsed.
    """
    if request.endpoint == "data.upload":
        request.max_content_length = current_app.config["MAX_UPLOAD_IMPORT_BYTES"]


@bp.record_once
def _register_upload_limit(state) -> None:
    state.app.before_request_funcs.setdefault(None, []).insert(0, _allow_large_uploads)


@bp.get("/imports")
@allow(Role.DATA, Role.MANAGER)
def imports():
    return _imports_page(_upload_form())


@bp.post("/imports")
@allow(Role.DATA, Role.MANAGER)
def upload():
    form = _upload_form()
    chosen = request.files.get(form.upload.name)
    valid = form.validate()
    if not chosen or not chosen.filename:
        form.upload.errors = [*form.upload.errors, "Choose a CSV or XLSX file to import"]
        valid = False
    if not valid:
        return _imports_page(form, status=400)
    name = safe_display_name(chosen.filename)
    try:
        entry = _import_upload(kind=form.kind.data, name=name, upload=chosen)
    except ImportRejected as rejected:
        form.upload.errors = [*form.upload.errors, rejected.message]
        return _imports_page(form, rejected=rejected, status=400)
    flash(Markup("Imported <strong>{}</strong>: {}").format(name, entry.summary), "success")
    return redirect(url_for("data.imports"))


def _import_upload(*, kind: str, name: str, upload):
    """Store the upload in a temporary file, named like the original so its type is known."""
    suffix = Path(name).suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        raise ImportRejected(f"{name} is not a CSV or XLSX file: save it as one of those")
    with tempfile.TemporaryDirectory(prefix="import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        upload.save(path)
        with unit_of_work():
            return import_file(
                kind=kind,
                path=path,
                file_name=name,
                user=g.user,
                max_bytes=current_app.config["MAX_UPLOAD_IMPORT_BYTES"],
            )


@bp.errorhandler(413)
def too_large(error):
    # The request body is too big to read, so the form starts empty.
    form = _upload_form(from_request=False)
    limit = current_app.config["MAX_UPLOAD_IMPORT_BYTES"] // (1024 * 1024)
    form.upload.errors = [
        f"The file is too large to upload: files must be {limit} MB or smaller. Split it, "
        "for example by school or by term, or ask for it to be imported on the command line"
    ]
    return _imports_page(form, status=413)


def _figures(form: MetricsForm):
    """The measures the form asks for, with figures about fewer than 5 pupils suppressed."""
    years = years_with_pupil_data()
    form.year.choices = [SelectChoice(year, year) for year in reversed(years)]
    result = None
    by = [dim for dim in (form.by.data, form.then_by.data) if dim]
    if years:
        year = form.year.data if form.year.data in years else years[-1]
        form.year.data = year
        if len(by) == 2 and by[0] == by[1]:
            by = by[:1]
        try:
            result = compute_metrics(academic_year=year, term=form.term.data or None, by=by)
        except InvalidContent as invalid:
            form.term.errors = list(invalid.problems.values())
        else:
            result["rows"] = suppress_rows(result["rows"], by=by)
    return result, by


@bp.get("/metrics")
@signed_in
def metrics():
    form = MetricsForm(request.args)
    result, by = _figures(form)
    return render_template(
        "data/metrics.html",
        form=form,
        result=result,
        by=by,
        labels=DIMENSION_LABELS,
        suppressed=bool(result and any_suppressed(result["rows"])),
        explanation=EXPLANATION,
    )


@bp.get("/metrics.csv")
@signed_in
def metrics_csv():
    form = MetricsForm(request.args)
    result, by = _figures(form)
    rows = result["rows"] if result else []
    period = (result or {}).get("period", "none")
    year = (result or {}).get("year", "none").replace("/", "-")
    return Response(
        figures_csv(rows, by=by, labels=DIMENSION_LABELS),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="attendance-figures-{year}-{period}.csv"'
        },
    )
