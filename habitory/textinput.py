"""Text typed into forms: NFC-normalised, refused when it holds control characters, and length
checks that run before anything costly.

For any StringField or TextAreaField; needs no app or request, so forms and tests can import it
anywhere:

    name = StringField("Name", filters=[strip_nfc],
                       validators=[DataRequired(), PlainText(), MaxLength(80), ...])

PlainText and MaxLength stop the validation chain when they fail: the validators after them
(an email check that costs seconds on megabytes, a uniqueness query that PostgreSQL would
refuse with a 500 for a NUL byte) never see such text. Put them first.
"""

from __future__ import annotations

import re
import unicodedata

from wtforms.validators import StopValidation
from wtforms.widgets import TextArea

# Unicode's control characters (category Cc): C0, DEL and C1. A text area keeps tab, line feed
# and carriage return (browsers send a line break as CR LF).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def nfc(value):
    """Filter: the NFC form of a string ("é" typed as e + accent becomes one character), so
    equal-looking text compares equal; anything else passes through."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def strip_nfc(value):
    """Filter: trimmed and NFC-normalised; anything else passes through."""
    return nfc(value.strip()) if isinstance(value, str) else value


def first_control_character(text: str, multiline: bool = False) -> str | None:
    """The first control character in text (tab and line breaks allowed when multiline)."""
    found = (_CONTROLS_BUT_LINES if multiline else _CONTROLS).search(text)
    return found.group() if found else None


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
                f"Remove the invisible control character (U+{ord(found):04X}) from this text."
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
                f"Use at most {self.maximum} characters (this has {len(field.data)})."
            ))
