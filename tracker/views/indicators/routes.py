"""Indicator pages: statuses by priority and outcome, one indicator's trend, manual values."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from tracker.access import allow, signed_in
from tracker.data.attendance_metrics import synthetic_years
from tracker.data.indicator_pages import available_periods, default_period, results_by_priority
from tracker.data.indicator_trend import indicator_trend
from tracker.data.indicator_values import manual_values, save_manual_value, value_history
from tracker.data.indicators import evaluate_indicators, get_indicator
from tracker.data.reference_data import get_authority
from tracker.data.terms import list_terms
from tracker.data.transaction import unit_of_work
from tracker.domain.errors import InvalidContent, NotAllowed
from tracker.domain.indicators import format_value, indicator_status
from tracker.domain.roles import Role
from tracker.views.indicators.charts import series_names, trend_chart
from tracker.views.indicators.forms import ManualValueForm, PeriodForm

bp = Blueprint("indicators", __name__)


@bp.app_template_global("indicator_status")
def _indicator_status(code: str | None):
    return indicator_status(code)


@bp.app_template_filter("indicator_value")
def _indicator_value(value: float | None, unit: str = "%") -> str:
    return "No figure" if value is None else format_value(value, unit)


def _period_form():
    periods = available_periods()
    default = default_period(periods)
    form = PeriodForm(request.args, period=default.slug if default else "")
    form.set_choices(choices=[(period.slug, period.label) for period in periods])
    return form, periods


@bp.get("/indicators")
@signed_in
def index():
    form, periods = _period_form()
    if not periods:
        return render_template("indicators/index.html", form=None, groups=[])
    if not form.validate():
        return render_template("indicators/index.html", form=form, groups=[]), 400
    period = next(period for period in periods if period.slug == form.period.data)
    results = evaluate_indicators(academic_year=period.year, term=period.term)
    return render_template(
        "indicators/index.html",
        form=form,
        period=period,
        groups=results_by_priority(results),
        authority=get_authority(),
        synthetic=period.year in synthetic_years(),
    )


def _indicator_or_404(code: str):
    indicator = get_indicator(code=code)
    if indicator is None:
        abort(404)
    return indicator


@bp.get("/indicators/<code>")
@signed_in
def indicator(code: str):
    found = _indicator_or_404(code)
    trend = indicator_trend(indicator=found)
    authority = get_authority()
    own = authority.la_name if authority and not found.is_manual else "Value"
    return render_template(
        "indicators/indicator.html",
        indicator=found,
        trend=trend,
        own=own,
        names=series_names(found, trend.years or trend.terms, own),
        year_chart=trend_chart(found, trend.years, own),
        term_chart=trend_chart(found, trend.terms, own),
        values=manual_values(indicator=found) if found.is_manual else [],
        history=value_history(indicator=found) if found.is_manual else [],
        synthetic_years=synthetic_years(),
    )


def _value_form_page(found, form, status: int = 200):
    return (
        render_template("indicators/value_form.html", indicator=found, form=form),
        status,
    )


@bp.route("/indicators/<code>/values", methods=["GET", "POST"])
@allow(Role.MANAGER)
def enter_value(code: str):
    found = _indicator_or_404(code)
    if not found.is_manual or found.is_withdrawn:
        abort(404)
    if found.from_training_records:
        # Its page says where the values come from; there is nothing to type.
        flash("This indicator's values come from the training records.", "info")
        return redirect(url_for("indicators.indicator", code=found.code))
    terms = list(reversed(list_terms()))
    form = ManualValueForm(term=request.args.get("term", ""))
    form.set_terms(terms=terms)
    if request.method == "GET" or not form.validate_on_submit():
        return _value_form_page(found, form, 200 if request.method == "GET" else 400)
    term = next(term for term in terms if term.slug == form.term.data)
    try:
        with unit_of_work():
            save_manual_value(
                indicator=found,
                term=term,
                value=form.number(),
                evidence=form.evidence.data,
                user=g.user,
            )
    except InvalidContent as error:
        for field, message in error.problems.items():
            getattr(form, field).errors = [message]
        return _value_form_page(found, form, 400)
    except NotAllowed as error:
        form.term.errors = [str(error)]
        return _value_form_page(found, form, 400)
    flash(f"Value for the {term.label} saved", "success")
    return redirect(url_for("indicators.indicator", code=found.code))
