"""The email and password fields' checks, shared by sign-up, login and Settings → Account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from habitory.clock import timezone_names
from habitory.domain import email_spelling
from habitory.forms_text import MaxLength, PlainText
from habitory.models import User
from habitory.stats.phrases import N_

EMAIL_MAX = 254
PASSWORD_MAX = 200
# A sentence (stats.phrases): the English here, translated where it is shown.
EMAIL_TAKEN = N_("An account with this email already exists. Log in instead?")


def email_validators(required: str | None = None) -> list:
    """Cheap checks first, each stopping the chain: the email validator costs seconds on
    megabytes, and a later uniqueness query must never see a NUL byte (a 500 on PostgreSQL)."""
    return [
        DataRequired(required),
        PlainText(),
        MaxLength(EMAIL_MAX, _l("An email address has at most %(most)s characters.",
                               most=EMAIL_MAX)),
        Email(_l("Enter a valid email address, like name@example.com."),
              check_deliverability=False),
    ]


def canonical_email(value: str | None) -> str:
    """The forms' filter: the one spelling accounts are made, found and compared under."""
    return email_spelling.canonical(value)


def _typed(field) -> str | None:
    return field.raw_data[0] if field.raw_data else field.data


def account_for(field) -> User | None:
    """The account an email field names, under any of its spellings, or None."""
    return email_spelling.find(_typed(field))


def email_in_use(field, user: User | None = None) -> bool:
    """Whether an account other than `user` has the email of the field, in any spelling."""
    return email_spelling.taken(_typed(field), user)


def new_password_validators(required: str) -> list:
    """A new password: 8 to 200 characters, none of them a control character."""
    return [
        DataRequired(required),
        PlainText(),
        MaxLength(PASSWORD_MAX, _l("Use at most %(most)s characters.", most=PASSWORD_MAX)),
        Length(min=8, message=_l("Use at least 8 characters.")),
    ]


def timezone_choices() -> list[SelectChoice]:
    """One choice for every IANA zone, labelled with spaces for underscores."""
    return [SelectChoice(name, name.replace("_", " ")) for name in timezone_names()]
