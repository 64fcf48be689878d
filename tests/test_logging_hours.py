"""When a user usually logs: a morning habit not ticked by 10 is probably missed today, an
evening one is not; imported and backfilled check-ins say nothing of the hour."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from habitory.domain import history, logging_hours
from habitory.extensions import db
from habitory.jobs import forecast
from habitory.ml.model import predict_next_day
from habitory.models import CheckIn, Prediction, User
from tests.conftest import TODAY

DAYS = [TODAY - timedelta(days=d) for d in range(1, 31)]


def logged_at(habit, hour_utc: int, days=DAYS, late_by: int = 0) -> None:
    """Stamp the habit's check-ins as changed at hour_utc, `late_by` days after their day."""
    for day in days:
        moment = datetime(day.year, day.month, day.day, hour_utc, 30) + timedelta(days=late_by)
        db.session.execute(sa.update(CheckIn).where(CheckIn.habit_id == habit.id,
                                                    CheckIn.day == day)
                           .values(updated_at=moment))
    db.session.commit()


@pytest.fixture
def berlin(user):
    """Ada in Berlin (UTC+1 in November) with a habit she ticks at 07:30 and one at 22:30."""
    user.timezone = "Europe/Berlin"
    db.session.commit()
    return user


@pytest.fixture
def morning_and_evening(berlin, make_habit):
    read = make_habit(berlin, "Read", TODAY - timedelta(days=60), done=DAYS)
    journal = make_habit(berlin, "Journal", TODAY - timedelta(days=60), done=DAYS)
    logged_at(read, 6)  # 07:30 in Berlin
    logged_at(journal, 21)  # 22:30 in Berlin
    return read, journal


def at_berlin(hour: int) -> datetime:
    return datetime(TODAY.year, TODAY.month, TODAY.day, hour - 1, 0, tzinfo=UTC)


def test_each_habit_gets_the_share_of_its_check_ins_usually_in_by_now(berlin,
                                                                         morning_and_evening):
    read, journal = morning_and_evening
    user_share, by_habit = logging_hours.shares(berlin, at_berlin(10))
    # 10:00 is 42 % of the day; half of Ada's check-ins are in by then.
    assert 0.45 < user_share < 0.55
    assert by_habit[read.id] > 0.85  # thirty mornings out of thirty
    assert by_habit[journal.id] < 0.15  # thirty late evenings
    late, by_habit_late = logging_hours.shares(berlin, at_berlin(23))
    assert late > 0.95 and min(by_habit_late.values()) > 0.9


def test_a_user_without_timed_check_ins_gets_the_clock(berlin, make_habit):
    imported = make_habit(berlin, "Imported", TODAY - timedelta(days=60), done=DAYS)
    logged_at(imported, 6, late_by=3)  # backfilled or imported days later: no hour to learn
    user_share, by_habit = logging_hours.shares(berlin, at_berlin(10))
    assert user_share == pytest.approx(10 / 24) and by_habit == {}


def test_todays_and_other_users_check_ins_do_not_count(berlin, morning_and_evening,
                                                       make_habit):
    read, _ = morning_and_evening
    before = logging_hours.shares(berlin, at_berlin(10))
    early_today = make_habit(berlin, "Stretch", TODAY - timedelta(days=60), done=[TODAY])
    logged_at(early_today, 6, days=[TODAY])  # today's later check-ins are not in yet
    bob = User(email="bob@example.com", password_hash="x", timezone="Europe/Berlin")
    db.session.add(bob)
    db.session.commit()
    logged_at(make_habit(bob, "Walk", TODAY - timedelta(days=60), done=DAYS), 6)
    assert logging_hours.shares(berlin, at_berlin(10)) == before


def test_the_stored_chance_follows_the_habits_hours(berlin, morning_and_evening,
                                                    frozen_now):
    """At 10:00, Read (a morning habit) not ticked today counts as likely missed, Journal (an
    evening one) as still to come, unlike a clock that treats every hour alike."""
    read, journal = morning_and_evening
    frozen_now(TODAY.year, TODAY.month, TODAY.day, 9, 0)  # 10:00 in Berlin
    forecast.train(berlin.id)
    stored = {p.habit_id: p.probability for p in db.session.scalars(sa.select(Prediction))}
    histories, today = history.of_user(berlin)
    model = forecast.cached_model(berlin.id)
    share, by_habit = logging_hours.shares(berlin)
    expected = {p.habit_id: p.probability
                for p in predict_next_day(model, histories, today, share, by_habit)}
    assert stored == pytest.approx(expected, abs=1e-4)
    clock_only = {p.habit_id: p.probability
                  for p in predict_next_day(model, histories, today, 10 / 24)}
    day_end = {p.habit_id: p.probability
               for p in predict_next_day(model, histories, today, 1.0)}
    start = {p.habit_id: p.probability
             for p in predict_next_day(model, histories, today, 0.0)}
    # Read sits nearer the day's end than the clock puts it, Journal nearer the day's start.
    assert abs(stored[read.id] - day_end[read.id]) < abs(clock_only[read.id] - day_end[read.id])
    assert abs(stored[journal.id] - start[journal.id]) < abs(
        clock_only[journal.id] - start[journal.id])


def test_a_history_loaded_whole_through_today_reads_today_as_recorded(berlin, make_habit):
    """An import (or a script) that wrote today with the days before it: today is a record like
    them, so a habit it does not hold is read as not done, not as still to come."""
    make_habit(berlin, "Read", TODAY - timedelta(days=60), done=[*DAYS, TODAY])
    make_habit(berlin, "Journal", TODAY - timedelta(days=60), done=DAYS)
    assert logging_hours.shares(berlin, at_berlin(10)) == (1.0, {})


@pytest.mark.parametrize("done", [DAYS, [TODAY - timedelta(days=1), TODAY]],
                         ids=["stops before today", "two days"])
def test_a_batch_without_today_or_of_a_few_days_keeps_the_clock(berlin, make_habit, done):
    make_habit(berlin, "Read", TODAY - timedelta(days=60), done=done)
    user_share, by_habit = logging_hours.shares(berlin, at_berlin(10))
    assert user_share == pytest.approx(10 / 24) and by_habit == {}


def test_a_tick_made_live_after_the_load_brings_the_clock_back(berlin, make_habit):
    make_habit(berlin, "Read", TODAY - timedelta(days=60), done=[*DAYS, TODAY])
    journal = make_habit(berlin, "Journal", TODAY - timedelta(days=60), done=DAYS)
    loaded = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=10)
    db.session.execute(sa.update(CheckIn).values(updated_at=loaded))
    db.session.add(CheckIn(habit_id=journal.id, day=TODAY, state="done"))
    db.session.commit()
    user_share, by_habit = logging_hours.shares(berlin, at_berlin(10))
    assert user_share == pytest.approx(10 / 24) and by_habit == {}


def test_a_loop_export_imported_through_today_is_served_as_recorded(berlin, frozen_now):
    """End to end: Loop's export, taken today, holds Meditate done today and Gym not; at 10:00
    the stored chance for tomorrow reads Gym's today as missed (the day's end), not as the
    clock's maybe."""
    from habitory.portability import Limits, read_import, store

    from .test_portability import make_zip

    days = [TODAY - timedelta(days=d) for d in range(80, -1, -1)]
    habits = ("Position,Name,Type,Question,Description,FrequencyNumerator,"
              "FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n"
              "001,Meditate,YES_NO,,,1,1,#FF8F00,,,,false\n"
              "002,Gym,YES_NO,,,1,1,#00897B,,,,false\n")
    coin = random.Random(7)
    cells = {d: ["YES_MANUAL" if coin.random() < 0.7 else "NO" for _ in "MG"] for d in days}
    cells[TODAY] = ["YES_MANUAL", "UNKNOWN"]  # Gym: nothing logged today
    rows = ["Date,Meditate,Gym,\n"] + [f"{d},{','.join(cells[d])},\n" for d in days[::-1]]
    store.apply(berlin.id, read_import(make_zip({"Habits.csv": habits,
                                                 "Checkmarks.csv": "".join(rows)}),
                                       Limits(today=TODAY)))
    frozen_now(TODAY.year, TODAY.month, TODAY.day, 9, 0)  # 10:00 in Berlin
    forecast.train(berlin.id)
    stored = {p.habit_id: p.probability for p in db.session.scalars(sa.select(Prediction))}
    histories, today = history.of_user(berlin)
    model = forecast.cached_model(berlin.id)
    day_end = {p.habit_id: p.probability
               for p in predict_next_day(model, histories, today, 1.0)}
    clock_only = {p.habit_id: p.probability
                  for p in predict_next_day(model, histories, today, 10 / 24)}
    assert len(stored) == 2 and stored == pytest.approx(day_end, abs=1e-4)
    assert stored != pytest.approx(clock_only, abs=1e-3)
