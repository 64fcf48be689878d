"""Hand-built histories: what a user sees for each schedule, kind and edge of the day."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from habitory.stats.schedule import Entry, HabitHistory, Schedule, is_success
from habitory.stats.statuses import day_status, day_statuses
from habitory.stats.streaks import Streak, best_streaks, current_streak, streaks
from habitory.stats.strength import strength, strength_series

TODAY = date(2024, 3, 13)  # a Wednesday
M_DAILY = 0.5 ** (1 / 13)  # Loop's daily decay for a 1/1 habit


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def march(day: int) -> date:
    return date(2024, 3, day)


def done(*days: date, amount: float | None = None) -> dict[date, Entry]:
    return {d: Entry("done", amount) for d in days}


def statuses(history: HabitHistory, start: date, end: date) -> list[str]:
    return list(day_statuses(history, start, end, today=TODAY).values())


def lengths(found: list[Streak]) -> list[int]:
    return [s.length for s in found]


# Daily yes/no habits


def test_daily_ten_days_in_a_row():
    habit = HabitHistory(ago(30), done(*(ago(n) for n in range(10))))
    assert current_streak(habit, TODAY) == 10
    assert streaks(habit, TODAY) == [Streak(ago(9), TODAY)]
    # Ten checks from zero: 1 - m**10, the 0.41327 of Loop's own test.
    assert strength(habit, TODAY) == pytest.approx(1 - M_DAILY**10, abs=1e-12)
    assert strength(habit, TODAY) == pytest.approx(0.41327, abs=1e-5)
    assert strength(habit, ago(10)) == 0.0  # before the first entry


def test_today_not_done_yet_keeps_yesterdays_streak():
    habit = HabitHistory(ago(30), done(*(ago(n) for n in range(1, 6))))
    assert day_status(habit, TODAY, today=TODAY) == "unknown"
    assert day_status(habit, ago(1), today=TODAY) == "done"
    assert day_status(habit, ago(6), today=TODAY) == "missed"
    assert current_streak(habit, TODAY) == 5
    # The next morning the open day has become a miss.
    assert current_streak(habit, TODAY + timedelta(days=1)) == 0


def test_today_marked_not_done_ends_the_streak():
    entries = done(*(ago(n) for n in range(1, 6))) | {TODAY: Entry("not_done")}
    habit = HabitHistory(ago(30), entries)
    assert day_status(habit, TODAY, today=TODAY) == "missed"
    assert current_streak(habit, TODAY) == 0
    assert lengths(streaks(habit, TODAY)) == [5]


def test_a_missed_day_splits_streaks():
    habit = HabitHistory(ago(30), done(ago(5), ago(4), ago(3), ago(1), TODAY))
    assert statuses(habit, ago(6), TODAY) == [
        "missed", "done", "done", "done", "missed", "done", "done"
    ]
    assert streaks(habit, TODAY) == [Streak(ago(1), TODAY), Streak(ago(5), ago(3))]
    assert current_streak(habit, TODAY) == 2


def test_skips_bridge_the_streak_and_freeze_the_strength():
    entries = done(ago(6), ago(5), ago(4), ago(1), TODAY)
    entries |= {ago(3): Entry("skipped"), ago(2): Entry("skipped")}
    habit = HabitHistory(ago(30), entries)
    assert statuses(habit, ago(4), TODAY) == ["done", "skipped", "skipped", "done", "done"]
    assert streaks(habit, TODAY) == [Streak(ago(6), TODAY)]
    assert current_streak(habit, TODAY) == 7
    assert strength(habit, ago(2)) == strength(habit, ago(4))
    # Five real checks, no decay on the skipped days.
    assert strength(habit, TODAY) == pytest.approx(1 - M_DAILY**5, abs=1e-12)
    assert not is_success(habit, ago(3))


def test_before_creation_and_future_days_are_unknown():
    habit = HabitHistory(ago(2), done(ago(2)))
    assert statuses(habit, ago(4), TODAY + timedelta(days=2)) == [
        "unknown", "unknown", "done", "missed", "unknown", "unknown", "unknown"
    ]


def test_best_streaks_are_the_longest_listed_newest_first():
    runs = [(30, 28), (25, 21), (18, 17), (15, 11), (9, 9), (6, 3)]  # lengths 3, 5, 2, 5, 1, 4
    habit = HabitHistory(ago(40), done(*(ago(n) for a, b in runs for n in range(b, a + 1))))
    assert lengths(streaks(habit, TODAY)) == [4, 1, 5, 2, 5, 3]
    assert lengths(best_streaks(habit, TODAY, limit=3)) == [4, 5, 5]
    # A tie for the last place goes to the newer streak, as in Loop.
    assert best_streaks(habit, TODAY, limit=1) == [Streak(ago(15), ago(11))]
    assert lengths(best_streaks(habit, TODAY)) == [4, 5, 2, 5, 3]


# Non-daily frequencies: Loop's automatic checkmarks


def test_three_times_a_week_fills_the_week_automatically():
    habit = HabitHistory(march(1), done(march(4), march(6), march(8)), Schedule(3, 7))
    # Mon, Wed, Fri done; the 7-day window from Monday is covered, then the gap shows.
    assert statuses(habit, march(3), TODAY) == [
        "missed", "done", "auto", "done", "auto", "done", "auto", "auto", "missed", "missed",
        "unknown",
    ]
    assert streaks(habit, TODAY) == [Streak(march(4), march(10))]
    assert current_streak(habit, TODAY) == 0
    # On Friday evening the streak already covers the week; Loop also counts the weekend ahead.
    assert current_streak(habit, march(8)) == 5
    assert lengths(streaks(habit, march(8), horizon=30)) == [7]
    # 3/7 scores over a doubled window: 6 checks in 14 days is 100%.
    assert strength(habit, march(8)) == pytest.approx(0.048978, abs=1e-6)


def test_once_a_month_covers_the_calendar_month():
    habit = HabitHistory(date(2024, 1, 1), done(date(2024, 2, 10)), Schedule(1, 30))
    assert habit.schedule.describe() == "Once a month"
    # February 2024 has 29 days: 10 Feb to 9 Mar is covered, 10 Mar is not.
    assert day_status(habit, march(9), today=TODAY) == "auto"
    assert day_status(habit, march(10), today=TODAY) == "missed"
    assert streaks(habit, TODAY) == [Streak(date(2024, 2, 10), march(9))]
    assert streaks(habit, TODAY)[0].length == 29


def test_automatic_checkmarks_slide_back_before_creation_as_in_loop():
    # Loop slides the first week back to 26 Feb, before the habit existed, and its streak
    # runs from there: Loop computes streaks from its oldest computed (automatic) day.
    habit = HabitHistory(march(1), done(march(1), march(4)), Schedule(1, 7))
    assert statuses(habit, date(2024, 2, 25), march(4)) == [
        "unknown", "auto", "auto", "auto", "auto", "done", "auto", "auto", "done"
    ]
    assert streaks(habit, TODAY) == [Streak(date(2024, 2, 26), march(10))]
    assert lengths(streaks(habit, TODAY, horizon=30)) == [14]


# Weekday schedules


def test_weekday_habit_unscheduled_days_do_not_break_the_streak():
    schedule = Schedule(weekdays=frozenset({0, 2, 4}))  # Mon, Wed, Fri
    habit = HabitHistory(march(1), done(march(4), march(6), march(8), march(11)), schedule)
    assert statuses(habit, march(1), TODAY) == [
        "missed",  # Fri 1
        "unscheduled", "unscheduled",
        "done", "unscheduled", "done", "unscheduled", "done",  # Mon 4 .. Fri 8
        "unscheduled", "unscheduled",
        "done", "unscheduled",  # Mon 11, Tue 12
        "unknown",  # today, Wed 13, not done yet
    ]
    # The streak starts on the first check and runs through yesterday's unscheduled Tuesday.
    assert streaks(habit, TODAY) == [Streak(march(4), march(12))]
    assert current_streak(habit, TODAY) == 9


def test_weekday_habit_missed_scheduled_day_breaks_the_streak():
    schedule = Schedule(weekdays=frozenset({0, 2, 4}))
    habit = HabitHistory(march(1), done(march(4), march(6), march(11)), schedule)
    assert day_status(habit, march(8), today=TODAY) == "missed"
    assert streaks(habit, TODAY) == [Streak(march(11), march(12)), Streak(march(4), march(7))]
    assert current_streak(habit, TODAY) == 2


def test_weekday_habit_scores_like_loops_len_per_week():
    entries = done(march(4), march(6), march(8))
    by_weekday = HabitHistory(march(1), entries, Schedule(weekdays=frozenset({0, 2, 4})))
    three_a_week = HabitHistory(march(1), entries, Schedule(3, 7))
    assert strength(by_weekday, march(8)) == strength(three_a_week, march(8))
    assert strength(by_weekday, march(8)) == pytest.approx(0.048978, abs=1e-6)


# Measurable habits


def test_measurable_at_least():
    entries = {march(9): Entry("done", 8), march(10): Entry("done", 10),
               march(11): Entry("done", 5), march(12): Entry("done", 8),
               TODAY: Entry("done", 3)}
    habit = HabitHistory(march(1), entries, kind="measurable", target=8)
    # Today's 3 of 8 glasses is progress, not a miss: the day is still open.
    assert statuses(habit, march(9), TODAY) == ["done", "done", "missed", "done", "unknown"]
    assert is_success(habit, march(10)) and not is_success(habit, march(11))
    assert current_streak(habit, TODAY) == 1
    # pct per day 1, 1, 5/8, 1 from zero.
    assert strength(habit, march(12)) == pytest.approx(0.173607, abs=1e-6)


def test_measurable_at_most():
    entries = {march(9): Entry("done", 1), march(10): Entry("done", 3),
               march(11): Entry("done", 0), march(12): Entry("done", 2),
               TODAY: Entry("done", 2.5)}
    habit = HabitHistory(march(1), entries, kind="measurable", target=2, direction="at_most")
    # 2.5 coffees today is already over the limit of 2: a miss that cannot be undone.
    assert statuses(habit, march(9), TODAY) == ["done", "missed", "done", "done", "missed"]
    assert current_streak(habit, TODAY) == 0
    assert lengths(streaks(habit, TODAY)) == [2, 1]
    # At-most habits start at 1.0; 3 of a max 2 is 50%.
    assert strength(habit, march(12)) == pytest.approx(0.976665, abs=1e-6)
    assert strength(habit, march(8)) == 0.0


# Quit habits


def test_quit_habit_clean_days_and_a_slip():
    habit = HabitHistory(march(1), {march(5): Entry("not_done")}, kind="quit")
    assert statuses(habit, date(2024, 2, 29), march(6)) == [
        "unknown", "done", "done", "done", "done", "missed", "done"
    ]
    assert day_status(habit, TODAY, today=TODAY) == "done"  # clean so far today
    assert day_status(habit, TODAY + timedelta(days=1), today=TODAY) == "unknown"
    assert is_success(habit, march(4)) and not is_success(habit, march(5))
    assert not is_success(habit, date(2024, 2, 29))  # before the habit existed
    assert streaks(habit, TODAY) == [Streak(march(6), TODAY), Streak(march(1), march(4))]
    assert current_streak(habit, TODAY) == 8
    # Four clean days, the slip, eight clean days: each clean day scores as a check.
    assert strength(habit, TODAY) == pytest.approx(0.466107, abs=1e-6)


def test_quit_habit_without_slips_counts_every_day_since_creation():
    habit = HabitHistory(ago(19), {}, kind="quit")
    assert current_streak(habit, TODAY) == 20
    assert strength(habit, TODAY) == pytest.approx(0.655747, abs=1e-6)  # 20 daily checks


# Series and validation


def test_strength_series_covers_every_day_requested():
    habit = HabitHistory(ago(30), done(ago(1), TODAY))
    series = strength_series(habit, ago(3), TODAY)
    assert [d for d, _ in series] == [ago(3), ago(2), ago(1), TODAY]
    assert [round(s, 6) for _, s in series] == [0.0, 0.0, 0.051922, 0.101149]
    assert strength_series(habit, TODAY, ago(1)) == []


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        (Schedule(), "Every day"),
        (Schedule(3, 3), "Every day"),
        (Schedule(1, 7), "Once a week"),
        (Schedule(3, 7), "3× a week"),
        (Schedule(1, 30), "Once a month"),
        (Schedule(2, 30), "2× a month"),
        (Schedule(1, 2), "Every other day"),
        (Schedule(1, 3), "Every 3 days"),
        (Schedule(2, 5), "2× in 5 days"),
        (Schedule(weekdays=frozenset({0, 2, 4})), "Mon, Wed, Fri"),
        (Schedule(weekdays=frozenset(range(5))), "Weekdays"),
        (Schedule(weekdays=frozenset({5, 6})), "Weekends"),
        (Schedule(weekdays=frozenset(range(7))), "Every day"),
        (Schedule(weekdays=frozenset({6, 1})), "Tue, Sun"),
    ],
)
def test_describe(schedule, words):
    assert schedule.describe() == words


@pytest.mark.parametrize(
    "make",
    [
        lambda: Schedule(3, 2),
        lambda: Schedule(0, 7),
        lambda: Schedule(weekdays=frozenset()),
        lambda: Schedule(weekdays=frozenset({7})),
        lambda: Entry("maybe"),
        lambda: HabitHistory(TODAY, {}, kind="sometimes"),
    ],
)
def test_invalid_data_is_refused(make):
    with pytest.raises(ValueError):
        make()


@pytest.mark.parametrize("seed", range(12))
def test_current_streak_agrees_with_the_streak_list(seed):
    # current_streak walks back from today; streaks() builds every streak: they must agree.
    rng = random.Random(seed)
    schedule = rng.choice([Schedule(), Schedule(3, 7), Schedule(1, 7), Schedule(2, 5),
                           Schedule(weekdays=frozenset({0, 2, 4}))])
    kind = rng.choice(["yes_no", "yes_no", "measurable", "quit"])
    states = ["done"] * 6 + ["skipped", "not_done"]
    entries = {ago(n): Entry(rng.choice(states), rng.choice([None, 1.0, 3.0]))
               for n in range(-3, 90) if rng.random() < 0.7}
    habit = HabitHistory(ago(90), entries, schedule, kind, target=2.0)
    for n in range(0, 60, 3):
        today = ago(n)
        newest = (streaks(habit, today) or [None])[0]
        open_today = day_status(habit, today, today=today) == "unknown"
        ends = {today, today - timedelta(days=1)} if open_today else {today}
        expected = newest.length if newest and newest.end in ends else 0
        assert current_streak(habit, today) == expected
