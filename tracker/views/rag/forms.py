"""Choosing the term the RAG summary is for (sent by GET, so a summary can be bookmarked)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from tracker.models import Term


class TermChoiceForm(FlaskForm):
    class Meta:
        csrf = False  # A GET choice changes nothing, so it needs no CSRF token.

    # Checked by ``validate_term`` so an unknown term gets a plain-English message.
    term = SelectField("Term", widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Show summary", widget=GovSubmitInput())

    def set_choices(self, *, terms: Iterable[Term]) -> None:
        self.term.choices = [SelectChoice(term.slug, term.label) for term in terms]

    def validate_term(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError("Select a term")
        if field.data not in {choice.value for choice in field.choices or []}:
            raise ValidationError("Select a term from the list")
