"""Export as a Loop Habit Tracker backup (.db, database version 25): the file Loop opens.

Loop imports its own SQLite backup (LoopDBImporter: tables Habits and Repetitions, version
at most its own), HabitBull's CSV, Rewire and Tickmate; it cannot import its CSV export.
So this is the way back into the app. The tables are Loop's version 25, column for column
(HabitRecord, EntryRecord). Repetitions hold the original entries only, as Loop stores them
(2 a check, 0 a miss, 3 a skip, thousandths for amounts, -1 for a note on an unknown day);
Loop computes the automatic checkmarks itself. What Loop has a column for comes across that
the CSV export has none for: a reminder (Loop has one per habit, so the earliest time) and its
days, where a weekday habit's own days go, so that Loop reminds on Mon, Wed, Fri while
counting "3 times a week". A quit habit is done every day but the slips, as in the CSV export.

Loop's importer (LoopDBImporter.importHabitsFromFile) looks each habit up by its uuid: a habit
it already has is updated and given the entries it lacks, any other is added. So each habit
keeps one uuid from export to export (habit_uuid), or a second export imported into Loop
would add every habit again.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date

from .formats import EPOCH, ExportSource, ImportedHabit, history_of
from .loop import DAY_MS, DEFAULT_LOOP_COLOUR, TO_LOOP, UNKNOWN
from .loop_export import original_entries

VERSION = 25
CHUNK = 64 * 1024
EVERY_DAY = 127
# Any fixed namespace: the uuids are name-based (version 5) on a keyed digest.
UUID_NAMESPACE = uuid.UUID("5f0c3a52-8e7d-4f8e-9a51-2b6c1d0e7a43")
# Loop's own version-25 schema, as its migrations leave it (and as Android adds its table).
SCHEMA = """
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE Habits (Id INTEGER PRIMARY KEY AUTOINCREMENT, archived INTEGER, color INTEGER,
    description TEXT, freq_den INTEGER, freq_num INTEGER, highlight INTEGER, name TEXT,
    position INTEGER, reminder_days INTEGER, reminder_hour INTEGER, reminder_min INTEGER,
    type integer not null default 0, target_type integer not null default 0,
    target_value real not null default 0, unit text not null default "", question text,
    uuid text);
CREATE TABLE Events (id integer primary key autoincrement, timestamp integer, message text,
    server_id integer);
CREATE TABLE Repetitions (id integer primary key autoincrement,
    habit integer not null references habits(id), timestamp integer not null,
    value integer not null, notes text);
CREATE UNIQUE INDEX idx_repetitions_habit_timestamp on Repetitions(habit, timestamp);
"""


def loop_weekdays(weekdays: int | None) -> int:
    """Loop's WeekdayList bits (bit 0 Saturday, 1 Sunday, 2 Monday...) from Habitory's (bit 0
    Monday ... 6 Sunday); every day without a weekday set."""
    if not weekdays:
        return EVERY_DAY
    return sum(1 << ((day + 2) % 7) for day in range(7) if weekdays & (1 << day))


def habit_uuid(secret: str | bytes, user_id: int, habit_id: int) -> str:
    """The same uuid for a habit at every export, in Loop's form (32 lowercase hex digits).
    Keyed by the server's secret, so the file tells nobody the account's or habit's id."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, f"loop-habit-uuid:{user_id}:{habit_id}".encode(), hashlib.sha256)
    return uuid.uuid5(UUID_NAMESPACE, digest.hexdigest()).hex


def _habit_row(habit: ImportedHabit, position: int) -> tuple:
    num, den = history_of(habit).schedule.loop_frequency
    numerical = habit.kind == "measurable"
    reminder = min(habit.reminders) if habit.reminders else None
    hour, minute = (int(reminder[:2]), int(reminder[3:5])) if reminder else (None, None)
    return (
        int(habit.archived), TO_LOOP.get(habit.colour or "", DEFAULT_LOOP_COLOUR), "",
        den, num, 0, habit.name, position,
        loop_weekdays(habit.weekdays) if reminder else 0, hour, minute,
        1 if numerical else 0, 1 if numerical and habit.direction == "at_most" else 0,
        float(habit.target or 0.0) if numerical else 0.0,
        (habit.unit or "") if numerical else "", habit.description or "",
        habit.loop_uuid or uuid.uuid4().hex,
    )


def _write(path: str, source: ExportSource, today: date) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        connection.execute("INSERT INTO android_metadata VALUES ('en_US')")
        connection.execute(f"PRAGMA user_version = {VERSION}")
        for position, (habit, checkins) in enumerate(source.grouped()):
            cursor = connection.execute(
                "INSERT INTO Habits (archived, color, description, freq_den, freq_num, "
                "highlight, name, position, reminder_days, reminder_hour, reminder_min, type, "
                "target_type, target_value, unit, question, uuid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _habit_row(habit, position))
            originals = original_entries(habit, checkins, today)
            connection.executemany(
                "INSERT INTO Repetitions (habit, timestamp, value, notes) VALUES (?, ?, ?, ?)",
                ((cursor.lastrowid, (day - EPOCH).days * DAY_MS, raw, note)
                 for day, (raw, note) in sorted(originals.items())
                 if raw != UNKNOWN or note))
        connection.commit()
    finally:
        connection.close()


def export_loop_db(source: ExportSource, today: date, tmp_dir: str | None = None
                   ) -> Iterator[bytes]:
    """The backup as bytes chunks; written to a temporary file first, removed after."""
    handle, path = tempfile.mkstemp(prefix="loop-export-", suffix=".db", dir=tmp_dir)
    os.close(handle)
    try:
        _write(path, source, today)
        with open(path, "rb") as backup:
            while chunk := backup.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)
