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
    read_import,
    store,
)
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
    theirs = {h.loop_uuid for h in store.export_rows(other.id).habits}
    assert not theirs & set(uuids)
    # Nothing in them is the plain id of the account or a habit.
    for number in [user.id, *ids]:
        assert f"{number:032x}" not in uuids


def test_a_loop_backups_own_uuid_is_read(client, user, tmp_path):
    store.apply(user.id, _bundle(), "merge")
    backup = _habits_of(client, tmp_path, "mine.db")
    bundle = read_import((tmp_path / "mine.db").read_bytes(), LIMITS)
    assert [h.loop_uuid for h in bundle.habits] == [u for u, _, _ in backup]
