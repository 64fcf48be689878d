"""The coaching rules on hand-built histories: what fires, what must never fire, and the keys."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from habitory.rules.core import HabitView
from habitory.rules.findings import (
    CATEGORIES,
    CATEGORY_OF,
    KINDS,
    SEVERITIES,
    Finding,
    RuleSettings,
    evaluate,
)
from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.statuses import day_statuses
from habitory.stats.streaks import current_streak
from habitory.stats.strength import strength_series

TODAY = date(2024, 3, 13)  # a Wednesday
MWF = Schedule(weekdays=frozenset({0, 2, 4}))
DAILY = Schedule()


def ago(n: int, today: date = TODAY) -> date:
    return today - timedelta(days=n)


def habit(created: int = 90, done=(), skipped=(), slips=(), *, schedule=DAILY,
          kind="yes_no", amounts=None, target=None, direction="at_least",
          today: date = TODAY) -> HabitHistory:
    """A habit created `created` days ago; done/skipped/slips are lists of days-ago."""
    entries = {ago(n, today): Entry("done", (amounts or {}).get(n)) for n in done}
    entries |= {ago(n, today): Entry("skipped") for n in skipped}
    entries |= {ago(n, today): Entry("not_done") for n in slips}
    return HabitHistory(ago(created, today), entries, schedule, kind, target, direction)


def daily(missed=(), created: int = 90, skipped=(), today_done: bool = False,
          today: date = TODAY) -> HabitHistory:
    """A daily habit done every day since creation, except the days-ago in missed and skipped."""
    done = [n for n in range(0 if today_done else 1, created + 1)
            if n not in missed and n not in skipped]
    return habit(created, done, skipped, today=today)


def run(*histories: HabitHistory, today: date = TODAY, **kwargs) -> list[Finding]:
    """evaluate() with habit ids 1, 2, ... and names H1, H2, ..."""
    ids = {i: h for i, h in enumerate(histories, start=1)}
    return evaluate(ids, {i: f"H{i}" for i in ids}, today, **kwargs)


def of(findings: list[Finding], kind: str, topic: str | None = None) -> list[Finding]:
    return [f for f in findings if f.kind == kind and (topic is None or f.topic == topic)]


def only(findings: list[Finding], kind: str, topic: str | None = None) -> Finding:
    (found,) = of(findings, kind, topic)
    return found


def one(n: int) -> RuleSettings:
    return RuleSettings(missed_days=n)


# Missed-habit alerts


def test_missed_yesterday_with_one_day_setting():
    found = only(run(daily(missed=[1]), settings=one(1)), "missed")
    assert found.key == f"missed:1:{ago(1)}"
    assert (found.habit_id, found.severity, found.category) == (1, "warning", "alerts")
    assert "H1" in found.title and "Tuesday" in found.body
    assert "29 of 30 due days (96%)" in found.body  # the numbers behind it


def test_default_needs_two_scheduled_days_in_a_row():
    assert of(run(daily(missed=[1])), "missed") == []
    found = only(run(daily(missed=[1, 2])), "missed")
    assert found.key == f"missed:1:{ago(1)}" and "2" in found.title
    assert found.data["since"] == ago(2).isoformat()


@pytest.mark.parametrize(("n", "misses", "fires"), [(3, [1, 2], False), (3, [1, 2, 3], True),
                                                     (5, [1, 2, 3, 4], False),
                                                     (5, [1, 2, 3, 4, 5], True)])
def test_n_in_a_row_is_configurable(n, misses, fires):
    assert bool(of(run(daily(missed=misses), settings=one(n)), "missed")) is fires


def test_one_alert_per_run_of_misses():
    # A run of 4: the key is the day it reached 2, so the run that goes on is not re-alerted.
    today = only(run(daily(missed=[1, 2, 3, 4])), "missed")
    assert today.key == f"missed:1:{ago(3)}" and today.data["run"] == 4
    tomorrow = only(run(daily(missed=[1, 2, 3, 4, 5], today=TODAY + timedelta(days=1)),
                        today=TODAY + timedelta(days=1)), "missed")
    assert tomorrow.key == today.key


def test_a_run_that_reached_n_weeks_ago_is_stale():
    assert of(run(daily(missed=range(1, 30))), "missed") == []


def test_never_for_a_skipped_yesterday():
    assert of(run(daily(skipped=[1]), settings=one(1)), "missed") == []
    assert of(run(daily(missed=[2, 3], skipped=[1])), "missed") == []


def test_a_skip_breaks_the_run():
    assert of(run(daily(missed=[1, 3], skipped=[2])), "missed") == []


def test_never_for_an_unscheduled_yesterday():
    # Mon/Wed/Fri: yesterday (Tue) was not due, so nothing, even with Monday missed.
    gym = habit(90, [n for n in range(2, 91)], schedule=MWF)  # Monday (2 days ago) done...
    assert of(run(gym, settings=one(1)), "missed") == []
    gym = habit(90, [n for n in range(3, 91)], schedule=MWF)  # ...and now missed
    assert of(run(gym, settings=one(1)), "missed") == []


def test_weekday_run_passes_over_unscheduled_days():
    thursday = TODAY + timedelta(days=1)
    gym = habit(90, [n for n in range(4, 91)], schedule=MWF, today=thursday)  # Mon, Wed missed
    found = only(run(gym, today=thursday), "missed")
    assert found.key == f"missed:1:{TODAY}" and found.data["run"] == 2  # Tue passed over
    assert found.data["since"] == ago(2).isoformat()


def test_never_when_already_done_today():
    assert of(run(daily(missed=[1, 2], today_done=True)), "missed") == []


def test_never_for_archived_habits():
    assert run(daily(missed=[1, 2]), archived={1}, habit_count=1) == []
    # With its only habit archived, the user has none: only the first-habit invitation.
    assert [f.topic for f in run(daily(missed=[1, 2]), archived={1})] == ["first_habit"]

    @dataclass(frozen=True)
    class Archived(HabitHistory):
        archived: bool = True

    old = daily(missed=[1, 2])
    flagged = Archived(old.created, old.entries, old.schedule)
    assert run(flagged, habit_count=1) == []


def test_never_for_habits_created_today():
    new = habit(0, [])
    assert run(new, settings=one(1), at_risk={1: 0.01}) == []


def test_the_creation_day_is_not_a_miss():
    # Added yesterday evening and not done: no alert, even with one-day alerts.
    assert of(run(habit(1, []), settings=one(1)), "missed") == []
    found = only(run(habit(2, []), settings=one(1)), "missed")  # the next day counts
    assert found.key == f"missed:1:{ago(1)}"


def test_quit_habit_clean_days_are_never_missed():
    clean = habit(90, [], kind="quit")
    assert of(run(clean, settings=one(1)), "missed") == []


def test_quit_habit_slips_are_the_miss():
    found = only(run(habit(90, slips=[1], kind="quit"), settings=one(1)), "missed")
    assert found.key == f"missed:1:{ago(1)}" and "slip" in found.title.lower()
    assert "clean on 29 of 30" in found.body
    assert of(run(habit(90, slips=[1], kind="quit")), "missed") == []  # default: 2 in a row
    two = only(run(habit(90, slips=[1, 2], kind="quit")), "missed")
    assert "2 slips in a row" in two.title


def test_times_a_week_habit_alerts_after_a_gap():
    # 3x a week: one due gap is 7/3 days, so N = 2 needs 5 days without it.
    def runner(last_done: int) -> list[Finding]:
        return of(run(habit(90, range(last_done, 91), schedule=Schedule(3, 7))), "missed")

    assert runner(5) == []  # done 5 days ago: a 4-day gap up to yesterday
    (found,) = runner(6)
    assert found.key == f"missed:1:{ago(1)}" and "5 days" in found.title
    assert "3× a week" in found.body


def test_times_a_week_habit_covered_yesterday_is_fine():
    # Three check-ins in a row cover the following days with Loop's automatic checkmarks.
    covered = habit(90, [5, 6, 7], schedule=Schedule(3, 7))
    assert of(run(covered, settings=one(1)), "missed") == []


# Low consistency


def pattern(created: int, rates: list[tuple[int, int, int]]) -> HabitHistory:
    """Daily habit: for each (first, last, done) block of days-ago, done on `done` of them."""
    done = []
    for first, last, count in rates:
        days = list(range(first, last + 1))
        step = len(days) / count if count else 0
        done += [days[int(i * step)] for i in range(count)]
    return habit(created, done)


def test_low_consistency_below_the_threshold():
    low = pattern(90, [(1, 30, 12), (31, 60, 13)])  # 40% now, 43% before
    found = only(run(low), "low_consistency")
    assert found.key == "low_consistency:1:2024-W11"
    assert "12 of 30 due days (40%)" in found.body and "50%" in found.body
    assert found.data["rate"] == 0.4 and found.category == "alerts"


def test_rate_exactly_at_the_threshold_is_fine():
    assert of(run(pattern(90, [(1, 30, 15), (31, 60, 15)])), "low_consistency") == []


def test_low_consistency_drop_of_more_than_25_points():
    found = only(run(pattern(90, [(1, 30, 19), (31, 60, 27)])), "low_consistency")
    assert "down from 90%" in found.body and "19 of 30" in found.body
    assert of(run(pattern(90, [(1, 30, 20), (31, 60, 27)])), "low_consistency") == []  # 23 pts


def test_a_drop_of_exactly_25_points_is_not_more_than_25():
    # 21 of 28 due days (two skipped) is 75%, after 100%: exactly 25 points.
    drop = pattern(90, [(3, 30, 21), (31, 60, 30)])
    drop = HabitHistory(drop.created, drop.entries | {ago(1): Entry("skipped"),
                                                      ago(2): Entry("skipped")})
    assert of(run(drop), "low_consistency") == []
    assert of(run(drop, settings=RuleSettings(drop_points=20)), "low_consistency")


def test_low_consistency_waits_for_14_days_of_data():
    assert of(run(habit(13, [])), "low_consistency") == []
    assert of(run(habit(14, [])), "low_consistency")
    # The drop needs the 30 days before to hold 14 days of the habit's life as well.
    young = habit(40, list(range(30, 41)) + [1, 5, 9])
    assert "down from" not in only(run(young), "low_consistency").body


def test_only_scheduled_days_count():
    gym = habit(90, [n for n in range(1, 91) if ago(n).weekday() in (0, 2, 4)], schedule=MWF)
    assert of(run(gym), "low_consistency") == []  # every due day done: 100%


def test_skipped_days_are_left_out_of_the_rate():
    sick = habit(90, [n for n in range(1, 91) if n % 3 == 0],
                 skipped=[n for n in range(1, 91) if n % 3])
    assert of(run(sick), "low_consistency") == []


def test_three_times_a_week_done_three_times_a_week_is_full():
    run3 = habit(90, [n for n in range(1, 91) if ago(n).weekday() in (0, 2, 4)],
                 schedule=Schedule(3, 7))
    assert of(run(run3), "low_consistency") == []
    once = habit(90, [n for n in range(1, 91) if ago(n).weekday() == 0], schedule=Schedule(3, 7))
    assert of(run(once), "low_consistency")


def test_weekly_measurable_target_is_judged_per_week():
    # 20 km a week in 5 km runs: four runs a week meet it, one run a week does not.
    def runs(weekdays):
        days = [n for n in range(1, 91) if ago(n).weekday() in weekdays]
        return habit(90, days, kind="measurable", amounts={n: 5.0 for n in days}, target=20.0,
                     schedule=Schedule(1, 7))

    assert of(run(runs({0, 2, 4, 6})), "low_consistency") == []
    assert of(run(runs({0})), "low_consistency")


def test_quit_habit_low_consistency_counts_clean_days():
    slips = habit(90, slips=[n for n in range(1, 31) if n % 3], kind="quit")
    found = only(run(slips), "low_consistency")
    assert "clean on 10 of 30" in found.body


# Suggestions


def test_lower_the_frequency_to_what_the_user_achieves():
    every_fourth_day = habit(90, [n for n in range(1, 91) if n % 4 == 0])  # any weekday
    found = only(run(every_fourth_day), "suggestion")
    assert found.topic == "lower_frequency" and found.key == "suggestion:1:2024-03"
    assert "7 times, about twice a week" in found.body and "(25% of due days)" in found.body
    assert found.body.endswith("set it to 2× a week?")
    assert dict(found.data) == {"num": 2, "den": 7}


def test_lower_the_target_of_a_measurable_habit():
    pages = habit(90, range(1, 91), kind="measurable", amounts=dict.fromkeys(range(1, 91), 5.0),
                  target=8.0)
    found = only(run(pages), "suggestion")
    assert found.topic == "lower_target" and found.data["target"] == 5.0
    assert "about 5 a day, against a target of 8" in found.body


def test_nothing_done_for_four_weeks_suggests_once_a_week():
    stalled = habit(90, range(40, 91))
    found = only(run(stalled), "suggestion")
    assert found.topic == "lower_frequency" and dict(found.data) == {"num": 1, "den": 7}
    assert "hasn't been checked off in the last 4 weeks" in found.body


def test_twice_in_four_weeks_suggests_a_monthly_goal():
    found = only(run(habit(90, [5, 20, *range(40, 91)])), "suggestion")
    assert dict(found.data) == {"num": 2, "den": 30}
    assert "did H1 twice, against a goal of every day" in found.body
    assert found.body.endswith("set it to 2× a month?")


def test_no_lower_goal_that_is_not_lower():
    monthly = habit(90, [1], schedule=Schedule(1, 30))  # once in 4 weeks, yesterday
    assert of(run(monthly), "low_consistency")  # the 27 days before it were not covered
    assert of(run(monthly), "suggestion") == []  # "once a month" is what it already is


def test_raise_the_limit_of_an_at_most_habit_to_what_is_reachable():
    coffee = habit(90, range(1, 91), kind="measurable", amounts=dict.fromkeys(range(1, 91), 3.0),
                   target=2.0, direction="at_most")
    found = only(run(coffee), "suggestion")
    assert found.topic == "lower_target" and found.data["target"] == 3
    assert "against a limit of 2" in found.body and "set it to 3 for now?" in found.body


def test_too_many_weak_days_is_a_lower_goal_not_a_move():
    # Mon/Wed/Fri, only Wednesdays happen: two of three days weak, so "once a week" instead.
    wednesdays = habit(90, [n for n in range(1, 91) if ago(n).weekday() == 2], schedule=MWF)
    found = only(run(wednesdays), "suggestion")
    assert found.topic == "lower_frequency" and dict(found.data) == {"num": 1, "den": 7}
    assert "against a goal of Mon, Wed, Fri" in found.body


def test_measurable_miss_is_a_missed_target():
    pages = habit(90, range(1, 91), kind="measurable", target=10.0,
                  amounts={n: 4.0 if n == 1 else 12.0 for n in range(1, 91)})
    found = only(run(pages, settings=one(1)), "missed")
    assert "H1 missed its target yesterday (Tuesday)" in found.body


def test_no_lower_goal_before_four_weeks():
    assert of(run(habit(27, [n for n in range(1, 28) if n % 7 == 0])), "suggestion") == []


def test_move_a_weekday_habit_to_the_days_it_happens():
    # Mon/Wed/Fri planned; Mondays never happen, Tuesdays do, unplanned.
    days = [n for n in range(1, 91) if ago(n).weekday() in (1, 2, 4)]
    found = only(run(habit(90, days, schedule=MWF)), "suggestion")
    assert found.topic == "move_days" and found.data["weekdays"] == [1, 2, 4]
    assert "Mondays 0 of 8 times" in found.body and "Tuesdays 8 of 8 weeks" in found.body
    assert found.body.endswith("Tue, Wed, Fri?")


def test_a_daily_habit_that_never_happens_at_weekends():
    weekdays = habit(90, [n for n in range(1, 91) if ago(n).weekday() < 5])
    found = only(run(weekdays), "suggestion")
    assert found.topic == "move_days" and found.data["weekdays"] == [0, 1, 2, 3, 4]
    assert "Saturdays 0 of 8 times and Sundays 0 of 8 times" in found.body
    assert found.body.endswith("weekdays?")


def test_stack_a_struggling_habit_on_a_reliable_one():
    reliable = daily()
    struggling = habit(90, [n for n in range(1, 91) if n % 9 in (0, 2, 4, 6)])  # 44%
    found = only(run(reliable, struggling), "suggestion")
    assert (found.habit_id, found.topic, found.data["anchor_id"]) == (2, "stack", 1)
    assert "H1 on 100%" in found.body and "right after H1" in found.body
    assert of(run(struggling), "suggestion") == []  # no reliable habit to pair with


def test_one_suggestion_per_habit_and_month():
    every_fourth_day = habit(90, [n for n in range(1, 91) if n % 4 == 0])
    found = run(daily(), every_fourth_day)
    keys = [f.key for f in of(found, "suggestion")]
    assert keys == ["suggestion:2:2024-03"]  # lowering wins over stacking


def test_at_risk_tomorrow():
    found = only(run(daily(), at_risk={1: 0.25}), "at_risk")
    assert found.key == f"at_risk:1:{TODAY + timedelta(days=1)}"
    assert "25%" in found.body and "Thursday" in found.body
    assert found.category == "suggestions" and found.data["probability"] == 0.25


@pytest.mark.parametrize("p", [0.4, 0.9, float("nan"), -0.1, "x"])
def test_no_at_risk_at_or_above_40_percent_or_nonsense(p):
    assert of(run(daily(), at_risk={1: p}), "at_risk") == []


def test_at_risk_for_a_quit_habit_is_about_a_clean_day():
    found = only(run(habit(90, kind="quit"), at_risk={1: 0.3}), "at_risk")
    assert "30% chance of a clean day tomorrow" in found.body and "urge" in found.body


def test_no_stacking_on_a_limit_or_a_quit_habit():
    coffee = habit(90, range(1, 91), kind="measurable", amounts=dict.fromkeys(range(1, 91), 1.0),
                   target=2.0, direction="at_most")
    struggling = habit(90, [n for n in range(1, 91) if n % 9 in (0, 2, 4, 6)])
    assert of(run(coffee, habit(90, kind="quit"), struggling), "suggestion") == []


def test_at_risk_only_for_a_day_that_is_due():
    gym = habit(90, [n for n in range(1, 91) if ago(n).weekday() in (0, 2, 4)], schedule=MWF)
    assert of(run(gym, at_risk={1: 0.1}), "at_risk") == []  # tomorrow is a Thursday
    assert of(run(daily(), at_risk={7: 0.1}), "at_risk") == []  # not one of the habits


# Milestones


@pytest.mark.parametrize("length", [7, 30, 100, 365])
def test_streak_milestones_exactly_on_the_day(length):
    found = only(run(habit(400, range(1, length + 1))), "milestone", "streak")
    assert found.key == f"milestone:1:streak{length}@{ago(length)}"
    assert found.severity == "success" and found.category == "milestones"
    assert of(run(habit(400, range(1, length))), "milestone", "streak") == []


def test_a_streak_milestone_is_celebrated_within_a_week():
    at_7 = only(run(habit(90, range(1, 8))), "milestone", "streak")
    at_13 = only(run(habit(90, range(1, 14))), "milestone", "streak")
    assert at_13.data["milestone"] == 7 and at_13.data["length"] == 13
    assert of(run(habit(90, range(1, 15))), "milestone", "streak") == []
    # The same streak, seen six days later, has the same key.
    later = TODAY + timedelta(days=6)
    same = only(run(habit(90, range(-5, 8)), today=later), "milestone", "streak")
    assert same.key == at_7.key


def test_a_new_streak_is_celebrated_again():
    first = only(run(habit(90, range(1, 8))), "milestone", "streak")
    later = TODAY + timedelta(days=20)
    again = only(run(habit(90, range(-19, 8), [], [-12]), today=later), "milestone", "streak")
    assert again.key != first.key and again.data["start"] == (later - timedelta(days=7)).isoformat()


def test_checking_today_completes_the_streak():
    found = only(run(habit(90, range(0, 7))), "milestone", "streak")
    assert found.data["length"] == 7 and found.data["start"] == ago(6).isoformat()


def test_quit_habit_streak_counts_clean_days():
    found = only(run(habit(90, slips=[7], kind="quit")), "milestone", "streak")
    assert "7 clean days in a row" in found.body  # today is clean so far: 7 through today


def test_strength_crossing_80_percent():
    steady = habit(90, range(1, 32))  # 31 checks: 0.798 after 30, 0.808 after 31
    found = only(run(steady), "milestone", "strength")
    assert found.key == "milestone:1:strength80@2024-03" and found.data["day"] == str(ago(1))
    assert "passed 80%" in found.body
    scores = dict(strength_series(steady, ago(2), ago(1)))
    assert scores[ago(2)] < 0.8 <= scores[ago(1)]


def test_strength_crossing_50_percent_and_staying_above():
    found = only(run(habit(90, range(1, 15))), "milestone", "strength")
    assert found.data["threshold"] == 0.5 and "passed 50%" in found.body
    assert found.key == "milestone:1:strength50@2024-03"
    assert of(run(habit(90, range(1, 40))), "milestone", "strength") == []  # crossed long ago
    assert of(run(habit(90, range(1, 12))), "milestone", "strength") == []  # not there yet


def test_strength_key_keeps_the_month_of_the_crossing():
    # Crossed 80% on 29 Feb; seen on 3 March it is still February's celebration.
    crossed_on = date(2024, 2, 29)
    today = date(2024, 3, 3)
    steady = habit(90, [(today - crossed_on).days + n for n in range(31)], today=today)
    steady = HabitHistory(steady.created, steady.entries | {
        today - timedelta(days=n): Entry("done") for n in range(1, 4)})
    found = only(run(steady, today=today), "milestone", "strength")
    assert found.key == "milestone:1:strength80@2024-02"


# Welcome invitations


def test_invite_a_first_habit():
    found = only(evaluate({}, {}, TODAY), "welcome")
    assert found.key == "welcome:-:first-habit@2024-03" and found.habit_id is None
    assert found.category == "suggestions"
    assert of(evaluate({}, {}, TODAY, habit_count=2), "welcome") == []


def test_invite_a_second_habit_after_a_stable_week():
    found = only(run(habit(30, range(1, 8))), "welcome")
    assert found.key == "welcome:-:second-habit@2024-03" and "7 days in a row" in found.body
    assert of(run(habit(30, range(1, 7))), "welcome") == []  # 6 days
    assert of(run(habit(30, range(1, 8)), daily()), "welcome") == []  # already two
    assert of(run(habit(30, range(1, 8)), habit_count=3), "welcome") == []


# Keys, idempotence, settings


def test_same_day_runs_give_the_same_findings():
    histories = [daily(missed=[1, 2]), pattern(90, [(1, 30, 12), (31, 60, 28)]),
                 habit(90, range(1, 8)), habit(90, slips=[1, 2], kind="quit")]
    first = run(*histories, at_risk={1: 0.2})
    assert first == run(*histories, at_risk={1: 0.2})
    assert len({f.key for f in first}) == len(first) == len(set(first))  # hashable, too


def test_a_new_period_gives_a_new_key():
    def keys(today: date) -> dict[str, str]:
        low = pattern(120, [(1, 80, 20)])
        found = run(low, today=today)
        return {f.kind: f.key for f in found}

    this_week, next_week = keys(TODAY), keys(TODAY + timedelta(days=7))
    assert this_week["low_consistency"] != next_week["low_consistency"]
    next_month = keys(date(2024, 4, 2))
    assert this_week["suggestion"] != next_month["suggestion"]


def test_categories_can_be_switched_off():
    histories = [daily(missed=[1, 2]), habit(90, range(1, 8))]
    only_milestones = run(*histories, settings=RuleSettings(enabled=frozenset({"milestones"})))
    assert only_milestones and {f.category for f in only_milestones} == {"milestones"}
    assert run(*histories, settings=RuleSettings(enabled=frozenset())) == []


@pytest.mark.parametrize("bad", [{"missed_days": 0}, {"low_rate_threshold": 0},
                                 {"drop_points": 0}, {"enabled": frozenset({"spam"})}])
def test_settings_are_checked(bad):
    with pytest.raises(ValueError):
        RuleSettings(**bad)


# Timezones: the caller passes the user's local date


def test_users_at_utc_plus_14_and_minus_11_see_different_yesterdays():
    instant = datetime(2024, 3, 13, 11, 0, tzinfo=UTC)
    kiritimati = instant.astimezone(ZoneInfo("Pacific/Kiritimati")).date()
    pago_pago = instant.astimezone(ZoneInfo("Pacific/Pago_Pago")).date()
    assert (kiritimati, pago_pago) == (date(2024, 3, 14), date(2024, 3, 13))
    # Done every day up to 12 March; 13 March not done.
    history = habit(60, range(1, 61), today=date(2024, 3, 13))
    ahead = only(run(history, today=kiritimati, settings=one(1)), "missed")
    assert ahead.key == "missed:1:2024-03-13"  # their yesterday is over and missed
    assert of(run(history, today=pago_pago, settings=one(1)), "missed") == []  # still today
    risk = only(run(history, today=kiritimati, at_risk={1: 0.1}), "at_risk")
    assert risk.key == "at_risk:1:2024-03-15"


def test_today_plus_one_moves_every_finding_by_a_day():
    history = daily(missed=[1, 2, 3])
    day = only(run(history, settings=one(3)), "missed")
    assert day.key == f"missed:1:{ago(1)}"
    # A day later (the habit missed again), the same run: the key stays on the day it reached 3.
    later = only(run(history, today=TODAY + timedelta(days=1), settings=one(3)), "missed")
    assert later.key == day.key and later.data["run"] == 4


# Invariants on many random histories


def random_history(rng: random.Random) -> HabitHistory:
    schedule, kind, target = rng.choice([
        (Schedule(), "yes_no", None), (Schedule(3, 7), "yes_no", None),
        (Schedule(1, 7), "yes_no", None), (Schedule(2, 30), "yes_no", None), (MWF, "yes_no", None),
        (Schedule(), "measurable", 8.0), (Schedule(1, 7), "measurable", 30.0),
        (Schedule(), "quit", None),
    ])
    created = rng.choice([1, 5, 20, 45, 120, 400])
    chance = rng.random()
    entries = {}
    for n in range(created + 1):
        roll = rng.random()
        if kind == "quit":
            if roll < (1 - chance) / 3:
                entries[ago(n)] = Entry("not_done")
        elif roll < 0.04:
            entries[ago(n)] = Entry("skipped")
        elif roll < chance:
            entries[ago(n)] = Entry("done", rng.uniform(0, 2) * target if target else None)
    direction = rng.choice(["at_least", "at_most"]) if kind == "measurable" else "at_least"
    return HabitHistory(ago(created), entries, schedule, kind, target, direction)


def test_findings_fit_the_notification_table():
    rng = random.Random(7)
    long_name = "N" * 80
    for _ in range(60):
        histories = {i: random_history(rng) for i in range(1, 6)}
        risks = {i: rng.random() for i in histories}
        found = evaluate(histories, dict.fromkeys(histories, long_name), TODAY, at_risk=risks)
        assert len({f.key for f in found}) == len(found)
        for f in found:
            assert f.kind in KINDS and f.severity in SEVERITIES and f.category in CATEGORIES
            assert f.category == CATEGORY_OF[f.kind]
            assert f.key.startswith(f"{f.kind}:{'-' if f.habit_id is None else f.habit_id}:")
            assert len(f.title) <= 160 and len(f.body) <= 600 and len(f.key) <= 200
            json.dumps(dict(f.data))


def test_recent_streak_matches_current_streak():
    rng = random.Random(3)
    for _ in range(150):
        history = random_history(rng)
        view = HabitView(1, "x", history, TODAY)
        length, _ = view.recent_streak(100_000)
        assert length == current_streak(history, TODAY)


def test_recent_checkins_give_loops_automatic_checkmarks():
    # The view builds Loop's intervals from recent check-ins only: same statuses as all of them.
    rng = random.Random(5)
    for _ in range(100):
        history = random_history(rng)
        view = HabitView(1, "x", history, TODAY)
        expected = day_statuses(history, view.start, TODAY, today=TODAY)
        assert view.statuses == list(expected.values())


def test_strength_shortcut_never_changes_a_finding():
    # Daily habits skip Loop's full chain when bounds settle it; the answer must be the same.
    from habitory.rules.milestones import strength_milestones

    rng = random.Random(11)
    crossings = 0
    for _ in range(400):
        kind = rng.choice(["yes_no", "quit"])
        created, switch = rng.randint(20, 300), rng.randint(0, 40)
        before, after = rng.random(), rng.random()
        entries = {}
        for n in range(created + 1):
            chance = after if n < switch else before
            roll = rng.random()
            if roll < 0.05:
                entries[ago(n)] = Entry("skipped")
            elif (roll < chance) != (kind == "quit"):
                entries[ago(n)] = Entry("done" if kind == "yes_no" else "not_done")
        history = HabitHistory(ago(created), entries, DAILY, kind)
        view = HabitView(1, "x", history, TODAY)
        exact = strength_milestones(view, prune=False)
        assert strength_milestones(view) == exact
        crossings += len(exact)
    assert crossings >= 10  # the sample does reach the interesting cases
