"""The neutral shapes every importer produces and every exporter reads.

Parsers turn a file into an ImportBundle (checked by validate.finalise); the store turns the
database into an ExportSource, which every exporter reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from habitory.models import REMIND_BELOW
from habitory.stats.phrases import N_, Msg, join
from habitory.stats.schedule import Entry, HabitHistory, history_from

EPOCH = date(1970, 1, 1)
ACCEPTED = N_("a Habitory backup (.json), a Loop Habit Tracker backup (.db) or a Loop Habit "
              "Tracker CSV export (.zip), or a CSV with a column of dates from another tracker "
              "or a spreadsheet (.csv)")


def size_text(size: int) -> Msg:
    """20 MB, 512 KB, 100 bytes; "1,5 MB" in German (the number is written when shown)."""
    if size >= 2**20:
        return join([round(size / 2**20, 2), " MB"])
    return join([round(size / 2**10, 2), " KB"]) if size >= 2**10 else join([size, " bytes"])


def loop_uuid(value: object) -> str | None:
    """A Loop habit uuid as Habitory keeps it: hex digits, lower case, at most 64 (Loop's are
    32; its migration 24 appended the row id to some); anything else is no uuid."""
    text = str(value or "").strip().lower()[:64]
    return text if text and all(c in "0123456789abcdef" for c in text) else None


class BadImportFile(ValueError):
    """A file Habitory cannot import; str(error) is a message to show the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_size(size: int, limit: int) -> None:
    """Refuse an upload over the size limit."""
    if size > limit:
        raise BadImportFile(N_("The file is larger than %(size)s, the most Habitory imports "
                               "at once.", size=size_text(limit)))


@dataclass(frozen=True)
class Limits:
    """What an import may contain. The defaults suit a web upload."""

    max_bytes: int = 20 * 1024 * 1024  # the file as uploaded
    max_unzipped_bytes: int = 100 * 1024 * 1024  # all members of a zip together, uncompressed
    max_ratio: int = 200  # uncompressed/compressed, for any member larger than 1 MB
    max_members: int = 2000  # files in a zip (Loop writes 2 per habit plus 3)
    max_habits: int = 500
    max_checkins: int = 300_000  # about 80 habits over 10 years, every day
    today: date | None = None  # the user's local date; later dates are refused

    @classmethod
    def from_config(cls, config: Mapping, today: date | None = None) -> Limits:
        """Limits from the app's config (IMPORT_MAX_BYTES, IMPORT_MAX_UNZIPPED_BYTES,
        IMPORT_MAX_HABITS, IMPORT_MAX_CHECKINS), the defaults for keys it does not set."""
        def value(key: str, default: int) -> int:
            return int(config.get(key) or default)

        return cls(
            max_bytes=value("IMPORT_MAX_BYTES", cls.max_bytes),
            max_unzipped_bytes=value("IMPORT_MAX_UNZIPPED_BYTES", cls.max_unzipped_bytes),
            max_habits=value("IMPORT_MAX_HABITS", cls.max_habits),
            max_checkins=value("IMPORT_MAX_CHECKINS", cls.max_checkins),
            today=today,
        )

    def latest_day(self) -> date:
        """The last acceptable date: the user's own today, as the web and the API take.
        Without one (a script, a test) the server's tomorrow, which no timezone is beyond."""
        return self.today if self.today is not None else date.today() + timedelta(days=1)


DEFAULT_LIMITS = Limits()


@dataclass
class ImportedCheckIn:
    """One day of one habit, as Habitory stores it."""

    day: date
    state: str  # done | skipped | not_done
    amount: float | None = None
    note: str | None = None
    # When it was ticked off (naive UTC), from Habitory's own backup: the reminders' logging
    # hours come back with a restore. Other formats have none.
    done_at: datetime | None = None


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
    # From Habitory's own backup only (None elsewhere, and in backups from before): the owner's
    # day it was archived (its numbers stop there, not on its last logged day) and the start
    # it was given (clearing older history moves created_on back to it, never past it).
    archived_on: date | None = None
    given_start: date | None = None
    tags: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)  # local times, "HH:MM"
    remind_at_risk: bool = False  # "only when I'm likely to miss it" (Habitory backups only)
    remind_below: int = REMIND_BELOW  # its threshold, percent
    checkins: list[ImportedCheckIn] = field(default_factory=list)
    # The Loop backup's "uuid" column: Loop's importer updates the habit of that uuid instead
    # of adding one. From a Loop backup, its own; from the store, stable per habit. Not part
    # of what a habit is: two accounts with the same habits export different uuids.
    loop_uuid: str | None = field(default=None, compare=False)


@dataclass
class ImportBundle:
    """Everything one file holds, ready for preview and apply."""

    habits: list[ImportedHabit]
    source_format: str  # "habitory_json" | "loop_sqlite" | "loop_csv" | "csv"
    warnings: list[str] = field(default_factory=list)
    source_detail: str = ""  # e.g. "database version 25", "v2.3.1 layout"
    # The account's settings (User column -> value), from a Habitory backup: account_settings.
    settings: dict | None = None
    notifications: list[dict] = field(default_factory=list)  # backup_notifications.read

    @property
    def checkin_count(self) -> int:
        return sum(len(h.checkins) for h in self.habits)


def history_of(habit: ImportedHabit, today: date | None = None) -> HabitHistory:
    """The statistics view of an imported habit (the same mapping as habits.queries)."""
    entries = {c.day: Entry(c.state, c.amount) for c in habit.checkins}
    created = habit.created_on or min(entries, default=today or date.today())
    return history_from(habit, created, entries)


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
    settings: dict | None = None  # the account's own settings, for the JSON backup
    # The account's cards, read when the JSON backup asks (backup_notifications.of).
    notifications: Callable[[], list[dict]] | None = None

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
