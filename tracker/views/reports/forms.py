"""Choosing a report, submitting it, and recording training."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from tracker.domain.errors import InvalidContent
from tracker.domain.reports.model import (
    KIND_TITLES,
    KINDS,
    LEADERSHIP_WEEKLY,
    check_week_ending,
)
from tracker.domain.training import MAX_COUNT, TIERS
from tracker.models import Term


class ReportChoiceForm(FlaskForm):
    """Sent by GET: choosing changes nothing, so the choice can be bookmarked."""

    class Meta:
        csrf = False

    kind = RadioField(
        "Report",
        widget=GovRadioInput(),
        choices=[SelectChoice(kind, KIND_TITLES[kind]) for kind in KINDS],
        validators=[InputRequired(message="Select the report")],
    )
    term = SelectField(
        "Term (termly reports)", widget=GovSelect(), validate_choice=False, validators=[Optional()]
    )
    week_ending = DateField(
        "Week ending (weekly update)",
        widget=GovDateInput(),
        format="%d %m %Y",
        validators=[Optional()],
        description="Any day of the school week, for example 13 1 2023.",
    )
    show = SubmitField("Preview report", widget=GovSubmitInput())

    def set_terms(self, *, terms: Iterable[Term]) -> None:
        self.term.choices = [SelectChoice(term.slug, term.label) for term in terms]

    def validate_term(self, field: SelectField) -> None:
        if self.kind.data == LEADERSHIP_WEEKLY:
            return
        if not field.data:
            raise ValidationError("Select the term the report is for")
        if field.data not in {choice.value for choice in field.choices or []}:
            raise ValidationError("Select a term from the list")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # The date is optional for termly reports, so its Optional() validator ends the
        # field's checks when it is blank: the weekly update's need for it is checked here.
        week = self.week_ending
        if not week.raw_data:
            week.raw_data = None  # The GOV.UK date widget needs all three parts or none.
        if self.kind.data == LEADERSHIP_WEEKLY and week.data is None and not week.errors:
            week.errors = ["Enter the week-ending date, for example 13 1 2023"]
            valid = False
        elif self.kind.data == LEADERSHIP_WEEKLY and week.data is not None:
            try:
                check_week_ending(week_ending=week.data)
            except InvalidContent as error:
                week.errors = list(error.problems.values())
                valid = False
        return valid


class SubmitReportForm(FlaskForm):
    presenter = StringField(
        "Presented by",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter who presents the report"),
            Length(max=300, message="Presented by must be 300 characters or fewer"),
        ],
    )
    final = RadioField(
        "Is this the final version?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("draft", "No, it is a draft for comment"),
            SelectChoice("final", "Yes, it is final"),
        ],
        validators=[InputRequired(message="Select whether the report is final or a draft")],
    )
    lock_term = BooleanField(
        "Lock the term when the report is submitted",
        widget=GovCheckboxInput(),
        description="Nothing in a locked term can change until the service manager unlocks it "
        "with a reason.",
    )
    confirm = SubmitField("Submit to board", widget=GovSubmitInput())


class TrainingTermForm(FlaskForm):
    class Meta:
        csrf = False

    term = SelectField("Term", widget=GovSelect(), validate_choice=False)
    show = SubmitField("Show term", widget=GovSubmitInput())

    def set_terms(self, *, terms: Iterable[Term]) -> None:
        self.term.choices = [SelectChoice(term.slug, term.label) for term in terms]

    def validate_term(self, field: SelectField) -> None:
        if field.data not in {choice.value for choice in field.choices or []}:
            raise ValidationError("Select a term from the list")


class WholeNumberField(IntegerField):
    """A count, whose "not a number" message says what to enter, as GOV.UK asks."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata([value.strip().replace(",", "") for value in valuelist])
        except ValueError:
            self.data = None
            raise ValueError(f"Enter the {self.label.text.lower()}, as a whole number") from None


def _count(label: str) -> IntegerField:
    return WholeNumberField(
        label,
        widget=GovTextInput(),
        validators=[
            InputRequired(message=f"Enter the {label.lower()}, as a whole number"),
            NumberRange(
                0, MAX_COUNT, message=f"The {label.lower()} must be between 0 and {MAX_COUNT:,}"
            ),
        ],
    )


class TrainingForm(FlaskForm):
    tier = RadioField(
        "Tier of training",
        widget=GovRadioInput(),
        choices=[SelectChoice(tier.code, f"{tier.label}: {tier.audience}") for tier in TIERS],
        validators=[InputRequired(message="Select the tier of training")],
    )
    directorate = SelectField(
        "Directorate",
        widget=GovSelect(),
        validate_choice=False,
        validators=[InputRequired(message="Select the directorate")],
    )
    trained = _count("Number trained")
    target = _count("Target")
    save = SubmitField("Save training record", widget=GovSubmitInput())

    def set_directorates(self, names: Iterable[str]) -> None:
        self.directorate.choices = [SelectChoice("", "Choose a directorate")] + [
            SelectChoice(name, name) for name in names
        ]

    def validate_directorate(self, field: SelectField) -> None:
        if field.data not in {choice.value for choice in field.choices or [] if choice.value}:
            raise ValidationError("Select a directorate from the list")
