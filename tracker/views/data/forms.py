"""The data officer's upload form and the filters of the attendance figures page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import RadioField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from tracker.domain.attendance_metrics import DIMENSIONS
from tracker.views.widgets import GovRadioWithHints

DIMENSION_LABELS = {
    "phase": "Phase",
    "year_group": "Year group",
    "sex": "Sex",
    "fsm": "Free school meals",
    "sen": "Special educational needs",
    "ethnicity": "Ethnicity",
    "social_care": "Social care",
    "young_carer": "Young carer",
    "locality": "Locality",
    "school": "School (URN)",
}
DIMENSION_CHOICES = [SelectChoice(dim, DIMENSION_LABELS[dim]) for dim in DIMENSIONS]


class UploadForm(FlaskForm):
    kind = RadioField(
        "What kind of file is it?",
        widget=GovRadioInput(),
        validate_choice=True,
        validators=[InputRequired(message="Select what kind of file it is")],
    )
    upload = FileField("Choose the file", widget=GovFileInput())
    send = SubmitField("Import file", widget=GovSubmitInput())

    def set_kinds(self, kinds: dict[str, tuple[str, tuple[str, ...]]]) -> None:
        """``kinds`` maps each kind to its label and columns; the columns show as a hint."""
        self.kind.choices = [SelectChoice(name, label) for name, (label, _) in kinds.items()]
        self.kind.widget = GovRadioWithHints(
            {name: "Columns: " + ", ".join(columns) for name, (_, columns) in kinds.items()}
        )


class MetricsForm(FlaskForm):
    """Read from the query string, so a choice of figures can be bookmarked and shared."""

    class Meta:
        csrf = False

    year = SelectField("Academic year", widget=GovSelect(), validate_choice=False)
    term = SelectField(
        "Period",
        widget=GovSelect(),
        choices=[
            SelectChoice("", "Whole year to date"),
            SelectChoice("autumn", "Autumn term"),
            SelectChoice("spring", "Spring term"),
            SelectChoice("summer", "Summer term"),
        ],
    )
    by = SelectField(
        "Group by",
        widget=GovSelect(),
        choices=[SelectChoice("", "No grouping"), *DIMENSION_CHOICES],
    )
    then_by = SelectField(
        "Then by",
        widget=GovSelect(),
        choices=[SelectChoice("", "No further grouping"), *DIMENSION_CHOICES],
    )
    show = SubmitField("Show figures", widget=GovSubmitInput())
