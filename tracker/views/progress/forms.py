"""The termly update form and the review forms."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovFileInput,
    GovSubmitInput,
)
from wtforms import (
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from tracker.domain.status import STATUS_BY_CODE
from tracker.domain.update_sheet import MAX_TEXT_LENGTH
from tracker.views.widgets import GovRadioWithHints

UPDATE_STATUSES = ("not_started", "green", "amber", "red", "complete")
# The same limit as the bulk import applies to the same fields.
LONG_TEXT = MAX_TEXT_LENGTH


def _status_choices() -> list[SelectChoice]:
    return [SelectChoice(code, STATUS_BY_CODE[code].label) for code in UPDATE_STATUSES]


def _text(label: str, required_message: str | None = None, **kwargs) -> TextAreaField:
    validators = [InputRequired(message=required_message)] if required_message else [Optional()]
    validators.append(
        Length(max=LONG_TEXT, message=f"{label} must be {LONG_TEXT:,} characters or fewer")
    )
    return TextAreaField(label, widget=GovCharacterCount(), validators=validators, **kwargs)


class UpdateForm(FlaskForm):
    status = RadioField(
        "Delivery status",
        widget=GovRadioWithHints(
            {code: STATUS_BY_CODE[code].definition for code in UPDATE_STATUSES}
        ),
        choices=_status_choices(),
        validators=[InputRequired(message="Select the delivery status")],
    )
    progress = _text("Progress this term", "Enter the progress made this term")
    evidence = _text("Evidence")
    impact = _text("Impact")
    next_steps = _text("Next steps")
    mitigation = _text("Mitigation")
    attachments = MultipleFileField(
        "Attach evidence files (optional)", widget=GovFileInput(multiple=True)
    )
    version = IntegerField(widget=HiddenInput(), default=0)
    save = SubmitField("Save as draft", widget=GovSubmitInput())
    submit = SubmitField("Submit for review", widget=GovSubmitInput())


class ReviewForm(FlaskForm):
    reason = _text("Reason for returning (required to return)")
    approve = SubmitField("Approve", widget=GovSubmitInput())
    send_back = SubmitField("Return to owner", widget=GovSubmitInput())


class ReopenForm(FlaskForm):
    reason = _text("Reason for reopening", "Enter the reason for reopening the update")
    reopen = SubmitField("Reopen update", widget=GovSubmitInput())


class RemoveAttachmentForm(FlaskForm):
    attachment_id = HiddenField()
    remove = SubmitField("Remove", widget=GovSubmitInput())
