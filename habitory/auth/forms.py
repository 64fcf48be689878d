"""Account forms."""

from __future__ import annotations

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..clock import is_valid_timezone, timezone_names
from ..extensions import db
from ..models import User
from ..textinput import MaxLength, PlainText, nfc

EMAIL_MAX = 254
PASSWORD_MAX = 200
EMAIL_TAKEN = "An account with this email already exists. Log in instead?"


def timezone_choices() -> list[tuple[str, str]]:
    """(value, label) pairs for every IANA zone."""
    return [(name, name.replace("_", " ")) for name in timezone_names()]


def normalise_email(value: str | None) -> str:
    """Emails are compared and stored trimmed, lower-cased and in Unicode's NFC form."""
    return nfc((value or "").strip().lower())


def email_validators(required: str | None = None) -> list:
    """Cheap checks first, each stopping the chain: the email validator costs seconds on
    megabytes, and a later uniqueness query must never see a NUL byte (a 500 on PostgreSQL)."""
    return [
        DataRequired(required),
        PlainText(),
        MaxLength(EMAIL_MAX, f"An email address has at most {EMAIL_MAX} characters."),
        Email("Enter a valid email address, like name@example.com.", check_deliverability=False),
    ]


def new_password_validators(required: str) -> list:
    """A new password: 8 to 200 characters, none of them a control character."""
    return [
        DataRequired(required),
        PlainText(),
        MaxLength(PASSWORD_MAX, f"Use at most {PASSWORD_MAX} characters."),
        Length(min=8, message="Use at least 8 characters."),
    ]


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        filters=[normalise_email],
        validators=[
            DataRequired(),
            PlainText(),
            MaxLength(EMAIL_MAX, f"An email address has at most {EMAIL_MAX} characters."),
        ],
    )
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Remember me")
    next = HiddenField()


class RegisterForm(FlaskForm):
    email = EmailField(
        "Email",
        filters=[normalise_email],
        validators=email_validators("Enter your email address."),
    )
    password = PasswordField("Password", validators=new_password_validators("Choose a password."))
    confirm = PasswordField(
        "Confirm password",
        validators=[
            DataRequired("Type the password again."),
            EqualTo("password", "The two passwords do not match."),
        ],
    )
    # One select: keys.js preselects the browser's zone; without JavaScript the user picks.
    timezone = SelectField("Timezone", choices=[], default="UTC", validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()

    def validate_email(self, field) -> None:
        """Emails are unique, whatever their case."""
        taken = db.session.scalar(sa.select(User.id).where(User.email == field.data))
        if taken:
            raise ValidationError(EMAIL_TAKEN)

    def validate_password(self, field) -> None:
        """A password equal to the email is the first one anyone tries."""
        if field.data and normalise_email(field.data) == self.email.data:
            raise ValidationError("Your password must not be your email address.")

    def validate_timezone(self, field) -> None:
        """An unknown zone would silently shift every day the user ticks."""
        if field.data and not is_valid_timezone(field.data):
            raise ValidationError("Choose a timezone from the list.")
