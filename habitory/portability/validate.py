"""The checks every import passes before the store sees it, whatever the format.

`finalise` enforces the limits (habits, check-ins, dates, name length), Habitory's column
sizes and the web form's rules for every value: text through domain.text (no control
characters, names NFC with something visible), amounts and targets from 0 to 1,000,000, at
most 10 tags and 5 reminders a habit, positions within an INTEGER (and form_rules settles,
with a warning, the settings the form would not take, and a measurable day's state by its
amount, as the day form and the API decide it). So the store can trust
what it gets, and a bad value is a message naming the habit and the field, with nothing
written.
"""

from __future__ import annotations

import math
import re
from datetime import date, time, timedelta

from habitory.domain.days import MAX_AMOUNT
from habitory.domain.habits import (
    FREQUENCY_DAYS_MAX,
    ICON_MAX,
    POSITION_MAX,
    REMINDERS_PER_HABIT,
    TAGS_PER_HABIT,
    TARGET_MAX,
    UNIT_MAX,
)
from habitory.domain.text import WHAT_WORDS, TextError, clean, clean_name, quoted
from habitory.locale_formats import grouped_later
from habitory.models import DESCRIPTION_MAX, NAME_MAX, NOTE_MAX, TAG_MAX, name_key
from habitory.portability.form_rules import Settled, judged_by_amount
from habitory.portability.formats import (
    EPOCH,
    BadImportFile,
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
)
from habitory.portability.loop import first_shown_day
from habitory.stats.phrases import N_, NP_
from habitory.stats.schedule import DIRECTIONS, KINDS, STATES

_LINE_BREAKS = re.compile(r"[\t\n\r]+")


def _text(value: str | None, what: str, habit: str, multiline: bool = False) -> str | None:
    """A free-text field through domain.text.clean, trimmed; blank is None."""
    if value is None:
        return None
    if not multiline:
        value = _LINE_BREAKS.sub(" ", value)
    try:
        return clean(value, multiline=multiline).strip() or None
    except TextError as error:
        raise BadImportFile(N_('The %(what)s of habit "%(habit)s" cannot be imported: '
                               "%(error)s", what=WHAT_WORDS.get(what, what), habit=habit,
                               error=error.args[0])) \
            from None


def _clip(value: str | None, limit: int, what: str, habit: str, warnings: list[str],
          multiline: bool = False):
    """A cleaned free-text field, trimmed to its column, saying so once per field."""
    value = _text(value, what, habit, multiline)
    if value is not None and len(value) > limit:
        warnings.append(N_('The %(what)s of "%(habit)s" was cut to %(limit)s characters.',
                           what=WHAT_WORDS.get(what, what), habit=habit,
                           limit=grouped_later(limit)))
        return value[:limit].strip()
    return value


def _name(raw: str, number: int) -> str:
    """A habit's name: one line, cleaned like a name typed in the form, at most NAME_MAX."""
    text = _LINE_BREAKS.sub(" ", raw).strip()  # a newline would break a CSV header
    if not text:
        raise BadImportFile(N_("Habit number %(number)s in the file has no name.", number=number))
    if len(text) > NAME_MAX:
        raise BadImportFile(
            N_('The habit name "%(text)s…" is %(count)s characters long; Habitory allows at '
               "most %(name_max)s. Shorten it and export again.",
               text=quoted(text[:40]), count=grouped_later(len(text)),
               name_max=grouped_later(NAME_MAX))
        )
    try:
        name = clean_name(text)
    except TextError as error:
        raise BadImportFile(N_('The name of habit number %(number)s ("%(text)s") cannot be '
                               "imported: %(error)s",
                               number=number, text=quoted(text), error=error.args[0])) from None
    if not name:
        raise BadImportFile(N_("Habit number %(number)s in the file has no name.", number=number))
    return name


def _tags(values: list, habit: str) -> list[str]:
    """Tags as the form takes them: names, at most TAG_MAX characters and TAGS_PER_HABIT."""
    tags: dict[str, str] = {}
    for value in values:
        text = _LINE_BREAKS.sub(" ", str(value)).strip().lstrip("#").strip()
        if len(text) > TAG_MAX:
            raise BadImportFile(
                N_('The tag "%(text)s" of habit "%(habit)s" is longer than %(tag_max)s '
                   "characters.", text=quoted(text, 30), habit=habit, tag_max=TAG_MAX)
            )
        try:
            tag = clean_name(text, "tag")
        except TextError as error:
            raise BadImportFile(N_('A tag of habit "%(habit)s" cannot be imported: %(error)s',
                                   habit=habit, error=error.args[0])) \
                from None
        if tag:
            tags.setdefault(tag.casefold(), tag)
        if len(tags) > TAGS_PER_HABIT:
            raise BadImportFile(N_('Habit "%(habit)s" has more than %(tags_per_habit)s tags; '
                                   "Habitory keeps at most %(tags_per_habit)s a habit.",
                                   habit=habit, tags_per_habit=TAGS_PER_HABIT))
    return list(tags.values())


def unique_name(name: str, taken: set[str]) -> str:
    """name, or "name (2)", "name (3)"... whichever is free, within the name limit."""
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: NAME_MAX - len(suffix)] + suffix
        if name_key(candidate) not in taken:
            return candidate
        number += 1


def _reminders(times: list[str], habit: str, warnings: list[str]) -> list[str]:
    """Valid "HH:MM" local times, sorted and without repeats."""
    valid = set()
    for text in times:
        try:
            valid.add(time.fromisoformat(str(text)).strftime("%H:%M"))
        except ValueError:
            warnings.append(N_('A reminder time of "%(habit)s" was not understood and was '
                               "left out.", habit=habit))
        if len(valid) > REMINDERS_PER_HABIT:
            raise BadImportFile(N_('Habit "%(habit)s" has more than %(reminders_per_habit)s '
                                   "reminder times; Habitory keeps at most "
                                   "%(reminders_per_habit)s a habit.",
                                   habit=habit, reminders_per_habit=REMINDERS_PER_HABIT))
    return sorted(valid)


def _check_settings(habit: ImportedHabit, label: str) -> None:
    if habit.kind not in KINDS:
        raise BadImportFile(N_('Habit "%(label)s" has an unknown kind "%(text)s".',
                               label=label, text=quoted(str(habit.kind))))
    if habit.direction not in DIRECTIONS:
        raise BadImportFile(N_('Habit "%(label)s" has an unknown target direction.', label=label))
    if not (_whole(habit.freq_num) and _whole(habit.freq_den)
            and 1 <= habit.freq_num <= habit.freq_den <= FREQUENCY_DAYS_MAX):
        raise BadImportFile(
            N_('Habit "%(label)s" has an impossible frequency (%(text)s times in %(text2)s '
               "days).",
               label=label, text=quoted(str(habit.freq_num), 12),
               text2=quoted(str(habit.freq_den), 12))
        )
    if habit.weekdays is not None and not (_whole(habit.weekdays) and 1 <= habit.weekdays <= 127):
        raise BadImportFile(N_('Habit "%(label)s" has an impossible set of weekdays.', label=label))
    if habit.target is not None and not _within(habit.target, TARGET_MAX):
        raise BadImportFile(N_('Habit "%(label)s" has an impossible target (%(target)s); '
                               "targets lie between 0 and %(target_max)s.",
                               label=label, target=_shown(habit.target),
                               target_max=grouped_later(TARGET_MAX)))
    if not (_whole(habit.position) and 0 <= habit.position <= POSITION_MAX):
        raise BadImportFile(N_('Habit "%(label)s" has an impossible position in the list.',
                               label=label))
    if not (_whole(habit.remind_below) and 1 <= habit.remind_below <= 99):
        raise BadImportFile(N_('Habit "%(label)s" has an impossible reminder threshold '
                               "(%(text)s); thresholds lie between 1 and 99 %%.",
                               label=label, text=quoted(str(habit.remind_below), 12)))


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value):
    # A float is written the reader's way when the sentence is shown ("12,5" in German); one
    # that %g writes with an exponent (1.5e+06) keeps it, and what is no number is quoted as is.
    if isinstance(value, float) and "e" not in f"{value:g}":
        return value
    return f"{value:g}" if isinstance(value, float) else value


def _within(value, high: float) -> bool:
    """A finite number from 0 to high."""
    return isinstance(value, int | float) and math.isfinite(value) and 0 <= value <= high


def _check_checkins(habit: ImportedHabit, label: str, limits: Limits, warnings: list[str]):
    latest = limits.latest_day()
    # A day after the importer's today by one is a device in a timezone ahead of the account's
    # (a phone abroad): its ticks are left out and said, not the whole file refused.
    ahead = [c for c in habit.checkins if c.day == latest + timedelta(days=1)]
    if ahead:
        habit.checkins = [c for c in habit.checkins if c.day != latest + timedelta(days=1)]
        warnings.append(N_('The check-in of "%(label)s" on %(day)s, after your today, was left '
                           "out (the file comes from a device in a timezone ahead of yours).",
                           label=label, day=ahead[0].day.isoformat()))
    by_day: dict[date, ImportedCheckIn] = {}
    cut_notes = 0
    for checkin in habit.checkins:
        if not EPOCH <= checkin.day <= latest:
            raise BadImportFile(
                N_('Habit "%(label)s" has a check-in dated %(day)s; dates must lie between '
                   "%(epoch)s and %(latest)s.",
                   label=label, day=checkin.day.isoformat(), epoch=EPOCH.isoformat(),
                   latest=latest.isoformat())
            )
        if checkin.state not in STATES:
            raise BadImportFile(N_('Habit "%(label)s" has a check-in with an unknown state.',
                                   label=label))
        if checkin.amount is not None and not _within(checkin.amount, MAX_AMOUNT):
            raise BadImportFile(
                N_('Habit "%(label)s" has an impossible amount (%(amount)s) on %(day)s; '
                   "amounts lie between 0 and %(max_amount)s.",
                   label=label, amount=_shown(checkin.amount), day=checkin.day.isoformat(),
                   max_amount=grouped_later(MAX_AMOUNT))
            )
        if checkin.note is not None:
            checkin.note = _text(checkin.note, N_("note of %(day)s", day=checkin.day.isoformat()),
                                 label,
                                 multiline=True)
            if checkin.note and len(checkin.note) > NOTE_MAX:
                checkin.note = checkin.note[:NOTE_MAX]
                cut_notes += 1
        by_day[checkin.day] = checkin  # a repeated day: the later row wins
    if len(by_day) != len(habit.checkins):
        repeats = len(habit.checkins) - len(by_day)
        warnings.append(NP_('"%(label)s" had %(repeats)s repeated day; the last one was kept.',
                            '"%(label)s" had %(repeats)s repeated days; the last one of each '
                            "was kept.", repeats, label=label, repeats=grouped_later(repeats)))
    if cut_notes:
        warnings.append(NP_('%(cut_notes)s note of "%(label)s" was cut to %(note_max)s '
                            "characters.",
                            '%(cut_notes)s notes of "%(label)s" were cut to %(note_max)s '
                            "characters.", cut_notes, cut_notes=grouped_later(cut_notes),
                            label=label, note_max=grouped_later(NOTE_MAX)))
    habit.checkins = sorted(by_day.values(), key=lambda c: c.day)


def finalise(bundle: ImportBundle, limits: Limits) -> ImportBundle:
    """Check a parsed bundle against the limits and Habitory's columns; fix what is harmless.

    Raises BadImportFile for what cannot be imported as it is (too many habits, a name over 80
    characters, a date out of range); trims long notes and descriptions with a warning, and
    gives repeated habit names a " (2)" suffix.
    """
    habits, warnings = bundle.habits, bundle.warnings
    if not habits:
        raise BadImportFile(N_("The file holds no habits, so there is nothing to import."))
    if len(habits) > limits.max_habits:
        raise BadImportFile(
            N_("The file holds %(count)s habits; Habitory imports at most %(max_habits)s at a "
               "time.", count=grouped_later(len(habits)),
               max_habits=grouped_later(limits.max_habits))
        )
    total = sum(len(h.checkins) for h in habits)
    if total > limits.max_checkins:
        raise BadImportFile(
            N_("The file holds %(total)s check-ins; Habitory imports at most %(max_checkins)s "
               "at a time.", total=grouped_later(total),
               max_checkins=grouped_later(limits.max_checkins))
        )
    taken: set[str] = set()
    settled = Settled()
    from_loop = bundle.source_format in ("loop_csv", "loop_sqlite")
    for number, habit in enumerate(habits, start=1):
        name = _name(habit.name if isinstance(habit.name, str) else "", number)
        if name_key(name) in taken:
            renamed = unique_name(name, taken)
            warnings.append(N_('A second habit called "%(name)s" was renamed "%(renamed)s".',
                               name=name, renamed=renamed))
            name = renamed
        taken.add(name_key(name))
        habit.name = name
        if _whole(habit.position) and habit.position <= 0:
            habit.position = number
        _check_settings(habit, name)
        habit.description = _clip(habit.description, DESCRIPTION_MAX, "description", name,
                                  warnings, multiline=True)
        habit.unit = _clip(habit.unit, UNIT_MAX, "unit", name, warnings)
        habit.icon = _clip(habit.icon, ICON_MAX, "icon", name, warnings)
        habit.tags = _tags(habit.tags, name)
        habit.reminders = _reminders(habit.reminders, name, warnings)
        _check_checkins(habit, name, limits, warnings)
        settled.habit(habit, warnings)
        judged_by_amount(habit, warnings, not from_loop)  # Loop: amounts only
        first = habit.checkins[0].day if habit.checkins else None
        if first is not None and from_loop:
            first = first_shown_day(habit, first)  # Loop shows days before its first entry
        if habit.created_on is None or (first is not None and first < habit.created_on):
            habit.created_on = first or (limits.today or date.today())
        if habit.created_on == limits.latest_day() + timedelta(days=1):
            habit.created_on = limits.latest_day()  # made "tomorrow" on a device ahead
        if not EPOCH <= habit.created_on <= limits.latest_day():
            raise BadImportFile(N_('Habit "%(name)s" has an impossible creation date.', name=name))
    settled.warnings(warnings)
    return bundle
