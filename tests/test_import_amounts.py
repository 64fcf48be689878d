"""A measurable day's state follows its amount on every import, as the web and the API decide
it (done when the amount meets the target in its direction), and a Loop zip made by Habitory
comes back as it left: each day's state, amount and note, habit names with commas included."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, User
from habitory.portability import (
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
    read_import,
)
from habitory.portability.validate import finalise

from .api_support import bearer
from .conftest import TODAY, AuthActions, upload_body
from .test_portability import d, loop_v25

LIMITS = Limits(today=TODAY)


def _days(user_id: int) -> dict[tuple[str, str], tuple]:
    """(habit, day) -> (state, amount, note) of every check-in of the user."""
    rows = db.session.execute(
        sa.select(Habit.name, CheckIn.day, CheckIn.state, CheckIn.amount, CheckIn.note)
        .join(Habit, Habit.id == CheckIn.habit_id).where(Habit.user_id == user_id))
    return {(name, day.isoformat()): (state, amount, note)
            for name, day, state, amount, note in rows}


def _import_on_the_web(app, email: str, data: bytes, filename: str) -> tuple[int, str]:
    """A new account imports the file through Settings: (its id, the preview page)."""
    other = app.test_client()
    AuthActions(other).register(email=email)
    preview = other.post("/settings/import", **upload_body({}, filename, data))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    done = other.post("/settings/import/confirm", data={"token": token, "on_conflict": "merge"})
    assert done.status_code == 303
    return db.session.scalar(sa.select(User.id).where(User.email == email)), html


def test_a_loop_zip_round_trip_keeps_each_measurable_days_state_and_amount(app, client, user,
                                                                           make_habit):
    water = make_habit(user, "Water", kind="measurable", target=2.5, unit="l",
                       created=d("2026-11-01"))
    coffee = make_habit(user, "Coffee, cups", kind="measurable", target=1.5, unit="cups",
                        direction="at_most", created=d("2026-11-01"))
    headers = bearer(user.id)
    for habit, day, body in [
        (water, "2026-11-18", {"state": "done", "amount": 1.804}),  # below the target
        (water, "2026-11-19", {"state": "done", "amount": 3.142}),
        (water, "2026-11-20", {"state": "not_done"}),  # a miss without an amount
        (water, "2026-11-21", {"state": "not_done", "note": "forgot the bottle"}),
        (water, "2026-11-22", {"state": "skipped", "note": 'ill, "really"'}),
        (water, "2026-11-23", {"state": "done", "amount": 2.5, "note": "just, enough"}),
        (water, "2026-11-24", {"state": "done", "amount": 0}),
        (coffee, "2026-11-18", {"state": "done", "amount": 2.77}),  # over the limit
        (coffee, "2026-11-19", {"state": "done", "amount": 0}),
        (coffee, "2026-11-20", {"state": "not_done"}),
        (coffee, "2026-11-21", {"state": "done", "amount": 1.5}),
        (coffee, "2026-11-22", {"state": "skipped"}),
    ]:
        response = client.put(f"/api/v1/habits/{habit.id}/checkins/{day}", json=body,
                              headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
    original = _days(user.id)
    assert original[("Water", "2026-11-18")] == ("not_done", 1.804, None)
    assert original[("Coffee, cups", "2026-11-18")] == ("not_done", 2.77, None)

    exported = client.get("/api/v1/export?format=loop", headers=headers).get_data()
    grace, _html = _import_on_the_web(app, "grace@example.com", exported, "loop.zip")
    assert _days(grace) == original


def test_the_loop_zips_top_level_files_quote_names_as_csv_does(client, user, make_habit):
    make_habit(user, "Coffee, cups", kind="measurable", target=1.5, direction="at_most",
               done=[TODAY])
    make_habit(user, 'Say "hi"', done=[TODAY])
    data = client.get("/settings/export?format=loop").get_data()
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in ("Checkmarks.csv", "Scores.csv"):
        rows = list(csv.reader(io.StringIO(archive.read(name).decode())))
        assert rows[0] == ["Date", "Coffee, cups", 'Say "hi"', ""]  # Loop's trailing comma
        assert all(len(row) == 4 for row in rows)
    # Read back from the top-level file alone, as for an export without the habits' folders.
    top = {n: archive.read(n) for n in ("Habits.csv", "Checkmarks.csv", "Scores.csv")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as copy:
        for name, content in top.items():
            copy.writestr(name, content)
    bundle = read_import(buffer.getvalue(), LIMITS)
    assert [h.name for h in bundle.habits] == ["Coffee, cups", 'Say "hi"']
    assert [len(h.checkins) for h in bundle.habits] == [1, 1]
    assert not any("matches no habit" in w for w in bundle.warnings)


def test_a_loop_backups_amounts_decide_the_days(tmp_path):
    habits = [dict(Id=1, name="Water", freq_num=1, freq_den=1, color=11, position=0, type=1,
                   target_type=0, target_value=2.5, unit="l"),
              dict(Id=2, name="Coffee", freq_num=1, freq_den=1, color=1, position=1, type=1,
                   target_type=1, target_value=1.5, unit="cups")]
    reps = [(1, "2024-03-01", 1804, None), (1, "2024-03-02", 2500, None),
            (1, "2024-03-03", 0, "none at all"),
            (2, "2024-03-01", 2770, None), (2, "2024-03-02", 1500, None),
            (2, "2024-03-03", 0, None)]
    bundle = read_import(loop_v25(tmp_path / "loop.db", habits, reps), LIMITS)
    found = {h.name: [(c.day.isoformat(), c.state, c.amount) for c in h.checkins]
             for h in bundle.habits}
    assert found == {
        "Water": [("2024-03-01", "not_done", 1.804), ("2024-03-02", "done", 2.5),
                  ("2024-03-03", "not_done", 0.0)],
        "Coffee": [("2024-03-01", "not_done", 2.77), ("2024-03-02", "done", 1.5),
                   ("2024-03-03", "done", 0.0)],
    }
    assert not any("contradict" in w for w in bundle.warnings)  # Loop gives no state


def _backup(checkins: list[dict]) -> bytes:
    return json.dumps({"format": "habitory-backup", "schema_version": 1, "habits": [
        {"name": "Water", "kind": "measurable", "target": 2.5, "direction": "at_least",
         "checkins": checkins}]}).encode()


def test_a_backups_state_that_its_amount_contradicts_follows_the_amount_and_is_said():
    bundle = read_import(_backup([
        {"day": "2024-03-01", "state": "done", "amount": 1.0},
        {"day": "2024-03-02", "state": "not_done", "amount": 3.0},
        {"day": "2024-03-03", "state": "done", "amount": 2.5},
        {"day": "2024-03-04", "state": "skipped", "amount": 1.0},  # a skip stays a skip
        {"day": "2024-03-05", "state": "done"},  # no amount: nothing to judge
    ]), LIMITS)
    (water,) = bundle.habits
    assert [(c.state, c.amount) for c in water.checkins] == [
        ("not_done", 1.0), ("done", 3.0), ("done", 2.5), ("skipped", 1.0), ("done", None)]
    assert any('2 days of "Water"' in w and "contradict" in w for w in bundle.warnings)


def test_without_a_target_the_files_state_stays():
    bundle = finalise(ImportBundle([ImportedHabit("Steps", kind="measurable", checkins=[
        ImportedCheckIn(d("2024-03-01"), "done", 1200.0),
        ImportedCheckIn(d("2024-03-02"), "not_done", 0.0)])], "csv"), LIMITS)
    assert [c.state for c in bundle.habits[0].checkins] == ["done", "not_done"]


def test_the_web_preview_of_a_loop_zip_counts_misses_as_misses(app, client, user, make_habit):
    water = make_habit(user, "Water", kind="measurable", target=2.5, created=d("2026-11-01"))
    client.put(f"/api/v1/habits/{water.id}/checkins/2026-11-24",
               json={"state": "done", "amount": 1.0}, headers=bearer(user.id))
    exported = client.get("/settings/export?format=loop").get_data()
    grace, _html = _import_on_the_web(app, "grace@example.com", exported, "loop.zip")
    assert _days(grace) == {("Water", "2026-11-24"): ("not_done", 1.0, None)}


def test_loops_real_layout_without_habit_folders_still_reads_unquoted_names():
    """Loop itself writes the top-level header unquoted: "Sleep, deep" is still one habit."""
    habits = ("Position,Name,Type,Question,Description,FrequencyNumerator,"
              "FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n"
              '001,"Sleep, deep",NUMERICAL,,,1,1,#1976D2,hours,AT_LEAST,8.0,false\n'
              "002,Read,YES_NO,,,1,1,#1976D2,,,,false\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Habits.csv", habits)
        archive.writestr("Checkmarks.csv", "Date,Sleep, deep,Read,\n"
                                           "2024-03-02,8500,YES_MANUAL,\n2024-03-01,7000,NO,\n")
    bundle = read_import(buffer.getvalue(), LIMITS)
    sleep, read = bundle.habits
    assert [(c.state, c.amount) for c in sleep.checkins] == [("not_done", 7.0), ("done", 8.5)]
    assert [c.state for c in read.checkins] == ["not_done", "done"]



def test_a_day_merged_into_a_habit_is_judged_by_that_habits_target(client, user, make_habit):
    make_habit(user, "Water", kind="measurable", target=3.0)  # the file's says 2.5
    backup = _backup([{"day": "2026-11-20", "state": "done", "amount": 2.7},
                      {"day": "2026-11-21", "state": "done", "amount": 3.2}])
    preview = client.post("/settings/import", **upload_body({}, "b.json", backup))
    token = re.search(r'name="token" value="([^"]+)"', preview.get_data(as_text=True)).group(1)
    assert client.post("/settings/import/confirm", data={"token": token, "on_conflict": "merge"}
                       ).status_code == 303
    assert _days(user.id) == {("Water", "2026-11-20"): ("not_done", 2.7, None),
                              ("Water", "2026-11-21"): ("done", 3.2, None)}
