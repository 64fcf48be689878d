"""Going back to Loop more than once: Loop's LoopDBImporter (uhabits-core, io/LoopDBImporter.kt)
looks every habit of a backup up by its uuid (habitList.getByUUID): a known uuid updates that
habit and adds the entries it lacks, an unknown one adds a new habit. A veteran who exports
from Habitory every month and imports each file into Loop must not get every habit again."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit, User
from habitory.portability import (
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
    exports,
    read_import,
    store,
)
from habitory.portability.export_source import export_rows
from habitory.portability.validate import finalise

from .conftest import TODAY

LIMITS = Limits(today=TODAY)


def _bundle() -> ImportBundle:
    days = [TODAY - timedelta(days=i) for i in range(10)]
    return finalise(ImportBundle([
        ImportedHabit("Read", checkins=[ImportedCheckIn(d, "done") for d in days[::2]]),
        ImportedHabit("Water", kind="measurable", unit="glasses", target=8.0,
                      checkins=[ImportedCheckIn(d, "done", 8.0) for d in days]),
    ], "habitory_json"), LIMITS)


def _habits_of(client, tmp_path, name: str) -> list[tuple[str, str, int]]:
    path = tmp_path / name
    path.write_bytes(client.get("/settings/export?format=loop_db").get_data())
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT uuid, name, id FROM Habits ORDER BY position").fetchall()
    finally:
        connection.close()


def _loop_import(loop: dict[str, str], backup: list[tuple[str, str, int]]) -> None:
    """What LoopDBImporter does with the habits: a uuid it knows is that habit, else a new one."""
    for uuid, name, _ in backup:
        loop[uuid] = name


def test_a_second_export_imported_into_loop_adds_no_habit_twice(client, user, tmp_path):
    store.apply(user.id, _bundle(), "merge")
    first = _habits_of(client, tmp_path, "march.db")
    # A month of use later: a habit renamed, a new one added.
    read = db.session.scalar(sa.select(Habit).where(Habit.user_id == user.id,
                                                    Habit.name == "Read"))
    read.rename("Read a book")
    db.session.commit()
    store.apply(user.id, finalise(ImportBundle([ImportedHabit("Stretch")], "csv"), LIMITS),
                "merge")
    second = _habits_of(client, tmp_path, "april.db")

    loop: dict[str, str] = {}
    _loop_import(loop, first)
    _loop_import(loop, second)
    assert sorted(loop.values()) == ["Read a book", "Stretch", "Water"]


def test_the_uuid_is_the_habits_own_and_tells_nothing(client, user, tmp_path):
    store.apply(user.id, _bundle(), "merge")
    backup = _habits_of(client, tmp_path, "mine.db")
    uuids = [u for u, _, _ in backup]
    assert len(set(uuids)) == 2 and all(len(u) == 32 and int(u, 16) >= 0 for u in uuids)
    ids = db.session.scalars(sa.select(Habit.id).where(Habit.user_id == user.id)).all()
    # Another account's habits never share a uuid with these (Loop would merge them).
    other = User(email="grace@example.com", password_hash="-")
    db.session.add(other)
    db.session.commit()
    store.apply(other.id, _bundle(), "merge")
    theirs = {h.loop_uuid for h in export_rows(other.id).habits}
    assert not theirs & set(uuids)
    # Nothing in them is the plain id of the account or a habit.
    for number in [user.id, *ids]:
        assert f"{number:032x}" not in uuids


def test_a_loop_backups_own_uuid_is_read(client, user, tmp_path):
    store.apply(user.id, _bundle(), "merge")
    backup = _habits_of(client, tmp_path, "mine.db")
    bundle = read_import((tmp_path / "mine.db").read_bytes(), LIMITS)
    assert [h.loop_uuid for h in bundle.habits] == [u for u, _, _ in backup]


LOOPS_OWN = {"Read": "5a1c89cd93e6c92cc0f8ef47deea947a",
             "Water": "d1305e9576523dfa76fd5fed2254243a3136"}


def _a_loop_backup(client, user, tmp_path) -> bytes:
    """A backup as the Loop app writes it: a .db whose habits carry Loop's own uuids (one
    with the row id its migration 24 appended)."""
    store.apply(user.id, _bundle(), "merge")
    _habits_of(client, tmp_path, "loop.db")
    connection = sqlite3.connect(tmp_path / "loop.db")
    try:
        for name, uuid in LOOPS_OWN.items():
            connection.execute("UPDATE Habits SET uuid = ? WHERE name = ?", (uuid, name))
        connection.commit()
    finally:
        connection.close()
    return (tmp_path / "loop.db").read_bytes()


def _someone_else() -> User:
    other = User(email="grace@example.com", password_hash="-")
    db.session.add(other)
    db.session.commit()
    return other


def test_habits_from_loop_go_back_to_loop_as_the_same_habits(client, user, tmp_path):
    """Loop → Habitory → Loop: the .db export carries the uuids the Loop backup came with, so
    Loop updates its habits instead of adding each one again."""
    data = _a_loop_backup(client, user, tmp_path)
    client.post("/logout")
    other = _someone_else()
    store.apply(other.id, read_import(data, LIMITS), "merge")
    back = {h.name: h.loop_uuid for h in export_rows(other.id).habits}
    assert back == LOOPS_OWN

    # The same file again, renamed: the copies get uuids of their own (one uuid, one habit).
    store.apply(other.id, read_import(data, LIMITS), "rename")
    again = [h.loop_uuid for h in export_rows(other.id).habits]
    assert len(again) == 4 and len(set(again)) == 4

    # Merged into a habit of the same name made in Habitory: it takes Loop's uuid.
    store.apply(user.id, read_import(data, LIMITS), "merge")
    assert {h.name: h.loop_uuid for h in export_rows(user.id).habits} == LOOPS_OWN


def test_a_habitory_backup_keeps_the_loop_uuid_on_another_server(client, user, tmp_path):
    data = _a_loop_backup(client, user, tmp_path)
    other = _someone_else()
    store.apply(other.id, read_import(data, LIMITS), "merge")
    backup = "".join(exports.export_stream(other.id, "json", TODAY, tmp_path)).encode()
    third = User(email="alan@example.com", password_hash="-")
    db.session.add(third)
    db.session.commit()
    store.apply(third.id, read_import(backup, LIMITS), "merge")
    assert {h.name: h.loop_uuid for h in export_rows(third.id).habits} == LOOPS_OWN
