"""Measurable habits with a target per week or month ("20 km a week") are judged as Loop's
score judges them: by the amounts of the period up to each day, not each day on its own."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest

from habitory.domain.history import histories
from habitory.extensions import db
from habitory.models import Habit
from habitory.rules.core import HabitView
from habitory.stats.patterns import insights
from habitory.stats.rates import Rate, habit_days
from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.statuses import day_range
from tests.conftest import TODAY as APP_TODAY

TODAY = date(2024, 3, 13)  # a Wednesday
WEEKLY = Schedule(1, 7)


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def running(amounts: dict[int, float], created: int = 83, target: float = 20.0,
            direction: str = "at_least", schedule: Schedule = WEEKLY) -> HabitHistory:
    """A measurable habit created `created` days ago; amounts by days-ago."""
    entries = {ago(n): Entry("done", km) for n, km in amounts.items()}
    return HabitHistory(ago(created), entries, schedule, "measurable", target, direction)


def summary(history: HabitHistory, period: int | None = 90):
    return insights({1: history}, {1: "Running"}, TODAY, period)


def window_reference(history: HabitHistory, den: int) -> tuple[int, int]:
    return window_reference_on(history, den, TODAY)


def summary_of(history: HabitHistory, today: date):
    return insights({1: history}, {1: "Running"}, today, 30).habits[0]


def window_reference_on(history: HabitHistory, den: int, today: date) -> tuple[int, int]:
    """(successes, due days) by hand: each day whose den-day window reaches the target (today
    only once it does)."""
    successes = due = 0
    for day in day_range(history.created, today):
        window = day_range(day - timedelta(days=den - 1), day)
        total = sum((history.entries[d].amount or 0) for d in window if d in history.entries)
        due += day < today or total >= history.target
        successes += total >= history.target
    return successes, due


def test_a_weekly_distance_met_every_week_is_a_full_rate():
    # 20 km every Sunday since the habit was created on a Sunday: each week holds 20 km.
    history = running({n: 20.0 for n in range(3, 84, 7)}, created=80)
    result = summary(history, None).habits[0]
    assert result.rate_all == Rate(*window_reference(history, 7))
    assert result.rate_all.percent == 100  # judged day by day it was 12 of 84 days (14%)
    assert result.rate_30.percent == 100
    assert result.health.component("trend").value == 100
    assert result.health.component("consistency").value == 100
    # Each run is a completion, once a week.
    assert result.weekly_average == round(7 * 12 / 80, 1)  # 12 runs in 80 days


def test_runs_that_add_up_count_not_only_the_days_that_reach_the_target_alone():
    # 7 km on Mondays, Wednesdays and Fridays: no single run reaches 20 km, every week does.
    runs = {n: 7.0 for n in range(1, 84) if ago(n).weekday() in (0, 2, 4)}
    history = running(runs)
    result = summary(history, None).habits[0]
    successes, due = window_reference(history, 7)
    assert result.rate_all == Rate(successes, due)
    assert result.rate_30.percent == 100
    assert result.health.component("trend").value == 100
    assert result.weekly_average == 3.0  # three runs a week are three completions
    # Insights does not call it a struggling habit.
    assert not [r for r in summary(history).recommendations if r.kind == "low_rate"]


def test_a_week_short_of_the_target_is_a_miss_on_every_day_it_judges():
    runs = {n: 5.0 for n in range(1, 29) if ago(n).weekday() in (0, 3)}  # 10 km a week
    result = summary(running(runs, created=28), 30).habits[0]
    assert result.rate_30.successes == 0 and result.rate_30.due == 28


def test_a_weekly_limit_adds_the_week_up():
    # At most 10 drinks a week: 2 a day is 14 a week, over it, though each day is under 10.
    history = running({n: 2.0 for n in range(0, 40)}, created=39, target=10,
                      direction="at_most")
    assert summary(history, 30).habits[0].rate_30.successes == 0
    history = running({n: 1.0 for n in range(0, 40)}, created=39, target=10,
                      direction="at_most")
    assert summary(history, 30).habits[0].rate_30.percent == 100


def test_today_counts_once_the_week_reaches_the_target():
    runs = {n: 20.0 for n in range(7, 60, 7)}
    history = running(runs | {0: 12.0}, created=59)
    days = habit_days(history, TODAY)
    assert not days.due[-1]  # 12 km in the window so far: today is still open
    history = running(runs | {0: 12.0, 2: 9.0}, created=59)
    days = habit_days(history, TODAY)
    assert days.due[-1] and days.success[-1]


def test_a_monthly_target():
    # 100 pages a month read in two sittings of 50, two weeks apart.
    history = running({n: 50.0 for n in range(0, 120, 14)}, created=119, target=100,
                      schedule=Schedule(1, 30))
    result = summary(history, 90).habits[0]
    assert result.rate_90.percent == 100


def test_daily_and_weekday_measurable_habits_keep_the_day_by_day_rule():
    entries = {ago(n): Entry("done", 8.0 if n % 2 else 3.0) for n in range(1, 15)}
    history = HabitHistory(ago(14), entries, Schedule(), "measurable", 8.0)
    assert summary(history, 30).habits[0].rate_30 == Rate(7, 14)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("direction", ["at_least", "at_most"])
def test_insights_and_the_coaching_rules_agree_on_period_targets(seed, direction):
    # The rules (rules/core.HabitView) and Insights (stats/rates) judge the same days alike.
    rng = random.Random(seed)
    schedule = rng.choice([Schedule(1, 7), Schedule(1, 14), Schedule(1, 30)])
    entries = {}
    for n in range(1, 120):
        roll = rng.random()
        if roll < 0.3:
            entries[ago(n)] = Entry("done", round(rng.uniform(0, 9), 1))
        elif roll < 0.4:  # as the day editor stores an amount short of the whole target
            entries[ago(n)] = Entry("not_done", round(rng.uniform(0, 9), 1))
        elif roll < 0.45:
            entries[ago(n)] = Entry("not_done")
        elif roll < 0.5:
            entries[ago(n)] = Entry("skipped")
    history = HabitHistory(ago(119), entries, schedule, "measurable", 20.0, direction)
    view = HabitView(1, "Running", history, TODAY)
    days = habit_days(history, TODAY)
    t = TODAY.toordinal()
    rate = days.rate(t - 30, t - 1)
    assert view.tally(30) == (rate.successes, rate.due)


def test_the_habit_page_counts_each_run_as_a_day_done(client, user, make_habit):
    # "Days done" on the habit page: 7 km runs toward 20 km a week are days done, though no
    # single run reaches 20 km (before, it said 0).
    habit = make_habit(user, "Running", created=APP_TODAY - timedelta(days=20), kind="measurable",
                       target=20.0, freq_num=1, freq_den=7)
    for n in (1, 3, 5, 8):
        client.post(f"/habits/{habit.id}/day", data={
            "day": (APP_TODAY - timedelta(days=n)).isoformat(), "amount": "7"})
    html = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert re.search(r"Days done</p>\s*<p[^>]*>4</p>", html)
    # And its rates: every day from the first run on has 20 km or more in its week but the
    # first days (7 km, then 14 km): judged day by day, it was 0%.
    history = histories([db.session.get(Habit, habit.id)])[habit.id]
    rate = summary_of(history, APP_TODAY).rate_30
    assert rate.percent > 0 and rate == Rate(*window_reference_on(history, 7, APP_TODAY))
