"""The form that creates an API token (Settings → API tokens)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField

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
