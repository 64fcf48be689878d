"""Habitory's own backup: one JSON document, written as a stream and read back whole.

Layout (schema_version 1):
    {"format": "habitory-backup", "schema_version": 1, "exported_at": "...Z",
     "settings" (optional): {"timezone", "day_start_hour", "language", "week_start",
                 "notify_alerts", "notify_suggestions", "notify_milestones",
                 "notify_reminders", "missed_days"} (see account_settings),
     "habits": [{"name", "description", "kind", "freq_num", "freq_den", "weekdays" (bitmask,
                 bit 0 = Monday, or null), "unit", "target", "direction", "colour", "icon",
                 "archived", "archived_on" (the owner's day it was archived, or null),
                 "position", "created_on", "given_start" (the start it was given, on or after
                 created_on: where clearing older history moves the start back to; both
                 optional when read, as backups from before them have neither),
                 "tags": [...], "reminders": ["HH:MM"],
                 "remind_at_risk" (bool), "remind_below" (1-99; both optional when read),
                 "checkins": [{"day", "state", "amount"?, "note"?, "done_at"? (when a done
                 day was ticked off, "...Z")}, ...]}, ...],
     "notifications": [...] (backup_notifications: written with the habits, restored with them
                         into an account without habits)}
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from habitory.domain.days import iso_day
from habitory.domain.text import quoted
from habitory.locale_formats import grouped_later
from habitory.models import REMIND_BELOW
from habitory.stats.phrases import N_

from . import account_settings, backup_notifications, json_errors
from .formats import (
    DEFAULT_LIMITS,
    EPOCH,
    BadImportFile,
    ExportSource,
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
    check_size,
    loop_uuid,
)
from .validate import finalise

FORMAT = "habitory-backup"
SCHEMA_VERSION = 1
CHUNK = 1000  # check-ins per chunk of output
EARLIEST_MOMENT = datetime(1970, 1, 1)  # a check-in's time: as its day, from 1970 on
SLACK = timedelta(days=2)  # ...to tomorrow, in any timezone
MAX_DIGITS = 300  # an integer in a backup: more digits would not even make a float


def _habit_head(habit: ImportedHabit) -> dict:
    return {
        "name": habit.name,
        "description": habit.description,
        "kind": habit.kind,
        "freq_num": habit.freq_num,
        "freq_den": habit.freq_den,
        "weekdays": habit.weekdays,
        "unit": habit.unit,
        "target": habit.target,
        "direction": habit.direction,
        "colour": habit.colour,
        "icon": habit.icon,
        "archived": habit.archived,
        "archived_on": _iso(habit.archived_on),
        "position": habit.position,
        "created_on": _iso(habit.created_on),
        "given_start": _iso(habit.given_start),
        "tags": list(habit.tags),
        "reminders": list(habit.reminders),
        "remind_at_risk": habit.remind_at_risk,
        "remind_below": habit.remind_below,
        "loop_uuid": habit.loop_uuid,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _checkin(checkin: ImportedCheckIn) -> str:
    """One check-in as JSON, written by hand: json.dumps per row is most of the export time.

    Days and states are plain ASCII; an amount is a finite float (its repr is valid JSON);
    only the note needs json's escaping.
    """
    text = f'{{"day": "{checkin.day.isoformat()}", "state": "{checkin.state}"'
    if checkin.amount is not None and math.isfinite(checkin.amount):
        text += f', "amount": {float(checkin.amount)!r}'
    if checkin.note:
        text += ', "note": ' + json.dumps(checkin.note, ensure_ascii=False)
    if checkin.done_at is not None and checkin.state == "done":
        text += f', "done_at": "{checkin.done_at.isoformat()}Z"'
    return text + "}"


def export_json(source: ExportSource, exported_at: datetime | None = None) -> Iterator[str]:
    """The backup as str chunks: a few habits' or a thousand check-ins' worth at a time."""
    moment = (exported_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    head = {"format": FORMAT, "schema_version": SCHEMA_VERSION,
            "exported_at": moment.isoformat().replace("+00:00", "Z")}
    if source.settings is not None:
        head["settings"] = source.settings
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "habits": ['
    for position, (habit, checkins) in enumerate(source.grouped(), start=1):
        text = json.dumps(_habit_head(habit), ensure_ascii=False)[:-1]
        yield ("," if position > 1 else "") + "\n" + text + ', "checkins": ['
        for start in range(0, len(checkins), CHUNK):
            part = ",".join(map(_checkin, checkins[start:start + CHUNK]))
            yield ("," if start else "") + part
        yield "]}"
    cards = json.dumps(source.notifications() if source.notifications else [],
                       ensure_ascii=False)
    yield f'\n], "notifications": {cards}}}\n'


class _Fields:
    """Typed access to one JSON object, with messages that say where the problem is."""

    def __init__(self, data, where: str) -> None:
        if not isinstance(data, dict):
            raise BadImportFile(N_("The backup is damaged: %(where)s is not an object.",
                                   where=where))
        self.data, self.where = data, where

    def get(self, key: str, kind, default=None, required: bool = False):
        value = self.data.get(key, default)
        if isinstance(value, _BadNumber):
            raise BadImportFile(N_("The backup is damaged: “%(key)s” of %(where)s is not a "
                                   "valid number.", key=key, where=self.where))
        if value is None:
            if required:
                raise BadImportFile(N_("The backup is damaged: %(where)s has no “%(key)s”.",
                                       where=self.where, key=key))
            return default
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            raise BadImportFile(N_("The backup is damaged: “%(key)s” of %(where)s has the "
                                   "wrong type.", key=key, where=self.where))
        return value

    def moment(self, key: str) -> datetime | None:
        """An optional UTC timestamp ("2026-11-24T07:30:00Z"), as naive UTC, from 1970 to
        tomorrow as the check-ins' days are: a time near year 1 or 9999 would overflow where
        the reminders read it in the user's timezone, for every user of that minute."""
        text = self.get(key, str)
        if text is None:
            return None
        try:
            value = datetime.fromisoformat(text)
            if value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
            if not EARLIEST_MOMENT <= value <= datetime.now(UTC).replace(tzinfo=None) + SLACK:
                raise ValueError(text)
        except (ValueError, OverflowError):
            raise BadImportFile(N_("The backup is damaged: %(where)s has a bad date "
                                   "“%(text)s”.",
                                   where=self.where, text=quoted(text, 30))) from None
        return value

    def day(self, key: str, required: bool = False) -> date | None:
        text = self.get(key, str, required=required)
        if text is None:
            return None
        try:
            return iso_day(text)
        except ValueError:
            raise BadImportFile(N_("The backup is damaged: %(where)s has a bad date "
                                   "“%(text)s”.",
                                   where=self.where, text=quoted(text, 20))) from None


def _strings(values, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise BadImportFile(N_("The backup is damaged: %(where)s is not a list of strings.",
                               where=where))
    return values


def _parse_habit(data, number: int) -> ImportedHabit:
    fields = _Fields(data, f"habit number {number}")
    name = fields.get("name", str, required=True)
    fields.where = f"habit “{quoted(name, 80)}”"
    checkins = []
    rows = fields.get("checkins", list, [])
    for row in rows:
        entry = _Fields(row, f"a check-in of {fields.where}")
        checkins.append(ImportedCheckIn(
            day=entry.day("day", required=True),
            state=entry.get("state", str, required=True),
            amount=entry.get("amount", float),
            note=entry.get("note", str),
            done_at=entry.moment("done_at"),
        ))
    return ImportedHabit(
        name=name,
        kind=fields.get("kind", str, "yes_no"),
        freq_num=fields.get("freq_num", int, 1),
        freq_den=fields.get("freq_den", int, 1),
        weekdays=fields.get("weekdays", int),
        unit=fields.get("unit", str),
        target=fields.get("target", float),
        direction=fields.get("direction", str, "at_least"),
        colour=fields.get("colour", str),
        icon=fields.get("icon", str),
        description=fields.get("description", str),
        archived=fields.get("archived", bool, False),
        archived_on=fields.day("archived_on"),
        position=fields.get("position", int, number),
        created_on=fields.day("created_on"),
        given_start=fields.day("given_start"),
        tags=_strings(fields.get("tags", list, []), f"the tags of {fields.where}"),
        reminders=_strings(fields.get("reminders", list, []),
                           f"the reminders of {fields.where}"),
        remind_at_risk=fields.get("remind_at_risk", bool, False),
        remind_below=fields.get("remind_below", int, REMIND_BELOW),
        loop_uuid=loop_uuid(fields.get("loop_uuid", str)),
        checkins=checkins,
    )


def json_text(data: bytes, partial: bool = False) -> str:
    """JSON bytes as text, in the encoding they show: UTF-8, or UTF-16 or UTF-32 (as Windows
    tools save "Unicode"), with or without a byte order mark. `partial`: the first bytes of a
    file, whose last character may be cut."""
    encoding = json.detect_encoding(data)
    if encoding == "utf-8":
        encoding = "utf-8-sig"
    return data.decode(encoding, errors="ignore" if partial else "strict")


class _BadNumber:
    """An integer of more digits than any field takes (and than Python converts at once):
    refused by the field that holds it, with its name."""


def _integer(text: str) -> int | _BadNumber:
    return int(text) if len(text.lstrip("-")) <= MAX_DIGITS else _BadNumber()


def parse_habitory_json(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ImportBundle:
    """An ImportBundle from a Habitory backup, or BadImportFile."""
    check_size(len(data), limits.max_bytes)
    try:
        document = json.loads(json_text(data), parse_int=_integer)
    except UnicodeDecodeError:
        raise BadImportFile(N_("This JSON file is not text in UTF-8, UTF-16 or UTF-32, so it "
                               "is not a Habitory backup.")) from None
    except json.JSONDecodeError as error:
        raise BadImportFile(json_errors.damaged(error)) from None
    except RecursionError:
        raise BadImportFile(N_("This JSON file nests too deeply to be a Habitory backup.")) \
            from None
    except ValueError:  # a safety net: Python's own words would be English
        raise BadImportFile(N_("This JSON file is damaged.")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadImportFile(N_('This JSON file is not a Habitory backup (it has no "format": '
                               '"%(format)s").', format=FORMAT))
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BadImportFile(N_("This Habitory backup has no valid schema_version."))
    if version > SCHEMA_VERSION:
        raise BadImportFile(N_("This backup was written by a newer Habitory (schema version "
                               "%(version)s); this one reads version %(schema_version)s. "
                               "Update Habitory and try again.",
                               version=version, schema_version=SCHEMA_VERSION))
    habits = document.get("habits")
    if not isinstance(habits, list):
        raise BadImportFile(N_("The backup is damaged: it has no list of habits."))
    if len(habits) > limits.max_habits:
        raise BadImportFile(N_("The file holds %(count)s habits; Habitory imports at most "
                               "%(max_habits)s at a time.",
                               count=grouped_later(len(habits)),
                               max_habits=grouped_later(limits.max_habits)))
    parsed = [_parse_habit(h, n) for n, h in enumerate(habits, start=1)]
    parsed.sort(key=lambda h: h.position)  # stable: active habits stay before archived ones
    warnings: list[str] = []
    settings = account_settings.read(document.get("settings"), warnings)
    bundle = ImportBundle(parsed, "habitory_json", warnings, f"schema version {version}",
                          settings, backup_notifications.read(document.get("notifications")))
    finalise(bundle, limits)  # settles created_on, which the two days below are read against
    for habit in bundle.habits:
        _settle_days(habit, limits.latest_day())
    return bundle


def _settle_days(habit: ImportedHabit, latest: date) -> None:
    """archived_on and given_start against the habit's settled start and the importer's today.

    An archiving day in the future (past a device ahead by a day) or before 1970 is refused;
    one before the start is read as the start, as days.judged_until reads it (a timezone
    changed between making and archiving can store that), so the numbers stay the same. The
    given start, which no page shows, is kept within [start, today]."""
    if not habit.archived:
        habit.archived_on = None
    elif habit.archived_on is not None:
        if habit.archived_on == latest + timedelta(days=1):
            habit.archived_on = latest  # archived "tomorrow" on a device ahead
        if not EPOCH <= habit.archived_on <= latest:
            raise BadImportFile(N_('Habit "%(name)s" has an impossible archiving date '
                                   "(%(day)s).", name=habit.name,
                                   day=habit.archived_on.isoformat()))
        habit.archived_on = max(habit.archived_on, habit.created_on)
    if habit.given_start is not None:
        habit.given_start = min(max(habit.given_start, habit.created_on), latest)
