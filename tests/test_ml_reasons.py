"""The "Tomorrow" reasons state only what the history shows: counts of logged days, never of
the hypothetical "today done" scenario the next-day features are computed for, and no
completion that was never logged.
"""

from __future__ import annotations

import copy
import random
import re
from datetime import date, timedelta

import numpy as np
import pytest

from habitory.ml.dataset import next_day
from habitory.ml.explain import text
from habitory.ml.model import BETA, MODEL, UserModel, predict_next_day
from habitory.ml.training import fit_user
from habitory.stats.schedule import Entry, HabitHistory, Schedule

TODAY = date(2026, 11, 25)  # a Wednesday
DONE = Entry("done")


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


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
    assert text("user_idle", {"obs:idle": 1.0}, 0) == "you last logged something today"
    assert text("user_idle", {"obs:idle": 4.0}, 0) == "you last logged something 3 days ago"
    assert text("user_idle", {"obs:idle": 30.0}, 0) == \
        "you last logged something over 4 weeks ago"
    assert text("user_idle", {"obs:idle": float("nan")}, 0) == \
        "you have not logged anything yet"
    assert text("user_rate_7", {"obs:user_7": 0.5}, 0) == \
        "you ticked off 50% of what was due in the last 7 days"
    histories = {1: HabitHistory(ago(10), {ago(3): DONE})}
    inputs = next_day(histories, TODAY)
    tomorrow = inputs.tomorrow(np.array([0.9]))
    assert tomorrow["obs:idle"].tolist() == [4.0, 4.0]  # last logged 3 days before today
    assert tomorrow["obs:user_7"][0] == pytest.approx(1 / 6)  # today open: 1 of 6 days


def _random_user(seed: int) -> dict[int, HabitHistory]:
    rng = random.Random(seed)
    histories = {}
    for habit in range(1, rng.randint(2, 5)):
        rate = rng.uniform(0.2, 0.95)
        entries = {ago(n): DONE for n in range(200, 0, -1) if rng.random() < rate}
        histories[habit] = HabitHistory(ago(200), entries)
    return histories


_IF_TODAY = re.compile(r"^(\d+)% if done today, (\d+)% if not$")


def test_today_is_named_as_a_reason_only_when_it_changes_the_chance():
    """"87% if done today, 87% if not" explains nothing: the next reason is said instead."""
    histories = _random_user(22)  # its first habit's top two: the habit's term, then today
    model = fit_user(histories, TODAY, backtest_days=7)
    model.served = MODEL
    predictions = predict_next_day(model, histories, TODAY)
    for p in predictions:
        assert len(p.reasons) == 2, p
        for reason in p.reasons:
            said = _IF_TODAY.match(reason)
            assert not said or said[1] != said[2], p
    assert predictions[0].source == MODEL


def test_today_is_named_only_when_it_moves_tomorrow_by_a_few_points():
    """"32% if done today, 33% if not" (an outside tester) reads as if today mattered when it
    does not: a clause about today is said only when it moves the chance by 5 points or more."""
    said_at_all = 0
    for seed in range(30):
        histories = _random_user(seed)
        model = fit_user(histories, TODAY, backtest_days=7)
        model.served = MODEL
        for p in predict_next_day(model, histories, TODAY):
            for reason in p.reasons:
                said = _IF_TODAY.match(reason)
                if said:
                    said_at_all += 1
                    assert abs(int(said[1]) - int(said[2])) >= 5, p
    assert said_at_all  # the clause is still said where today matters


_OWN_TERM = re.compile(r"^done (more|less) often than your other habits with these rates "
                       r"\(([+−])(\d+)\u00a0points?\)$")


def test_the_habits_own_term_is_said_with_its_points():
    """The habit's own term reads as a comparison with the user's other habits, with how many
    points of tomorrow's chance it moves: the same as taking the term out of the model."""
    found = 0
    for seed in range(40):
        histories = _random_user(seed)
        for history in histories.values():  # today settled: tomorrow alone tells the term
            history.entries[TODAY] = DONE
        model = fit_user(histories, TODAY, backtest_days=7)
        model.served = MODEL
        predictions = predict_next_day(model, histories, TODAY)
        if model.pipeline is None:
            continue
        without = copy.deepcopy(model)
        without.pipeline.named_steps["logreg"].coef_[0][len(model.features):] = 0.0
        bare = {p.habit_id: p.probability for p in predict_next_day(without, histories, TODAY)}
        for p in predictions:
            assert not any(reason.startswith("lately") for reason in p.reasons), p
            for reason in p.reasons:
                said = _OWN_TERM.match(reason)
                if not said:
                    continue
                found += 1
                points = int(said[3])
                assert points >= 1
                assert (said[1] == "more") == (said[2] == "+")
                moved = (p.probability - bare[p.habit_id]) * 100
                assert (moved > 0) == (said[2] == "+"), (reason, moved)
                assert abs(abs(moved) - points) <= 0.5, (reason, moved)
    assert found >= 3
