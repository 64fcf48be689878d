"""Regressions in the habit model: short histories against long windows, and honest reasons.

1. A habit younger than its period (a quota over den days, a 7- or 30-day window) crashed
   training and prediction: a running-window slice `total[:, :length - span]` had a negative
   stop, which slices from the end instead of giving nothing.
2. The "Tomorrow" reasons read the hypothetical "today done" scenario and claimed completions
   that were never logged ("done on 1 of 1 due day" with no check-ins at all).
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import numpy as np
import pytest

from habitory.ml.dataset import next_day, training_table
from habitory.ml.explain import text
from habitory.ml.features import lagged, window
from habitory.ml.model import BETA, MODEL, P_MAX, P_MIN, UserModel, predict_next_day
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


# --- 1. Windows longer than the history -----------------------------------------------------

def test_the_reported_habit_younger_than_its_period(tmp_path):
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


# --- 2. Reasons state only what the history shows --------------------------------------------

_CLAIMS_DONE = re.compile(r"done on [1-9]|last done|overall rate [1-9]|rate over .* [1-9]")


def test_no_check_ins_at_all_claims_nothing_done():
    """A new user with habits and no ticks: no made-up completions, and says there is none."""
    histories = {1: HabitHistory(TODAY, {}),
                 2: HabitHistory(TODAY, {}, schedule=Schedule(3, 7)),
                 3: HabitHistory(TODAY, {}, kind="measurable", target=10.0),
                 4: HabitHistory(TODAY, {}, schedule=Schedule(weekdays=frozenset({2, 3})))}
    model = fit_user(histories, TODAY)
    for served in (model, None):
        for p in predict_next_day(served, histories, TODAY):
            assert p.source == BETA
            assert p.reasons[0] == "new habit: no history yet", p
            assert not any(_CLAIMS_DONE.search(r) for r in p.reasons), p
    # The "today done" scenario is the likelier one here, yet its counts are not reported.
    inputs = next_day(histories, TODAY)
    assert inputs.unknown[0] and inputs.scenarios["raw:k"][len(histories)] == 1
    assert inputs.scenarios["obs:k"][len(histories)] == 0
    assert inputs.scenarios["obs:n"][len(histories)] == 0


def test_older_habit_without_check_ins_counts_missed_days_not_done_ones():
    histories = {1: HabitHistory(ago(3), {})}
    (p,) = predict_next_day(None, histories, TODAY)
    assert p.reasons == ["new habit: 4 days of history", "done on 0 of 3 due days"]


@pytest.mark.parametrize(("state", "expected"), [
    ("done", "done on 1 of 1 due day"),
    ("not_done", "done on 0 of 1 due day"),
    ("skipped", "no due day done or missed yet"),
])
def test_one_check_in_today(state, expected):
    histories = {1: HabitHistory(TODAY, {TODAY: Entry(state)})}
    (p,) = predict_next_day(fit_user(histories, TODAY), histories, TODAY)
    assert p.source == BETA
    assert p.reasons == ["new habit: 1 day of history", expected]


def test_an_open_today_is_neither_done_nor_missed():
    """Done 5 days running, today still open and likely: the reason says 5 of 5, not 6 of 6."""
    histories = {1: HabitHistory(ago(5), {ago(n): DONE for n in range(1, 6)})}
    inputs = next_day(histories, TODAY)
    assert inputs.unknown[0]
    (p,) = predict_next_day(None, histories, TODAY)
    assert p.reasons == ["new habit: 6 days of history", "done on 5 of 5 due days"]


def _normal_user() -> dict[int, HabitHistory]:
    rng = random.Random(5)
    entries, done = {}, True
    for n in range(300, 0, -1):
        done = rng.random() < (0.85 if done else 0.45)
        if done:
            entries[ago(n)] = DONE
    other = {ago(n): DONE for n in range(1, 301) if rng.random() < 0.6}
    return {1: HabitHistory(ago(300), entries), 2: HabitHistory(ago(300), other)}


def test_a_normal_habit_keeps_its_reasons():
    """A long history: the model names two features; baselines quote the observed counts."""
    histories = _normal_user()
    model = fit_user(histories, TODAY, backtest_days=7)
    model.served = MODEL
    assert model.pipeline is not None
    p = predict_next_day(model, histories, TODAY)[0]
    assert p.source == MODEL and len(p.reasons) == 2

    # The rolling-7 baseline quotes the last 7 days as logged (today open: 6 decided days).
    entries = histories[1].entries
    k = sum(ago(n) in entries for n in range(1, 7))
    (p, _) = predict_next_day(UserModel("rolling_7"), histories, TODAY)
    assert p.reasons[0] == f"rate over the last 7 days {k / 6:.0%}"
    (p, _) = predict_next_day(UserModel("base_rate"), histories, TODAY)
    assert p.reasons[0] == f"overall rate {len(entries) / 300:.0%}"
    (p, _) = predict_next_day(None, histories, TODAY)
    assert p.source == BETA  # no model: the statistical estimate, with its counts
    assert p.reasons[1] == f"done on {len(entries)} of 300 due days"


def test_idle_and_user_rate_texts_use_the_log():
    """user_idle and user_rate_7 speak of what was logged, not of today's expected outcome."""
    assert text("user_idle", {"obs:idle": 1.0}, 0) == "you last logged anything today"
    assert text("user_idle", {"obs:idle": 4.0}, 0) == "you last logged anything 3 days ago"
    assert text("user_idle", {"obs:idle": 30.0}, 0) == \
        "you last logged anything over 4 weeks ago"
    assert text("user_idle", {"obs:idle": float("nan")}, 0) == \
        "you have not logged anything yet"
    assert text("user_rate_7", {"obs:user_7": 0.5}, 0) == \
        "all your habits over the last 7 days 50%"
    histories = {1: HabitHistory(ago(10), {ago(3): DONE})}
    inputs = next_day(histories, TODAY)
    tomorrow = inputs.tomorrow(np.array([0.9]))
    assert tomorrow["obs:idle"].tolist() == [4.0, 4.0]  # last logged 3 days before today
    assert tomorrow["obs:user_7"][0] == pytest.approx(1 / 6)  # today open: 1 of 6 days
