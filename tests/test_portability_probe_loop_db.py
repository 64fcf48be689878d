"""Back to Loop: the Loop app imports its own SQLite backup, never its CSV zip, so a Loop
veteran leaving Habitory needs a .db that Loop's LoopDBImporter takes and that keeps what
Loop has columns for (reminders with their days included)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, User
from habitory.portability import (
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
    read_import,
    store,
)
from habitory.portability.loop_db_export import loop_weekdays
from habitory.portability.loop_sqlite import HABIT_COLUMNS, REPETITION_COLUMNS
from habitory.portability.validate import finalise

from .conftest import TODAY

LIMITS = Limits(today=TODAY)
START = TODAY - timedelta(days=90)
MWF = 0b10101  # Monday, Wednesday, Friday


def veteran() -> ImportBundle:
    days = [START + timedelta(days=i) for i in range(91)]
    return finalise(ImportBundle([
        ImportedHabit("Meditate", freq_num=3, freq_den=7, colour="violet",
                      description="Ten minutes?", reminders=["21:00", "06:45"],
                      checkins=[ImportedCheckIn(x, "done") for x in days[::3]]
                      + [ImportedCheckIn(days[1], "skipped", None, "travel, \"busy\""),
                         ImportedCheckIn(days[2], "not_done", None, "tired")]),
        ImportedHabit("Gym", weekdays=MWF, reminders=["18:30"], colour="green",
                      checkins=[ImportedCheckIn(x, "done") for x in days
                                if x.weekday() in (0, 2, 4)]),
        ImportedHabit("Coffee", kind="measurable", unit="cups", target=2.0,
                      direction="at_most", archived=True, colour="brown",
                      checkins=[ImportedCheckIn(x, "done", 0.5 * (i % 6))
                                for i, x in enumerate(days)]),
    ], "habitory_json"), LIMITS)


def downloaded(client, user, tmp_path):
    store.apply(user.id, veteran(), "merge")
    answer = client.get("/settings/export?format=loop_db")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].endswith('.db"')
    path = tmp_path / "backup.db"
    path.write_bytes(answer.get_data())
    return path


def test_the_loop_backup_is_what_loops_importer_takes(client, user, tmp_path):
    path = downloaded(client, user, tmp_path)
    connection = sqlite3.connect(path)
    # LoopDBImporter.canHandle: a SQLite file with both tables, no newer than Loop's version.
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 25
    assert connection.execute("SELECT count(*) FROM sqlite_master WHERE name='Habits' OR "
                              "name='Repetitions'").fetchone()[0] == 2
    columns = {r[1].lower() for r in connection.execute("PRAGMA table_info(Habits)")}
    assert columns == HABIT_COLUMNS
    assert {r[1] for r in connection.execute("PRAGMA table_info(Repetitions)")} == \
        REPETITION_COLUMNS
    habits = connection.execute(
        "SELECT name, position, freq_num, freq_den, reminder_hour, reminder_min, "
        "reminder_days, type, target_type, target_value, unit, archived, question "
        "FROM Habits ORDER BY position").fetchall()
    assert habits == [
        ("Meditate", 0, 3, 7, 6, 45, 127, 0, 0, 0.0, "", 0, "Ten minutes?"),
        ("Gym", 1, 3, 7, 18, 30, 4 + 16 + 64, 0, 0, 0.0, "", 0, ""),  # Mon, Wed, Fri
        ("Coffee", 2, 1, 1, None, None, 0, 1, 1, 2.0, "cups", 1, ""),
    ]
    uuids = [r[0] for r in connection.execute("SELECT uuid FROM Habits")]
    assert len(set(uuids)) == 3 and all(len(u) == 32 for u in uuids)
    skip = connection.execute(
        "SELECT value, notes FROM Repetitions WHERE timestamp = ?",
        ((START + timedelta(days=1) - date(1970, 1, 1)).days * 86_400_000,)).fetchone()
    assert skip == (3, 'travel, "busy"')
    connection.close()


def test_loop_weekday_bits_start_on_saturday():
    assert loop_weekdays(None) == 127
    assert loop_weekdays(0b1000000) == 0b10  # Sunday
    assert loop_weekdays(0b0100000) == 0b1  # Saturday
    assert loop_weekdays(0b1) == 0b100  # Monday


def test_the_loop_backup_comes_back_whole(client, user, tmp_path):
    path = downloaded(client, user, tmp_path)
    other = User(email="grace@example.com", password_hash="-")
    db.session.add(other)
    db.session.commit()
    store.apply(other.id, read_import(path.read_bytes(), LIMITS), "merge")

    def kept(user_id):
        rows = db.session.execute(
            sa.select(Habit.name, CheckIn.day, CheckIn.state, CheckIn.amount, CheckIn.note)
            .join(CheckIn).where(Habit.user_id == user_id).order_by(Habit.name, CheckIn.day))
        return [tuple(r) for r in rows]

    assert kept(other.id) == kept(user.id)
    coffee = db.session.scalar(sa.select(Habit).where(Habit.user_id == other.id,
                                                      Habit.name == "Coffee"))
    assert (coffee.kind, coffee.target, coffee.direction, coffee.unit, coffee.archived,
            coffee.colour) == ("measurable", 2.0, "at_most", "cups", True, "brown")
    meditate = db.session.scalar(sa.select(Habit).where(Habit.user_id == other.id,
                                                        Habit.name == "Meditate"))
    assert (meditate.freq_num, meditate.freq_den, meditate.colour, meditate.description) == (
        3, 7, "violet", "Ten minutes?")
    assert [r.at.strftime("%H:%M") for r in meditate.reminders] == ["06:45"]


def test_the_loop_page_offers_the_backup_loop_opens(client, user):
    html = client.get("/settings/export/loop").get_data(as_text=True)
    assert 'href="/settings/export?format=loop_db"' in html
    assert 'href="/settings/export?format=loop"' in html


def test_another_users_backup_is_never_handed_out(client, auth, user, tmp_path):
    store.apply(user.id, veteran(), "merge")
    auth.logout()
    auth.register(email="eve@example.com")
    data = client.get("/settings/export?format=loop_db").get_data()
    path = tmp_path / "eve.db"
    path.write_bytes(data)
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM Habits").fetchone()[0] == 0
    connection.close()


def test_a_loop_reminder_on_some_weekdays_only_is_said_on_import(client, user, tmp_path):
    """Loop keeps a reminder's days (Mon–Fri, say); Habitory reminds on every due day, so a
    Loop veteran is told which habits will also be reminded on the other days."""
    path = downloaded(client, user, tmp_path)
    bundle = read_import(path.read_bytes(), LIMITS)
    said = [str(w) for w in bundle.warnings if "weekdays" in str(w) or "days of the week"
            in str(w)]
    assert len(said) == 1 and "Gym" in said[0] and "Meditate" not in said[0]


def test_every_door_hands_out_the_same_loop_backup(client, runner, user, tmp_path):
    """Settings, `flask export-data --format loop_db` and the API's /export give the backup
    Loop opens; an unknown format names all four."""
    from .api_support import bearer

    web = downloaded(client, user, tmp_path)
    out = tmp_path / "cli.db"
    result = runner.invoke(args=["export-data", "--email", user.email, "--format", "loop_db",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    api = client.get("/api/v1/export?format=loop_db", headers=bearer(user.id, "read"))
    assert api.status_code == 200 and api.headers["Content-Disposition"].endswith('.db"')
    (tmp_path / "api.db").write_bytes(api.get_data())

    def habits(path):
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA user_version").fetchone()[0] == 25
            return connection.execute("SELECT name, freq_num, freq_den FROM Habits "
                                      "ORDER BY position").fetchall()

    assert habits(web) == habits(out) == habits(tmp_path / "api.db") == [
        ("Meditate", 3, 7), ("Gym", 3, 7), ("Coffee", 1, 1)]
    unknown = client.get("/settings/export?format=xlsx")
    assert unknown.status_code == 400 and "loop_db" in unknown.get_data(as_text=True)
