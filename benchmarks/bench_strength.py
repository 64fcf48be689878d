"""Time strength_series for 20 habits x 5 years of random history (target: < 50 ms in total).

Run from the repository root: python benchmarks/bench_strength.py [--runs N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script

from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.statuses import day_range, day_statuses
from habitory.stats.streaks import current_streak
from habitory.stats.strength import strength_series

HABITS = 20
YEARS = 5
TODAY = date(2025, 12, 31)
TARGET_MS = 50.0

# (schedule, kind, direction, target, chance of a check-in on a given day)
PROFILES = [
    (Schedule(), "yes_no", "at_least", None, 0.8),
    (Schedule(3, 7), "yes_no", "at_least", None, 0.45),
    (Schedule(1, 7), "yes_no", "at_least", None, 0.2),
    (Schedule(1, 30), "yes_no", "at_least", None, 0.05),
    (Schedule(2, 5), "yes_no", "at_least", None, 0.4),
    (Schedule(weekdays=frozenset({0, 2, 4})), "yes_no", "at_least", None, 0.4),
    (Schedule(weekdays=frozenset(range(5))), "yes_no", "at_least", None, 0.6),
    (Schedule(), "measurable", "at_least", 8.0, 0.9),
    (Schedule(1, 7), "measurable", "at_least", 20.0, 0.5),
    (Schedule(), "measurable", "at_most", 2.0, 0.9),
    (Schedule(), "quit", "at_least", None, 0.03),
]


def random_history(rng: random.Random, profile: tuple, days: int) -> HabitHistory:
    """Years of check-ins: mostly done, some skips and explicit misses, amounts around target."""
    schedule, kind, direction, target, chance = profile
    created = TODAY - timedelta(days=days - 1)
    entries = {}
    for i in range(days):
        day = created + timedelta(days=i)
        roll = rng.random()
        if kind == "quit":
            if roll < chance:
                entries[day] = Entry("not_done")  # a slip
        elif roll < 0.03:
            entries[day] = Entry("skipped")
        elif roll < chance:
            amount = round(rng.uniform(0.3, 1.4) * target, 1) if target else None
            entries[day] = Entry("done", amount)
        elif roll < chance + 0.05 and kind == "yes_no":
            entries[day] = Entry("not_done")
    return HabitHistory(created, entries, schedule, kind, target, direction)


def time_ms(func, runs: int) -> tuple[float, float]:
    """Median and best wall time of func() over runs, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    days = 365 * YEARS + 1
    histories = [random_history(rng, PROFILES[i % len(PROFILES)], days) for i in range(HABITS)]
    start = TODAY - timedelta(days=days - 1)
    checkins = sum(len(h.entries) for h in histories)

    def all_strength():
        day_range.cache_clear()  # count building the list of days once per run, as a page would
        for history in histories:
            strength_series(history, start, TODAY)

    def all_statuses():
        for history in histories:
            day_statuses(history, start, TODAY, today=TODAY)

    def all_current_streaks():
        for history in histories:
            current_streak(history, TODAY)

    all_strength()  # warm up imports and caches before timing
    median, best = time_ms(all_strength, args.runs)
    print(f"strength_series: {HABITS} habits x {YEARS} years ({days} days each, "
          f"{checkins} check-ins), median of {args.runs} runs: {median:.1f} ms "
          f"(best {best:.1f} ms, target < {TARGET_MS:.0f} ms)")
    for name, func in (("day_statuses", all_statuses), ("current_streak", all_current_streaks)):
        median, best = time_ms(func, max(3, args.runs // 3))
        print(f"{name}: same data, median {median:.1f} ms (best {best:.1f} ms)")


if __name__ == "__main__":
    main()
