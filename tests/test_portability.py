"""Import and export (habitory.portability): every format, every refusal, the store, round trips.

All fixtures are built here: Loop backups with sqlite3 at database versions 25 and 12, Loop CSV
zips in the v2.3.1 layout and the older ones (Entry(...) cells, headerless habit files).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import zipfile
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from habitory.domain.history import entries_for, history_of
from habitory.extensions import db
from habitory.models import CheckIn, Habit, Reminder, Tag, User
from habitory.portability import (
    BadImportFile,
    ExportSource,
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
    detect_format,
    export_checkins_csv,
    export_json,
    export_loop_zip,
    read_import,
    read_loop_export,
    store,
)
from habitory.portability.export_source import export_rows
from habitory.portability.loop_export import computed_entries, loop_score
from habitory.portability.validate import finalise
from habitory.stats.schedule import Entry, HabitHistory
from habitory.stats.statuses import day_statuses
from habitory.stats.streaks import current_streak
from habitory.stats.strength import strength_series
from tests.loop_vectors_data import STATES
from tests.loop_vectors_data import TODAY as VECTOR_TODAY

TODAY = date(2026, 11, 25)
LIMITS = Limits(today=TODAY)
EPOCH = date(1970, 1, 1)


def ms(day: date) -> int:
    return (day - EPOCH).days * 86_400_000


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- Loop SQLite backups -------------------------------------------------------------------

V25_HABITS = (
    "CREATE TABLE Habits (Id INTEGER PRIMARY KEY AUTOINCREMENT, archived INTEGER, color "
    "INTEGER, description TEXT, freq_den INTEGER, freq_num INTEGER, highlight INTEGER, name "
    "TEXT, position INTEGER, reminder_days INTEGER, reminder_hour INTEGER, reminder_min "
    "INTEGER, type integer not null default 0, target_type integer not null default 0, "
    "target_value real not null default 0, unit text not null default '', question text, "
    "uuid text)"
)
V25_REPETITIONS = (
    "CREATE TABLE Repetitions (id integer primary key autoincrement, habit integer not null "
    "references habits(id), timestamp integer not null, value integer not null, notes text)"
)
V12_HABITS = (
    "CREATE TABLE Habits (Id INTEGER PRIMARY KEY AUTOINCREMENT, archived INTEGER, color "
    "INTEGER, description TEXT, freq_den INTEGER, freq_num INTEGER, highlight INTEGER, name "
    "TEXT, position INTEGER, reminder_days INTEGER, reminder_hour INTEGER, reminder_min INTEGER)"
)
V12_REPETITIONS = ("CREATE TABLE Repetitions (Id INTEGER PRIMARY KEY AUTOINCREMENT, habit "
                   "INTEGER REFERENCES Habits(Id), timestamp INTEGER)")


def loop_v25(path, habits=None, reps=None, extra=(), version=25) -> bytes:
    """A Loop 2.x backup: habits as dicts of columns, reps as (habit, day, value, notes)."""
    habits = habits if habits is not None else [
        dict(Id=1, name="Meditate", freq_num=1, freq_den=1, color=8, position=0, archived=0,
             question="Did you meditate?", reminder_hour=7, reminder_min=30),
        dict(Id=2, name="Run", freq_num=3, freq_den=7, color=1, position=1, archived=1),
        dict(Id=3, name="Water", freq_num=1, freq_den=1, color=11, position=2, type=1,
             target_type=0, target_value=2.5, unit="litres"),
        dict(Id=4, name="Sugar", freq_num=1, freq_den=7, color=15, position=3, type=1,
             target_type=1, target_value=100.0, unit="g"),
    ]
    reps = reps if reps is not None else [
        (1, "2024-03-01", 2, None), (1, "2024-03-02", 0, "sick"), (1, "2024-03-03", 3, None),
        (1, "2024-03-04", 1, None), (1, "2024-03-05", 1, "auto with a note"),
        (1, "2024-03-06", -1, None),
        (2, "2024-03-01", 2, ""), (2, "2024-03-03", 2, None),
        (3, "2024-03-01", 2500, None), (3, "2024-03-02", 0, None), (3, "2024-03-03", 3, None),
        (4, "2024-03-01", 120000, "cake"),
    ]
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE android_metadata (locale TEXT)")
    connection.execute(V25_HABITS)
    connection.execute(V25_REPETITIONS)
    connection.execute("CREATE TABLE Events (id integer primary key autoincrement, timestamp "
                       "integer, message text, server_id integer)")
    connection.execute("CREATE UNIQUE INDEX idx_repetitions_habit_timestamp on "
                       "Repetitions(habit, timestamp)")
    for habit in habits:
        columns = ", ".join(habit)
        connection.execute(f"INSERT INTO Habits ({columns}) VALUES "
                           f"({', '.join('?' * len(habit))})", list(habit.values()))
    connection.executemany(
        "INSERT INTO Repetitions (habit, timestamp, value, notes) VALUES (?, ?, ?, ?)",
        [(h, ms(d(day)) if isinstance(day, str) else day, v, n) for h, day, v, n in reps])
    for statement in extra:
        connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    connection.close()
    return path.read_bytes()


def loop_v12(path) -> bytes:
    """A Loop 1.x backup: no value column (every row is a check), colours as ARGB ints."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE android_metadata (locale TEXT)")
    connection.execute(V12_HABITS)
    connection.execute(V12_REPETITIONS)
    connection.execute("CREATE TABLE Score (Id INTEGER PRIMARY KEY AUTOINCREMENT, habit "
                       "INTEGER, score INTEGER, timestamp INTEGER)")
    connection.execute("CREATE TABLE Checkmarks (Id INTEGER PRIMARY KEY AUTOINCREMENT, habit "
                       "INTEGER, timestamp INTEGER, value INTEGER)")
    connection.execute(
        "INSERT INTO Habits (Id, archived, color, description, freq_den, freq_num, name, "
        "position) VALUES (15, 0, -16742021, 'Up by 6?', 7, 3, 'Wake up early', 0), "
        "(16, 0, -1684967, '', 1, 1, 'Floss', 1)")
    connection.executemany("INSERT INTO Repetitions (habit, timestamp) VALUES (?, ?)",
                           [(15, ms(d("2016-01-01"))), (15, ms(d("2016-01-03"))),
                            (16, ms(d("2016-01-02")))])
    connection.execute("PRAGMA user_version = 12")
    connection.commit()
    connection.close()
    return path.read_bytes()


def by_name(bundle: ImportBundle) -> dict[str, ImportedHabit]:
    return {h.name: h for h in bundle.habits}


def test_loop_backup_version_25(tmp_path):
    bundle = read_import(loop_v25(tmp_path / "loop.db"), LIMITS)
    assert (bundle.source_format, bundle.source_detail) == ("loop_sqlite", "database version 25")
    habits = by_name(bundle)
    assert list(habits) == ["Meditate", "Run", "Water", "Sugar"]
    meditate = habits["Meditate"]
    assert (meditate.kind, meditate.freq_num, meditate.freq_den, meditate.colour) == (
        "yes_no", 1, 1, "teal")
    assert meditate.description == "Did you meditate?" and meditate.reminders == ["07:30"]
    assert [(c.day.isoformat(), c.state, c.note) for c in meditate.checkins] == [
        ("2024-03-01", "done", None), ("2024-03-02", "not_done", "sick"),
        ("2024-03-03", "skipped", None), ("2024-03-05", "not_done", "auto with a note"),
    ]  # YES_AUTO is Loop's automatic checkmark: not a check-in, but its note is kept
    run = habits["Run"]
    assert (run.freq_num, run.freq_den, run.archived, run.colour) == (3, 7, True, "orange")
    water = habits["Water"]
    assert (water.kind, water.target, water.unit, water.direction) == (
        "measurable", 2.5, "litres", "at_least")
    assert [(c.state, c.amount) for c in water.checkins] == [
        ("done", 2.5), ("not_done", 0.0), ("skipped", None)]  # at least 2.5: 0 is a miss
    sugar = habits["Sugar"]
    assert (sugar.direction, sugar.freq_den, sugar.colour) == ("at_most", 7, "pink")
    assert [(c.amount, c.note) for c in sugar.checkins] == [(120.0, "cake")]
    assert sugar.created_on == d("2024-03-01")
    assert any("automatic checkmark" in w for w in bundle.warnings)


def test_loop_backup_without_value_column_counts_every_row(tmp_path):
    bundle = read_import(loop_v12(tmp_path / "old.db"), LIMITS)
    assert bundle.source_detail == "database version 12"
    wake, floss = bundle.habits
    assert (wake.name, wake.freq_num, wake.freq_den, wake.colour) == (
        "Wake up early", 3, 7, "teal")
    assert wake.description == "Up by 6?"
    assert [(c.day, c.state) for c in wake.checkins] == [
        (d("2016-01-01"), "done"), (d("2016-01-03"), "done")]
    assert floss.colour == "orange"  # ARGB deep orange, Habitory's nearest


def test_loop_backup_is_read_from_a_temporary_copy_and_left_untouched(tmp_path):
    source = tmp_path / "loop.db"
    data = loop_v25(source)
    digest = hashlib.sha256(data).hexdigest()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    read_import(source, LIMITS, tmp_dir=str(scratch))
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop.db", "scratch"]
    assert list(scratch.iterdir()) == []  # the copy is gone


@pytest.mark.parametrize("extra, expected", [
    (["CREATE TABLE secrets (x)"], "an unexpected table “secrets”"),
    (["CREATE VIEW v AS SELECT 1"], "a view “v”"),
    (["CREATE TRIGGER t AFTER INSERT ON Habits BEGIN SELECT 1; END"], "a trigger “t”"),
    (["ALTER TABLE Habits ADD COLUMN payload BLOB"], "an unexpected column “payload” in Habits"),
    (["CREATE TABLE secrets (x)", "ALTER TABLE Repetitions ADD COLUMN z"],
     "an unexpected table “secrets”; an unexpected column “z” in Repetitions"),
])
def test_loop_backup_with_unexpected_schema_is_refused(tmp_path, extra, expected):
    with pytest.raises(BadImportFile) as caught:
        read_import(loop_v25(tmp_path / "x.db", extra=extra), LIMITS)
    assert "not a Loop Habit Tracker backup" in caught.value.message
    assert expected in caught.value.message


def test_sqlite_without_loop_tables_and_newer_versions_are_refused(tmp_path):
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(BadImportFile, match="no Habits table"):
        read_import(path, LIMITS)
    with pytest.raises(BadImportFile, match="newer Loop Habit Tracker .database version 26"):
        read_import(loop_v25(tmp_path / "new.db", version=26), LIMITS)


# --- Loop CSV exports ----------------------------------------------------------------------

def make_zip(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


HABITS_231 = (
    "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,"
    "Target Type,Target Value,Archived?\n"
    "001,Meditate,YES_NO,Did you meditate?,,1,1,#FF8F00,,,,false\n"
    "002,Wake up early,YES_NO,,,2,3,#00897B,,,,true\n"
    '003,"Sleep, deep",NUMERICAL,Hours?,,1,1,#1976D2,hours,AT_LEAST,8.0,false\n'
)


def v231_zip() -> bytes:
    return make_zip({
        "Habits.csv": HABITS_231,
        "001 Meditate/Checkmarks.csv": "Date,Value,Notes\n",
        "001 Meditate/Scores.csv": "Date,Score\n2024-03-05,0.0000\n",
        "002 Wake up early/Checkmarks.csv": (
            "Date,Value,Notes\n2024-03-05,YES_MANUAL,\n2024-03-04,NO,Sick\n"
            '2024-03-03,YES_AUTO,"Forgot, really"\n2024-03-02,SKIP,\n2024-03-01,YES_AUTO,\n'),
        "003 Sleep deep/Checkmarks.csv": "Date,Value,Notes\n2024-03-05,7500,\n2024-03-04,NO,\n",
        # The top-level file disagrees on purpose: the habits' own files must win.
        "Checkmarks.csv": ("Date,Meditate,Wake up early,Sleep, deep,\n"
                           "2024-03-05,YES_MANUAL,YES_MANUAL,7500,\n"),
        "Scores.csv": "Date,Meditate,Wake up early,Sleep, deep,\n2024-03-05,0.0,0.0,0.0,\n",
    })


def test_loop_csv_v231_layout_prefers_each_habits_own_file():
    bundle = read_import(v231_zip(), LIMITS)
    assert (bundle.source_format, bundle.source_detail) == ("loop_csv", "v2.3.1 layout")
    habits = by_name(bundle)
    assert habits["Meditate"].checkins == []  # its own file is empty; the top-level is ignored
    assert habits["Meditate"].colour == "amber"
    wake = habits["Wake up early"]
    assert (wake.freq_num, wake.freq_den, wake.archived, wake.colour) == (2, 3, True, "teal")
    assert [(c.day.isoformat(), c.state, c.note) for c in wake.checkins] == [
        ("2024-03-02", "skipped", None), ("2024-03-03", "not_done", "Forgot, really"),
        ("2024-03-04", "not_done", "Sick"), ("2024-03-05", "done", None)]
    sleep = habits["Sleep, deep"]
    assert (sleep.kind, sleep.unit, sleep.target, sleep.direction) == (
        "measurable", "hours", 8.0, "at_least")
    assert [(c.state, c.amount) for c in sleep.checkins] == [  # both short of 8 hours
        ("not_done", 0.0), ("not_done", 7.5)]


def old_layout_zip(per_habit: bool) -> tuple[bytes, list[float]]:
    """A Loop 2.0 export: no types or targets in Habits.csv, Entry(...) top-level cells."""
    start = date(2024, 1, 1)
    days = [start + timedelta(days=i) for i in range(60)]
    hours = {day: 6 + (i * 7) % 5 for i, day in enumerate(days) if i % 4}  # 6..10 hours
    history = HabitHistory(start, {k: Entry("done", v) for k, v in hours.items()},
                           kind="measurable", target=8.0)
    sleep_scores = [s for _, s in strength_series(history, start, days[-1])]
    read = {days[i] for i in range(0, 60, 3)}
    files = {"Habits.csv": ("Position,Name,Question,Description,NumRepetitions,Interval,Color\n"
                            "001,\"Learn, wide\",,,1,1,#5E35B1\n002,Sleep,Hours,,1,1,#1976D2\n")}
    header = "Date,Learn, wide,Sleep,\n"
    checks, scores = [header], [header]
    for i, day in reversed(list(enumerate(days))):
        learn = 2 if day in read else -1
        sleep = int(hours[day] * 1000) if day in hours else -1
        cells = [f"Entry(timestamp={day}, value={v})" for v in (learn, sleep)]
        checks.append(f"{day}," + "".join(c + "," for c in cells) + "\n")
        scores.append(f"{day},0.0000,{sleep_scores[i]:.4f},\n")
    files["Scores.csv"] = "".join(scores)
    if per_habit:
        files["Checkmarks.csv"] = "Date,Learn, wide,Sleep,\n"  # no rows: the habit files win
        files["001 Learn wide/Checkmarks.csv"] = "".join(
            f"{day},2\n" for day in sorted(read, reverse=True))
        files["002 Sleep/Checkmarks.csv"] = "".join(
            f"{day},{int(v * 1000)}\n" for day, v in sorted(hours.items(), reverse=True))
    else:
        files["Checkmarks.csv"] = "".join(checks)
    return make_zip(files), sleep_scores


@pytest.mark.parametrize("per_habit", [False, True], ids=["entry-cells", "headerless-files"])
def test_loop_csv_older_layouts(per_habit):
    data, sleep_scores = old_layout_zip(per_habit)
    export = read_loop_export(data, LIMITS)
    learn, sleep = export.bundle.habits
    assert export.bundle.source_detail == "layout of Loop 2.2 or older"
    assert (learn.name, learn.kind, learn.colour) == ("Learn, wide", "yes_no", "violet")
    assert len(learn.checkins) == 20 and {c.state for c in learn.checkins} == {"done"}
    # Measurable, recognised from its values; the target worked out from Loop's scores.
    assert (sleep.kind, sleep.direction, sleep.target) == ("measurable", "at_least", 8.0)
    assert len(sleep.checkins) == 45 and sleep.checkins[0].amount == 8.0
    assert any("worked them out from Loop's scores" in w for w in export.bundle.warnings)
    assert [export.scores[1][k] for k in sorted(export.scores[1])] == [
        float(f"{s:.4f}") for s in sleep_scores]


def test_loop_csv_in_a_folder_inside_the_zip_and_without_habits_csv():
    checks = "Date,Floss,\n2024-03-02,2,\n2024-03-01,0,\n"
    bundle = read_import(make_zip({"Loop Export/Checkmarks.csv": checks}), LIMITS)
    (floss,) = bundle.habits
    assert floss.name == "Floss" and [c.state for c in floss.checkins] == ["not_done", "done"]
    assert any("no Habits.csv" in w for w in bundle.warnings)


# --- Refusals ------------------------------------------------------------------------------

def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Habits.csv", "Position,Name\n001,A\n")
        archive.writestr("Checkmarks.csv", b"0" * (3 * 2**20))
    return buffer.getvalue()


LONG_NAME = ("Walk the dog, then around the park " * 3)[:81]


def long_name_zip() -> bytes:
    return make_zip({"Habits.csv": f'Position,Name\n001,"{LONG_NAME}"\n'})


BAD_FILES = [
    ("not-a-format", lambda p: b"hello, world", Limits(today=TODAY),
     "Upload a Habitory backup (.json), a Loop Habit Tracker backup (.db) or a Loop Habit "
     "Tracker CSV export (.zip)"),
    ("png", lambda p: b"\x89PNG\r\n\x1a\n" + b"\0" * 64, LIMITS, "Habitory cannot read this"),
    ("lone-habits-csv", lambda p: b"Position,Name\n001,Run\n", LIMITS, "upload the whole zip"),
    ("empty", lambda p: b"", LIMITS, "The file is empty"),
    ("too-large", lambda p: v231_zip(), Limits(today=TODAY, max_bytes=100), "larger than"),
    ("damaged-zip", lambda p: b"PK\x03\x04" + b"\x00" * 40, LIMITS, "damaged"),
    ("zip-bomb", lambda p: bomb(), LIMITS, "zip bomb"),
    ("unzipped-too-large", lambda p: v231_zip(), Limits(today=TODAY, max_unzipped_bytes=200),
     "would unpack to"),
    ("too-many-members", lambda p: v231_zip(), Limits(today=TODAY, max_members=3), "holds 7"),
    ("dot-dot", lambda p: make_zip({"../Habits.csv": "Position,Name\n001,A\n"}), LIMITS,
     "unsafe path (“../Habits.csv”)"),
    ("absolute", lambda p: make_zip({"/tmp/Habits.csv": "Position,Name\n001,A\n"}), LIMITS,
     "unsafe path"),
    ("no-loop-files", lambda p: make_zip({"photo.jpg": b"\xff\xd8"}), LIMITS,
     "no Habits.csv or Checkmarks.csv"),
    ("only-scores", lambda p: make_zip({"Scores.csv": "Date,A,\n"}), LIMITS, "only scores"),
    ("before-1970", lambda p: make_zip({"Checkmarks.csv": "Date,A,\n1969-12-31,2,\n"}), LIMITS,
     "Habit \"A\" has a check-in dated 1969-12-31"),
    ("after-tomorrow", lambda p: make_zip({"Checkmarks.csv": "Date,A,\n2026-11-27,2,\n"}),
     LIMITS, "dates must lie between 1970-01-01 and 2026-11-25"),  # the importer's own today;
    # tomorrow's ticks are left out and said (a device in a timezone ahead)
    ("bad-date", lambda p: make_zip({"Checkmarks.csv": "Date,A,\nyesterday,2,\n"}), LIMITS,
     "cannot read (“yesterday”)"),
    ("name-too-long", lambda p: long_name_zip(), LIMITS,
     f'The habit name "{LONG_NAME[:40]}…" is 81 characters long; Habitory allows at most 80'),
    ("too-many-habits", lambda p: v231_zip(), Limits(today=TODAY, max_habits=2),
     "holds 3 habits"),
    ("too-many-checkins", lambda p: v231_zip(), Limits(today=TODAY, max_checkins=3),
     "holds 6 check-ins"),
    ("db-before-1970", lambda p: loop_v25(p, reps=[(1, -86_400_000, 2, None)]), LIMITS,
     "before 1970-01-01"),
    ("db-too-many-habits", lambda p: loop_v25(p), Limits(today=TODAY, max_habits=2),
     "more than 2 habits"),
    ("db-damaged", lambda p: b"SQLite format 3\x00" + b"\x07" * 200, LIMITS, "damaged"),
    ("json-other", lambda p: b'{"habits": []}', LIMITS, "not a Habitory backup"),
    ("json-broken", lambda p: b'{"format": "habitory-backup", ', LIMITS, "damaged (line 1"),
    ("json-newer", lambda p: json.dumps({"format": "habitory-backup", "schema_version": 2,
                                         "habits": []}).encode(), LIMITS,
     "newer Habitory (schema version 2)"),
    ("json-wrong-type", lambda p: json.dumps({"format": "habitory-backup", "schema_version": 1,
                                              "habits": [{"name": "A", "freq_num": "x"}]}
                                             ).encode(), LIMITS,
     "“freq_num” of habit “A” has the wrong type"),
    ("json-huge-number", lambda p: b'{"format": "habitory-backup", "schema_version": '
     + b"9" * 5000 + b"}", LIMITS, "no valid schema_version"),
    ("json-no-habits", lambda p: json.dumps({"format": "habitory-backup", "schema_version": 1,
                                             "habits": []}).encode(), LIMITS,
     "holds no habits"),
]


def counts(user_id: int) -> tuple[int, int]:
    habits = db.session.scalar(sa.select(sa.func.count()).select_from(Habit)
                               .where(Habit.user_id == user_id))
    checkins = db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)
                                 .join(Habit).where(Habit.user_id == user_id))
    return habits, checkins


@pytest.mark.parametrize("build, limits, message", [b[1:] for b in BAD_FILES],
                         ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_refused_with_a_clear_message(tmp_path, user, build, limits, message):
    with pytest.raises(BadImportFile) as caught:
        read_import(build(tmp_path / "upload.db"), limits)
    assert message in str(caught.value)
    assert counts(user.id) == (0, 0)


def test_detect_format_and_sources():
    assert detect_format(b"PK\x03\x04rest") == "loop_csv"
    assert detect_format(b"SQLite format 3\x00") == "loop_sqlite"
    assert detect_format(b"\xef\xbb\xbf \n{") == "habitory_json"
    assert detect_format(b"Date,") is None
    assert read_import(io.BytesIO(v231_zip()), LIMITS).source_format == "loop_csv"


# --- The store -----------------------------------------------------------------------------

def checkin(day: str, state: str = "done", amount=None, note=None) -> ImportedCheckIn:
    return ImportedCheckIn(d(day), state, amount, note)


def bundle_of(*habits: ImportedHabit) -> ImportBundle:
    return ImportBundle(list(habits), "habitory_json")


def states(user_id: int, name: str) -> dict[str, tuple]:
    habit = db.session.scalar(sa.select(Habit).where(Habit.user_id == user_id,
                                                     Habit.name == name))
    rows = db.session.execute(sa.select(CheckIn.day, CheckIn.state, CheckIn.note)
                              .where(CheckIn.habit_id == habit.id).order_by(CheckIn.day))
    return {day.isoformat(): (state, note) for day, state, note in rows}


@pytest.fixture
def runner_habit(user) -> Habit:
    """An existing "Run" with two days, and a "Health" tag."""
    run = Habit(user_id=user.id, position=1, created_on=d("2024-03-02"))
    run.rename("Run")
    run.tags = [Tag(user_id=user.id, name="Health", name_key="health")]
    db.session.add(run)
    db.session.flush()
    db.session.add_all([CheckIn(habit_id=run.id, day=d("2024-03-02"), state="done"),
                        CheckIn(habit_id=run.id, day=d("2024-03-03"), state="done",
                                note="mine")])
    db.session.commit()
    return run


def incoming() -> ImportBundle:
    return bundle_of(
        ImportedHabit("run", tags=["health", "Outdoors"], reminders=["07:00"], checkins=[
            checkin("2024-03-01"), checkin("2024-03-03", "skipped", note="theirs"),
            checkin("2024-03-04")]),
        ImportedHabit("Read", tags=["HEALTH"], checkins=[checkin("2024-03-01")]),
    )


def test_preview_counts_without_writing(user, runner_habit):
    preview = store.preview(user.id, finalised(incoming()))
    assert (preview.habits, preview.checkins, preview.habits_to_create) == (2, 4, 1)
    assert preview.new_names == ["Read"] and preview.existing_names == ["Run"]
    assert (preview.merge_adds, preview.merge_keeps) == (2, 1)
    assert preview.new_tags == ["Outdoors"]
    assert counts(user.id) == (1, 2)


def test_preview_then_merge_adds_missing_days_and_keeps_existing_ones(user, runner_habit):
    bundle = finalised(incoming())
    preview = store.preview(user.id, bundle)
    summary = store.apply(user.id, bundle, "merge")
    assert summary.checkins_added == preview.merge_adds + 1  # and Read's one day
    assert summary.days_kept == preview.merge_keeps
    assert (summary.created, summary.merged, summary.skipped) == (["Read"], ["Run"], [])
    assert (summary.checkins_added, summary.days_kept, summary.tags_created) == (3, 1, 1)
    assert states(user.id, "Run") == {
        "2024-03-01": ("done", None), "2024-03-02": ("done", None),
        "2024-03-03": ("done", "mine"),  # never overwritten by the file's skip
        "2024-03-04": ("done", None)}
    db.session.expire_all()
    run = db.session.get(Habit, runner_habit.id)
    assert run.created_on == d("2024-03-01")  # history from before it was added here
    assert sorted(t.name for t in run.tags) == ["Health", "Outdoors"]
    assert [r.at.strftime("%H:%M") for r in run.reminders] == ["07:00"]
    tags = db.session.scalars(sa.select(Tag.name).where(Tag.user_id == user.id)).all()
    assert sorted(tags) == ["Health", "Outdoors"]  # "health"/"HEALTH" reuse "Health"


def test_apply_skip_and_rename(user, runner_habit):
    summary = store.apply(user.id, finalised(incoming()), "skip")
    assert summary.skipped == ["run"] and summary.created == ["Read"]
    assert states(user.id, "Run") == {"2024-03-02": ("done", None),
                                      "2024-03-03": ("done", "mine")}
    summary = store.apply(user.id, finalised(incoming()), "rename")
    assert summary.renamed == [("run", "run (2)"), ("Read", "Read (2)")]
    assert len(states(user.id, "run (2)")) == 3
    with pytest.raises(ValueError):
        store.apply(user.id, finalised(incoming()), "overwrite")


def finalised(bundle: ImportBundle) -> ImportBundle:
    return finalise(bundle, LIMITS)


def test_apply_is_one_transaction(user, runner_habit, monkeypatch):
    def fail(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_link_tags", fail)
    with pytest.raises(RuntimeError):
        store.apply(user.id, finalised(incoming()), "merge")
    assert counts(user.id) == (1, 2)
    assert states(user.id, "Run") == {"2024-03-02": ("done", None),
                                      "2024-03-03": ("done", "mine")}


def test_importing_a_loop_backup_end_to_end(tmp_path, user):
    bundle = read_import(loop_v25(tmp_path / "loop.db"), LIMITS)
    summary = store.apply(user.id, bundle, "merge")
    assert summary.created == ["Meditate", "Run", "Water", "Sugar"]
    assert counts(user.id) == (4, 10)
    water = db.session.scalar(sa.select(Habit).where(Habit.name == "Water"))
    assert (water.kind, water.target, water.unit, water.colour) == (
        "measurable", 2.5, "litres", "blue")


# --- Round trips and exports ---------------------------------------------------------------

def rich_bundle() -> ImportBundle:
    start = date(2021, 1, 1)
    days = [start + timedelta(days=i) for i in range(400)]
    return finalised(bundle_of(
        ImportedHabit("Meditate", freq_num=3, freq_den=7, colour="violet", tags=["Mind"],
                      reminders=["06:45", "21:00"], description="Ten minutes",
                      remind_at_risk=True, remind_below=75,
                      checkins=[ImportedCheckIn(x, "done") for x in days[::3]]
                      + [ImportedCheckIn(days[1], "skipped", None, "travel, \"busy\"")]),
        ImportedHabit("Gym", weekdays=0b0010101, icon="🏋", tags=["Body", "mind"],
                      checkins=[ImportedCheckIn(x, "done" if x.day % 3 else "not_done")
                                for x in days if x.weekday() in (0, 2, 4)]),
        ImportedHabit("Water", kind="measurable", unit="l", target=2.0, freq_num=1,
                      freq_den=7, checkins=[ImportedCheckIn(x, "done", (i % 5) * 0.75)
                                            for i, x in enumerate(days)]),
        ImportedHabit("Sugar", kind="measurable", unit="g", target=50.0,
                      direction="at_most", archived=True,
                      checkins=[ImportedCheckIn(x, "done", 30.0 + i % 40)
                                for i, x in enumerate(days[:90])]),
        ImportedHabit("=Smoking", kind="quit", created_on=start,
                      checkins=[ImportedCheckIn(days[50], "not_done", None, "=one")]),
    ))


def statistics(user_id: int) -> dict[str, tuple]:
    habits = db.session.scalars(sa.select(Habit).where(Habit.user_id == user_id)).all()
    entries = entries_for([h.id for h in habits])
    end = date(2022, 3, 1)
    found = {}
    for habit in habits:
        history = history_of(habit, entries.get(habit.id, {}))
        found[habit.name] = (strength_series(history, date(2020, 12, 1), end),
                             current_streak(history, end),
                             day_statuses(history, date(2021, 1, 1), end, today=end))
    return found


def exported(user_id: int) -> list:
    source = export_rows(user_id)
    return [(h, c) for h, c in source.grouped()]


def test_json_round_trip_gives_identical_habits_checkins_and_statistics(user):
    store.apply(user.id, rich_bundle(), "merge")
    text = "".join(export_json(export_rows(user.id)))
    document = json.loads(text)
    assert document["schema_version"] == 1 and document["notifications"] == []
    assert [h["name"] for h in document["habits"]] == [
        "Meditate", "Gym", "Water", "=Smoking", "Sugar"]  # active in order, then archived
    meditate = document["habits"][0]
    assert meditate["reminders"] == ["06:45", "21:00"] and meditate["tags"] == ["Mind"]
    # "Only when I'm likely to miss it" and its threshold survive a backup and its restore.
    assert (meditate["remind_at_risk"], meditate["remind_below"]) == (True, 75)
    assert (document["habits"][1]["remind_at_risk"], document["habits"][1]["remind_below"]) \
        == (False, 60)
    other = User(email="grace@example.com", password_hash="-")
    db.session.add(other)
    db.session.commit()
    bundle = read_import(text.encode(), LIMITS)
    assert bundle.source_format == "habitory_json" and bundle.warnings == []
    store.apply(other.id, bundle, "merge")
    assert exported(other.id) == exported(user.id)
    assert statistics(other.id) == statistics(user.id)
    restored = db.session.scalar(sa.select(Habit).where(Habit.user_id == other.id,
                                                        Habit.name == "Meditate"))
    assert restored.remind_at_risk is True and restored.remind_below == 75


@pytest.mark.parametrize("below", [0, 100, 55.5, "60", True])
def test_a_backup_with_an_impossible_reminder_threshold_is_refused(user, below):
    store.apply(user.id, rich_bundle(), "merge")
    document = json.loads("".join(export_json(export_rows(user.id))))
    document["habits"][0]["remind_below"] = below
    with pytest.raises(BadImportFile) as refused:
        read_import(json.dumps(document).encode(), LIMITS)
    assert "Meditate" in str(refused.value) or "remind_below" in str(refused.value)


def test_a_backup_from_before_risk_aware_reminders_still_imports(user):
    store.apply(user.id, rich_bundle(), "merge")
    document = json.loads("".join(export_json(export_rows(user.id))))
    for habit in document["habits"]:
        del habit["remind_at_risk"], habit["remind_below"]
    bundle = read_import(json.dumps(document).encode(), LIMITS)
    assert [(h.remind_at_risk, h.remind_below) for h in bundle.habits] == [(False, 60)] * 5


def test_json_export_streams_in_chunks(user):
    store.apply(user.id, rich_bundle(), "merge")
    chunks = list(export_json(export_rows(user.id)))
    assert len(chunks) > 10 and max(len(c) for c in chunks) < 60_000


def test_checkins_csv(user):
    store.apply(user.id, rich_bundle(), "merge")
    text = "".join(export_checkins_csv(export_rows(user.id)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["date", "habit", "state", "amount", "note"]
    assert rows[1] == ["2021-01-01", "Meditate", "done", "", ""]
    assert ["2021-01-02", "Meditate", "skipped", "", 'travel, "busy"'] in rows
    assert ["2021-01-04", "Water", "done", "2.25", ""] in rows
    assert ["2021-02-20", "'=Smoking", "not_done", "", "'=one"] in rows  # no formulas
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])
    assert len(rows) - 1 == sum(len(h.checkins) for h in rich_bundle().habits)


def unzip(chunks) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def test_loop_zip_scores_equal_strength_to_four_decimals(user):
    store.apply(user.id, rich_bundle(), "merge")
    today = date(2022, 3, 1)
    files = unzip(export_loop_zip(export_rows(user.id), today))
    assert list(files)[:3] == ["Habits.csv", "001 Meditate/Scores.csv",
                               "001 Meditate/Checkmarks.csv"]
    assert list(files)[-2:] == ["Scores.csv", "Checkmarks.csv"]
    assert files["Habits.csv"].splitlines()[0] == (
        "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
        "Color,Unit,Target Type,Target Value,Archived?")
    assert files["Habits.csv"].splitlines()[3] == (
        "003,Water,NUMERICAL,,,1,7,#00897B,l,AT_LEAST,2.0,false")
    assert files["Habits.csv"].splitlines()[2].startswith("002,Gym,YES_NO,,,3,7,")
    assert files["Scores.csv"].splitlines()[0] == "Date,Meditate,Gym,Water,=Smoking,Sugar,"
    habits = {h.name: h for h in db.session.scalars(sa.select(Habit))}
    entries = entries_for([h.id for h in habits.values()])
    for position, name in enumerate(["Meditate", "Gym", "Water", "=Smoking", "Sugar"], 1):
        folder = f"{position:03d} {name.lstrip('=')}/"
        rows = [line.split(",") for line in files[folder + "Scores.csv"].splitlines()]
        assert rows[0] == ["Date", "Score"]
        days = [d(r[0]) for r in rows[1:]]
        assert days == sorted(days, reverse=True) and days[0] == today
        habit = habits[name]
        ours = dict(strength_series(history_of(habit, entries[habit.id]), days[-1], today))
        assert [r[1] for r in rows[1:]] == [loop_score(ours[x]) for x in days]
        assert all(abs(float(r[1]) - ours[d(r[0])]) <= 5e-5 for r in rows[1:])
        assert files[folder + "Checkmarks.csv"].startswith("Date,Value,Notes\n")
    top = [line.split(",") for line in files["Scores.csv"].splitlines()[1:]]
    assert top[0][0] == "2022-03-01" and top[-1][0] == "2021-01-01" and top[0][-1] == ""


def test_loop_zip_reproduces_loops_own_export_fixture():
    """Loop's CSV export test: 'Wake up early', 2 times in 3 days, today 2015-01-25."""
    (state,) = [s for s in STATES if s["name"] == "csv_export_short_habit_2_per_3_days[0]"]
    values = {}
    for newest, oldest, value in state["entries"]:
        for off in range(newest, oldest + 1):
            values[VECTOR_TODAY - timedelta(days=off)] = value
    habit = ImportedHabit("Wake up early", freq_num=2, freq_den=3, colour="teal", checkins=[
        ImportedCheckIn(day, "done" if v == 2 else "not_done") for day, v in sorted(
            values.items())])
    files = unzip(export_loop_zip(ExportSource.from_bundle(finalised(bundle_of(habit))),
                                  VECTOR_TODAY))
    expected = state["expected"]
    scores = [line.split(",")[1] for line in files["001 Wake up early/Scores.csv"].split()[1:]]
    assert scores == [f"{s:.4f}" for s in expected["scores_by_offset"]]
    checks = [line.split(",")[1] for line in files["001 Wake up early/Checkmarks.csv"].split()[1:]]
    assert checks == expected["computed_by_offset"]
    assert files["Checkmarks.csv"].splitlines()[1] == "2015-01-25,YES_MANUAL,"
    # And back: the automatic checkmarks are not imported, the rest is.
    again = read_import(make_zip(files), Limits(today=VECTOR_TODAY))
    assert [(c.day, c.state) for c in again.habits[0].checkins] == [
        (c.day, c.state) for c in habit.checkins if (VECTOR_TODAY - c.day).days not in (2, 6, 7)]


@pytest.mark.parametrize("state", [s for s in STATES if "computed_known" in s["expected"]],
                         ids=lambda s: s["name"])
def test_loop_zip_computed_checkmarks_match_loop(state):
    _, num, den, _, _ = state["habit"]
    originals = {}
    for newest, oldest, value in state["entries"]:
        for off in range(newest, oldest + 1):
            if value != -1:  # UNKNOWN: no entry
                originals[VECTOR_TODAY - timedelta(days=off)] = (value, "")
    habit = ImportedHabit("H", freq_num=num, freq_den=den)
    got = computed_entries(habit, originals, num, den)
    names = {0: "NO", 1: "YES_AUTO", 2: "YES_MANUAL", 3: "SKIP"}
    expected = {VECTOR_TODAY - timedelta(days=off): name
                for newest, oldest, name in state["expected"]["computed_known"]
                for off in range(newest, oldest + 1)}
    assert {day: names[raw] for day, (raw, _) in got.items()} == expected


def test_loop_zip_round_trip_keeps_a_daily_habit_and_targets(user):
    store.apply(user.id, rich_bundle(), "merge")
    data = b"".join(export_loop_zip(export_rows(user.id), date(2022, 3, 1)))
    habits = by_name(read_import(data, Limits(today=date(2022, 3, 1))))
    water = habits["Water"]
    assert (water.kind, water.target, water.unit, water.freq_den) == ("measurable", 2.0, "l", 7)
    assert habits["Sugar"].archived and habits["Sugar"].direction == "at_most"
    original = by_name(rich_bundle())
    assert [(c.day, c.amount) for c in water.checkins] == [
        (c.day, c.amount) for c in original["Water"].checkins]
    assert habits["Meditate"].colour == "violet"


def test_apply_stores_every_setting(user):
    store.apply(user.id, rich_bundle(), "merge")
    times = db.session.scalars(sa.select(Reminder.at).order_by(Reminder.at)).all()
    assert [t.strftime("%H:%M") for t in times] == ["06:45", "21:00"]
    gym = db.session.scalar(sa.select(Habit).where(Habit.name == "Gym"))
    assert (gym.weekday_set, gym.icon, gym.created_on) == (
        frozenset({0, 2, 4}), "🏋", date(2021, 1, 1))
    sugar = db.session.scalar(sa.select(Habit).where(Habit.name == "Sugar"))
    assert (sugar.kind, sugar.unit, sugar.target, sugar.direction, sugar.archived) == (
        "measurable", "g", 50.0, "at_most", True)


def test_limits_from_config():
    limits = Limits.from_config({"IMPORT_MAX_BYTES": 1024, "IMPORT_MAX_HABITS": None}, TODAY)
    assert (limits.max_bytes, limits.max_habits, limits.latest_day()) == (
        1024, 500, TODAY)  # the user's own today, as the web and the API take
