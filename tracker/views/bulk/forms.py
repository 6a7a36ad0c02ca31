"""The bulk import form, and the term chooser of the bulk update page."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import RadioField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

# A plan's sheet is well under a megabyte; anything far larger is the wrong file.
MAX_SHEET_BYTES = 5 * 1024 * 1024


class ImportForm(FlaskForm):
    file = FileField(
        "Upload the edited file",
        widget=GovFileInput(),
        validators=[
            FileRequired("Select the XLSX or CSV file to import"),
            FileAllowed(["xlsx", "csv"], "The selected file must be an XLSX or CSV file"),
            FileSize(MAX_SHEET_BYTES, message="The selected file must be smaller than 5 MB"),
        ],
    )
    then = RadioField(
        "What should happen to the changed updates?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("draft", "Save them as drafts"),
            SelectChoice("submit", "Submit them for review"),
        ],
        default="draft",
        validators=[InputRequired("Select what should happen to the changed updates")],
    )
    submit = SubmitField("Import updates", widget=GovSubmitInput())


class TermChoiceForm(FlaskForm):
    class Meta:
        csrf = False  # Choosing a term to look at changes nothing.

    term = SelectField("Term", widget=GovSelect())
    show = SubmitField("Show term", widget=GovSubmitInput())

    def set_choices(self, terms) -> None:
        self.term.choices = [SelectChoice(term.slug, term.label) for term in terms]
