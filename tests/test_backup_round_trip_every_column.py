"""The JSON backup is the lossless one: exported through the API, imported with
`flask import-data` into a fresh account, every habit column (ids, owner and the moment the
row was made aside) and every number the API's stats give come back the same; an archived
habit keeps the day it was archived, so its numbers still stop there."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import sqlalchemy as sa
from flask import current_app

from habitory.domain import accounts
from habitory.extensions import db
from habitory.models import CheckIn, Habit, Reminder, Tag
from habitory.portability.loop_db_export import habit_uuid

from .api_support import bearer

# Not carried: the row's own keys, the lookup key the name gives, and created_at, the moment it
# was added *here*: the rules read a habit whose history starts before it as imported, so the
# milestones and alerts a restore brings back are not told again as news.
NOT_CARRIED = {"id", "user_id", "created_at"}
DAY = date(2026, 12, 10)


def _habit(owner_id: int, name: str, created: date, done=(), tags=(), reminders=(), **columns):
    habit = Habit(user_id=owner_id, created_on=created, **columns)
    habit.rename(name)
    db.session.add(habit)
    for tag in tags:
        found = db.session.scalar(sa.select(Tag).where(Tag.user_id == owner_id,
                                                        Tag.name_key == tag))
        habit.tags.append(found or Tag(user_id=owner_id, name=tag, name_key=tag))
    habit.reminders = [Reminder(at=time.fromisoformat(at)) for at in reminders]
    db.session.flush()
    for day, state, amount in done:  # a done day remembers when it was ticked (0014 on)
        ticked = datetime.combine(day, time(7, 30)) if state == "done" else None
        db.session.add(CheckIn(habit_id=habit.id, day=day, state=state, amount=amount,
                               note=f"{state} on {day}", done_at=ticked))
    db.session.commit()
    return habit


def _account(user) -> None:
    d = date
    # The tester's habit: daily, done on the 1st and 2nd, archived on the 8th.
    _habit(user.id, "Stretch", d(2026, 12, 1), position=3, archived=True,
           archived_on=d(2026, 12, 8),
           done=[(d(2026, 12, 1), "done", None), (d(2026, 12, 2), "done", None)])
    # Logged back before the start it was given: created_on moved back, given_start did not.
    _habit(user.id, "Water", d(2026, 11, 10), position=1, kind="measurable", unit="glasses",
           target=2.0, direction="at_most", weekdays=0b0011111, colour="cyan", icon="💧",
           description="Two at most?", remind_at_risk=True, remind_below=70,
           given_start=d(2026, 11, 20), tags=("health",), reminders=("08:15", "19:00"),
           loop_uuid="ab" * 16,
           done=[(d(2026, 11, 10), "done", 1.0), (d(2026, 12, 3), "not_done", 3.0),
                 (d(2026, 12, 9), "done", 2.0)])
    # Positions with a gap, as a habit added after an archived one with a higher number gets.
    _habit(user.id, "No sugar", d(2026, 11, 1), position=5, kind="quit", freq_num=3,
           freq_den=7, tags=("health", "food"),
           done=[(d(2026, 11, 20), "not_done", None), (d(2026, 12, 4), "skipped", None)])
    _habit(user.id, "Read", d(2026, 10, 1), position=2, archived=True,
           archived_on=d(2026, 11, 2), done=[(d(2026, 10, 5), "done", None)])


def _columns(owner_id: int) -> dict[str, dict]:
    found = {}
    for habit in db.session.scalars(sa.select(Habit).where(Habit.user_id == owner_id)):
        row = {c.name: getattr(habit, c.name) for c in Habit.__table__.columns
               if c.name not in NOT_CARRIED}
        # The uuid Loop knows it by: a habit that has none stored is given a stable one in
        # every export, which the restored habit keeps (the Loop app sees the same habit).
        row["loop_uuid"] = habit.loop_uuid or habit_uuid(current_app.secret_key,
                                                         habit.user_id, habit.id)
        row["tags"] = sorted(t.name for t in habit.tags)
        row["reminders"] = [r.at for r in habit.reminders]
        row["checkins"] = [(c.day, c.state, c.amount, c.note, c.done_at) for c in
                           db.session.scalars(sa.select(CheckIn).where(
                               CheckIn.habit_id == habit.id).order_by(CheckIn.day))]
        found[habit.name] = row
    return found


def _seen_through_the_api(client, headers) -> dict[str, dict]:
    db.session.expire_all()  # as a new request reads them (tags in their order)
    seen = {}
    for archived in ("false", "true"):
        for habit in client.get(f"/api/v1/habits?archived={archived}", headers=headers).json:
            stats = client.get(f"/api/v1/habits/{habit['id']}/stats", headers=headers)
            days = client.get(f"/api/v1/habits/{habit['id']}/checkins?from=2026-01-01",
                              headers=headers)
            assert stats.status_code == 200 and days.status_code == 200
            seen[habit.pop("name")] = {**{k: v for k, v in habit.items() if k != "id"},
                                       "stats": stats.json, "checkins": days.json}
    return seen


def _export_and_restore(client, runner, user, tmp_path, edit=None) -> tuple[dict, int]:
    response = client.get("/api/v1/export?format=json", headers=bearer(user.id))
    assert response.status_code == 200
    document = json.loads(response.get_data(as_text=True))
    if edit:
        edit(document)
    path = tmp_path / "rt.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    fresh = accounts.create(f"copy{len(list(tmp_path.iterdir()))}@example.com", "password-123")
    db.session.commit()
    result = runner.invoke(args=["import-data", "--email", fresh.email, str(path)])
    assert result.exit_code == 0, result.output
    return document, fresh.id


def test_a_restored_backup_has_every_column_and_every_number_of_the_original(
        client, runner, user, frozen_now, tmp_path):
    frozen_now(DAY.year, DAY.month, DAY.day, 12, 0)
    _account(user)
    before_api = _seen_through_the_api(client, bearer(user.id))
    stretch = before_api["Stretch"]["stats"]
    assert (round(stretch["rate_7"], 3), stretch["current_streak"]) == (0.167, 0)  # 8th: stop

    document, copy_id = _export_and_restore(client, runner, user, tmp_path)
    heads = {h["name"]: h for h in document["habits"]}
    assert heads["Stretch"]["archived_on"] == "2026-12-08"
    assert heads["Water"]["given_start"] == "2026-11-20"
    assert heads["No sugar"]["archived_on"] is None

    restored, original = _columns(copy_id), _columns(user.id)
    assert restored.keys() == original.keys()
    for name, columns in original.items():
        for column, value in columns.items():
            assert (name, column, restored[name][column]) == (name, column, value)
    after_api = _seen_through_the_api(client, bearer(copy_id))
    assert after_api.keys() == before_api.keys()
    for name, seen in before_api.items():
        for key, value in seen.items():
            assert (name, key, after_api[name][key]) == (name, key, value)


def test_a_backup_from_before_archived_on_imports_as_it_did(client, runner, user, frozen_now,
                                                             tmp_path):
    frozen_now(DAY.year, DAY.month, DAY.day, 12, 0)
    _account(user)

    def older(document):
        for head in document["habits"]:
            del head["archived_on"], head["given_start"]

    _document, copy_id = _export_and_restore(client, runner, user, tmp_path, older)
    copy = {h.name: h for h in db.session.scalars(sa.select(Habit).where(
        Habit.user_id == copy_id))}
    assert copy["Stretch"].archived and copy["Stretch"].archived_on is None
    assert copy["Water"].given_start == copy["Water"].created_on == date(2026, 11, 10)
    headers = bearer(copy_id)
    stats = client.get(f"/api/v1/habits/{copy['Stretch'].id}/stats", headers=headers).json
    assert stats["current_streak"] == 2  # judged to its last logged day, as before


def _import_edited(client, runner, user, tmp_path, name, **fields):
    response = client.get("/api/v1/export?format=json", headers=bearer(user.id))
    document = json.loads(response.get_data(as_text=True))
    for head in document["habits"]:
        if head["name"] == name:
            head.update(fields)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    fresh = accounts.create("edited@example.com", "password-123")
    db.session.commit()
    result = runner.invoke(args=["import-data", "--email", fresh.email, str(path)])
    return result, fresh.id


def test_an_archiving_day_in_the_future_is_refused_naming_the_habit(client, runner, user,
                                                                     frozen_now, tmp_path):
    frozen_now(DAY.year, DAY.month, DAY.day, 12, 0)
    _account(user)
    result, copy_id = _import_edited(client, runner, user, tmp_path, "Stretch",
                                     archived_on="2027-03-01")
    assert result.exit_code == 1
    assert 'Habit "Stretch" has an impossible archiving date (2027-03-01).' in result.output
    assert db.session.scalar(sa.select(sa.func.count(Habit.id)).where(
        Habit.user_id == copy_id)) == 0


def test_an_archiving_day_that_is_no_date_is_refused(client, runner, user, frozen_now,
                                                     tmp_path):
    frozen_now(DAY.year, DAY.month, DAY.day, 12, 0)
    _account(user)
    result, _copy = _import_edited(client, runner, user, tmp_path, "Stretch",
                                   archived_on="08/12/2026")
    assert result.exit_code == 1
    assert "has a bad date “08/12/2026”" in result.output


def test_an_archiving_day_before_the_start_reads_as_the_start(client, runner, user, frozen_now,
                                                              tmp_path):
    frozen_now(DAY.year, DAY.month, DAY.day, 12, 0)
    _account(user)
    result, copy_id = _import_edited(client, runner, user, tmp_path, "Stretch",
                                     archived_on="2026-11-01")
    assert result.exit_code == 0, result.output
    stretch = db.session.scalar(sa.select(Habit).where(Habit.user_id == copy_id,
                                                       Habit.name == "Stretch"))
    assert stretch.archived_on == stretch.created_on == date(2026, 12, 1)
