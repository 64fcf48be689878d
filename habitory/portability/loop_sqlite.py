"""Read a Loop Habit Tracker backup (.db, database versions up to 25), safely.

The upload is copied to a temporary file and opened read-only and immutable; an authorizer
lets the connection read only the two tables Loop keeps its data in. Before anything is read,
sqlite_master must list nothing but Loop's tables (and SQLite's or Android's own): no views,
no triggers, no stranger tables, and Habits and Repetitions must have only Loop's columns.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from datetime import date

from habitory.locale_formats import grouped_later
from habitory.stats.phrases import N_, NP_, join

from .formats import (
    DEFAULT_LIMITS,
    BadImportFile,
    ImportBundle,
    ImportedHabit,
    Limits,
    check_size,
    loop_uuid,
)
from .loop import (
    Tally,
    checkin_from_raw,
    colour_from_index,
    day_from_ms,
    frequency,
    frequency_warning,
    loop_int,
    tally_warnings,
)
from .validate import finalise

MAX_VERSION = 25
HABIT_COLUMNS = {
    "id", "archived", "color", "description", "freq_den", "freq_num", "highlight", "name",
    "position", "reminder_days", "reminder_hour", "reminder_min", "type", "target_type",
    "target_value", "unit", "question", "uuid",
}
HABIT_REQUIRED = {"id", "name"}
REPETITION_COLUMNS = {"id", "habit", "timestamp", "value", "notes"}
REPETITION_REQUIRED = {"habit", "timestamp"}
# Tables Loop has had (Checkmarks, Score and Streak were caches before version 21; Events
# belongs to sync). Only Habits and Repetitions are read.
KNOWN_TABLES = {"habits", "repetitions", "checkmarks", "score", "streak", "events",
                "android_metadata"}
READABLE = {"habits", "repetitions", "sqlite_master", "sqlite_schema"}


def _authorizer(action, arg1, arg2, _db, _trigger):
    """Allow reading Loop's two tables, sqlite_master and a few read-only pragmas; deny all else."""
    if action == sqlite3.SQLITE_SELECT:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_READ:
        return sqlite3.SQLITE_OK if (arg1 or "").lower() in READABLE else sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA:
        pragma = (arg1 or "").lower()
        if pragma == "table_xinfo" or (pragma == "user_version" and arg2 is None):
            return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() == "count":
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _check_schema(connection: sqlite3.Connection) -> dict[str, set[str]]:
    """The columns of Habits and Repetitions, after refusing anything Loop never writes."""
    problems = []
    tables: dict[str, str] = {}
    schema = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    for kind, name, table, sql in schema:
        lowered = (name or "").lower()
        if kind == "table":
            if "virtual" in (sql or "").lower().split("(")[0]:
                problems.append(N_("a virtual table “%(name)s”", name=name))
            elif lowered in KNOWN_TABLES or lowered.startswith("sqlite_"):
                tables[lowered] = name
            else:
                problems.append(N_("an unexpected table “%(name)s”", name=name))
        elif kind == "index":
            if (table or "").lower() not in KNOWN_TABLES:
                problems.append(N_("an index “%(name)s” on an unexpected table", name=name))
        else:
            problems.append(N_("a %(kind)s “%(name)s”", kind=kind, name=name))
    columns: dict[str, set[str]] = {}
    for table, allowed, required in (("habits", HABIT_COLUMNS, HABIT_REQUIRED),
                                     ("repetitions", REPETITION_COLUMNS, REPETITION_REQUIRED)):
        if table not in tables:
            problems.append(N_("no %(table)s table", table=table.capitalize()))
            continue
        found = {row[1].lower() for row in connection.execute(
            f'PRAGMA table_xinfo("{tables[table]}")')}
        for extra in sorted(found - allowed):
            problems.append(N_("an unexpected column “%(extra)s” in %(tables)s",
                               extra=extra, tables=tables[table]))
        for missing in sorted(required - found):
            problems.append(N_("no “%(missing)s” column in %(tables)s",
                               missing=missing, tables=tables[table]))
        columns[table] = found
    if problems:
        raise BadImportFile(
            N_("This SQLite file is not a Loop Habit Tracker backup Habitory can read: it has "
               "%(problems)s.", problems=join([*problems[:8], *(["…"] if len(problems) > 8
                                                                else [])], "; "))
        )
    return columns


def _int(value, default: int | None = None) -> int | None:
    return value if isinstance(value, int) else default


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _habit(row: dict, odd_frequencies: list[str]) -> ImportedHabit:
    numerical = _int(row.get("type"), 0) == 1
    num, den = frequency(_int(row.get("freq_num"), 1), _int(row.get("freq_den"), 1),
                         _text(row.get("name")), odd_frequencies)
    description = "\n".join(p for p in (_text(row.get("question")).strip(),
                                         _text(row.get("description")).strip()) if p)
    target = row.get("target_value")
    hour, minute = _int(row.get("reminder_hour")), _int(row.get("reminder_min"))
    reminders = []
    if hour is not None and minute is not None and 0 <= hour < 24 and 0 <= minute < 60:
        reminders.append(f"{hour:02d}:{minute:02d}")
    return ImportedHabit(
        name=_text(row.get("name")),
        kind="measurable" if numerical else "yes_no",
        freq_num=num,
        freq_den=den,
        unit=_text(row.get("unit")) if numerical else None,
        target=float(target) if numerical and isinstance(target, int | float) else None,
        direction="at_most" if numerical and _int(row.get("target_type"), 0) == 1 else "at_least",
        colour=colour_from_index(row.get("color")),
        description=description or None,
        archived=bool(_int(row.get("archived"), 0)),
        reminders=reminders,
        # Loop's own are 32 hex digits; its migration 24 appended the row id to some.
        loop_uuid=loop_uuid(_text(row.get("uuid"))),
    )


def _read(connection: sqlite3.Connection, limits: Limits) -> ImportBundle:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    columns = _check_schema(connection)
    if version > MAX_VERSION:
        raise BadImportFile(
            N_("This backup comes from a newer Loop Habit Tracker (database version "
               "%(version)s); Habitory reads versions up to %(max_version)s.",
               version=version, max_version=MAX_VERSION)
        )
    habit_cols = sorted(columns["habits"])
    order = "position, id" if "position" in habit_cols else "id"
    select = ", ".join(f'"{c}"' for c in habit_cols)
    habits: dict[int, ImportedHabit] = {}
    numerical: dict[int, bool] = {}
    odd_frequencies: list[str] = []
    some_days: list[str] = []  # habits Loop reminded on some days of the week only
    for values in connection.execute(f"SELECT {select} FROM Habits ORDER BY {order}"):
        row = dict(zip(habit_cols, values, strict=True))
        habit_id = row["id"]
        if not isinstance(habit_id, int) or habit_id in habits:
            raise BadImportFile(N_("The Habits table of this backup is damaged (a bad id)."))
        if len(habits) >= limits.max_habits:
            raise BadImportFile(N_("The backup holds more than %(max_habits)s habits, more "
                                   "than Habitory imports at a time.",
                                   max_habits=grouped_later(limits.max_habits)))
        habits[habit_id] = _habit(row, odd_frequencies)
        reminder_days = _int(row.get("reminder_days"), 127)
        if habits[habit_id].reminders and reminder_days & 127 != 127:
            some_days.append(habits[habit_id].name)
        numerical[habit_id] = habits[habit_id].kind == "measurable"
    rows = connection.execute("SELECT count(*) FROM Repetitions").fetchone()[0]
    if rows > 2 * limits.max_checkins:
        raise BadImportFile(N_("The backup holds %(rows)s check-ins; Habitory imports at most "
                               "%(max_checkins)s at a time.",
                               rows=grouped_later(rows),
                               max_checkins=grouped_later(limits.max_checkins)))
    present = columns["repetitions"]
    # Before the value column (database version 21), every row was a check.
    value = "value" if "value" in present else "2"
    notes = "notes" if "notes" in present else "NULL"
    query = f"SELECT habit, timestamp, {value}, {notes} FROM Repetitions ORDER BY habit, timestamp"
    tally, orphans = Tally(), 0
    days: dict[int, date] = {}  # a few thousand distinct days for tens of thousands of rows
    for habit_id, timestamp, raw, note in connection.execute(query):
        habit = habits.get(habit_id)
        if habit is None:
            orphans += 1
            continue
        if raw is None:
            raw = 2  # the column's default
        if not isinstance(raw, int) or loop_int(raw) is None:
            tally.odd += 1
            continue
        day = days.get(timestamp) if isinstance(timestamp, int) else None
        if day is None:
            day = days[timestamp] = day_from_ms(timestamp)
        checkin = checkin_from_raw(day, raw, note if isinstance(note, str) else None,
                                   numerical[habit_id], tally)
        if checkin is not None:
            habit.checkins.append(checkin)
    warnings: list[str] = []
    frequency_warning(odd_frequencies, warnings)
    if some_days:
        warnings.append(NP_("Loop reminded this habit on some days of the week only; Habitory "
                            "reminds it on every day it is due: %(names)s.",
                            "Loop reminded these habits on some days of the week only; "
                            "Habitory reminds them on every day they are due: %(names)s.",
                            len(some_days), names=", ".join(some_days)))
    tally_warnings(tally, warnings)
    if orphans:
        warnings.append(NP_("%(orphans)s check-in of a habit missing from the backup was "
                            "skipped.",
                            "%(orphans)s check-ins of habits missing from the backup were "
                            "skipped.", orphans, orphans=grouped_later(orphans)))
    for position, habit in enumerate(habits.values(), start=1):
        habit.position = position
    bundle = ImportBundle(list(habits.values()), "loop_sqlite", warnings,
                          f"database version {version}")
    return finalise(bundle, limits)


def parse_loop_sqlite(data: bytes, limits: Limits = DEFAULT_LIMITS, tmp_dir: str | None = None):
    """An ImportBundle from the bytes of a Loop backup, or BadImportFile."""
    check_size(len(data), limits.max_bytes)
    fd, path = tempfile.mkstemp(prefix="habitory-import-", suffix=".db", dir=tmp_dir)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # immutable=1: no locks, no journal or WAL files next to the copy; mode=ro: no writes.
        uri = "file:" + path.replace("?", "%3F").replace("#", "%23") + "?mode=ro&immutable=1"
        connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        try:
            connection.set_authorizer(_authorizer)
            return _read(connection, limits)
        except sqlite3.DatabaseError as error:
            raise BadImportFile(
                N_("This Loop backup is damaged or is not a database Habitory can read "
                   "(%(error)s).", error=str(error))
            ) from None
        finally:
            connection.close()
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
