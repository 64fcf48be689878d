"""The checks every import passes before the store sees it, whatever the format.

`finalise` enforces the limits (habits, check-ins, dates, name length) and Habitory's column
sizes, so the store can trust what it gets.
"""

from __future__ import annotations

import math
import re
from datetime import date, time

from habitory.domain.palette import COLOUR_KEYS
from habitory.models import DESCRIPTION_MAX, NAME_MAX, NOTE_MAX, TAG_MAX, name_key
from habitory.portability.formats import (
    EPOCH,
    BadImportFile,
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
)
from habitory.stats.schedule import DIRECTIONS, KINDS, STATES

UNIT_MAX = 24
ICON_MAX = 16


def _clip(value: str | None, limit: int, what: str, habit: str, warnings: list[str]):
    """Trim a free-text field to its column, saying so once per field."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > limit:
        warnings.append(f'The {what} of "{habit}" was cut to {limit} characters.')
        return value[:limit]
    return value


def _one_line(text: str) -> str:
    """Names stay as written, minus control characters (a newline would break a CSV header)."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()


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
            warnings.append(f'A reminder time of "{habit}" was not understood and was left out.')
    return sorted(valid)


def _check_settings(habit: ImportedHabit, label: str) -> None:
    if habit.kind not in KINDS:
        raise BadImportFile(f'Habit "{label}" has an unknown kind "{habit.kind}".')
    if habit.direction not in DIRECTIONS:
        raise BadImportFile(f'Habit "{label}" has an unknown target direction.')
    if not (isinstance(habit.freq_num, int) and isinstance(habit.freq_den, int)
            and 1 <= habit.freq_num <= habit.freq_den <= 366):
        raise BadImportFile(
            f'Habit "{label}" has an impossible frequency '
            f"({habit.freq_num} times in {habit.freq_den} days)."
        )
    if habit.weekdays is not None and not 1 <= habit.weekdays <= 127:
        raise BadImportFile(f'Habit "{label}" has an impossible set of weekdays.')
    if habit.target is not None and not (math.isfinite(habit.target) and habit.target >= 0):
        raise BadImportFile(f'Habit "{label}" has an impossible target.')


def _check_checkins(habit: ImportedHabit, label: str, limits: Limits, warnings: list[str]):
    latest = limits.latest_day()
    by_day: dict[date, ImportedCheckIn] = {}
    cut_notes = 0
    for checkin in habit.checkins:
        if not EPOCH <= checkin.day <= latest:
            raise BadImportFile(
                f'Habit "{label}" has a check-in dated {checkin.day.isoformat()}; dates must '
                f"lie between {EPOCH.isoformat()} and {latest.isoformat()}."
            )
        if checkin.state not in STATES:
            raise BadImportFile(f'Habit "{label}" has a check-in with an unknown state.')
        if checkin.amount is not None and not math.isfinite(checkin.amount):
            raise BadImportFile(f'Habit "{label}" has an impossible amount on {checkin.day}.')
        if checkin.note is not None:
            checkin.note = checkin.note.strip() or None
            if checkin.note and len(checkin.note) > NOTE_MAX:
                checkin.note = checkin.note[:NOTE_MAX]
                cut_notes += 1
        by_day[checkin.day] = checkin  # a repeated day: the later row wins
    if len(by_day) != len(habit.checkins):
        repeats = len(habit.checkins) - len(by_day)
        warnings.append(f'"{label}" had {repeats} repeated day(s); the last one of each was kept.')
    if cut_notes:
        warnings.append(f'{cut_notes} note(s) of "{label}" were cut to {NOTE_MAX} characters.')
    habit.checkins = sorted(by_day.values(), key=lambda c: c.day)


def finalise(bundle: ImportBundle, limits: Limits) -> ImportBundle:
    """Check a parsed bundle against the limits and Habitory's columns; fix what is harmless.

    Raises BadImportFile for what cannot be imported as it is (too many habits, a name over 80
    characters, a date out of range); trims long notes and descriptions with a warning, and
    gives repeated habit names a " (2)" suffix.
    """
    habits, warnings = bundle.habits, bundle.warnings
    if not habits:
        raise BadImportFile("The file holds no habits, so there is nothing to import.")
    if len(habits) > limits.max_habits:
        raise BadImportFile(
            f"The file holds {len(habits):,} habits; Habitory imports at most "
            f"{limits.max_habits:,} at a time."
        )
    total = sum(len(h.checkins) for h in habits)
    if total > limits.max_checkins:
        raise BadImportFile(
            f"The file holds {total:,} check-ins; Habitory imports at most "
            f"{limits.max_checkins:,} at a time."
        )
    taken: set[str] = set()
    for number, habit in enumerate(habits, start=1):
        name = _one_line(habit.name or "")
        if not name:
            raise BadImportFile(f"Habit number {number} in the file has no name.")
        if len(name) > NAME_MAX:
            raise BadImportFile(
                f'The habit name "{name[:40]}…" is {len(name)} characters long; Habitory '
                f"allows at most {NAME_MAX}. Shorten it and export again."
            )
        if name_key(name) in taken:
            renamed = unique_name(name, taken)
            warnings.append(f'A second habit called "{name}" was renamed "{renamed}".')
            name = renamed
        taken.add(name_key(name))
        habit.name = name
        if habit.position <= 0:
            habit.position = number
        _check_settings(habit, name)
        if habit.colour not in COLOUR_KEYS:
            habit.colour = None
        habit.description = _clip(habit.description, DESCRIPTION_MAX, "description", name,
                                  warnings)
        habit.unit = _clip(habit.unit, UNIT_MAX, "unit", name, warnings)
        habit.icon = _clip(habit.icon, ICON_MAX, "icon", name, warnings)
        tags: dict[str, str] = {}
        for tag in habit.tags:
            tag = _one_line(str(tag))
            if len(tag) > TAG_MAX:
                raise BadImportFile(
                    f'The tag "{tag[:30]}…" of habit "{name}" is longer than {TAG_MAX} '
                    "characters."
                )
            if tag:
                tags.setdefault(tag.casefold(), tag)
        habit.tags = list(tags.values())
        habit.reminders = _reminders(habit.reminders, name, warnings)
        _check_checkins(habit, name, limits, warnings)
        first = habit.checkins[0].day if habit.checkins else None
        if habit.created_on is None or (first is not None and first < habit.created_on):
            habit.created_on = first or (limits.today or date.today())
        if not EPOCH <= habit.created_on <= limits.latest_day():
            raise BadImportFile(f'Habit "{name}" has an impossible creation date.')
    return bundle
