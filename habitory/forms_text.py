"""WTForms filters and validators built on habitory.domain.text: every form checks text by one
rule, and needs no app or request to import.

Put the validators first in a field's chain: they stop it when they fail, so no later check (an
email validator that costs seconds on megabytes, a uniqueness query that PostgreSQL would refuse
with a 500 for a NUL byte) ever sees such text.
- Text and Name (habit forms) replace the field's data with the cleaned text (NFC, no
  bidirectional controls, names trimmed of zero-width characters) or say why not;
- PlainText and MaxLength (account forms: emails and passwords, which must be kept exactly as
  typed apart from NFC) only refuse; nfc and strip_nfc are their filters.
"""

from __future__ import annotations

import unicodedata

from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms.validators import StopValidation
from wtforms.widgets import TextArea

from habitory.domain.text import TextError, clean, clean_name, first_control_character
from habitory.i18n import error_text


class Text:
    """Free text: control characters (NUL, escape, ...) are refused; tabs and line breaks
    only where `multiline`. Surrounding spaces go."""

    def __init__(self, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, form, field) -> None:
        if not isinstance(field.data, str) or not field.data:
            return
        try:
            field.data = clean(field.data, multiline=self.multiline).strip()
        except TextError as error:
            raise StopValidation(error_text(error)) from None


class Name(Text):
    """A name: Text, at most `limit` characters, and something visible in it. Blank passes
    (the form says how it wants a blank name handled)."""

    def __init__(self, limit: int, what: str = "name") -> None:
        super().__init__()
        self.limit, self.what = limit, what

    def __call__(self, form, field) -> None:
        super().__call__(form, field)
        if not isinstance(field.data, str):
            return
        # Length first: clean_name looks at every character, and a form may send megabytes.
        if len(field.data) > self.limit:
            raise StopValidation(_("Keep the %(what)s to %(limit)s characters or fewer (this "
                                   "one has %(length)s).", what=_(self.what), limit=self.limit,
                                   length=len(field.data)))
        try:
            field.data = clean_name(field.data, self.what)
        except TextError as error:
            raise StopValidation(error_text(error)) from None


def names_in(raw: str, limit: int, most: int, what: str = "tag") -> list[str]:
    """Comma-separated names ("#health, morning"): each cleaned as a name, spaces folded, a
    leading # dropped, repeats (any case) once; ValueError with the message for the field.

    Stops at the first problem, and after `most` distinct names: a megabyte of commas costs
    no more than eleven names."""
    names: dict[str, str] = {}
    for part in raw.split(","):
        part = " ".join(part.split()).lstrip("#").strip()
        if not part:
            continue
        if len(part) > limit:
            raise ValueError(_("Each %(what)s can have at most %(limit)s characters.",
                               what=_(what), limit=limit))
        try:
            name = clean_name(part, what)
        except TextError as error:
            raise ValueError(error_text(error)) from None
        if name:
            names.setdefault(name.casefold(), name)
        if len(names) > most:
            raise ValueError(ngettext("Use at most %(num)s tag per habit.",
                                      "Use at most %(num)s tags per habit.", most)
                             if what == "tag" else
                             _("Use at most %(most)s %(what)s per habit.", most=most,
                               what=_(what)))
    return list(names.values())


def nfc(value):
    """Filter: the NFC form of a string ("é" typed as e + accent becomes one character), so
    equal-looking text compares equal; anything else passes through."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def strip_nfc(value):
    """Filter: trimmed and NFC-normalised; anything else passes through."""
    return nfc(value.strip()) if isinstance(value, str) else value


class PlainText:
    """Validator: refuse NUL and the other control characters, with a message at the field.

    multiline=None decides by the widget: a text area allows tab and line breaks, a one-line
    field nothing. Stops the chain on failure.
    """

    def __init__(self, multiline: bool | None = None, message: str | None = None):
        self.multiline = multiline
        self.message = message

    def __call__(self, form, field) -> None:
        if not isinstance(field.data, str):
            return
        multiline = self.multiline
        if multiline is None:
            multiline = isinstance(field.widget, TextArea)
        found = first_control_character(field.data, multiline)
        if found is not None:
            raise StopValidation(self.message or (
                _("Remove the invisible control character (%(code)s) from this text.",
                  code=f"U+{ord(found):04X}")
            ))


class MaxLength:
    """Validator: at most `maximum` characters. Unlike WTForms' Length it stops the chain, so
    the validators after it never run on an oversized value."""

    def __init__(self, maximum: int, message: str | None = None):
        self.maximum = maximum
        self.message = message
        self.field_flags = {"maxlength": maximum}  # rendered as the input's maxlength

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and len(field.data) > self.maximum:
            raise StopValidation(self.message or (
                _("Use at most %(most)s characters (this has %(length)s).", most=self.maximum,
                  length=len(field.data))
            ))
