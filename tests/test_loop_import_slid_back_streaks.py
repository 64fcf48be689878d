"""A habit imported from Loop Habit Tracker shows Loop's streaks, also where Loop slides an
automatic checkmark interval back before the habit's first check: the days it covers there
(31 Dec and 1 Jan for a weekly habit first checked on 2 Jan) belong to the streak in Loop, so
the import dates the habit from them. Vectors from tests/loop_vectors_data.py; Habitory stops
a streak at today where Loop runs it on to today + 30 (stats.streaks)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit
from habitory.portability import (
    ExportSource,
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
    history_of,
    read_import,
    store,
)
from habitory.portability.backup import export_json
from habitory.portability.export_source import export_rows
from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.statuses import day_status
from habitory.stats.streaks import streaks
from habitory.stats.strength import strength_series
from tests.loop_vectors_data import STATES, TODAY
from tests.test_portability import loop_v25, make_zip

LIMITS = Limits(today=TODAY)
EPOCH = date(1970, 1, 1)
VECTORS = {s["name"]: s for s in STATES}
WEEKLY = VECTORS["derived_weekly_checks_8_18_23[0]"]
TWICE_WEEKLY = VECTORS["derived_twice_weekly_checks[0]"]
WITH_STREAKS = [pytest.param(s, id=s["name"]) for s in STATES
                if "streaks_newest_first" in s["expected"]]
HABITS_CSV = ("Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
              "Color,Unit,Target Type,Target Value,Archived?\n")
NAMES = {-1: "UNKNOWN", 0: "NO", 1: "YES_AUTO", 2: "YES_MANUAL", 3: "SKIP"}


def day(offset: int) -> date:
    return TODAY - timedelta(days=offset)


def expand(runs) -> dict[date, object]:
    return {day(off): value for newest, oldest, value in runs for off in range(newest, oldest + 1)}


def loop_csv_zip(state: dict) -> bytes:
    """Loop's v2.3.1 export of the vector's habit: its computed checkmarks (automatic ones
    included, as Loop writes them) up to today, or its entries where the vector has none."""
    kind, num, den, target_type, target = state["habit"]
    numerical = kind == "NUMERICAL"
    habits = HABITS_CSV + (f"001,Walk,{kind},,,{num},{den},#00897B,{'km' if numerical else ''},"
                           f"{target_type or ''},{target or ''},false\n")
    if "computed_known" in state["expected"]:
        cells = expand(state["expected"]["computed_known"])
    else:
        cells = {d: v if numerical and v != -1 else NAMES[v]
                 for d, v in expand(state["entries"]).items()}
    rows = "".join(f"{d},{v},\n" for d, v in sorted(cells.items(), reverse=True) if d <= TODAY)
    return make_zip({"Habits.csv": habits, "001 Walk/Checkmarks.csv": "Date,Value,Notes\n" + rows})


def loop_backup(tmp_path, state: dict) -> bytes:
    """Loop's SQLite backup of a yes/no vector: only what the user entered, no automatic days."""
    _, num, den, _, _ = state["habit"]
    reps = [(1, d.isoformat(), v, None) for d, v in expand(state["entries"]).items() if v != -1]
    return loop_v25(tmp_path / "loop.db", reps=reps, habits=[dict(
        Id=1, name="Walk", freq_num=num, freq_den=den, color=8, position=0, archived=0)])


def best_streaks_shown(client, user, data: bytes, frozen_now) -> list[tuple[str, str]]:
    frozen_now(TODAY.year, TODAY.month, TODAY.day, 12, 0)
    store.apply(user.id, read_import(data, LIMITS))
    habit_id = db.session.scalar(sa.select(Habit.id).where(Habit.user_id == user.id))
    page = client.get(f"/habits/{habit_id}").get_data(as_text=True)
    best = re.search(r'<section id="habit-best".*?</section>', page, re.S).group(0)
    return re.findall(r"<span>(.*?)</span><strong>(.*?)</strong>", best)


WEEKLY_SHOWN = [("Wed 31 Dec 2014 – Tue 13 Jan 2015", "14 days"),
                ("Sat 17 Jan 2015 – Fri 23 Jan 2015", "7 days")]
TWICE_WEEKLY_SHOWN = [("Sun 28 Dec 2014 – Tue 13 Jan 2015", "17 days"),
                      ("Sat 17 Jan 2015 – Sat 17 Jan 2015", "1 day")]


@pytest.mark.parametrize(("state", "shown"), [
    pytest.param(WEEKLY, WEEKLY_SHOWN, id="weekly"),
    pytest.param(TWICE_WEEKLY, TWICE_WEEKLY_SHOWN, id="twice weekly")])
def test_a_loop_export_shows_loops_streaks_on_the_habit_page(client, user, frozen_now, state,
                                                              shown):
    assert best_streaks_shown(client, user, loop_csv_zip(state), frozen_now) == shown


def test_a_loop_backup_shows_loops_streaks_on_the_habit_page(client, user, frozen_now,
                                                              tmp_path):
    data = loop_backup(tmp_path, WEEKLY)
    assert best_streaks_shown(client, user, data, frozen_now) == WEEKLY_SHOWN


@pytest.mark.parametrize("state", WITH_STREAKS)
def test_every_vectors_streaks_and_scores_survive_a_loop_import(state):
    habit = read_import(loop_csv_zip(state), LIMITS).habits[0]
    history = history_of(habit, TODAY)
    loop = [(day(start), min(day(end), TODAY))  # Habitory stops a streak at today
            for start, end, _ in state["expected"]["streaks_newest_first"] if day(start) <= TODAY]
    assert [(s.start, s.end) for s in streaks(history, TODAY)] == loop
    # The days dated back carry no score in Loop either: the strength is Loop's to the day.
    expected = state["expected"]["scores_by_offset"]
    scores = dict(strength_series(history, day(len(expected) - 1), TODAY))
    for off, score in enumerate(expected):
        assert scores[day(off)] == pytest.approx(score, abs=state["expected"]["tolerance"]), off


def test_the_date_loop_slides_back_to_survives_a_habitory_backup(user):
    store.apply(user.id, read_import(loop_csv_zip(WEEKLY), LIMITS))
    habit = db.session.scalar(sa.select(Habit).where(Habit.user_id == user.id))
    assert habit.created_on == date(2014, 12, 31)
    text = "".join(export_json(export_rows(user.id)))
    assert json.loads(text)["habits"][0]["created_on"] == "2014-12-31"
    assert read_import(text.encode(), LIMITS).habits[0].created_on == date(2014, 12, 31)


def test_a_loop_habit_checked_from_1970_slides_back_no_further(tmp_path):
    # Daily checks of a weekly habit slide each interval back six days; the first would
    # start in 1969, a date no import takes.
    reps = [(1, (EPOCH + timedelta(days=i)).isoformat(), 2, None) for i in range(10)]
    data = loop_v25(tmp_path / "loop.db", reps=reps, habits=[dict(
        Id=1, name="Walk", freq_num=1, freq_den=7, color=8, position=0, archived=0)])
    assert read_import(data, LIMITS).habits[0].created_on == EPOCH


def test_a_habitory_backup_keeps_its_creation_date_before_loops_intervals():
    # A habit made in Habitory on the day of its first check keeps that date: only Loop's
    # files are dated back. The days Loop's rule slides an interval back to are covered all
    # the same (stats.statuses), as on a history dated far enough back.
    checks = [ImportedCheckIn(d, "done") for d in sorted(expand(WEEKLY["entries"]))]
    habit = ImportedHabit("Walk", freq_num=1, freq_den=7, created_on=date(2015, 1, 2),
                          checkins=checks)
    text = "".join(export_json(ExportSource.from_bundle(ImportBundle([habit], "habitory_json"))))
    restored = read_import(text.encode(), LIMITS).habits[0]
    assert restored.created_on == date(2015, 1, 2)
    history = history_of(restored, TODAY)
    assert day_status(history, date(2015, 1, 1), today=TODAY) == "auto"
    assert day_status(history, date(2014, 12, 30), today=TODAY) == "unknown"
    early = HabitHistory(date(2014, 1, 1), {d: Entry("done") for d in expand(WEEKLY["entries"])},
                         Schedule(1, 7))
    assert day_status(early, date(2015, 1, 1), today=TODAY) == "auto"
