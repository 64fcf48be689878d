"""The form that creates an API token (Settings → API tokens)."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, StringField

from ..domain.tokens import NAME_MAX
from ..forms_text import Name
from ..models import utcnow

EPOCH = datetime(1970, 1, 1)
# When the form was drawn (seconds, naive UTC), then 128 random bits: the random part alone
# tells renderings apart. Ten digits at most: a later year would not fit a datetime. Anything
# else (at most 33 characters pass) is no value of ours, as if the field had not been sent.
ONCE = re.compile(r"(\d{1,10})\.[A-Za-z0-9_-]{22}")


def new_once() -> str:
    """The one-time value of a new rendering of the form."""
    drawn = int((utcnow() - EPOCH).total_seconds())
    return f"{drawn}.{secrets.token_urlsafe(16)}"


def _strip(value: str | None) -> str:
    return (value or "").strip()


class TokenForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip], validators=[Name(NAME_MAX)])
    scope = RadioField(
        _l("Access"),
        choices=[SelectChoice("read", _l("Read only: see habits, check-ins and statistics")),
                 SelectChoice("read-write", _l("Read and write: also tick days and change "
                                               "habits"))],
        default="read",
    )
    # Never by default: a token made before this choice existed never expires either, and a
    # Home Assistant set up once should not stop without its owner having chosen so.
    expires = SelectField(
        _l("Expires"),
        choices=[SelectChoice("", _l("Never")),
                 SelectChoice("7", _l("After 7 days")),
                 SelectChoice("30", _l("After 30 days")),
                 SelectChoice("90", _l("After 90 days")),
                 SelectChoice("365", _l("After a year"))],
        default="",
    )

    # One value per rendering: the token made with it is the only one it makes, however often
    # the browser sends the form (a reload of the answer, a double click). No default: a
    # submission without it (a script, a page from before) is told apart and works as before.
    once = HiddenField()

    def expires_in_days(self) -> int | None:
        return int(self.expires.data) if self.expires.data else None

    def sent_once(self) -> str | None:
        """The rendering's one-time value as sent; None when there is none of ours."""
        value = self.once.data
        return value if isinstance(value, str) and ONCE.fullmatch(value) else None
