"""Choosing the period the indicators are shown for, and entering a manual value."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from tracker.models import Term

LONG_TEXT = 10_000


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # A GET choice changes nothing, so it needs no CSRF token.

    period = SelectField("Period", widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Show indicators", widget=GovSubmitInput())

    def set_choices(self, *, choices: Iterable[tuple[str, str]]) -> None:
        self.period.choices = [SelectChoice(value, label) for value, label in choices]

    def validate_period(self, field: SelectField) -> None:
        if field.data not in {choice.value for choice in field.choices or []}:
            raise ValidationError("Select a period from the list")


class ManualValueForm(FlaskForm):
    # Checked by ``validate_term`` so an unknown term gets a plain-English message.
    term = SelectField("Term", widget=GovSelect(), validate_choice=False)
    value = StringField(
        "Value",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the value")],
    )
    evidence = TextAreaField(
        "Evidence",
        widget=GovCharacterCount(),
        validators=[
            InputRequired(message="Enter the evidence the value is based on"),
            Length(max=LONG_TEXT, message=f"Evidence must be {LONG_TEXT:,} characters or fewer"),
        ],
    )
    submit = SubmitField("Save value", widget=GovSubmitInput())

    def set_terms(self, *, terms: Iterable[Term]) -> None:
        self.term.choices = [SelectChoice("", "Select a term")] + [
            SelectChoice(term.slug, term.label) for term in terms
        ]

    def validate_term(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError("Select the term the value is for")
        if field.data not in {choice.value for choice in field.choices or []}:
            raise ValidationError("Select a term from the list")

    def validate_value(self, field: StringField) -> None:
        if self.number() is None:
            raise ValidationError("Enter the value as a number, like 85 or 12.5")

    def number(self) -> float | None:
        text = (self.value.data or "").strip().removesuffix("%").replace(",", "").strip()
        try:
            return float(text)
        except ValueError:
            return None
