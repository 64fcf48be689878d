"""Imports take what the web form takes: every text field through domain/text.py, amounts,
targets, positions, tags and reminders within the form's limits, dates from 1970 to the
user's today. A bad value is a message naming the habit and the field, and nothing is
written. And a value that got into the database before (1e306) breaks no page or export."""

from __future__ import annotations

import io
import json
import math
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, User
from habitory.portability import BadImportFile, Limits, read_import
from habitory.stats.schedule import LOOP_RAW_MAX, Entry, HabitHistory, loop_raw
from habitory.stats.strength import strength, strength_series

from .test_portability import loop_v25, make_zip, ms

TODAY = date(2026, 11, 25)
LIMITS = Limits(today=TODAY)


def backup(**changes) -> bytes:
    """A one-habit Habitory backup; `changes` replace fields of the habit, `checkin` of its
    one check-in."""
    checkin = {"day": "2026-11-20", "state": "done", "amount": 2.0, "note": "fine",
               **changes.pop("checkin", {})}
    habit = {"name": "Water", "kind": "measurable", "freq_num": 1, "freq_den": 1,
             "target": 8.0, "unit": "glasses", "icon": "💧", "description": "Drink",
             "position": 1, "tags": ["health"], "reminders": ["08:00"],
             "checkins": [checkin], **changes}
    return json.dumps({"format": "habitory-backup", "schema_version": 1,
                       "habits": [habit]}).encode()


REFUSED = [
    ({"name": "Wa\x00ter"}, 'The name of habit number 1 ("Wa\ufffdter") cannot be imported: '
                            "Remove a NUL byte"),
    ({"name": "\u200b\u200b"}, "The name has no visible characters"),
    ({"description": "a\x00b"}, 'The description of habit "Water" cannot be imported: Remove a '
                                "NUL byte"),
    ({"unit": "gl\x1basses"}, 'The unit of habit "Water" cannot be imported: Remove a control '
                              "character (U+001B)"),
    ({"icon": "\x00"}, 'The icon of habit "Water" cannot be imported: Remove a NUL byte'),
    ({"tags": ["ok", "he\x00alth"]}, 'A tag of habit "Water" cannot be imported: Remove a NUL'),
    ({"tags": ["\u2060"]}, "The tag has no visible characters"),
    ({"tags": [f"t{i}" for i in range(11)]}, 'Habit "Water" has more than 10 tags'),
    ({"reminders": [f"0{i}:00" for i in range(6)]}, "more than 5 reminder times"),
    ({"checkin": {"note": "ok\x00"}}, 'The note of 2026-11-20 of habit "Water" cannot be '
                                      "imported: Remove a NUL byte"),
    ({"checkin": {"amount": 1e306}}, 'Habit "Water" has an impossible amount (1e+306) on '
                                     "2026-11-20; amounts lie between 0 and 1,000,000."),
    ({"checkin": {"amount": -1.0}}, "impossible amount (-1)"),
    ({"checkin": {"amount": 1_000_000.5}}, "impossible amount"),
    ({"checkin": {"day": "0001-01-01"}}, "a check-in dated 0001-01-01; dates must lie between "
                                         "1970-01-01 and 2026-11-25"),
    ({"checkin": {"day": "9999-12-31"}}, "a check-in dated 9999-12-31"),
    ({"created_on": "1969-12-31", "checkins": []}, "impossible creation date"),
    ({"target": 1e306}, 'Habit "Water" has an impossible target (1e+306); targets lie between 0 '
                        "and 1,000,000."),
    ({"target": -3.0}, "impossible target"),
    ({"position": 2**40}, "impossible position"),
    ({"freq_num": 1, "freq_den": 10**6}, "impossible frequency (1 times in 1000000 days)"),
    ({"weekdays": 2**40}, "impossible set of weekdays"),
]


@pytest.mark.parametrize(("changes", "message"), REFUSED)
def test_backup_values_the_form_would_refuse_are_refused(changes, message):
    with pytest.raises(BadImportFile) as refused:
        read_import(backup(**changes), LIMITS)
    assert message in refused.value.message


def test_text_is_cleaned_like_the_forms_do():
    bundle = read_import(backup(name="\u202eCafe\u0301 \u200b", tags=["#Health", "health",
                                                                      "\u200bmorning"],
                                description="line one\nline two"), LIMITS)
    (habit,) = bundle.habits
    assert habit.name == "Café"
    assert habit.tags == ["Health", "morning"]
    assert habit.description == "line one\nline two"


def test_loop_backup_with_a_nul_name_or_note_and_huge_values(tmp_path):
    habits = [dict(Id=1, name="Me\x00ditate", freq_num=1, freq_den=1, position=0)]
    with pytest.raises(BadImportFile, match="Remove a NUL byte"):
        read_import(loop_v25(tmp_path / "a.db", habits=habits, reps=[]), LIMITS)
    habits = [dict(Id=1, name="Water", freq_num=1, freq_den=1, position=0, type=1,
                   target_value=1e306)]
    with pytest.raises(BadImportFile, match="impossible target"):
        read_import(loop_v25(tmp_path / "b.db", habits=habits, reps=[]), LIMITS)
    habits[0]["target_value"] = 8.0
    reps = [(1, "2026-11-20", 2**62, None), (1, "2026-11-21", 2000, "n\x00te")]
    with pytest.raises(BadImportFile, match="The note of 2026-11-21"):
        read_import(loop_v25(tmp_path / "c.db", habits=habits, reps=reps), LIMITS)
    reps = [(1, "2026-11-20", 2**62, None), (1, "2026-11-21", 1_500_000_000, None)]
    with pytest.raises(BadImportFile, match="impossible amount \\(1.5e\\+06\\)"):
        read_import(loop_v25(tmp_path / "d.db", habits=habits, reps=reps), LIMITS)
    reps = [(1, "2026-11-20", 2**62, None), (1, ms(date(2026, 11, 21)), 2000, None)]
    bundle = read_import(loop_v25(tmp_path / "e.db", habits=habits, reps=reps), LIMITS)
    assert [(c.day.day, c.amount) for c in bundle.habits[0].checkins] == [(21, 2.0)]
    assert "1 entry with a value Loop does not use was skipped." in bundle.warnings


@pytest.mark.parametrize("cell", ["9" * 400, "1e400", "-1e400", "nan", "inf", "2147483648"])
def test_loop_csv_with_numbers_beyond_loops_int_is_no_500(cell):
    data = make_zip({"Habits.csv": "Position,Name,Interval,NumRepetitions\n"
                                   f"001,A,{cell},{cell}\n",
                     "Checkmarks.csv": f"Date,A,\n2026-11-20,{cell},\n2026-11-21,2,\n",
                     "Scores.csv": "Date,A,\n2026-11-20,nan,\n2026-11-21,inf,\n"})
    bundle = read_import(data, LIMITS)
    assert [c.day.day for c in bundle.habits[0].checkins] == [21]


def test_loop_csv_old_layout_with_centuries_of_scores_is_quick():
    rows = "".join(f"{year:04d}-01-01,0.5,\n" for year in range(1, 10_000, 7))
    data = make_zip({"Checkmarks.csv": "Date,A,\n2026-11-20,5000,\n2026-11-21,3000,\n",
                     "Scores.csv": "Date,A,\n" + rows})
    bundle = read_import(data, LIMITS)
    assert bundle.habits[0].kind == "measurable"


# Through the web: a refused file writes nothing ---------------------------------------

@pytest.fixture
def user_id(client, auth, frozen_now):
    frozen_now(2026, 11, 25, 12, 0)
    auth.register()
    return db.session.scalar(sa.select(User.id))


def _upload(client, data: bytes):
    return client.post("/settings/import", data={"file": (io.BytesIO(data), "b.json")},
                       content_type="multipart/form-data")


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("changes", [c for c, _ in REFUSED[:12]], ids=range(12))
def test_a_refused_upload_says_why_and_writes_nothing(client, user_id, changes):
    response = _upload(client, backup(**changes))
    assert response.status_code == 422
    assert 'name="token"' not in response.get_data(as_text=True)
    assert (_count(Habit), _count(CheckIn)) == (0, 0)


# Defence in depth: a stored value no door lets in any more ----------------------------

def test_loop_raw_and_strength_take_any_stored_amount():
    assert loop_raw(1e306) == loop_raw(math.inf) == LOOP_RAW_MAX
    assert loop_raw(math.nan) == 0 and loop_raw(None) == 0 and loop_raw(2.5) == 2500
    history = HabitHistory(date(2026, 1, 1), {date(2026, 1, 2): Entry("done", 1e306),
                                              date(2026, 1, 3): Entry("done", math.inf),
                                              date(2026, 1, 4): Entry("done", -1e306)},
                           kind="measurable", target=8.0)
    scores = [s for _, s in strength_series(history, date(2026, 1, 1), date(2026, 1, 10))]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert strength(history, date(2026, 1, 10)) == scores[-1]


@pytest.mark.parametrize("amount", [1e306, -1e306, math.inf])
def test_pages_and_exports_survive_a_stored_huge_amount(client, user_id, amount):
    client.post("/habits", data={"form": "full", "name": "Water", "kind": "measurable",
                                 "schedule": "times_per_week", "times_per_week": "3",
                                 "target": "8", "direction": "at_least", "colour": "teal"})
    hid = db.session.scalar(sa.select(Habit.id))
    for day in (20, 21, 22, 23):
        db.session.add(CheckIn(habit_id=hid, day=date(2026, 11, day), state="done",
                               amount=amount))
    db.session.commit()
    for path in ("/", f"/habits/{hid}", "/insights", "/insights?period=all", "/calendar",
                 f"/habits/{hid}/row"):
        assert client.get(path, headers={"HX-Request": "true"} if path.endswith("row")
                          else {}).status_code == 200, path
    for fmt in ("json", "csv", "loop"):
        response = client.get(f"/settings/export?format={fmt}")
        assert response.status_code == 200
        body = response.get_data()  # the whole stream: an error mid-way would raise here
        if fmt == "loop":
            assert "Habits.csv" in zipfile.ZipFile(io.BytesIO(body)).namelist()
