"""The service manager's forms: bulk approval, term state and deadline, owners, accounts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from tracker.domain.workflow import TERM_STATE_LABELS, TERM_TRANSITIONS
from tracker.views.account_fields import (
    email_field,
    full_name_field,
    new_password_field,
    role_field,
    team_field,
)


class BulkApproveForm(FlaskForm):
    """Ticked updates arrive as a list of ``update_id`` values; only the token is a field."""

    approve = SubmitField("Approve selected updates", widget=GovSubmitInput())


class TermStateForm(FlaskForm):
    target = RadioField(
        "Change the term to",
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[InputRequired(message="Select what the term should become")],
    )
    reason = TextAreaField(
        "Reason (required to unlock a term)",
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=2000, message="Reason must be 2,000 characters or fewer"),
        ],
    )
    change = SubmitField("Change term state", widget=GovSubmitInput())

    def set_choices(self, *, current: str) -> None:
        self.target.choices = [
            SelectChoice(state, TERM_STATE_LABELS[state])
            for state in ("upcoming", "open", "closed", "locked")
            if state in TERM_TRANSITIONS[current]
        ]

    def validate_target(self, field) -> None:
        if field.data not in {choice.value for choice in self.target.choices or []}:
            raise ValidationError("Select one of the states listed")


class DeadlineForm(FlaskForm):
    deadline = DateField(
        "Update deadline",
        widget=GovDateInput(),
        format="%d %m %Y",
        validators=[Optional()],
        description="For example, 27 3 2026. Leave blank for no deadline.",
    )
    save = SubmitField("Save deadline", widget=GovSubmitInput())


class OwnersForm(FlaskForm):
    lead = SelectField(
        "Lead owner",
        widget=GovSelect(),
        validate_choice=False,
        validators=[InputRequired(message="Select the lead owner")],
    )
    contributors = SelectMultipleField(
        "Contributors (optional)", widget=GovCheckboxesInput(), validate_choice=False, coerce=str
    )
    save = SubmitField("Save owners", widget=GovSubmitInput())

    def set_choices(self, *, people) -> None:
        choices = [
            SelectChoice(str(person.id), f"{person.name} ({person.team or person.email})")
            for person in people
        ]
        self.lead.choices = [SelectChoice("", "Choose a person"), *choices]
        self.contributors.choices = choices

    def validate_lead(self, field) -> None:
        if field.data not in {choice.value for choice in self.contributors.choices or []}:
            raise ValidationError("Select the lead owner from the list")

    def validate_contributors(self, field) -> None:
        known = {choice.value for choice in self.contributors.choices or []}
        if any(value not in known for value in field.data or []):
            raise ValidationError("Select contributors from the list")
        if self.lead.data in (field.data or []):
            raise ValidationError("The lead owner cannot also be a contributor")


class NewUserForm(FlaskForm):
    name = full_name_field()
    email = email_field()
    team = team_field()
    role = role_field()
    password = new_password_field(
        "Temporary password", "Tell the person separately.", required=True
    )
    create = SubmitField("Create account", widget=GovSubmitInput())


class UnlockForm(FlaskForm):
    reason = TextAreaField(
        "Reason (optional)",
        widget=GovTextArea(),
        description="For example, how you checked it was them. It is kept in the audit record.",
        validators=[
            Optional(),
            Length(max=500, message="Reason must be 500 characters or fewer"),
        ],
    )
    unlock = SubmitField("Unlock account", widget=GovSubmitInput())


class EditUserForm(FlaskForm):
    name = full_name_field()
    team = team_field()
    role = role_field()
    active = BooleanField("Can sign in", widget=GovCheckboxInput())
    password = new_password_field(
        "New password (optional)", "Setting one signs the person out everywhere.", required=False
    )
    save = SubmitField("Save changes", widget=GovSubmitInput())


class AuditFilterForm(FlaskForm):
    """The audit record's filters, sent in the query string (a search, so no CSRF token)."""

    class Meta:
        csrf = False

    event = SelectField("Event", widget=GovSelect(), validate_choice=False)
    person = SelectField("Person", widget=GovSelect(), validate_choice=False)
    date_from = DateField(
        "From",
        widget=GovDateInput(),
        format="%d %m %Y",
        validators=[Optional()],
        description="For example, 27 3 2026",
    )
    date_to = DateField(
        "To",
        widget=GovDateInput(),
        format="%d %m %Y",
        validators=[Optional()],
        description="For example, 27 3 2026",
    )

    def set_choices(self, *, events, people) -> None:
        self.event.choices = [
            SelectChoice("", "All events"),
            *(SelectChoice(event.value, event.label) for event in events),
        ]
        self.person.choices = [
            SelectChoice("", "Everyone"),
            *(SelectChoice(str(person.id), f"{person.name} ({person.email})") for person in people),
        ]

    def validate_event(self, field) -> None:
        if field.data and field.data not in {choice.value for choice in self.event.choices or []}:
            raise ValidationError("Select an event from the list")

    def validate_person(self, field) -> None:
        if field.data and field.data not in {choice.value for choice in self.person.choices or []}:
            raise ValidationError("Select a person from the list")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in (self.date_from, self.date_to):
            if field.errors:
                # WTForms' own "Not a valid date value" is not plain enough.
                field.errors = [
                    f"Date {field.label.text.lower()} must be a real date, like 27 3 2026"
                ]
        first, last = self.date_from.data, self.date_to.data
        if valid and first and last and last < first:
            self.date_to.errors = ["Date to must be the same as or after date from"]
            return False
        return valid
