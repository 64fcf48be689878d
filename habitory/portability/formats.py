"""The neutral shapes every importer produces and every exporter reads, and their checks.

Parsers turn a file into an ImportBundle; `finalise` then enforces the limits that hold for
every format (names, dates, counts, field lengths), so the store can trust what it gets.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from ..ai.schedule import DIRECTIONS, KINDS, STATES, Entry, HabitHistory, Schedule
from ..habits.palette import COLOUR_KEYS
from ..models import DESCRIPTION_MAX, NAME_MAX, NOTE_MAX, TAG_MAX, name_key

EPOCH = date(1970, 1, 1)
UNIT_MAX = 24
ICON_MAX = 16
ACCEPTED = (
    "a Habitory backup (.json), a Loop Habit Tracker backup (.db) "
    "or a Loop Habit Tracker CSV export (.zip)"
)


def size_text(size: int) -> str:
    """20 MB, 512 KB, 100 bytes."""
    if size >= 2**20:
        return f"{size / 2**20:g} MB"
    return f"{size / 2**10:g} KB" if size >= 2**10 else f"{size} bytes"


class BadImportFile(ValueError):
    """A file Habitory cannot import; str(error) is a message to show the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_size(size: int, limit: int) -> None:
    """Refuse an upload over the size limit."""
    if size > limit:
        raise BadImportFile(f"The file is larger than {size_text(limit)}, the most Habitory "
                            "imports at once.")


@dataclass(frozen=True)
class Limits:
    """What an import may contain. The defaults suit a web upload."""

    max_bytes: int = 20 * 1024 * 1024  # the file as uploaded
    max_unzipped_bytes: int = 100 * 1024 * 1024  # all members of a zip together, uncompressed
    max_ratio: int = 200  # uncompressed/compressed, for any member larger than 1 MB
    max_members: int = 2000  # files in a zip (Loop writes 2 per habit plus 3)
    max_habits: int = 500
    max_checkins: int = 300_000  # about 80 habits over 10 years, every day
    today: date | None = None  # the user's local date; dates after today + 1 are refused

    def latest_day(self) -> date:
        """The last acceptable date: tomorrow, so a user ahead of the server's day is fine."""
        return (self.today or date.today()) + timedelta(days=1)


DEFAULT_LIMITS = Limits()


@dataclass
class ImportedCheckIn:
    """One day of one habit, as Habitory stores it."""

    day: date
    state: str  # done | skipped | not_done
    amount: float | None = None
    note: str | None = None


@dataclass
class ImportedHabit:
    """A habit with all its settings and its history, independent of where it came from."""

    name: str
    kind: str = "yes_no"
    freq_num: int = 1
    freq_den: int = 1
    weekdays: int | None = None  # bit 0 = Monday ... bit 6 = Sunday; overrides freq
    unit: str | None = None
    target: float | None = None
    direction: str = "at_least"
    colour: str | None = None
    icon: str | None = None
    description: str | None = None
    archived: bool = False
    position: int = 0
    created_on: date | None = None
    tags: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)  # local times, "HH:MM"
    checkins: list[ImportedCheckIn] = field(default_factory=list)


@dataclass
class ImportBundle:
    """Everything one file holds, ready for preview and apply."""

    habits: list[ImportedHabit]
    source_format: str  # "habitory_json" | "loop_sqlite" | "loop_csv"
    warnings: list[str] = field(default_factory=list)
    source_detail: str = ""  # e.g. "database version 25", "v2.3.1 layout"

    @property
    def checkin_count(self) -> int:
        return sum(len(h.checkins) for h in self.habits)


def history_of(habit: ImportedHabit, today: date | None = None) -> HabitHistory:
    """The statistics view of an imported habit (the same mapping as habits.queries)."""
    weekdays = None
    if habit.weekdays:
        weekdays = frozenset(i for i in range(7) if habit.weekdays & (1 << i))
    entries = {c.day: Entry(c.state, c.amount) for c in habit.checkins}
    created = habit.created_on or min(entries, default=today or date.today())
    return HabitHistory(
        created=created,
        entries=entries,
        schedule=Schedule(habit.freq_num, habit.freq_den, weekdays),
        kind=habit.kind,
        target=habit.target,
        direction=habit.direction,
    )


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
        name = " ".join((habit.name or "").split())  # no newlines or runs of spaces
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
            tag = " ".join(str(tag).split())
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


@dataclass
class ExportSource:
    """What the exporters read: the habits in order, and their check-ins streamed two ways.

    `by_habit()` yields (index into habits, check-in) grouped by habit in list order, days
    ascending; `by_day()` yields the same pairs by day, then habit order. The store builds
    these on server-side cursors; `from_bundle` builds them from memory (tests, benchmarks).
    """

    habits: list[ImportedHabit]
    by_habit: Callable[[], Iterable[tuple[int, ImportedCheckIn]]]
    by_day: Callable[[], Iterable[tuple[int, ImportedCheckIn]]]
    first_day: date | None = None  # the earliest check-in of any habit

    @classmethod
    def from_bundle(cls, bundle: ImportBundle) -> ExportSource:
        """Export what a bundle holds, without a database."""
        habits = bundle.habits
        pairs = [(i, c) for i, h in enumerate(habits) for c in sorted(h.checkins,
                                                                         key=lambda c: c.day)]
        days = [c.day for _, c in pairs]
        return cls(
            habits=[replace(h, checkins=[]) for h in habits],
            by_habit=lambda: iter(pairs),
            by_day=lambda: iter(sorted(pairs, key=lambda p: (p[1].day, p[0]))),
            first_day=min(days, default=None),
        )

    def grouped(self) -> Iterator[tuple[ImportedHabit, list[ImportedCheckIn]]]:
        """Each habit with its check-ins, one habit in memory at a time."""
        rows = iter(self.by_habit())
        pending = next(rows, None)
        for index, habit in enumerate(self.habits):
            checkins = []
            while pending is not None and pending[0] == index:
                checkins.append(pending[1])
                pending = next(rows, None)
            yield habit, checkins
