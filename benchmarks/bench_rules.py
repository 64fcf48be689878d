"""Time rules.evaluate() for 1,000 synthetic users x 10 habits x 365 days (target: < 10 s total).

Pure Python, no database: histories are built first, then only evaluate() is timed, one call
per user, with a forecast for every habit (so the at-risk rule runs too).
Run from the repository root: python benchmarks/bench_rules.py [--users N] [--seed S]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script

from habitory.rules.findings import evaluate  # noqa: E402
from habitory.stats.schedule import Entry, HabitHistory, Schedule  # noqa: E402

HABITS = 10
DAYS = 365
TODAY = date(2025, 12, 31)
TARGET_MS_PER_USER = 10.0

# (schedule, kind, direction, target): a mix like real accounts, mostly daily yes/no habits.
PROFILES = [
    (Schedule(), "yes_no", "at_least", None),
    (Schedule(), "yes_no", "at_least", None),
    (Schedule(), "yes_no", "at_least", None),
    (Schedule(3, 7), "yes_no", "at_least", None),
    (Schedule(1, 7), "yes_no", "at_least", None),
    (Schedule(weekdays=frozenset({0, 2, 4})), "yes_no", "at_least", None),
    (Schedule(weekdays=frozenset(range(5))), "yes_no", "at_least", None),
    (Schedule(), "measurable", "at_least", 8.0),
    (Schedule(), "measurable", "at_most", 2.0),
    (Schedule(), "quit", "at_least", None),
]


def random_history(rng: random.Random, profile: tuple) -> HabitHistory:
    """A year of check-ins with the user's own adherence, which fades or improves over time."""
    schedule, kind, direction, target = profile
    created = TODAY - timedelta(days=rng.choice([DAYS, DAYS, DAYS, 120, 40]) - 1)
    start, end = rng.uniform(0.2, 0.95), rng.uniform(0.1, 0.95)
    per_week = len(schedule.weekdays) if schedule.weekdays else 7 * schedule.num / schedule.den
    entries = {}
    span = (TODAY - created).days + 1
    for i in range(span):
        day = created + timedelta(days=i)
        chance = (start + (end - start) * i / span) * min(1.0, per_week / 7 + 0.15)
        roll = rng.random()
        if kind == "quit":
            if roll < (1 - chance) * 0.15:
                entries[day] = Entry("not_done")  # a slip
        elif roll < 0.02:
            entries[day] = Entry("skipped")
        elif roll < chance:
            amount = round(rng.uniform(0.5, 1.3) * target, 1) if target else None
            entries[day] = Entry("done", amount)
    return HabitHistory(created, entries, schedule, kind, target, direction)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    users = []
    for _ in range(args.users):
        histories = {i: random_history(rng, PROFILES[i % len(PROFILES)]) for i in range(HABITS)}
        names = {i: f"Habit {i}" for i in histories}
        risks = {i: rng.random() for i in histories}
        users.append((histories, names, risks))
    checkins = sum(len(h.entries) for histories, _, _ in users for h in histories.values())

    evaluate(*users[0][:2], TODAY, at_risk=users[0][2])  # warm up imports and caches
    # The million synthetic check-ins stay alive for the whole run; without this, the cyclic
    # GC rescans them all every few thousand allocations and bills it to evaluate(). A real
    # run loads one user at a time, so its live set is small.
    gc.collect()
    gc.freeze()
    kinds: Counter[str] = Counter()
    per_user = []
    start, cpu = time.perf_counter(), time.process_time()
    for histories, names, risks in users:
        began = time.perf_counter()
        findings = evaluate(histories, names, TODAY, at_risk=risks)
        per_user.append((time.perf_counter() - began) * 1000)
        kinds.update(f.kind for f in findings)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu

    print(f"evaluate: {args.users} users x {HABITS} habits x {DAYS} days "
          f"({checkins} check-ins): {total:.2f} s in total (CPU {cpu:.2f} s)")
    print(f"per user: median {statistics.median(per_user):.2f} ms, "
          f"p95 {statistics.quantiles(per_user, n=20)[-1]:.2f} ms, max {max(per_user):.2f} ms "
          f"(target <= {TARGET_MS_PER_USER:.0f} ms)")
    print("findings:", ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())))


if __name__ == "__main__":
    main()
