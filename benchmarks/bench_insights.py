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

from habitory.ai.schedule import day_range  # noqa: E402
from habitory.ai.stats import insights  # noqa: E402

TARGET_MS = 50.0
PERIODS = (None, 365, 90, 30)


def time_ms(func, runs: int) -> list[float]:
    """Wall times of func() over runs, in milliseconds."""
    times = []
    for _ in range(runs):
        day_range.cache_clear()  # pay for the cached day lists once per run, as a page would
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return times


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
    checkins = sum(len(h.entries) for h in histories.values())
    print(f"insights(): {HABITS} habits x {YEARS} years ({days} days each, {checkins} "
          f"check-ins), {args.runs} runs per period, target p50 <= {TARGET_MS:.0f} ms")
    for period in PERIODS:
        insights(histories, names, TODAY, period)  # warm up imports before timing
        times = time_ms(lambda p=period: insights(histories, names, TODAY, p), args.runs)
        label = "all time" if period is None else f"{period} days"
        print(f"  period {label:>8}: median {statistics.median(times):5.1f} ms, "
              f"best {min(times):5.1f} ms, p90 {statistics.quantiles(times, n=10)[-1]:5.1f} ms")
    result = insights(histories, names, TODAY, None)
    print(f"  (all time: {len(result.recommendations)} recommendations, "
          f"{len(result.patterns)} patterns, overall score {result.overall.score})")


if __name__ == "__main__":
    main()
