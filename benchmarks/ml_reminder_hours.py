"""Risk-aware reminders at the reminder's time: what "a habit usually ticked off by now and not
ticked yet is reminded" (domain.risk_reminders) does to the reminders saved and to the saved
ones followed by a miss, on the backtest rows of a saved ml_compare.py run.

The generators have no hours, so this adds them: each habit gets a usual hour (morning,
midday or evening) and a spread, each done day a tick at that hour give or take the spread,
and a share of ticks logged on a later day (no hour, as an import or a backfill). Its reminder
is set OFFSET hours from its usual hour. A reminder is needed on a row not ticked off by then;
the rule leaves it quiet when the chance still to come is at or above the threshold:

    whole day   the whole-day chance (the rule before this change; `flask evaluate`'s table)
    served      still_to_come(chance, the habit's share of its own ticks of the 90 days
                before that came by this hour, shrunk toward none as logging_hours.own_shares)

    OMP_NUM_THREADS=1 python benchmarks/ml_compare.py --users 150 --label hours --jobs 2
    python benchmarks/ml_reminder_hours.py --run hours
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np
from scipy.stats import norm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ml_compare import THRESHOLD, load  # noqa: E402

from habitory.stats.open_day import PRIOR, WINDOW_DAYS, still_to_come  # noqa: E402

SEED = 16
HOURS = ((7.5, 0.4), (13.0, 0.2), (21.0, 0.4))  # usual hour, share of habits
SPREAD = (0.25, 2.0)  # hours: a habit's ticks fall this far either side of its usual hour
UNTIMED = 0.1  # share of ticks logged on a later day (no hour)


def simulate(users: dict, offset: float, rng: np.random.Generator) -> dict[str, list]:
    """Per user: reminders needed, and saved / saved then missed under each rule."""
    out: dict[str, list] = {"needed": [], "whole": [], "whole_missed": [], "served": [],
                            "served_missed": []}
    for rows in users.values():
        y, p, habit = rows["y"], rows["model"], rows["habit"]
        if not len(y):
            continue
        usual = np.empty(len(y))
        spread = np.empty(len(y))
        share = np.empty(len(y))
        for h in np.unique(habit):
            mine = habit == h
            centre = rng.choice([c for c, _ in HOURS], p=[w for _, w in HOURS])
            usual[mine] = centre + rng.normal(0, 1)
            spread[mine] = rng.uniform(*SPREAD)
            by_reminder = norm.cdf(offset / spread[mine][0])  # a tick in by the reminder
            timed = int(round(WINDOW_DAYS * y[mine].mean() * (1 - UNTIMED)))
            share[mine] = rng.binomial(timed, by_reminder) / (timed + PRIOR)
        tick = usual + rng.normal(0, 1, len(y)) * spread
        timed_today = rng.random(len(y)) >= UNTIMED
        ticked_by = (y == 1) & timed_today & (tick <= usual + offset)
        needed = ~ticked_by
        whole = needed & (p >= THRESHOLD)
        served = needed & (still_to_come(p, share) >= THRESHOLD)
        out["needed"].append(needed.sum())
        for name, quiet in (("whole", whole), ("served", served)):
            out[name].append(quiet.sum())
            out[name + "_missed"].append((quiet & (y == 0)).sum())
    return out


def line(name: str, offset: float, res: dict[str, list]) -> str:
    needed = np.asarray(res["needed"], float)
    cells = []
    for rule in ("whole", "served"):
        quiet = np.asarray(res[rule], float)
        missed = np.asarray(res[rule + "_missed"], float)
        saved = statistics.median(quiet[needed > 0] / needed[needed > 0])
        share = statistics.median(missed[quiet > 0] / quiet[quiet > 0])
        cells.append(f"{saved:.0%} / {share:.0%} ({quiet.sum() / needed.sum():.0%} / "
                     f"{missed.sum() / max(quiet.sum(), 1):.0%})")
    return f"| {name} | {offset:+g} h | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--run", required=True, help="label of a saved ml_compare.py run")
    parser.add_argument("--offset", default="-1,0,1,2",
                        help="hours from a habit's usual hour to its reminder, comma-separated")
    args = parser.parse_args()
    print("| data | reminder vs usual hour | whole-day chance: saved / followed by a miss "
          "(median per user; pooled) | served: saved / followed by a miss |")
    print("| --- | --- | --- | --- |")
    for name, users in load(args.run).items():
        if "habit" not in next(iter(users.values())):
            sys.exit(f"run {args.run!r} predates the habit ids: run ml_compare.py again")
        for offset in (float(o) for o in args.offset.split(",")):
            print(line(name, offset, simulate(users, offset, np.random.default_rng(SEED))))


if __name__ == "__main__":
    main()
