"""The form that creates an API token (Settings → API tokens)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField

from ..domain.tokens import NAME_MAX
from ..forms_text import Name


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

    def expires_in_days(self) -> int | None:
        return int(self.expires.data) if self.expires.data else None
