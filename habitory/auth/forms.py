"""Account forms."""

from __future__ import annotations

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..clock import is_valid_timezone, timezone_names
from ..extensions import db
from ..forms_text import Text
from ..models import User


def timezone_choices() -> list[tuple[str, str]]:
    """(value, label) pairs for every IANA zone."""
    return [(name, name.replace("_", " ")) for name in timezone_names()]


def normalise_email(value: str | None) -> str:
    """Emails are compared and stored trimmed and lower-cased."""
    return (value or "").strip().lower()


class LoginForm(FlaskForm):
    email = EmailField("Email", filters=[normalise_email],
                       validators=[Text(), DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Remember me")
    next = HiddenField()


class RegisterForm(FlaskForm):
    email = EmailField(
        "Email",
        filters=[normalise_email],
        validators=[
            Text(),  # a NUL must not reach the uniqueness query below
            DataRequired("Enter your email address."),
            Email(
                "Enter a valid email address, like name@example.com.",
                check_deliverability=False,
            ),
            Length(max=254),
        ],
    )
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Choose a password."),
            Length(min=8, max=200, message="Use at least 8 characters."),
        ],
    )
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
            raise ValidationError("An account with this email already exists. Log in instead?")

    def validate_password(self, field) -> None:
        """A password equal to the email is the first one anyone tries."""
        if field.data and normalise_email(field.data) == self.email.data:
            raise ValidationError("Your password must not be your email address.")

    def validate_timezone(self, field) -> None:
        """An unknown zone would silently shift every day the user ticks."""
        if field.data and not is_valid_timezone(field.data):
            raise ValidationError("Choose a timezone from the list.")
