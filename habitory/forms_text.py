"""WTForms validators built on habitory.domain.text: every form cleans text by one rule.

Put them first in a field's validators: they replace the field's data with the cleaned text
(NFC, no bidirectional controls, names trimmed of zero-width characters), or stop the field's
validation with domain.text's message at the field, so no later check (a uniqueness query)
ever sees text the database cannot store.
"""

from __future__ import annotations

from wtforms.validators import StopValidation

from habitory.domain.text import TextError, clean, clean_name


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
            raise StopValidation(str(error)) from None


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
            raise StopValidation(f"Keep the {self.what} to {self.limit} characters or fewer "
                                 f"(this one has {len(field.data)}).")
        try:
            field.data = clean_name(field.data, self.what)
        except TextError as error:
            raise StopValidation(str(error)) from None


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
            raise ValueError(f"Each {what} can have at most {limit} characters.")
        try:
            name = clean_name(part, what)
        except TextError as error:
            raise ValueError(str(error)) from None
        if name:
            names.setdefault(name.casefold(), name)
        if len(names) > most:
            raise ValueError(f"Use at most {most} {what}s per habit.")
    return list(names.values())
