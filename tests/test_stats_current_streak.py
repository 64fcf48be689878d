"""The current streak, walked back day by day inline for speed (a Loop veteran's streak runs
for years on every row of Today), is exactly the streak that each day's status_on gives: for
every kind, schedule, state, amount, creation date and day of the week."""

from __future__ import annotations

import random
from datetime import date, timedelta

from habitory.stats.daily import EntryArrays, entry_arrays
from habitory.stats.schedule import SKIPPED, UNKNOWN, UNSCHEDULED, Entry, HabitHistory, Schedule
from habitory.stats.statuses import auto_days, status_list, status_on
from habitory.stats.streaks import current_streak

TODAY = date(2026, 12, 6)
EXTENDS = {"done", "auto", SKIPPED}


def _by_status_on(history: HabitHistory, today: date) -> int:
    """The definition: walk back from today (yesterday while today is open) while each day's
    status extends the streak or is unscheduled."""
    auto = auto_days(history)
    day = today - timedelta(days=status_on(history, today, auto, today) == UNKNOWN)
    end, start = day, None
    while (status := status_on(history, day, auto, today)) in EXTENDS or status == UNSCHEDULED:
        start = day if status != UNSCHEDULED else start
        day -= timedelta(days=1)
    return (end - start).days + 1 if start else 0


def _random_history(rng: random.Random) -> HabitHistory:
    kind = rng.choice(["yes_no", "yes_no", "measurable", "quit"])
    schedule = rng.choice([Schedule(), Schedule(3, 7), Schedule(1, 30), Schedule(2, 14),
                           Schedule(weekdays=frozenset(rng.sample(range(7), rng.randint(1, 6))))])
    created = TODAY - timedelta(days=rng.randint(0, 120))
    gap = rng.choice([0.0, 0.02, 0.2, 0.5])  # how often a day has no check-in
    entries = {}
    for back in range(-2, rng.randint(0, 150)):  # entries after today and before creation too
        if rng.random() < gap:
            continue
        state = rng.choices(["done", "skipped", "not_done"], [0.8, 0.05, 0.15])[0]
        amount = rng.choice([round(rng.uniform(0, 12), 1), round(rng.uniform(0, 12), 1),
                             7.9995, 7.99949, 8.0, 8.00049]) \
            if kind == "measurable" and state != "skipped" and rng.random() < 0.9 else None
        entries[TODAY - timedelta(days=back)] = Entry(state, amount)
    if rng.random() < 0.5:  # as the database loader builds them (domain/history.histories)
        entries = EntryArrays(*entry_arrays(entries, amounts=True))
    return HabitHistory(created, entries, schedule, kind,
                        target=8.0 if kind == "measurable" else None,
                        direction=rng.choice(["at_least", "at_most"]))


def test_the_inline_walk_is_the_streak_status_on_defines():
    rng = random.Random(20261206)
    lengths = []
    for _ in range(3000):
        history = _random_history(rng)
        today = TODAY - timedelta(days=rng.choice([0, 0, 1, 3]))
        expected = _by_status_on(history, today)
        assert current_streak(history, today) == expected, history
        lengths.append(expected)
    # The cases cover short, long and no streaks at all.
    assert min(lengths) == 0 and max(lengths) > 100 and len(set(lengths)) > 50


def test_a_five_year_streak_is_counted_whole():
    start = TODAY - timedelta(days=5 * 365)
    days = [start + timedelta(days=i) for i in range((TODAY - start).days)]  # today open
    daily = HabitHistory(start, {d: Entry("done") for d in days})
    assert current_streak(daily, TODAY) == len(days)
    clean = HabitHistory(start, {}, kind="quit")
    assert current_streak(clean, TODAY) == len(days) + 1  # a clean today counts
    mondays = HabitHistory(start, {d: Entry("done") for d in days if d.weekday() == 0},
                           Schedule(weekdays=frozenset({0})))
    first_monday = next(d for d in days if d.weekday() == 0)
    # A streak is a span of calendar days: today, a Sunday, is unscheduled and closes it.
    assert current_streak(mondays, TODAY) == (TODAY - first_monday).days + 1


def test_each_days_status_in_a_list_is_the_days_own():
    """status_list (calendar, Today's week, every rate) judges common days inline: the same
    status as status_on, day by day, from before creation to after today."""
    rng = random.Random(6122026)
    seen = set()
    for _ in range(1500):
        history = _random_history(rng)
        today = TODAY - timedelta(days=rng.choice([0, 0, 1, 3]))
        days = [TODAY - timedelta(days=back) for back in range(-3, 160)]
        auto = auto_days(history)
        expected = [status_on(history, day, auto, today) for day in days]
        assert status_list(history, days, today) == expected, history
        seen.update(expected)
    assert seen == {"done", "auto", "skipped", "missed", "unscheduled", "unknown"}


def test_a_window_of_days_is_judged_as_in_the_whole_history():
    """Today's week and a calendar's year read only the checks near their first day for Loop's
    automatic checkmarks: every day in any window keeps the status it has in the whole."""
    rng = random.Random(712)
    for _ in range(1500):
        history = _random_history(rng)
        today = TODAY - timedelta(days=rng.choice([0, 0, 1, 3]))
        auto = auto_days(history)
        start = TODAY - timedelta(days=rng.randint(0, 150))
        days = [start + timedelta(days=i) for i in range(rng.choice([1, 7, 40]))]
        expected = [status_on(history, day, auto, today) for day in days]
        assert status_list(history, days, today) == expected, (history, start)
