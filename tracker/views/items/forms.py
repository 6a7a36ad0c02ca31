"""The item list's filter form (sent by GET, so a filtered list can be bookmarked)."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional


class ItemFilterForm(FlaskForm):
    class Meta:
        csrf = False  # A GET search changes nothing, so it needs no CSRF token.

    priority = SelectField("Priority", widget=GovSelect(), validators=[Optional()], default="")
    locality = SelectField(
        "Locality priorities", widget=GovSelect(), validators=[Optional()], default=""
    )
    q = StringField(
        "Search words",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=200, message="Search words must be 200 characters or fewer"),
        ],
    )
    submit = SubmitField("Apply filters", widget=GovSubmitInput())

    def set_choices(self, *, priorities, groups) -> None:
        self.priority.choices = [SelectChoice("", "All priorities")] + [
            SelectChoice(str(p.number), f"Priority {p.number}: {p.title}") for p in priorities
        ]
        self.locality.choices = [SelectChoice("", "All locality groups")] + [
            SelectChoice(g.slug, g.name) for g in groups
        ]
