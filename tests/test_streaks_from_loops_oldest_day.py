"""Streaks run over the days Loop Habit Tracker's run over: from its oldest computed entry,
automatic checkmarks included, even where Loop slides an interval back before the habit's
first check and creation. Every streak-bearing vector of tests/loop_vectors_data.py, with
the habit created on the day of its first check-in (as a habit made in Habitory and ticked
that day), through each path: streaks and best_streaks, the current streak walked back over a
dict and over arrays, and Insights' streak_summary (rates.habit_days). Strength stays Loop's."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from habitory.stats.daily import EntryArrays, entry_arrays
from habitory.stats.health import streak_summary
from habitory.stats.rates import habit_days
from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.statuses import day_status
from habitory.stats.streaks import best_streaks, current_streak, streaks
from habitory.stats.strength import strength_series
from tests.loop_vectors_data import STATES, TODAY
from tests.test_stats_loop import history as loop_history

LOOP_HORIZON = 30
WITH_STREAKS = [pytest.param(s, id=s["name"]) for s in STATES
                if "streaks_newest_first" in s["expected"]
                or "best_streak_lengths" in s["expected"]]


def day(offset: int) -> date:
    return TODAY - timedelta(days=offset)


def offset(of: date) -> int:
    return (TODAY - of).days


def created_on_first_checkin(state: dict, arrays: bool = False) -> HabitHistory:
    habit = loop_history(state)
    entries = habit.entries
    if arrays:
        entries = EntryArrays(*entry_arrays(entries, amounts=True))
    return replace(habit, created=min(habit.entries), entries=entries)


def test_the_vectors_with_streaks_are_all_here():
    names = {p.values[0]["name"] for p in WITH_STREAKS}
    assert len(names) == 12
    assert {"derived_weekly_checks_8_18_23[0]", "derived_twice_weekly_checks[0]",
            "derived_long_habit_3_per_week[0]", "streaks_long_habit_daily[0]"} <= names


@pytest.mark.parametrize("arrays", [False, True], ids=["dict", "arrays"])
@pytest.mark.parametrize("state", WITH_STREAKS)
def test_streaks_are_loops_when_created_on_the_first_checkin(state, arrays):
    habit = created_on_first_checkin(state, arrays)
    expected = state["expected"]
    if "streaks_newest_first" in expected:
        loop = [tuple(s) for s in expected["streaks_newest_first"]]
        got = streaks(habit, TODAY, horizon=LOOP_HORIZON)
        assert [(offset(s.start), offset(s.end), s.length) for s in got] == loop
        # Stopped at today, as every page shows them.
        cut = [(start, max(end, 0)) for start, end, _ in loop if start >= 0]
        assert [(offset(s.start), offset(s.end)) for s in streaks(habit, TODAY)] == cut
        # Today's streak (yesterday's while today is open), by every path.
        open_today = day_status(habit, TODAY, today=TODAY) == "unknown"
        reaching = [start - end + 1 for start, end in cut if end <= int(open_today)]
        current = reaching[0] if reaching else 0
        assert current_streak(habit, TODAY) == current
        insights_current, insights_best = streak_summary(habit_days(habit, TODAY))
        assert insights_current == current
        longest = max(cut, key=lambda s: (s[0] - s[1], -s[1]), default=None)
        assert (None if insights_best is None else
                (offset(insights_best.start), offset(insights_best.end))) == longest
    for limit, lengths in expected.get("best_streak_lengths", ()):
        best = best_streaks(habit, TODAY, limit, horizon=LOOP_HORIZON)
        assert [s.length for s in best] == lengths


@pytest.mark.parametrize("state", [p for p in WITH_STREAKS
                                   if "scores_by_offset" in p.values[0]["expected"]])
def test_the_strength_does_not_change(state):
    habit = created_on_first_checkin(state)
    expected = state["expected"]["scores_by_offset"]
    scores = dict(strength_series(habit, day(len(expected) - 1), TODAY))
    for off, score in enumerate(expected):
        assert scores[day(off)] == pytest.approx(score, abs=state["expected"]["tolerance"]), off


# The report's three habits, each created on its first tick; today 7 Dec 2026.
REPORT_TODAY = date(2026, 12, 7)
WEEKLY = ([date(2026, 11, 14), date(2026, 11, 19), date(2026, 11, 29)], Schedule(1, 7))
FIVE_IN_30 = ([date(2026, 10, 25), date(2026, 10, 29), *(date(2026, 11, d) for d in
              (2, 10, 14, 20, 28)), date(2026, 12, 1), date(2026, 12, 5)], Schedule(5, 30))
EVERY_3_DAYS = ([*(date(2026, 11, d) for d in (20, 23, 26, 27, 30)),
                 *(date(2026, 12, d) for d in (3, 6, 7))], Schedule(1, 3))


def report_habit(ticks, schedule, arrays=False) -> HabitHistory:
    entries = {d: Entry("done") for d in ticks}
    if arrays:
        entries = EntryArrays(*entry_arrays(entries, amounts=True))
    return HabitHistory(min(ticks), entries, schedule)


@pytest.mark.parametrize("arrays", [False, True], ids=["dict", "arrays"])
@pytest.mark.parametrize(("case", "current", "best"), [
    pytest.param(WEEKLY, 0, (date(2026, 11, 12), date(2026, 11, 25)), id="weekly"),
    pytest.param(FIVE_IN_30, 54, (date(2026, 10, 15), REPORT_TODAY), id="5 in 30 days"),
    pytest.param(EVERY_3_DAYS, 20, (date(2026, 11, 18), REPORT_TODAY), id="every 3 days"),
])
def test_the_reports_habits(case, current, best, arrays):
    habit = report_habit(*case, arrays=arrays)
    assert current_streak(habit, REPORT_TODAY) == current
    longest = best_streaks(habit, REPORT_TODAY, 1)[0]
    assert (longest.start, longest.end) == best
    got_current, got_best = streak_summary(habit_days(habit, REPORT_TODAY))
    assert (got_current, got_best.start, got_best.end) == (current, *best)
    # The days before the first tick that the streak holds are covered by the target.
    first = min(case[0])
    for back in range((first - best[0]).days):
        assert day_status(habit, best[0] + timedelta(days=back), today=REPORT_TODAY) == "auto"
    assert day_status(habit, best[0] - timedelta(days=1), today=REPORT_TODAY) == "unknown"


def test_no_rate_counts_a_day_before_creation():
    # The rates' due days still run from creation: the covered days before it hold a
    # streak (as in Loop) but are no more due than any other day before the habit.
    habit = report_habit(*WEEKLY)
    days = habit_days(habit, REPORT_TODAY)
    created = habit.created.toordinal()
    assert days.first == date(2026, 11, 12).toordinal()
    assert days.count("due", days.first, created - 1) == 0
    assert days.rate(days.first, REPORT_TODAY.toordinal()) == days.rate(
        created, REPORT_TODAY.toordinal())
