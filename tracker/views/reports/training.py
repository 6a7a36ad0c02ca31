"""Training records for the Strengthening Services Board report (service manager only)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from markupsafe import Markup

from tracker.access import allow
from tracker.data.boards import board_settings
from tracker.data.terms import current_term, list_terms
from tracker.data.training import save_training_record, training_history, training_records
from tracker.data.training_indicator import training_indicators
from tracker.data.transaction import unit_of_work
from tracker.domain.errors import InvalidContent, NotAllowed
from tracker.domain.roles import Role
from tracker.domain.training import TIER_LABELS
from tracker.views.progress.lookup import term_or_404
from tracker.views.reports.forms import TrainingForm, TrainingTermForm
from tracker.views.reports.routes import bp


def _directorates(term) -> list[str]:
    seeded = list(board_settings().directorates)
    recorded = {record.directorate for record in training_records(term=term)}
    return seeded + sorted(recorded - set(seeded))


def _training_page(term, form: TrainingForm, status: int = 200):
    chooser = TrainingTermForm(formdata=None)
    chooser.set_terms(terms=list_terms())
    chooser.term.data = term.slug
    return (
        render_template(
            "reports/training.html",
            term=term,
            form=form,
            chooser=chooser,
            records=training_records(term=term),
            history=training_history(term=term),
            indicators=training_indicators(),
            tiers=TIER_LABELS,
        ),
        status,
    )


@bp.get("/training")
@allow(Role.MANAGER)
def training_current():
    if request.args.get("term"):
        return redirect(url_for("reports.training", term_slug=request.args["term"]))
    term = current_term(today=date.today())
    if term is None:
        abort(404)
    return redirect(url_for("reports.training", term_slug=term.slug))


@bp.get("/training/<term_slug>")
@allow(Role.MANAGER)
def training(term_slug: str):
    term = term_or_404(term_slug)
    form = TrainingForm(formdata=None)
    form.set_directorates(_directorates(term))
    return _training_page(term, form)[0]


@bp.post("/training/<term_slug>")
@allow(Role.MANAGER)
def save_training(term_slug: str):
    term = term_or_404(term_slug)
    form = TrainingForm()
    directorates = _directorates(term)
    form.set_directorates(directorates)
    if not form.validate():
        return _training_page(term, form, 400)
    try:
        with unit_of_work():
            record = save_training_record(
                term=term,
                user=g.user,
                tier=form.tier.data,
                directorate=form.directorate.data,
                trained=form.trained.data,
                target=form.target.data,
                directorates=directorates,
                today=date.today(),
            )
    except InvalidContent as problem:
        for name, message in problem.problems.items():
            getattr(form, name).errors = [message]
        return _training_page(term, form, 400)
    except NotAllowed as refusal:
        form.tier.errors = [str(refusal)]
        return _training_page(term, form, 400)
    flash(
        Markup("Saved: {}, {} tier, {} trained against a target of {}.").format(
            record.directorate,
            TIER_LABELS[record.tier],
            f"{record.trained:,}",
            f"{record.target:,}",
        ),
        "success",
    )
    return redirect(url_for("reports.training", term_slug=term.slug))
