"""Form fields for a person's account, shared by sign-in, adding and editing accounts.

One definition each, so the same field says the same thing, with the same
limits and error messages, on every form that asks for it.
"""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovRadioInput, GovTextInput
from wtforms import PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from tracker.domain.passwords import MIN_PASSWORD_LENGTH, TOO_SHORT
from tracker.domain.roles import Role


def email_field(required_message: str = "Enter an email address") -> StringField:
    return StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message=required_message),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(message="Enter an email address in the correct format, like name@example.org"),
        ],
    )


def full_name_field() -> StringField:
    return StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the person's full name"),
            Length(max=200, message="Full name must be 200 characters or fewer"),
        ],
    )


def team_field() -> StringField:
    return StringField(
        "Team or service (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200, message="Team must be 200 characters or fewer")],
    )


def role_field() -> RadioField:
    return RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[SelectChoice(role.value, role.label) for role in Role],
        validators=[InputRequired(message="Select the person's role")],
    )


def new_password_field(label: str, description: str, *, required: bool) -> PasswordField:
    """A password being set: at least ``MIN_PASSWORD_LENGTH`` characters."""
    first = InputRequired(message="Enter a temporary password") if required else Optional()
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        description=f"At least {MIN_PASSWORD_LENGTH} characters. {description}",
        validators=[
            first,
            Length(min=MIN_PASSWORD_LENGTH, message=TOO_SHORT),
        ],
    )
