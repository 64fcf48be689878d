"""The Insights statistics on hand-built histories: the numbers a user would see."""

from __future__ import annotations

import dataclasses
import math
import random
from datetime import date, timedelta

import pytest

from habitory.stats.health import HealthScore, overall_score, streak_summary
from habitory.stats.patterns import insights
from habitory.stats.rates import Rate, habit_days
from habitory.stats.schedule import Entry, HabitHistory, Schedule, is_success
from habitory.stats.statuses import day_range, status_list
from habitory.stats.streaks import best_streaks, current_streak
from habitory.stats.strength import strength

TODAY = date(2024, 3, 13)  # a Wednesday
M_DAILY = 0.5 ** (1 / 13)  # Loop's daily decay for a 1/1 habit


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def done(*days: date, amount: float | None = None) -> dict[date, Entry]:
    return {d: Entry("done", amount) for d in days}


def one(history: HabitHistory, period_days: int | None = None, name: str = "Reading"):
    """The summary of a single habit on the Insights page."""
    return insights({1: history}, {1: name}, TODAY, period_days).habits[0]


def no_nan(value, path: str = "insights") -> None:
    """Walk a result and fail on any NaN or infinity."""
    if isinstance(value, float):
        assert math.isfinite(value), path
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "days":  # the raw arrays: integers and booleans
                no_nan(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            no_nan(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            no_nan(item, f"{path}[{i}]")


# Rates: due days and successes


def test_skips_are_neither_due_nor_missed():
    entries = done(*(ago(n) for n in range(4, 10))) | {
        ago(3): Entry("skipped"), ago(2): Entry("skipped"), ago(1): Entry("not_done")}
    habit = one(HabitHistory(ago(9), entries))
    # Nine days up to yesterday, two skipped: 6 done of 7 due. Today has no entry yet.
    assert habit.rate_all == Rate(6, 7)
    assert habit.rate_all.percent == 86
    assert habit.rate_30 == Rate(6, 7)
    # The last 7 days are ago(6)..today: 3 done, 2 skipped, 1 missed, today open.
    assert habit.rate_7 == Rate(3, 4)
    assert habit.rate_7.percent == 75


def test_weekday_schedule_counts_the_chosen_days_and_any_day_done():
    mon_wed_fri = Schedule(weekdays=frozenset({0, 2, 4}))
    created = date(2024, 2, 26)  # a Monday
    entries = done(date(2024, 2, 26), date(2024, 2, 28), date(2024, 3, 4), date(2024, 3, 11),
                   TODAY, date(2024, 3, 2))  # Mar 2 is a Saturday: a bonus day
    entries[date(2024, 3, 3)] = Entry("not_done")  # a Sunday: nothing was due
    habit = one(HabitHistory(created, entries, mon_wed_fri), period_days=30)
    # Due: Feb 26, 28, Mar 1, 4, 6, 8, 11, 13 (today, done), and the Saturday it was done
    # on (due and done, as Today and the Calendar count it). Fridays and Mar 6 were missed.
    assert habit.rate_all == Rate(6, 9)
    assert habit.rate_all.percent == 67
    assert habit.rate_period == Rate(6, 9)
    monday, tuesday, wednesday, _, friday, saturday, sunday = habit.charts.weekdays
    assert (monday, wednesday, friday, saturday) == (Rate(3, 3), Rate(2, 3), Rate(0, 2),
                                                     Rate(1, 1))
    assert tuesday.percent is sunday.percent is None  # the Sunday's "not done" is not due
    # Completions: 6 in 17 days (today logged), the Saturday's among them.
    assert habit.weekly_average == round(7 * 6 / 17, 1) == 2.5
    february, march = habit.charts.monthly[-2:]
    assert (february.month, february.completions, february.rate) == (date(2024, 2, 1), 2,
                                                                     Rate(2, 2))
    assert (march.completions, march.rate) == (4, Rate(4, 7))


def test_three_times_a_week_done_three_times_a_week_is_100_percent():
    created = date(2024, 2, 12)  # a Monday
    checks = [d for d in day_range(created, TODAY) if d.weekday() in (0, 2, 4)]
    habit = one(HabitHistory(created, done(*checks), Schedule(3, 7)))
    assert habit.per_week == 3
    assert habit.rate_all == Rate(31, 31)  # Loop's automatic checkmarks fill the other days
    # ... but only the real check-ins are completions: 14 in 31 days (today's included).
    assert habit.weekly_average == round(7 * 14 / 31, 1) == 3.2


def test_measurable_at_least_today_counts_once_the_target_is_met():
    entries = {ago(3): Entry("done", 8), ago(2): Entry("done", 7.5), ago(1): Entry("done", 10)}
    history = HabitHistory(ago(3), entries | {TODAY: Entry("done", 3)}, kind="measurable",
                           target=8)
    assert one(history).rate_all == Rate(2, 3)  # 3 of 8 glasses so far: today is still open
    history = dataclasses.replace(history, entries=entries | {TODAY: Entry("done", 9)})
    assert one(history).rate_all == Rate(3, 4)


def test_measurable_at_most():
    entries = {ago(3): Entry("done", 1), ago(2): Entry("done", 3), ago(1): Entry("done", 2)}
    history = HabitHistory(ago(3), entries | {TODAY: Entry("done", 5)}, kind="measurable",
                           target=2, direction="at_most")
    assert one(history).rate_all == Rate(2, 4)  # over the limit today already: a miss
    history = dataclasses.replace(history, entries=entries | {TODAY: Entry("done", 1)})
    assert one(history).rate_all == Rate(3, 4)


def test_quit_habit_is_clean_unless_a_slip_is_logged():
    entries = {ago(5): Entry("not_done"), ago(3): Entry("skipped")}
    habit = one(HabitHistory(ago(9), entries, kind="quit"), name="No sugar")
    # ago(9)..ago(1): 9 days, one skipped, one slip. Today has no entry: not counted yet.
    assert habit.rate_all == Rate(7, 8)
    assert habit.rate_all.percent == 88
    assert habit.current_streak == 5  # ago(4)..today, the skip included
    assert habit.charts.monthly[-1].completions == 7  # clean days


def test_a_habit_created_mid_period_counts_from_its_creation():
    habit = one(HabitHistory(ago(9), done(*(ago(n) for n in range(10)))), period_days=90)
    assert habit.rate_30 == habit.rate_90 == habit.rate_period == Rate(10, 10)
    assert habit.weekly_average == 7.0
    assert habit.current_streak == 10


def test_today_without_an_entry_does_not_drag_the_rate_down():
    entries = done(*(ago(n) for n in range(1, 7)))
    history = HabitHistory(ago(6), entries)
    assert one(history).rate_7 == Rate(6, 6)
    history = dataclasses.replace(history, entries=entries | {TODAY: Entry("not_done")})
    assert one(history).rate_7 == Rate(6, 7)
    history = dataclasses.replace(history, entries=entries | done(TODAY))
    assert one(history).rate_7 == Rate(7, 7)


def test_entries_before_creation_are_not_due():
    history = HabitHistory(ago(2), done(ago(5), ago(4), ago(1)))
    assert one(history).rate_all == Rate(1, 2)


def test_period_choice():
    history = HabitHistory(ago(99), done(*(ago(n) for n in range(0, 100, 2))))
    assert one(history, 30).rate_period == one(history).rate_30
    assert one(history, None).rate_period == one(history).rate_all == Rate(50, 100)
    with pytest.raises(ValueError):
        insights({1: history}, {1: "Reading"}, TODAY, 0)


def test_rolling_series_and_pooled_weeks():
    a = HabitHistory(ago(40), done(*(ago(n) for n in range(41))))
    b = HabitHistory(ago(40), done(*(ago(n) for n in range(0, 41, 2))))
    result = insights({1: a, 2: b}, {1: "A", 2: "B"}, TODAY, 30)
    rolling = result.charts.rolling
    assert (rolling.start, rolling.step, rolling.days[-1]) == (ago(29), 1, TODAY)
    assert len(rolling.rolling_7) == len(rolling.rolling_30) == 30
    # Today: A 7 of 7 and B 4 of 7 (ago 6, 4, 2, 0): 11 of 14 habit-days.
    assert rolling.rolling_7[-1] == round(100 * 11 / 14, 1) == 78.6
    assert result.habits[0].charts.rolling.rolling_30[-1] == 100.0
    this_week = result.charts.weekly[-1]  # Mon 11 .. Wed 13: A 3 of 3, B 2 of 3 (11, 13)
    assert (this_week.week_start, this_week.rate, this_week.label) == (
        date(2024, 3, 11), Rate(5, 6), "2024-W11")
    assert len(result.charts.weekly) == 26 and len(result.charts.monthly) == 12
    assert result.rate_7 == Rate(11, 14)  # pooled: all successes over all due days
    long = insights({1: a}, {1: "A"}, TODAY + timedelta(days=400), None).charts.rolling
    assert long.step == 7 and long.days[-1] == TODAY + timedelta(days=400)


# Health and overall scores


def test_health_formula_on_a_known_case():
    # Done every day for 37 days, then nothing for the last 7 (today marked not done).
    entries = done(*(ago(n) for n in range(7, 44))) | {ago(n): Entry("not_done")
                                                       for n in range(7)}
    habit = one(HabitHistory(ago(43), entries))
    # Strength: 37 days of 1 - m**37 growth, then 7 days of decay.
    loop = (1 - M_DAILY**37) * M_DAILY**7
    assert habit.strength == 59 == round(100 * loop)
    # Trend: last 14 days 7 of 14 (50%), the 30 before 30 of 30: 50 + (50 - 100) / 2 = 25.
    # Consistency: six 7-day blocks since creation, five at 100% and the last at 0%:
    # mean 83.3, spread 37.3, 100 * (1 - 37.3 / 83.3) = 55.2.
    health = habit.health
    assert [(c.name, c.value, c.weight) for c in health.components] == [
        ("strength", 59, 0.5), ("trend", 25, 0.3), ("consistency", 55, 0.2)]
    assert health.score == 48  # 29.5 + 7.5 + 11
    assert health.formula == "0.5 × strength 59 + 0.3 × trend 25 + 0.2 × consistency 55 = 48"
    trend = health.component("trend")
    assert trend.numbers == {"recent_successes": 7, "recent_due": 14,
                             "before_successes": 30, "before_due": 30}
    assert trend.detail.endswith("50 + (50 - 100) / 2 = 25")
    assert health.component("consistency").numbers == {
        "weeks": 6, "mean_percent": 83.3, "spread_points": 37.3}


def test_health_of_a_young_habit_scales_the_weights():
    habit = one(HabitHistory(ago(9), done(*(ago(n) for n in range(10)))))
    # Nothing due before the last 14 days: trend is the recent rate; one full week only.
    assert [(c.name, c.weight) for c in habit.health.components] == [
        ("strength", 0.62), ("trend", 0.38)]
    assert habit.health.component("trend").value == 100
    score = math.floor(0.62 * habit.strength + 0.38 * 100 + 0.5)
    assert habit.health.score == score


def test_overall_score_weighs_a_daily_habit_seven_times_a_weekly_one():
    def health(score: int) -> HealthScore:
        return HealthScore(score, ())

    overall = overall_score([(1, "Reading", 7.0, health(80)), (2, "Running", 1.0, health(40)),
                             (3, "New", 7.0, None)])
    assert overall.score == 75  # (7 * 80 + 1 * 40) / 8
    assert overall.formula == "(7 × Reading 80 + 1 × Running 40) ÷ 8 = 75"
    assert overall.left_out == (3,)
    daily = HabitHistory(ago(60), done(*(ago(n) for n in range(61))))
    weekly = HabitHistory(ago(60), {}, Schedule(1, 7))
    result = insights({1: daily, 2: weekly}, {1: "Reading", 2: "Running"}, TODAY)
    first, second = result.habits
    assert [p.weight for p in result.overall.parts] == [7, 1]
    expected = (7 * first.health.score + second.health.score) / 8
    assert result.overall.score == math.floor(expected + 0.5)


# Recommendations and patterns


def test_weekend_gap_cites_its_counts():
    start = ago(89)  # Friday 15 December: 64 weekdays and 26 weekend days up to today
    weekend_done = [date(2023, 12, d) for d in (16, 17, 23, 24, 30, 31)] + [
        date(2024, 1, 6), date(2024, 1, 7)]
    days = [d for d in day_range(start, TODAY) if d.weekday() < 5] + weekend_done
    result = insights({1: HabitHistory(start, done(*days))}, {1: "Reading"}, TODAY)
    [advice] = result.recommendations
    assert (advice.kind, advice.habit_id, advice.severity) == ("weekend_gap", 1, "info")
    assert advice.title == "Reading: weekends lag behind"
    assert advice.body.startswith("You complete Reading 100% on weekdays (64 of 64) but 31% on "
                                  "weekends (8 of 26), over the last 90 days.")
    assert advice.numbers == {"weekday_successes": 64, "weekday_due": 64,
                              "weekend_successes": 8, "weekend_due": 26, "points": 69,
                              "z": 7.4, "days": 90}


def test_trend_down_cites_its_counts():
    before = [ago(n) for n in range(14, 44) if n % 10 not in (3, 7)]  # 24 of the 30 days
    recent = [ago(2), ago(5), ago(11)]
    history = HabitHistory(ago(43), done(*before, *recent) | {TODAY: Entry("not_done")})
    result = insights({7: history}, {7: "Running"}, TODAY)
    [advice] = [r for r in result.recommendations if r.kind == "trend_down"]
    assert (advice.habit_id, advice.severity, advice.title) == (7, "warning",
                                                                "Running is trending down")
    assert advice.body == ("Running was done on 3 of 14 due days (21%) in the last 14 days, "
                           "against 24 of 30 (80%) in the 30 days before.")
    assert advice.numbers["points"] == -59
    assert "low_rate" not in {r.kind for r in result.recommendations}


def test_near_best_streak():
    entries = done(*(ago(n) for n in range(20, 40)), *(ago(n) for n in range(0, 18)))
    result = insights({1: HabitHistory(ago(39), entries)}, {1: "Reading"}, TODAY)
    [advice] = [r for r in result.recommendations if r.kind == "near_best"]
    assert advice.numbers == {"current": 18, "best": 20}
    assert advice.title == "Reading: 2 more days to your best"


def _correlated(days: int) -> dict[int, HabitHistory]:
    """Gym on even days; Protein shake on 28 of every 30 Gym days and 3 of 30 others."""
    gym = [ago(n) for n in range(0, days, 2)]
    others = [ago(n) for n in range(1, days, 2)]
    shake = [d for i, d in enumerate(gym) if i not in (3, 17)] + others[:3 * days // 60]
    return {1: HabitHistory(ago(days - 1), done(*gym)),
            2: HabitHistory(ago(days - 1), done(*shake))}


def test_pattern_shown_for_a_strong_pair_with_enough_days():
    result = insights(_correlated(60), {1: "Gym", 2: "Protein shake"}, TODAY)
    [pattern] = result.patterns
    assert (pattern.habit_id, pattern.other_id) == (2, 1)
    assert pattern.title == "Protein shake goes with Gym"
    assert (pattern.with_other, pattern.without_other) == (Rate(28, 30), Rate(3, 30))
    assert (pattern.difference, pattern.overlap) == (83, 60)
    assert pattern.z == 6.5
    assert pattern.body == (
        "On the 30 days you did Gym, you did Protein shake on 28 (93%); on the 30 days you "
        "didn't, on 3 (10%). Both were due on 60 days (z = 6.5).")


def test_no_pattern_from_ten_days():
    assert insights(_correlated(10), {1: "Gym", 2: "Protein shake"}, TODAY).patterns == []


def test_no_pattern_between_independent_habits():
    rng = random.Random(3)
    histories = {i: HabitHistory(ago(364), done(*(ago(n) for n in range(365)
                                                  if rng.random() < 0.6)))
                 for i in range(1, 11)}
    result = insights(histories, {i: f"H{i}" for i in histories}, TODAY)
    assert result.patterns == []


# Empty and sparse states


def test_no_habits():
    result = insights({}, {}, TODAY, 30)
    assert result.habits == [] and result.recommendations == [] and result.patterns == []
    assert result.rate_30.percent is None and result.charts is None
    assert result.overall.score is None and result.overall.formula == ""
    no_nan(result)


@pytest.mark.parametrize("entries", [{}, done(TODAY)])
def test_habit_created_today(entries):
    result = insights({1: HabitHistory(TODAY, entries)}, {1: "Reading"}, TODAY, None)
    habit = result.habits[0]
    assert habit.rate_all == Rate(len(entries), len(entries))
    assert habit.weekly_average is None and habit.health is None
    assert habit.current_streak == len(entries)
    assert result.overall.score is None and result.overall.left_out == (1,)
    assert len(habit.charts.rolling.rolling_7) == 1
    no_nan(result)


def test_one_day_of_data():
    result = insights({1: HabitHistory(ago(1), done(ago(1)))}, {1: "Reading"}, TODAY, 90)
    habit = result.habits[0]
    assert habit.rate_7 == habit.rate_all == Rate(1, 1)
    assert habit.rate_7.value == 1.0
    assert habit.health is None and habit.weekly_average is None
    assert habit.charts.weekdays[1] == Rate(1, 1)  # a Tuesday
    # The period starts when the oldest habit does, not 90 days ago.
    assert result.period_start == habit.charts.rolling.start == ago(1)
    assert habit.charts.rolling.rolling_30 == [100.0, 100.0]
    assert result.recommendations == [] and result.patterns == []
    no_nan(result)


def test_a_large_random_page_has_no_nan():
    histories = {i: _random_history(random.Random(i), TODAY) for i in range(12)}
    no_nan(insights(histories, {i: f"H{i}" for i in histories}, TODAY, 365))


# The vectorised statuses and streaks agree with schedule.py and streaks.py


PROFILES = [
    (Schedule(), "yes_no", "at_least", None),
    (Schedule(3, 7), "yes_no", "at_least", None),
    (Schedule(1, 7), "yes_no", "at_least", None),
    (Schedule(2, 30), "yes_no", "at_least", None),
    (Schedule(weekdays=frozenset({0, 2, 4})), "yes_no", "at_least", None),
    (Schedule(), "measurable", "at_least", 8.0),
    (Schedule(weekdays=frozenset({5, 6})), "measurable", "at_most", 2.0),
    (Schedule(), "quit", "at_least", None),
]


def _random_history(rng: random.Random, today: date) -> HabitHistory:
    schedule, kind, direction, target = rng.choice(PROFILES)
    days = rng.randint(1, 90)
    created = today - timedelta(days=days - 1)
    entries = {}
    for day in day_range(created - timedelta(days=5), today + timedelta(days=2)):
        roll = rng.random()
        if roll < 0.1:
            entries[day] = Entry("skipped")
        elif roll < 0.6:
            entries[day] = Entry("done", round(rng.uniform(0, 12), 3) if target else None)
        elif roll < 0.75:
            entries[day] = Entry("not_done", 1.0 if target else None)
    return HabitHistory(created, entries, schedule, kind, target, direction)


@pytest.mark.parametrize("seed", range(8))
def test_vectorised_statuses_and_streaks_match(seed):
    rng = random.Random(seed)
    for _ in range(60):
        today = TODAY + timedelta(days=rng.randint(0, 60))
        history = _random_history(rng, today)
        days = habit_days(history, today)
        first = date.fromordinal(days.first)
        expected = status_list(history, day_range(first, today), today)
        assert [("done", "auto", "skipped", "missed", "unscheduled", "unknown")[c]
                for c in days.codes.tolist()] == expected
        current, best = streak_summary(days)
        assert current == current_streak(history, today)
        assert best == next(iter(best_streaks(history, today, limit=1)), None)
        # A success is is_success() or an automatic checkmark, on a due day; or an "at most"
        # day with nothing logged: nothing was over the limit (its status stays "missed").
        limit = history.direction == "at_most"
        for i, day in enumerate(day_range(first, today)):
            if days.due[i]:
                within = limit and expected[i] == "missed" and day not in history.entries
                assert days.success[i] == (is_success(history, day) or expected[i] == "auto"
                                           or within)


def test_strength_is_loops():
    history = HabitHistory(ago(30), done(*(ago(n) for n in range(10))))
    assert one(history).strength == round(100 * strength(history, TODAY)) == 41


@pytest.mark.parametrize("period_days", [30, None])
def test_moving_rates_match_the_rates_of_their_windows(period_days):
    rng = random.Random(period_days or 0)
    histories = {i: _random_history(rng, TODAY - timedelta(days=400)) for i in range(5)}
    histories[9] = HabitHistory(ago(500), done(*(ago(n) for n in range(0, 500, 3))))
    result = insights(histories, {i: f"H{i}" for i in histories}, TODAY, period_days)
    rolling = result.charts.rolling
    assert rolling.step == (1 if period_days else 7) and rolling.days[-1] == TODAY
    for day, pct_7, pct_30 in zip(rolling.days, rolling.rolling_7, rolling.rolling_30,
                                  strict=True):
        for window, pct in ((7, pct_7), (30, pct_30)):
            start = day.toordinal() - window + 1
            rate = sum((h.days.rate(start, day.toordinal()) for h in result.habits), Rate())
            assert pct == (None if not rate.due else round(100 * rate.successes / rate.due, 1))
