"""Rules after a Loop import: the history a user brings in is history, not news.

An export whose check-ins ended long ago gives dormant habits (nothing logged in the rules'
window): no "0% lately", no "easier goal", no "may be hard tomorrow" for them, after the daily
rules or after the training that follows an import. An export that runs until yesterday says
nothing on the day of the import, and its habits then wait as new ones would. An "at most"
limit is judged as its strength is: a day with nothing logged is within it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from habitory import clock
from habitory.domain import history, rules_run
from habitory.extensions import db
from habitory.jobs import forecast
from habitory.models import Habit, Notification
from habitory.portability import Limits, read_import, store
from habitory.stats.schedule import Schedule
from habitory.stats.strength import strength_series

from .conftest import TODAY
from .test_portability import make_zip
from .test_rules import ago, daily, habit, of, run

DAILY = ("Quit Valorant", "Walk", "Wake Up Early", "No Pot", "No Energy Drink", "Coding",
         "Shower", "University", "Gym")
HEADER = ("Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
          "Color,Unit,Target Type,Target Value,Archived?\n")


def loop_export(first, last, puffs) -> bytes:
    """Loop's CSV zip (integer cells): nine daily yes/no habits done on most days from `first`
    to `last`, and Vaping, puffs at most 80 a day, with puffs(day) logged (None: nothing)."""
    habits = HEADER + "001,Vaping,NUMERICAL,,,1,1,#5D4037,puffs,AT_MOST,80,false\n" + "".join(
        f"{i:03d},{name},YES_NO,,,1,1,#00897B,,,,false\n" for i, name in enumerate(DAILY, 2))
    rows = ["Date,Vaping," + ",".join(DAILY) + ",\n"]
    day = last
    while day >= first:
        amount = puffs(day)
        cells = ["-1" if amount is None else str(amount * 1000)]
        cells += ["0" if (day.toordinal() + i) % 4 == 0 else "2" for i in range(len(DAILY))]
        rows.append(f"{day},{','.join(cells)},\n")
        day -= timedelta(days=1)
    return make_zip({"Habits.csv": habits, "Checkmarks.csv": "".join(rows)})


def _day(monkeypatch, day):
    """Noon UTC of `day`, for the jobs too (rules_run reads the clock through its own name)."""
    moment = datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "now_utc", lambda: moment)
    monkeypatch.setattr(rules_run, "now_utc", lambda: moment)


@pytest.fixture
def at_noon(monkeypatch):
    _day(monkeypatch, TODAY)


def _after_import(user) -> list[Notification]:
    """What the background does once an import is in: the daily rules (the user's day was not
    judged yet), then the first training, whose prediction refresh raises the heads-ups."""
    rules_run.run_rules_for_everyone()
    forecast.train(user.id)
    return db.session.scalars(sa.select(Notification).where(
        Notification.user_id == user.id)).all()


def _imported_at_noon(user) -> None:
    """The rows' own stamps come from the real clock: the import ran on TODAY, at noon."""
    db.session.execute(sa.update(Habit).where(Habit.user_id == user.id).values(
        created_at=datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0)))
    db.session.commit()


def test_an_export_that_ended_20_months_ago_raises_no_notification(user, at_noon):
    last = TODAY - timedelta(days=600)
    data = loop_export(last - timedelta(days=67), last,
                       lambda d: 0 if d.day % 3 else 100)  # puffs, logged every day
    summary = store.apply(user.id, read_import(data, Limits(today=TODAY)))
    assert len(summary.created) == 10
    found = _after_import(user)
    # Was 29: "… is at 0% lately" and "… may be hard tomorrow" for each of the ten, "An easier
    # goal for …?" for the nine yes/no ones ("Vaping is at 0% lately" at 100 % strength).
    assert [(n.kind, n.title) for n in found] == []


def test_a_limit_with_nothing_logged_on_most_days_is_not_low(user, at_noon):
    """A live import: puffs logged twice a week, under the limit, nothing on the other days."""
    data = loop_export(TODAY - timedelta(days=90), TODAY - timedelta(days=1),
                       lambda d: 30 if d.weekday() in (1, 4) else None)
    store.apply(user.id, read_import(data, Limits(today=TODAY)))
    vaping = db.session.scalar(sa.select(Habit).where(Habit.user_id == user.id,
                                                      Habit.name == "Vaping"))
    assert vaping.direction == "at_most" and vaping.target == 80
    histories, _ = history.of_user(user)
    assert strength_series(histories[vaping.id], TODAY, TODAY)[-1][1] > 0.99
    found = [n for n in _after_import(user) if n.habit_id == vaping.id]
    assert [n.kind for n in found if n.kind in ("missed", "low_consistency", "suggestion")] == []


def test_a_weekly_limit_with_quiet_weeks_is_within_it():
    # At most 10 a week; 4 logged once every four weeks, nothing in the weeks between.
    days = [n for n in range(1, 91) if n % 28 == 3]
    sweets = habit(90, days, kind="measurable", amounts=dict.fromkeys(days, 4.0), target=10.0,
                   direction="at_most", schedule=Schedule(1, 7))
    assert of(run(sweets), "low_consistency") == [] and of(run(sweets), "missed") == []


@pytest.mark.parametrize(("last_done", "alerted"), [(59, True), (61, False)])
def test_a_habit_left_for_the_whole_window_is_dormant(last_done, alerted):
    """Stopped 59 days ago, the user still hears about it; past the 60-day window, no more."""
    left = habit(200, list(range(last_done, 201)))
    found = run(left)
    assert bool(of(found, "low_consistency")) is alerted
    assert bool(of(found, "suggestion")) is alerted
    assert bool(of(run(left, at_risk={1: 0.1}), "at_risk")) is alerted


def test_one_check_in_wakes_a_dormant_habit():
    back = habit(200, [0, *range(70, 201)])  # ticked today after 70 days away
    assert of(run(back), "low_consistency")


def test_a_quit_habit_is_never_dormant():
    clean = habit(200, slips=[100], kind="quit")  # nothing logged for 100 days: all clean
    assert of(run(clean, at_risk={1: 0.1}), "at_risk")


def test_an_export_that_runs_until_yesterday_says_nothing_on_the_day(user, at_noon,
                                                                     monkeypatch):
    habits = HEADER + "".join(f"{i:03d},{name},YES_NO,,,1,1,#00897B,,,,false\n"
                              for i, name in enumerate(DAILY, 1))
    rows = ["Date," + ",".join(DAILY) + ",\n"]
    for n in range(1, 91):  # done on 1 day in 4, none in the last 3 days
        day = TODAY - timedelta(days=n)
        rows.append(f"{day}," + ",".join("2" if n > 3 and n % 4 == 0 else "0"
                                          for _ in DAILY) + ",\n")
    data = make_zip({"Habits.csv": habits, "Checkmarks.csv": "".join(rows)})
    store.apply(user.id, read_import(data, Limits(today=TODAY)))
    _imported_at_noon(user)
    assert [(n.kind, n.title) for n in _after_import(user)] == []
    # The next day, nothing about the Loop days: the run of misses began before the import,
    # and a rate or an easier goal waits two weeks, as for a habit created on the day.
    _day(monkeypatch, TODAY + timedelta(days=1))
    rules_run.run_rules_for_everyone()
    kinds = db.session.scalars(sa.select(Notification.kind).where(
        Notification.user_id == user.id)).all()
    assert [k for k in kinds if k in ("missed", "low_consistency", "suggestion")] == []
    # Two weeks here without a tick: now it is the user's own recent past, and it is said.
    _day(monkeypatch, TODAY + timedelta(days=14))
    rules_run.run_rules_for_everyone()
    titles = db.session.scalars(sa.select(Notification.title).where(
        Notification.user_id == user.id, Notification.kind == "low_consistency")).all()
    assert len(titles) == len(DAILY)


def test_an_imported_habit_is_not_judged_on_the_day_it_arrived():
    stalled = habit(90, [n for n in range(3, 91) if n % 4 == 0])
    assert run(stalled, at_risk={1: 0.1})  # a habit of ours: alert, rate, goal, heads-up
    assert run(stalled, at_risk={1: 0.1}, arrived={1: ago(0)}) == []


def test_what_was_reached_before_the_import_is_not_news():
    stopped = daily(missed=[1, 2, 3])  # the run reached two misses the day before yesterday
    assert of(run(stopped), "missed")
    assert of(run(stopped, arrived={1: ago(2)}), "missed") == []
    assert of(run(daily(missed=[1, 2]), arrived={1: ago(3)}), "missed")  # reached after it
    week = daily(created=8)  # eight days in a row up to yesterday: seven the day before
    assert of(run(week), "milestone", "streak")
    assert of(run(week, arrived={1: ago(1)}), "milestone", "streak") == []
