"""The coach's cards on a long account of every kind of habit, as an outside tester saw them:

- no "may be hard tomorrow" for a flexible habit (3x a week, every 3 days, once a month) going
  well: its chance is of a tick on one day it does not ask for; a card only on a day its goal
  cannot do without, and one daily habit at real risk still gets its card;
- habit stacking anchors on a habit really ticked on most days (not a once-a-month habit at
  "100% of due days"), a different anchor for each, at most MAX_STACKS cards a run, and the
  numbers count check-ins;
- no celebration beside a warning for the same habit.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from habitory.rules.findings import Finding, evaluate
from habitory.rules.risk import needed_tomorrow
from habitory.rules.suggestions import MAX_STACKS
from habitory.stats.schedule import Entry, HabitHistory, Schedule

TODAY = date(2024, 3, 13)  # a Wednesday: tomorrow is a Thursday
DAILY, WEEKDAYS = Schedule(), Schedule(weekdays=frozenset(range(5)))


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def habit(done, schedule=DAILY, created: int = 3 * 365, kind: str = "yes_no") -> HabitHistory:
    """Check-ins on the days-ago in `done`, over a history of `created` days."""
    return HabitHistory(ago(created), {ago(n): Entry("done") for n in done}, schedule, kind)


def rhythm(every: int, last: int, created: int = 3 * 365) -> list[int]:
    """Days-ago of a tick every `every` days, the last one `last` days ago."""
    return list(range(last, created, every))


def mon_wed_fri(skip_today: bool = True) -> list[int]:
    first = 1 if skip_today else 0
    return [n for n in range(first, 3 * 365) if ago(n).weekday() in (0, 2, 4)]


def some_days(rate: float, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [n for n in range(1, 3 * 365) if rng.random() < rate]


def run(habits: dict[str, HabitHistory], **kwargs) -> list[Finding]:
    ids = {i: h for i, h in enumerate(habits.values(), start=1)}
    return evaluate(ids, dict(zip(ids, habits, strict=True)), TODAY, **kwargs)


def cards(found: list[Finding], kind: str, topic: str | None = None) -> list[Finding]:
    return [f for f in found if f.kind == kind and (topic is None or f.topic == topic)]


# 1. At risk


def test_no_heads_up_for_flexible_habits_going_well_but_one_for_a_daily_habit_at_risk():
    habits = {
        "Walk": habit(some_days(0.55, 1)),  # daily, at real risk
        "Gym 3x": habit(mon_wed_fri(), Schedule(3, 7)),
        "Plants every3": habit(rhythm(3, 3), Schedule(1, 3)),
        "Call mum monthly": habit(rhythm(28, 20), Schedule(1, 30)),
        "Swim 2x": habit(rhythm(3, 1), Schedule(2, 7)),
    }
    chances = {i: 0.32 for i in range(1, 6)}
    risks = cards(run(habits, at_risk=chances), "at_risk")
    assert [f.title for f in risks] == ["Walk may be hard tomorrow"]
    done = sum(ago(n) in habits["Walk"].entries for n in range(1, 31))
    assert risks[0].body.startswith(
        "The forecast gives Walk a 32% chance of getting it done tomorrow, Thursday (last 30 "
        f"days: {done} of 30 due days).")


def test_a_flexible_habit_gets_its_card_on_the_last_day_its_goal_can_be_met():
    # Ticked every 3 days, the last one 4 days ago: its ticks cover until 2 days ago, and
    # the 3 days from yesterday end tomorrow.
    late = {"Plants every3": habit(rhythm(3, 4), Schedule(1, 3))}
    (card,) = cards(run(late, at_risk={1: 0.3}), "at_risk")
    assert card.title == "Plants every3 may be hard tomorrow"
    assert card.body.startswith(
        "Plants every3 needs a check-in tomorrow, Thursday, to keep its goal (every 3 days): "
        "the forecast gives it a 30% chance (checked off 9 times in the last 30 days).")
    # A day earlier in the rhythm, tomorrow is not the last day: no card.
    assert cards(run({"Plants": habit(rhythm(3, 3), Schedule(1, 3))}, at_risk={1: 0.3}),
                 "at_risk") == []


def test_needed_tomorrow_for_a_3x_week_habit_counts_the_ticks_still_missing():
    three = Schedule(3, 7)
    assert not needed_tomorrow(habit(mon_wed_fri(), three), TODAY)
    # Every other day until 5 days ago: covered until 3 days ago; 3 ticks in the 4 days left.
    assert not needed_tomorrow(habit(rhythm(2, 5), three), TODAY)
    # ... until 6 days ago: 3 ticks to go and 3 days left, tomorrow among them.
    assert needed_tomorrow(habit(rhythm(2, 6), three), TODAY)
    # Today's outcome decides it: not done today, tomorrow is the last day; done, it is not.
    every3 = habit(rhythm(3, 4), Schedule(1, 3))
    assert needed_tomorrow(every3, TODAY, "not_done")
    assert not needed_tomorrow(every3, TODAY, "done")
    assert needed_tomorrow(habit(some_days(0.5, 2)), TODAY)  # a daily habit: every day
    assert not needed_tomorrow(habit(mon_wed_fri(), Schedule(weekdays=frozenset({0, 2, 4}))),
                               TODAY)  # not scheduled on Thursdays


# 2. Habit stacking


def _account() -> dict[str, HabitHistory]:
    struggling = {f"Struggle {i}": habit([n for n in range(1, 3 * 365) if (n + i) % 9 in
                                          (0, 2, 4, 6)]) for i in range(8)}  # 44% each
    return {
        "Call mum monthly": habit([3, 17, 40, 75], Schedule(1, 30)),  # "100%", ticked twice
        "Teeth": habit(range(1, 3 * 365)),  # daily, every day
        "Stretch": habit(some_days(0.97, 3)),
        "Standup": habit([n for n in range(1, 3 * 365) if ago(n).weekday() < 5], WEEKDAYS),
        **struggling,
    }


def test_stacking_anchors_on_habits_ticked_on_most_days_one_each_and_few_per_run():
    found = cards(run(_account()), "suggestion", "stack")
    assert len(found) == MAX_STACKS == 2
    anchors = [f.data["anchor_id"] for f in found]
    assert len(set(anchors)) == len(anchors)  # one anchor is not everyone's
    assert 1 not in anchors  # never the once-a-month habit
    first = found[0]
    assert first.title == f"Habit stacking for {_name(first.habit_id)}"
    assert first.body == (
        "In the last 30 days you did Teeth on 100% of due days, and "
        f"{_name(first.habit_id)} on 43%. Try habit stacking: do {_name(first.habit_id)} right "
        "after Teeth, so one cue carries both.")


def _name(habit_id: int) -> str:
    return list(_account())[habit_id - 1]


def test_a_flexible_habit_s_stacking_card_counts_its_check_ins():
    done = [1, 8, 11, 19, 20, 24, 26, 33, 37, 46, 66, 67, 77, 82, 90, 91, 93, 97, 98, 114, 116]
    found = run({"Teeth": habit(range(1, 120), created=120),
                 "Yoga 3x": habit(done, Schedule(3, 7), created=120)})
    (card,) = cards(found, "suggestion", "stack")
    assert card.body.startswith("In the last 30 days you did Teeth on 100% of due days, and "
                                "Yoga 3x 7 times (goal: 3× a week).")


def test_no_stacking_when_the_only_reliable_habit_is_a_monthly_one():
    habits = {"Call mum monthly": habit([3, 17, 40, 75], Schedule(1, 30)),
              "Struggle": habit([n for n in range(1, 3 * 365) if n % 9 in (0, 2, 4, 6)])}
    assert cards(run(habits), "suggestion", "stack") == []


# 3. One voice per habit


def test_no_strength_celebration_beside_a_run_of_misses():
    # Every third day for months, then daily for a week, then the last two days missed.
    done = [n for n in range(3, 11)] + [n for n in range(11, 120) if n % 3 == 0]
    found = run({"Read": habit(done, created=120)})
    assert [f.title for f in found if f.kind == "missed"] == ["Read: missed 2 times in a row"]
    assert cards(found, "milestone") == []


def test_a_restart_s_week_in_a_row_is_told_and_the_stale_low_rate_waits():
    found = run({"Run": habit(range(1, 8), created=400), "Teeth": habit(range(1, 400))})
    assert [f.title for f in found if f.habit_id == 1 and f.kind != "suggestion"] == [
        "A week in a row: Run"]  # not also "Run is at 23% lately"
