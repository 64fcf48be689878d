"""The habit model on habits younger than its windows: a quota over D days, a 7- or 30-day
window, a once-a-year habit, a habit created today. Training and prediction work, the quota is
respected, and running windows give nothing rather than slicing from the end (a negative stop
in `total[:, :length - span]` would take the wrong days).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from habitory.ml.dataset import next_day, training_table
from habitory.ml.features import lagged, window
from habitory.ml.model import MODEL, P_MAX, P_MIN, UserModel, predict_next_day
from habitory.ml.training import fit_user, train_user
from habitory.stats.daily import build_days
from habitory.stats.schedule import Entry, HabitHistory, Schedule

TODAY = date(2026, 11, 25)  # a Wednesday
DONE = Entry("done")


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def check_trains_and_predicts(histories: dict[int, HabitHistory], today: date = TODAY,
                              tmp_path=None) -> list:
    """Training and predicting work, and every probability is clipped into [P_MIN, P_MAX]."""
    table = training_table(histories, today)
    assert np.isfinite(table.matrix(["rate_7", "rate_30", "user_rate_7"])).all()
    model = fit_user(histories, today, backtest_days=7)
    if tmp_path is not None:
        train_user(histories, today, "secret", tmp_path, 1)
    out = []
    for served in (model, None, UserModel(MODEL), UserModel("rolling_7")):
        predictions = predict_next_day(served, histories, today)
        assert [p.habit_id for p in predictions] == list(histories)
        for p in predictions:
            assert P_MIN <= p.probability <= P_MAX
            assert 1 <= len(p.reasons) <= 2 and all(p.reasons)
        out.append(predictions)
    return out


def test_a_habit_younger_than_its_period_trains_predicts_and_keeps_its_quota(tmp_path):
    """2 times in 10 days, created 3 days ago, done twice: trains, predicts, quota respected."""
    histories = {1: HabitHistory(ago(3), {ago(3): DONE, ago(1): DONE},
                                 schedule=Schedule(2, 10))}
    (model_p, beta_p, *_) = check_trains_and_predicts(histories, tmp_path=tmp_path)
    # The quota is met by the two completions within the last 9 days: tomorrow is not due.
    assert not beta_p[0].due and not model_p[0].due
    due = build_days(histories, TODAY).due()[0]
    assert due.tolist() == [True, True, True, False]  # today is not due either
    assert next_day(histories, TODAY).unknown.tolist() == [False]


def test_once_a_year_habit_with_three_days_of_history(tmp_path):
    """freq_den=365 with 3 days of history."""
    histories = {1: HabitHistory(ago(2), {ago(1): DONE}, schedule=Schedule(1, 365)),
                 2: HabitHistory(ago(2), {}, schedule=Schedule(3, 365))}
    check_trains_and_predicts(histories, tmp_path=tmp_path)
    check_trains_and_predicts(histories, TODAY + timedelta(days=1))


def test_a_habit_created_today_with_no_check_ins(tmp_path):
    for schedule in (Schedule(), Schedule(2, 10), Schedule(1, 365),
                     Schedule(weekdays=frozenset({2}))):
        histories = {1: HabitHistory(TODAY, {}, schedule=schedule)}
        check_trains_and_predicts(histories, tmp_path=tmp_path)


def test_a_weekday_habit_created_yesterday(tmp_path):
    histories = {1: HabitHistory(ago(1), {}, schedule=Schedule(weekdays=frozenset({0, 2, 4})))}
    for today in (TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=2)):
        check_trains_and_predicts(histories, today, tmp_path=tmp_path)


@pytest.mark.parametrize("age", [0, 1, 2, 3, 6, 7, 8, 15, 29, 30, 31])
def test_young_habits_beside_a_mature_one(age):
    """Habits younger than 7 or 30 days, with quotas up to 365 days, next to a modelled habit."""
    rng = random.Random(age)
    histories = {1: HabitHistory(ago(200), {ago(n): DONE for n in range(1, 201)
                                            if rng.random() < 0.7})}
    for i, (num, den) in enumerate([(1, 1), (2, 10), (3, 7), (1, 30), (5, 365)], start=2):
        histories[i] = HabitHistory(ago(age), {ago(n): DONE for n in range(age + 1)
                                               if rng.random() < 0.5},
                                    schedule=Schedule(num, den))
    histories[9] = HabitHistory(ago(age), {}, kind="measurable", target=5.0,
                                schedule=Schedule(2, 30))
    histories[10] = HabitHistory(ago(age), {}, kind="quit")
    check_trains_and_predicts(histories)


def test_running_windows_match_a_plain_loop():
    """window(), lagged() and Days.due() agree with direct sums for any width or span."""
    rng = np.random.default_rng(1)
    for length in (1, 2, 3, 5, 9):
        a = rng.integers(0, 2, size=(2, length))
        for width in (0, 1, 2, 7, 30, 364, 365):
            naive = np.array([[a[r, max(c - width, 0):c].sum() for c in range(length)]
                              for r in range(2)])
            assert window(a, width).tolist() == naive.tolist(), (length, width)
            total = np.cumsum(a, axis=-1) - a
            assert lagged(total, width).tolist() == naive.tolist(), (length, width)
    for den in (2, 7, 10, 30, 365):
        for age in (0, 1, 3, 12):
            entries = {ago(n): DONE for n in range(age + 1) if rng.random() < 0.5}
            histories = {1: HabitHistory(ago(age), entries, schedule=Schedule(2, den))}
            days = build_days(histories, TODAY)
            naive = [days.value[0, max(c - (den - 1), 0):c].sum() < 2
                     for c in range(days.length)]
            assert days.due()[0].tolist() == naive, (den, age)
