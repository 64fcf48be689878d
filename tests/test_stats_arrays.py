"""Check-ins as arrays (daily.EntryArrays) give the statistics a dict gives, to the last bit."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta

import numpy as np
import pytest

from habitory.stats.daily import EntryArrays, build_days, entry_arrays
from habitory.stats.patterns import insights
from habitory.stats.rates import auto_flags, habit_days
from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.statuses import auto_days, day_range
from habitory.stats.strength import strength, strength_series

TODAY = date(2024, 3, 13)
PROFILES = [
    (Schedule(), "yes_no", "at_least", None),
    (Schedule(3, 7), "yes_no", "at_least", None),
    (Schedule(2, 30), "yes_no", "at_least", None),
    (Schedule(weekdays=frozenset({0, 2, 4})), "yes_no", "at_least", None),
    (Schedule(), "measurable", "at_least", 8.0),
    (Schedule(3, 7), "measurable", "at_least", 10.0),
    (Schedule(weekdays=frozenset({5, 6})), "measurable", "at_most", 2.0),
    (Schedule(), "quit", "at_least", None),
]
CODES = {"not_done": 0, "done": 1, "skipped": 2}


def random_history(rng: random.Random) -> HabitHistory:
    schedule, kind, direction, target = rng.choice(PROFILES)
    created = TODAY - timedelta(days=rng.randint(0, 400))
    entries = {}
    for day in day_range(created - timedelta(days=rng.choice([0, 5])), TODAY + timedelta(days=2)):
        roll = rng.random()
        amount = rng.choice([None, 0.1 + 0.2, 1 / 3, round(rng.uniform(0, 12), 3)])
        if roll < 0.1:
            entries[day] = Entry("skipped", amount if target else None)
        elif roll < 0.6:
            entries[day] = Entry("done", amount if target else None)
        elif roll < 0.75:
            entries[day] = Entry("not_done", amount if target else None)
    return HabitHistory(created, entries, schedule, kind, target, direction)


def as_arrays(history: HabitHistory, shuffle: random.Random | None = None) -> HabitHistory:
    """The same history with its entries as EntryArrays (in any order), as the page loads it."""
    items = list(history.entries.items())
    if shuffle:
        shuffle.shuffle(items)
    arrays = EntryArrays(
        np.array([d.toordinal() for d, _ in items], np.int64),
        np.array([CODES[e.state] for _, e in items], np.int8),
        np.array([np.nan if e.amount is None else e.amount for _, e in items]))
    return dataclasses.replace(history, entries=arrays)


def test_entry_arrays_read_as_their_dict():
    history = random_history(random.Random(1))
    arrays = as_arrays(history).entries
    assert len(arrays) == len(history.entries) and dict(arrays) == history.entries
    assert list(arrays.items()) == list(history.entries.items())
    day = next(iter(history.entries))
    assert day in arrays and arrays[day] == arrays.get(day) == history.entries[day]
    assert arrays.get(TODAY + timedelta(days=30)) is None
    ords, codes, amounts = entry_arrays(history.entries, amounts=True)
    assert ords.tolist() == arrays.ordinals.tolist() and codes.tolist() == arrays.codes.tolist()
    assert np.array_equal(amounts, arrays.amounts, equal_nan=True)
    empty = EntryArrays(np.zeros(0, np.int64), np.zeros(0, np.int8))
    assert len(empty) == 0 and dict(empty) == {} and entry_arrays(empty, True)[2].size == 0


@pytest.mark.parametrize("seed", range(6))
def test_arrays_give_the_same_statistics_as_dicts(seed):
    rng = random.Random(seed)
    histories = {i: random_history(rng) for i in range(12)}
    arrays = {i: as_arrays(h, rng) for i, h in histories.items()}
    for i, history in histories.items():
        a, b = habit_days(history, TODAY), habit_days(arrays[i], TODAY)
        for name in ("codes", "due", "success", "completed"):
            assert np.array_equal(getattr(a, name), getattr(b, name)), name
        assert auto_days(history) == auto_days(arrays[i])
        assert strength(history, TODAY) == strength(arrays[i], TODAY)  # exactly
        start = TODAY - timedelta(days=500)
        assert strength_series(history, start, TODAY) == strength_series(arrays[i], start, TODAY)
    names = {i: f"H{i}" for i in histories}
    for period in (30, None):
        x, y = insights(histories, names, TODAY, period), insights(arrays, names, TODAY, period)
        assert [(h.rate_all, h.rate_period, h.strength, h.health, h.best_streak)
                for h in x.habits] == [(h.rate_all, h.rate_period, h.strength, h.health,
                                        h.best_streak) for h in y.habits]
        assert x.recommendations == y.recommendations and x.patterns == y.patterns
    a, b = build_days(histories, TODAY), build_days(arrays, TODAY)
    assert np.array_equal(a.succ, b.succ) and np.array_equal(a.value, b.value)


@pytest.mark.parametrize("seed", range(4))
def test_strength_of_one_day_is_the_series_value_to_the_bit(seed):
    rng = random.Random(seed)
    for _ in range(40):
        history = random_history(rng)
        start = history.created - timedelta(days=10)
        series = strength_series(history, start, TODAY)
        for day, score in series[:: rng.randint(1, 40)] + series[-1:]:
            assert strength(history, day) == score


@pytest.mark.parametrize("seed", range(6))
def test_vectorised_automatic_checkmarks_are_auto_days(seed):
    rng = random.Random(seed)
    schedules = [Schedule(3, 7), Schedule(1, 7), Schedule(2, 5), Schedule(1, 30), Schedule(2, 30),
                 Schedule(1, 31), Schedule(4, 31), Schedule(6, 7), Schedule(1, 2)]
    for _ in range(30):
        created = TODAY - timedelta(days=rng.randint(0, 900))
        p = rng.uniform(0.05, 0.9)
        entries = {day: Entry("done" if rng.random() < 0.85 else rng.choice(["skipped",
                                                                             "not_done"]))
                   for day in day_range(created - timedelta(days=rng.choice([0, 20])),
                                        TODAY + timedelta(days=rng.choice([0, 3, 40])))
                   if rng.random() < p}
        history = HabitHistory(created, entries, rng.choice(schedules))
        ords, codes, _ = entry_arrays(entries)
        for first, n in ((created.toordinal(), TODAY.toordinal() - created.toordinal() + 1),
                         (created.toordinal() - 30, 60), (TODAY.toordinal() - 5, 3)):
            got = np.flatnonzero(auto_flags(history, ords, codes, first, n)) + first
            expected = sorted(d for d in auto_days(history) if first <= d < first + n)
            assert got.tolist() == expected
