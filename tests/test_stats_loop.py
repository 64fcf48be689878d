"""habitory.stats against Loop Habit Tracker's own numbers (tests/loop_vectors_data.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.statuses import day_statuses
from habitory.stats.streaks import best_streaks, streaks
from habitory.stats.strength import score_step, strength, strength_series
from tests.loop_vectors_data import SCORE_STEPS, STATES, TODAY

# Loop has no creation date; ours sits before every entry and every slid-back interval, so
# no vector day is hidden as "before creation".
CREATED = TODAY - timedelta(days=3650)
LOOP_HORIZON = 30  # Loop computes checkmarks and streaks up to today + 30


def day(offset: int):
    return TODAY - timedelta(days=offset)


def offset(of) -> int:
    return (TODAY - of).days


def history(state: dict) -> HabitHistory:
    """A Loop habit and its entries as Habitory's pure-data history."""
    loop_type, num, den, target_type, target = state["habit"]
    numerical = loop_type == "NUMERICAL"
    entries = {}
    for newest, oldest, value in state["entries"]:
        for off in range(newest, oldest + 1):
            if value == -1:  # UNKNOWN: Habitory stores no row
                entries.pop(day(off), None)
            elif value == 3:
                entries[day(off)] = Entry("skipped")
            elif numerical:
                entries[day(off)] = Entry("done", value / 1000)
            else:
                entries[day(off)] = Entry({2: "done", 0: "not_done"}[value])
    if numerical:
        return HabitHistory(CREATED, entries, Schedule(num, den), "measurable", target,
                            "at_most" if target_type == "AT_MOST" else "at_least")
    return HabitHistory(CREATED, entries, Schedule(num, den))


def with_expectation(key: str) -> list:
    return [pytest.param(s, id=s["name"]) for s in STATES if key in s["expected"]]


# Loop's computed checkmarks as Habitory statuses; UNKNOWN depends on the day (see status_of).
STATUS_OF = {"YES_MANUAL": "done", "YES_AUTO": "auto", "SKIP": "skipped", "NO": "missed"}


def status_of(name: str, off: int) -> str:
    if name == "UNKNOWN":
        return "missed" if off > 0 else "unknown"  # a past day with no entry is a miss
    return STATUS_OF[name]


def test_every_vector_kind_is_present():
    keys = {k for s in STATES for k in s["expected"]}
    assert {"scores_by_offset", "score_at", "score_greater_than", "computed_by_offset",
            "computed_known", "best_streak_lengths", "streaks_newest_first"} <= keys
    assert len(SCORE_STEPS) == 12 and len(STATES) == 51


@pytest.mark.parametrize(("frequency", "previous", "checkmark", "expected", "tolerance"),
                         SCORE_STEPS)
def test_score_step(frequency, previous, checkmark, expected, tolerance):
    assert score_step(previous, checkmark, frequency) == pytest.approx(expected, abs=tolerance)


@pytest.mark.parametrize("state", with_expectation("scores_by_offset"))
def test_scores_by_offset(state):
    expected = state["expected"]["scores_by_offset"]
    series = strength_series(history(state), day(len(expected) - 1), TODAY)
    assert [d for d, _ in series] == [day(i) for i in reversed(range(len(expected)))]
    got = [score for _, score in reversed(series)]
    assert got == pytest.approx(expected, abs=state["expected"]["tolerance"])


@pytest.mark.parametrize("state", with_expectation("score_at"))
def test_score_at(state):
    habit = history(state)
    for off, score, tolerance in state["expected"]["score_at"]:
        assert strength(habit, day(off)) == pytest.approx(score, abs=tolerance)


@pytest.mark.parametrize("state", with_expectation("score_greater_than"))
def test_score_greater_than(state):
    habit = history(state)
    for off, bound in state["expected"]["score_greater_than"]:
        assert strength(habit, day(off)) > bound


@pytest.mark.parametrize("state", with_expectation("computed_by_offset"))
def test_computed_by_offset(state):
    names = state["expected"]["computed_by_offset"]
    got = day_statuses(history(state), day(len(names) - 1), TODAY, today=TODAY)
    assert [got[day(i)] for i in range(len(names))] == [
        status_of(name, i) for i, name in enumerate(names)
    ]


@pytest.mark.parametrize("state", with_expectation("computed_known"))
def test_computed_known(state):
    known = {off: name for newest, oldest, name in state["expected"]["computed_known"]
             for off in range(newest, oldest + 1)}
    oldest = max(known) + 10
    got = day_statuses(history(state), day(oldest), day(-LOOP_HORIZON), today=TODAY)
    assert {offset(d): s for d, s in got.items()} == {
        off: status_of(known.get(off, "UNKNOWN"), off) for off in range(-LOOP_HORIZON, oldest + 1)
    }


@pytest.mark.parametrize("state", with_expectation("best_streak_lengths"))
def test_best_streak_lengths(state):
    habit = history(state)
    for limit, lengths in state["expected"]["best_streak_lengths"]:
        best = best_streaks(habit, TODAY, limit, horizon=LOOP_HORIZON)
        assert [s.length for s in best] == lengths


@pytest.mark.parametrize("state", with_expectation("streaks_newest_first"))
def test_streaks_newest_first(state):
    got = streaks(history(state), TODAY, horizon=LOOP_HORIZON)
    assert [(offset(s.start), offset(s.end), s.length) for s in got] == [
        tuple(s) for s in state["expected"]["streaks_newest_first"]
    ]


@pytest.mark.parametrize("state", with_expectation("streaks_newest_first"))
def test_streaks_stop_at_today_without_horizon(state):
    # Habitory's default: the same streaks, with the days Loop fills after today cut off.
    expected = [(start, max(end, 0), start - max(end, 0) + 1)
                for start, end, _ in state["expected"]["streaks_newest_first"] if start >= 0]
    got = streaks(history(state), TODAY)
    assert [(offset(s.start), offset(s.end), s.length) for s in got] == expected


@pytest.mark.parametrize("created_offset", [0, -1, -30])
@pytest.mark.parametrize("state", with_expectation("score_at"))
def test_score_at_whatever_the_creation_date(state, created_offset):
    # Loop has no creation date: an empty habit starts today. Ours may even lie after the
    # local today (a later day-start hour, a move west); the score must not depend on it.
    habit = replace(history(state), created=day(created_offset))
    for off, score, tolerance in state["expected"]["score_at"]:
        assert strength(habit, day(off)) == pytest.approx(score, abs=tolerance)
        assert strength_series(habit, day(off), day(off))[0][1] == pytest.approx(
            score, abs=tolerance)
