"""Time insights() for 20 habits x 5 years of random history (target: p50 <= 50 ms).

Run from the repository root: python benchmarks/bench_insights.py [--runs N] [--seed S]
The histories are bench_strength.py's (same profiles, same seed), so the two compare.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script

from bench_strength import HABITS, PROFILES, TODAY, YEARS, random_history  # noqa: E402

from habitory.stats.patterns import insights
from habitory.stats.rates import habit_days
from habitory.stats.statuses import day_range
from habitory.stats.strength import strength

TARGET_MS = 50.0
PERIODS = (None, 365, 90, 30)


def time_ms(func, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU times of func() over runs, in milliseconds."""
    # CPU time is steadier on a shared machine: it leaves out the waits for a free core.
    wall, cpu = [], []
    for _ in range(runs):
        day_range.cache_clear()  # pay for the cached day lists once per run, as a page would
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def summary(times: tuple[list[float], list[float]]) -> str:
    """Median, best and p90 wall time, and the median CPU time."""
    wall, cpu = times
    return (f"median {statistics.median(wall):5.1f} ms, best {min(wall):5.1f} ms, "
            f"p90 {statistics.quantiles(wall, n=10)[-1]:5.1f} ms, "
            f"CPU median {statistics.median(cpu):5.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    days = 365 * YEARS + 1
    histories = {i + 1: random_history(rng, PROFILES[i % len(PROFILES)], days)
                 for i in range(HABITS)}
    names = {i: f"Habit {i}" for i in histories}
    habits = list(histories.values())
    checkins = sum(len(h.entries) for h in histories.values())
    print(f"insights(): {HABITS} habits x {YEARS} years ({days} days each, {checkins} "
          f"check-ins), {args.runs} runs per period, target p50 <= {TARGET_MS:.0f} ms")
    for period in PERIODS:
        insights(histories, names, TODAY, period)  # warm up imports before timing
        times = time_ms(lambda p=period: insights(histories, names, TODAY, p), args.runs)
        label = "all time" if period is None else f"{period} days"
        print(f"  period {label:>8}: {summary(times)}")
    # Where the time goes: Loop's strength (strength.py) and the vectorised days (rates.py).
    for label, func in (("strength() x 20", lambda: [strength(h, TODAY) for h in habits]),
                        ("habit_days() x 20", lambda: [habit_days(h, TODAY) for h in habits])):
        print(f"  of which {label}: {summary(time_ms(func, args.runs))}")
    result = insights(histories, names, TODAY, None)
    print(f"  (all time: {len(result.recommendations)} recommendations, "
          f"{len(result.patterns)} patterns, overall score {result.overall.score})")


if __name__ == "__main__":
    main()
