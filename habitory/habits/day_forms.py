"""The forms that change one day: the toggle (rows, calendar cells) and the day editor.

They parse and check what was sent with the domain's own rules (habitory/domain/days.py), so
a wrong day, amount or note gets the same message from every door.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError

from habitory.domain import days
from habitory.domain.days import KEEP, DayError, Edit
from habitory.forms_text import Text
from habitory.i18n import translate
from habitory.locale_formats import number_symbols


def _sent(field) -> bool:
    return bool(field.raw_data)


class ToggleForm(FlaskForm):
    """POST /habits/<id>/toggle: `day` (blank: today) and optionally the `state` to set."""

    day = StringField()
    state = StringField()
    tag = HiddenField(validators=[Text()])
    view = HiddenField()
    FIELDS = ("day", "state", "tag")

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.parsed_day = today

    def validate_day(self, field) -> None:
        try:
            self.parsed_day = days.parse_day(field.data, self.today)
        except DayError as error:
            raise ValidationError(translate(error.message)) from None

    def validate_state(self, field) -> None:
        if field.data and field.data not in days.STATES:
            raise ValidationError(_l("State must be done, skipped, not_done or clear."))

    def first_error(self) -> tuple[str, str] | None:
        """(field, message) of the first field in error, in the form's order."""
        return next(iter(self.field_errors().items()), None)

    def field_errors(self) -> dict[str, str]:
        """Each field in error and its first message, in the form's order."""
        found = ((name, getattr(self, name).errors) for name in self.FIELDS)
        return {name: errors[0] for name, errors in found if errors}


class DayForm(ToggleForm):
    """POST /habits/<id>/day: a day's amount (measurable habits), state and note.

    A field that was not sent is left as it is (Edit's KEEP)."""

    amount = StringField()
    note = StringField()
    form = HiddenField()
    FIELDS = ("day", "state", "amount", "note", "tag")

    def validate_day(self, field) -> None:
        # Left out, the day is today (the shorthand scripts and older tests use; every form of
        # ours sends one). Sent empty, the user cleared the field: guessing today would save
        # a day they did not choose.
        if _sent(field) and not (field.data or "").strip():
            raise ValidationError(_l("Choose a day."))
        super().validate_day(field)

    def validate_state(self, field) -> None:
        if field.data and field.data not in days.STATES:
            raise ValidationError(_l("Choose done, skipped, not done or clear."))

    def validate_amount(self, field) -> None:
        try:
            self.parsed_amount = (days.parse_amount(field.data or "", *number_symbols())
                                  if _sent(field) else KEEP)
        except DayError as error:
            raise ValidationError(translate(error.message)) from None

    def validate_note(self, field) -> None:
        try:
            self.parsed_note = days.clean_note(field.data or "") if _sent(field) else KEEP
        except DayError as error:
            raise ValidationError(translate(error.message)) from None

    def edit(self) -> Edit:
        """What to change, once validated."""
        return Edit(state=self.state.data or None, amount=self.parsed_amount,
                    note=self.parsed_note)
