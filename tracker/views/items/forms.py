"""The item list's filter form (sent by GET, so a filtered list can be bookmarked)."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from tracker.domain.rag import SUMMARY_STATUSES
from tracker.domain.status import STATUS_BY_CODE


def _known(field: SelectField) -> None:
    """An unknown value (a tampered or stale link) gets a message, not a crash."""
    if field.data and field.data not in {choice.value for choice in field.choices or []}:
        name = field.label.text.lower()
        article = "an" if name[0] in "aeiou" else "a"
        raise ValidationError(f"Choose {article} {name} from the list")


class ItemFilterForm(FlaskForm):
    class Meta:
        csrf = False  # A GET search changes nothing, so it needs no CSRF token.

    priority = SelectField(
        "Priority", widget=GovSelect(), validators=[Optional()], default="", validate_choice=False
    )
    locality = SelectField(
        "Locality",
        widget=GovSelect(),
        validators=[Optional()],
        default="",
        validate_choice=False,
    )
    owner = SelectField(
        "Owner", widget=GovSelect(), validators=[Optional()], default="", validate_choice=False
    )
    term = SelectField("Term", widget=GovSelect(), validators=[Optional()], validate_choice=False)
    status = SelectField(
        "Status", widget=GovSelect(), validators=[Optional()], default="", validate_choice=False
    )
    q = StringField(
        "Search words",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=200, message="Search words must be 200 characters or fewer"),
        ],
    )
    withdrawn = BooleanField(
        "Include items withdrawn from the plan", widget=GovCheckboxInput(), default=False
    )
    submit = SubmitField("Apply filters", widget=GovSubmitInput())

    def set_choices(self, *, priorities, localities, owners, terms) -> None:
        self.priority.choices = [SelectChoice("", "All priorities")] + [
            SelectChoice(str(p.number), f"Priority {p.number}: {p.title}") for p in priorities
        ]
        self.locality.choices = [SelectChoice("", "All localities")] + [
            SelectChoice(locality.slug, locality.name) for locality in localities
        ]
        self.owner.choices = [SelectChoice("", "Anyone")] + [
            SelectChoice(str(person.id), person.name) for person in owners
        ]
        self.term.choices = [SelectChoice(term.slug, term.label) for term in terms]
        self.status.choices = [SelectChoice("", "Any status")] + [
            SelectChoice(code, STATUS_BY_CODE[code].label) for code in SUMMARY_STATUSES
        ]

    validate_priority = validate_locality = validate_owner = validate_status = lambda self, field: (
        _known(field)
    )
    validate_term = validate_priority
