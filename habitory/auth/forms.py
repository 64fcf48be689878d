"""Account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from habitory.i18n import translate

from ..account_fields import (
    EMAIL_MAX,
    EMAIL_TAKEN,
    canonical_email,
    email_in_use,
    email_validators,
    new_password_validators,
    timezone_choices,
)
from ..clock import is_valid_timezone
from ..forms_text import MaxLength, PlainText


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        filters=[canonical_email],
        validators=[
            DataRequired(),
            PlainText(),
            MaxLength(EMAIL_MAX, _l("An email address has at most %(most)s characters.",
                               most=EMAIL_MAX)),
        ],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Remember me"))
    next = HiddenField()


class RegisterForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        filters=[canonical_email],
        validators=email_validators(_l("Enter your email address.")),
    )
    password = PasswordField(_l("Password"),
                             validators=new_password_validators(_l("Choose a password.")))
    confirm = PasswordField(
        _l("Confirm password"),
        validators=[
            DataRequired(_l("Type the password again.")),
            EqualTo("password", _l("The two passwords do not match.")),
        ],
    )
    # One select: keys.js preselects the browser's zone; without JavaScript the user picks.
    timezone = SelectField(_l("Timezone"), choices=[], default="UTC", validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()

    def validate_email(self, field) -> None:
        """Emails are unique, whatever their case or spelling (account_fields.canonical_email)."""
        if email_in_use(field):
            raise ValidationError(translate(EMAIL_TAKEN))

    def validate_password(self, field) -> None:
        """A password equal to the email is the first one anyone tries."""
        if field.data and canonical_email(field.data) == self.email.data:
            raise ValidationError(_l("Your password must not be your email address."))

    def validate_timezone(self, field) -> None:
        """An unknown zone would silently shift every day the user ticks."""
        if field.data and not is_valid_timezone(field.data):
            raise ValidationError(_l("Choose a timezone from the list."))
