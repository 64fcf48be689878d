"""Account forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from ..account_fields import (
    EMAIL_MAX,
    EMAIL_TAKEN,
    email_validators,
    new_password_validators,
    timezone_choices,
)
from ..clock import is_valid_timezone
from ..domain import accounts
from ..domain.accounts import normalise_email
from ..forms_text import MaxLength, PlainText


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
        taken = accounts.email_taken(field.data)
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
