"""The shared text filters and validators work on any form, without an app or a request."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from habitory.domain.text import first_control_character
from habitory.forms_text import MaxLength, PlainText, nfc, strip_nfc


class NoteForm(Form):
    calls: list[str] = []

    title = StringField(filters=[strip_nfc], validators=[DataRequired(), PlainText(),
                                                         MaxLength(10)])
    note = TextAreaField(filters=[nfc], validators=[PlainText()])

    def validate_title(self, field):
        NoteForm.calls.append(field.data)  # stands for a costly check or a database query
        if field.data == "taken":
            raise ValidationError("Taken.")


def _form(**data):
    NoteForm.calls = []
    form = NoteForm(MultiDict(data))
    return form, form.validate()


def test_plain_text_passes_and_is_nfc_normalised():
    form, valid = _form(title="  Cafe\u0301 ", note="line one\r\n\tline two")
    assert valid, form.errors
    assert form.title.data == "Caf\u00e9" and form.note.data == "line one\r\n\tline two"
    assert NoteForm.calls == ["Caf\u00e9"]


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1f", "\x7f", "\x80", "\x9f", "\t",
                                       "\n"])
def test_one_line_fields_refuse_every_control_character_before_later_checks(character):
    form, valid = _form(title=f"a{character}b", note="")
    assert not valid
    assert form.title.errors == [
        f"Remove the invisible control character (U+{ord(character):04X}) from this text."]
    assert NoteForm.calls == []  # the chain stopped: no later validator saw it


@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x0c", "\x1b", "\x85"])
def test_text_areas_keep_tabs_and_line_breaks_only(character):
    form, valid = _form(title="ok", note=f"a{character}b")
    assert not valid and "U+" in form.note.errors[0]


def test_max_length_stops_the_chain_and_renders_as_maxlength():
    form, valid = _form(title="x" * 5000, note="")
    assert not valid and form.title.errors == ["Use at most 10 characters (this has 5000)."]
    assert NoteForm.calls == []
    assert 'maxlength="10"' in form.title()


def test_helpers_leave_non_strings_alone():
    assert nfc(None) is None and strip_nfc(3) == 3
    assert first_control_character("fine") is None
    assert first_control_character("a\tb", multiline=True) is None
    assert first_control_character("a\tb") == "\t"
