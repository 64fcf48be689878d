"""Habit forms."""

from __future__ import annotations

from datetime import time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, SelectMultipleField, StringField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from habitory.domain import habits
from habitory.domain.habits import (
    FREQUENCY_DAYS_MAX,
    REMINDERS_PER_HABIT,
    TAGS_PER_HABIT,
    TARGET_MAX,
    UNIT_MAX,
    HabitSettings,
)
from habitory.domain.numbers import parse_number
from habitory.domain.palette import COLOURS, DEFAULT_COLOUR
from habitory.forms_text import Name, Text, names_in
from habitory.habits import kind_change
from habitory.habits.forms_reminders import RiskReminderFields
from habitory.i18n import error_text
from habitory.locale_formats import (
    grouped,
    input_number,
    number_symbols,
    user_first_day,
)
from habitory.models import DESCRIPTION_MAX, NAME_MAX, TAG_MAX, Habit


def _strip(value: str | None) -> str:
    return (value or "").strip()


class HabitNameForm(FlaskForm):
    """Add or rename: a trimmed name, 1-80 characters, something visible in it, unique per user
    whatever the case."""

    name = StringField(_l("Habit name"), filters=[_strip], validators=[Name(NAME_MAX)])

    def __init__(self, *args, habit: Habit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.habit = habit

    def validate_name(self, field) -> None:
        """Say exactly what is wrong with the name."""
        if not field.data:
            raise ValidationError(_l("Give the habit a name."))
        if len(field.data) > NAME_MAX:
            raise ValidationError(
                _("Keep the name to %(limit)s characters or fewer (this one has %(length)s).",
                  limit=NAME_MAX, length=len(field.data))
            )
        if habits.name_taken(current_user.id, field.data, self.habit):
            raise ValidationError(_("You already have a habit called “%(name)s”.",
                                    name=field.data))


WEEKDAY_CHOICES = [
    SelectChoice(str(day), label)
    for day, label in enumerate((_l("Mon"), _l("Tue"), _l("Wed"), _l("Thu"), _l("Fri"), _l("Sat"),
                                 _l("Sun")))
]
SCHEDULE_CHOICES = [
    SelectChoice("daily", _l("Every day")),
    SelectChoice("times_per_week", _l("Some days a week")),
    SelectChoice("weekdays", _l("On chosen weekdays")),
    SelectChoice("every_other_day", _l("Every other day")),
    SelectChoice("monthly", _l("Once a month")),
    SelectChoice("custom", _l("Custom: N times in D days")),
]
KIND_CHOICES = [
    SelectChoice("yes_no", _l("Yes or no: did I do it?")),
    SelectChoice("measurable", _l("Measurable: how much?")),
    SelectChoice("quit", _l("Quit: a day counts unless I slip")),
]
# The names are translated when the form is drawn (palette.py marks them for the catalogues).
COLOUR_CHOICES = [SelectChoice(key, _l(label)) for key, label in COLOURS]
PRESETS = {"daily": (1, 1), "every_other_day": (1, 2), "monthly": (1, 30)}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _optional_int(value):
    """Blank means "not given"; anything else must be a whole number (checked in validate)."""
    return value.strip() if isinstance(value, str) else value


WEEKDAY_VALUES = frozenset("0123456")  # one character each: "" is no day


class HabitForm(RiskReminderFields, HabitNameForm):
    """Every setting of a habit: schedule, kind, target, colour, icon, tags."""

    description = StringField(_l("Question or description"), filters=[_strip],
                              validators=[Text(multiline=True)])
    kind = RadioField(_l("Type"), choices=KIND_CHOICES, default="yes_no")
    schedule = RadioField(_l("How often"), choices=SCHEDULE_CHOICES, default="daily")
    times_per_week = StringField(_l("Times a week"), default="3", filters=[_optional_int])
    freq_num = StringField(_l("Times (N)"), default="1", filters=[_optional_int])
    freq_den = StringField(_l("In days (D)"), default="7", filters=[_optional_int])
    days = MultiCheckboxField(_l("Days"), choices=WEEKDAY_CHOICES, default=["0", "2", "4"])
    unit = StringField(_l("Unit"), filters=[_strip], validators=[Text()])
    target = StringField(_l("Target"), filters=[_optional_int])
    direction = RadioField(
        _l("Direction"),
        choices=[SelectChoice("at_least", _l("At least")), SelectChoice("at_most", _l("At most"))],
        default="at_least",
    )
    colour = RadioField(_l("Colour"), choices=COLOUR_CHOICES, default=DEFAULT_COLOUR)
    icon = StringField(_l("Emoji or icon"), filters=[_strip], validators=[Text()])
    tags = StringField(_l("Tags"), filters=[_strip], validators=[Text()])
    reminders = StringField(_l("Reminder times"), filters=[_strip], validators=[Text()])
    # Sent once the page has said what a measurable habit's new type drops (kind_warning).
    confirm_kind = BooleanField(_l("Yes, change its type"))
    days_max = FREQUENCY_DAYS_MAX  # a custom schedule's longest D, as imports and the API take

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The weekday boxes start on the user's first day of the week, as the calendars do.
        first = user_first_day()
        self.days.choices = WEEKDAY_CHOICES[first:] + WEEKDAY_CHOICES[:first]

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the checks that depend on the schedule and the kind."""
        valid = super().validate(extra_validators)
        self.frequency: tuple[int, int] = (1, 1)
        self.weekday_bits: int | None = None
        self.target_value: float | None = None
        self.tag_names: list[str] = []
        self.reminder_times: list[time] = []
        checks = (self._check_choices, self._check_schedule, self._check_target,
                  self._check_text, self._check_reminders, self.check_risk)
        return all([check() for check in checks]) and valid

    def _check_choices(self) -> bool:
        """Editing, the form always sends each of its radio groups: one left out comes from no page
        of ours, and reading it as its default would turn a measurable habit into a yes/no one
        (a new habit may take the defaults: quick add sends the name alone). A direction left
        out keeps the habit's own (scripts written before it was a field)."""
        if self.habit is None:
            return True
        if not self.direction.raw_data and self.habit is not None and self.habit.direction:
            self.direction.data = self.habit.direction  # "at most" stays "at most"
        groups = [(self.kind, _l("Choose a type.")), (self.schedule, _l("Choose how often.")),
                  (self.colour, _l("Choose a colour."))]
        return all([self._error(field, message) for field, message in groups
                    if not field.raw_data])

    def kind_warning(self) -> str | None:
        """What saving drops when the user has not yet said yes to it (kind_change.dropped)."""
        if self.habit is None or self.confirm_kind.data:
            return None
        return kind_change.dropped(self.habit, self.kind.data)

    def _error(self, field, message: str) -> bool:
        field.errors = [*field.errors, message]
        return False

    def _whole(self, field, low: int, high: int, what: str) -> int | None:
        raw = field.data
        if raw in (None, ""):
            self._error(field, _("Enter the %(what)s.", what=what))
            return None
        try:
            value = int(str(raw))
        except ValueError:
            self._error(field, _("The %(what)s must be a whole number, like 3.", what=what))
            return None
        if not low <= value <= high:
            self._error(field, _("The %(what)s must be between %(low)s and %(high)s.", what=what,
                                 low=low, high=high))
            return None
        return value

    def _check_schedule(self) -> bool:
        choice = self.schedule.data
        if choice in PRESETS:
            self.frequency = PRESETS[choice]
            return True
        if choice == "times_per_week":
            times = self._whole(self.times_per_week, 1, 7, _l("number of times a week"))
            if times is None:
                return False
            self.frequency = (times, 7)
            return True
        if choice == "weekdays":
            chosen = {int(d) for d in self.days.data or [] if d in WEEKDAY_VALUES}
            if not chosen:
                return self._error(self.days, _l("Pick at least one day."))
            self.weekday_bits = sum(1 << d for d in chosen)
            return True
        if choice == "custom":
            den = self._whole(self.freq_den, 1, FREQUENCY_DAYS_MAX, _l("number of days (D)"))
            num = self._whole(self.freq_num, 1, FREQUENCY_DAYS_MAX, _l("number of times (N)"))
            if num is None or den is None:
                return False
            if num > den:
                return self._error(
                    self.freq_num, ngettext("N cannot be more than D: at most %(num)s time in "
                                            "%(num)s day.",
                                            "N cannot be more than D: at most %(num)s times in "
                                            "%(num)s days.", den)
                )
            self.frequency = (num, den)
            return True
        return self._error(self.schedule, _l("Choose how often."))

    def _check_target(self) -> bool:
        if self.kind.data != "measurable":
            return True
        raw = self.target.data
        if not str(raw or "").strip():  # an import can leave a measurable habit without one
            return self._error(self.target, _l("Set a target for this measurable habit: the "
                                               "amount to reach (at least) or to stay under "
                                               "(at most), like 8 or 2.5."))
        try:
            target = parse_number(str(raw or ""), *number_symbols())
        except ValueError:
            return self._error(self.target, _l("The target must be a number, like 8 or 2.5."))
        if self.direction.data == "at_least" and target <= 0:
            return self._error(self.target, _l("For “at least”, the target must be more than 0."))
        if target < 0:
            return self._error(self.target, _l("The target cannot be negative."))
        if target > TARGET_MAX:
            return self._error(self.target, _("The target must be at most %(most)s.",
                                              most=grouped(TARGET_MAX)))
        self.target_value = target
        return True

    def _check_text(self) -> bool:
        ok = True
        if len(self.description.data or "") > DESCRIPTION_MAX:
            ok = self._error(self.description, _("Keep it to %(limit)s characters.",
                                                 limit=DESCRIPTION_MAX))
        if len(self.unit.data or "") > UNIT_MAX:
            ok = self._error(self.unit, _("Keep the unit to %(limit)s characters.",
                                          limit=UNIT_MAX))
        if len(self.icon.data or "") > 8:
            ok = self._error(self.icon,
                             _l("Use one emoji or a short symbol (8 characters at most)."))
        if not self.tags.errors:  # Text() refused a control character: said once is enough
            try:
                self.tag_names = names_in(self.tags.data or "", TAG_MAX, TAGS_PER_HABIT)
            except ValueError as error:
                ok = self._error(self.tags, error_text(error))
        return ok

    def _check_reminders(self) -> bool:
        if self.reminders.errors:
            return False
        times: list[time] = []
        for raw in (self.reminders.data or "").replace(";", ",").split(","):
            raw = raw.strip()
            if not raw:
                continue
            try:  # H:MM or HH:MM, digits only ("-0:30" and "7:5" are typos, not times)
                hour, minute = raw.split(":")
                if not (hour.isdigit() and len(hour) <= 2 and minute.isdigit()
                        and len(minute) == 2):
                    raise ValueError(raw)
                moment = time(int(hour), int(minute))
            except ValueError:
                return self._error(self.reminders, _("“%(raw)s” is not a time: use 24-hour "
                                                     "times like 07:30 or 21:00.", raw=raw[:10]))
            if moment not in times:
                times.append(moment)
            if len(times) > REMINDERS_PER_HABIT:
                return self._error(self.reminders, _("Use at most %(most)s times.",
                                                     most=REMINDERS_PER_HABIT))
        self.reminder_times = sorted(times)
        return True

    def load(self, habit: Habit) -> None:
        """Fill the form from a habit (for editing)."""
        self.name.data = habit.name
        self.description.data = habit.description or ""
        self.kind.data = habit.kind
        self.unit.data = habit.unit or ""
        self.target.data = input_number(habit.target)
        self.direction.data = habit.direction
        self.colour.data = habit.colour or DEFAULT_COLOUR
        self.icon.data = habit.icon or ""
        self.tags.data = ", ".join(t.name for t in habit.tags)
        self.reminders.data = ", ".join(r.at.strftime("%H:%M") for r in habit.reminders)
        self.load_risk(habit)
        self.schedule.data, num, den = _schedule_choice(habit)
        if habit.weekday_set:
            self.days.data = [str(d) for d in sorted(habit.weekday_set)]
        self.times_per_week.data = str(num if den == 7 else 3)
        self.freq_num.data, self.freq_den.data = str(num), str(den)

    def settings(self) -> HabitSettings:
        """The validated settings, for the domain layer to save."""
        return HabitSettings(
            name=self.name.data,
            description=self.description.data or None,
            kind=self.kind.data,
            freq_num=self.frequency[0],
            freq_den=self.frequency[1],
            weekdays=self.weekday_bits,
            unit=self.unit.data or None,
            target=self.target_value,
            direction=self.direction.data,
            colour=self.colour.data,
            icon=self.icon.data or None,
            reminders=tuple(self.reminder_times),
            tags=tuple(self.tag_names),
            remind_at_risk=bool(self.remind_at_risk.data),
            remind_below=self.below_value,
        )


def _schedule_choice(habit: Habit) -> tuple[str, int, int]:
    if habit.weekdays:
        return "weekdays", habit.freq_num, habit.freq_den
    pair = (habit.freq_num, habit.freq_den)
    for key, preset in PRESETS.items():
        if preset == pair or (key == "daily" and pair[0] == pair[1]):
            return key, pair[0], pair[1]
    if pair[1] == 7:
        return "times_per_week", pair[0], pair[1]
    return "custom", pair[0], pair[1]
