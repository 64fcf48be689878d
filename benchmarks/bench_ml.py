"""Backtest the habit model against naive baselines, and time training and prediction.

Run from the repository root:
    python benchmarks/bench_ml.py [--users 300] [--seed S] [--ablation] [--real]

Synthetic users (fixed seeds) have 60-400 days of history and 1-12 habits, generated with
what real habit logs show: habits of different difficulty, weekday effects (per user and per
habit), persistence (a done day makes the next one likelier), good and bad stretches shared by
all of a user's habits, slow drift, breaks (holidays, illness: nothing logged for days, then a
slow restart), abandoned habits that are never archived, weekday and "N per week" schedules,
quit habits, measurable habits with partial amounts, skips and explicit "not done" entries.
--real also backtests the Loop exports in /work/shared/loop/real (yes/no habits only).
"""

from __future__ import annotations

import argparse
import csv
import math
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script

from habitory.ml.dataset import training_table  # noqa: E402
from habitory.ml.evaluation import as_report, backtest, choose, summarise  # noqa: E402
from habitory.ml.features import BASELINES, CANDIDATES  # noqa: E402
from habitory.ml.model import FEATURES, MODEL, predict_next_day  # noqa: E402
from habitory.ml.storage import load_model  # noqa: E402
from habitory.ml.training import train_user  # noqa: E402
from habitory.stats.schedule import Entry, HabitHistory, Schedule  # noqa: E402

TODAY = date(2025, 11, 30)
SEED = 20251130
REAL = Path("/work/shared/loop/real")
MIN_WEEKS = 8
TRUTH: dict[tuple[int, date], float] = {}  # (id(entries), day) -> the generator's own chance
LOGGED: dict[tuple[int, date], float] = {}  # ... that the day shows as done (breaks: none)


def _expit(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _breaks(rng: np.random.Generator, span: int) -> np.ndarray:
    """Days on which the user logs nothing at all (holidays, illness, a busy week)."""
    off = np.zeros(span, dtype=bool)
    day = int(rng.exponential(70))
    while day < span:
        length = 2 + int(rng.geometric(1 / 6))
        off[day:day + length] = True
        day += length + int(rng.exponential(70))
    return off


def synthetic_user(seed: int, span: int | None = None,
                   habits: int | None = None) -> dict[int, HabitHistory]:
    """One user's habits, generated day by day from the processes in the module docstring."""
    rng = np.random.default_rng(seed)
    span = span or int(rng.integers(60, 401))
    habits = habits or int(min(12, 1 + rng.poisson(4)))
    start = TODAY - timedelta(days=span)
    off = _breaks(rng, span)
    skip_breaks = rng.random() < 0.25  # some people mark holidays as skips
    user_week = rng.normal(0, 0.35, 7)
    mood = np.zeros(span)  # good and bad stretches shared by every habit
    for t in range(1, span):
        mood[t] = 0.8 * mood[t - 1] + rng.normal(0, 0.35)
    since_break = np.full(span, 99)
    for t in range(1, span):
        since_break[t] = 0 if off[t - 1] and not off[t] else since_break[t - 1] + 1
    out = {}
    for h in range(habits):
        out[h + 1] = _habit(rng, start, span, off, skip_breaks, user_week, mood, since_break)
    return out


def _habit(rng, start, span, off, skip_breaks, user_week, mood, since_break) -> HabitHistory:
    """One habit's history (see synthetic_user)."""
    first = 0 if rng.random() < 0.6 else int(rng.integers(0, max(span - 14, 1)))
    created = start + timedelta(days=first)
    roll = rng.random()
    kind, schedule, target = "yes_no", Schedule(), None
    if roll < 0.12:
        days = rng.choice(7, size=int(rng.integers(2, 6)), replace=False)
        schedule = Schedule(weekdays=frozenset(int(d) for d in days))
    elif roll < 0.22:
        num = int(rng.integers(1, 5))
        schedule = Schedule(num, 7)
    elif roll < 0.28:
        kind = "quit"
    elif roll < 0.34:
        kind, target = "measurable", float(rng.choice([10.0, 30.0, 8000.0]))
    level = rng.normal(2.8, 1.0) if kind == "quit" else rng.normal(0.9, 1.1)
    persist = rng.uniform(0.0, 2.2)
    week = user_week + rng.normal(0, 0.3, 7)
    drift_sd = rng.uniform(0.02, 0.09)
    abandon = int(rng.integers(first + 20, span + 60)) if rng.random() < 0.15 else span + 1
    entries: dict[date, Entry] = {}
    drift, prev, recent = 0.0, 1.0, []
    for t in range(first, span):
        day = start + timedelta(days=t)
        drift = 0.99 * drift + rng.normal(0, drift_sd)
        if off[t]:
            recent.append(0)
            if skip_breaks:
                entries[day] = Entry("skipped")
            else:  # a break shows as a miss (a quit habit's as a clean day)
                LOGGED[(id(entries), day)] = float(kind == "quit")
            continue
        if not schedule.is_scheduled(day):
            recent.append(0)
            if rng.random() < 0.05:
                entries[day] = Entry("done")  # an extra session on a free day
            continue
        if schedule.den > 1 and sum(recent[-(schedule.den - 1):]) >= schedule.num:
            recent.append(int(rng.random() < 0.1))
            if recent[-1]:
                entries[day] = Entry("done")
            continue
        if rng.random() < 0.02:
            entries[day] = Entry("skipped")
            recent.append(0)
            continue
        z = (level + drift + week[day.weekday()] + persist * (prev - 0.5) + mood[t]
             - 1.5 * 0.7 ** since_break[t] - (3.0 if t >= abandon else 0.0))
        done = rng.random() < _expit(z)
        TRUTH[(id(entries), day)] = _expit(z)
        prev = float(done)
        recent.append(int(done))
        if kind == "quit":
            if not done:
                entries[day] = Entry("not_done")  # a slip
        elif kind == "measurable":
            if done:
                entries[day] = Entry("done", round(target * rng.uniform(1.0, 1.3), 1))
            elif rng.random() < 0.3:
                entries[day] = Entry("done", round(target * rng.uniform(0.2, 0.9), 1))
        elif done:
            entries[day] = Entry("done")
        elif rng.random() < 0.1:
            entries[day] = Entry("not_done")
    return HabitHistory(created, entries, schedule, kind, target)


# --- Real Loop exports ---------------------------------------------------------------------

_CELL = re.compile(r"value=(-?\d+)")


def _loop_rows(path: Path) -> list[tuple[date, list[int]]]:
    """(day, raw values) from a Loop Checkmarks.csv: plain integers or Entry(...) cells."""
    out = []
    with path.open(encoding="utf-8-sig") as f:
        lines = f.read().splitlines()[1:]
    for line in lines:
        head, _, rest = line.partition(",")
        if not head:
            continue
        day = (date.fromisoformat(head) if "-" in head and len(head) == 10 and head[4] == "-"
               else date(2000 + int(head[6:8]), int(head[0:2]), int(head[3:5])))
        if "Entry(" in rest:
            cells = [int(v) for v in _CELL.findall(rest)]
        else:
            cells = [int(v) for v in next(csv.reader([rest])) if v.strip()]
        out.append((day, cells))
    return out


def _loop_user(path: Path) -> tuple[dict[int, HabitHistory], date] | None:
    """A Loop export as histories of its yes/no habits (unknown frequency: left out)."""
    rows = sorted(_loop_rows(path))
    if not rows:
        return None
    width = min(len(cells) for _, cells in rows)
    habits = {}
    for col in range(width):
        values = [(day, cells[col]) for day, cells in rows]
        raw = {v for _, v in values}
        if raw - {-1, 0, 2, 3}:
            continue  # numerical (x1000 amounts) or YES_AUTO (a frequency we do not know)
        entries = {d: Entry("done") if v == 2 else Entry("skipped") for d, v in values
                   if v in (2, 3)}
        begun = [d for d, v in values if v in (0, 2, 3)]
        if not entries or not begun:
            continue
        habits[col + 1] = HabitHistory(min(begun), entries)
    return (habits, rows[-1][0] + timedelta(days=1)) if habits else None


def _scores_user(path: Path) -> tuple[dict[int, HabitHistory], date]:
    """A daily habit recovered from Loop's Scores.csv by inverting the score recurrence."""
    m = 0.5 ** (1 / 13)
    with path.open() as f:
        rows = sorted((date.fromisoformat(r[0]), float(r[1])) for r in csv.reader(f)
                      if r and r[0][:1].isdigit())
    entries, previous = {}, 0.0
    for day, score in rows:
        if (score - m * previous) / (1 - m) > 0.5:
            entries[day] = Entry("done")
        previous = score
    return {1: HabitHistory(rows[0][0], entries)}, rows[-1][0] + timedelta(days=1)


def real_users() -> list[tuple[str, dict[int, HabitHistory], date]]:
    """Every usable export under /work/shared/loop/real."""
    found = []
    for folder in sorted(p for p in REAL.iterdir() if p.is_dir()):
        checkmarks = folder / "Checkmarks.csv"
        user = _loop_user(checkmarks) if checkmarks.exists() else None
        if user is None and (folder / "Scores.csv").exists():
            user = _scores_user(folder / "Scores.csv")
        if user is not None:
            found.append((folder.name, *user))
    return found


# --- Reports -------------------------------------------------------------------------------

def span_days(histories: dict[int, HabitHistory], today: date) -> int:
    """Days from the user's earliest habit start to today."""
    first = min(min([h.created, *h.entries]) for h in histories.values())
    return (today - first).days


_SHARED: list = []  # the users, inherited by forked workers (see _backtests)


def _one(job):
    index, days, features = job
    _, histories, today = _SHARED[index]
    return backtest(histories, today, days, features)


def _backtests(users, days: int, features=FEATURES, jobs: int = 1) -> list:
    """backtest() of every user, in `jobs` forked processes (the results are the same)."""
    if jobs <= 1:
        return [backtest(h, t, days, features) for _, h, t in users]
    _SHARED[:] = users
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.map(_one, [(i, days, features) for i in range(len(users))], chunksize=4)


def run_users(users, days: int, features=FEATURES, jobs: int = 1):
    """Backtest every user; returns (reports, pooled calibration, per-predictor pooled rows)."""
    reports, pooled = [], {"model": [], **{b: [] for b in BASELINES}, "y": []}
    for (user_id, _, _), result in zip(users, _backtests(users, days, features, jobs),
                                       strict=True):
        reports.append(as_report(user_id, result))
        pooled["model"].append(result.model)
        pooled["y"].append(result.y)
        for b in BASELINES:
            pooled[b].append(result.baselines[b])
    arrays = {k: np.concatenate(v) if v else np.zeros(0) for k, v in pooled.items()}
    return reports, arrays


def table_markdown(reports, arrays) -> str:
    """The benchmark table: median per-user scores and pooled calibration per predictor."""
    lines = ["| predictor | median Brier | median log loss | median AUC | calibration "
             "(pooled mean p − observed) |", "| --- | --- | --- | --- | --- |"]
    y = arrays["y"]
    for name in ("model", *BASELINES):
        ms = [r["model"] if name == "model" else r["baselines"][name] for r in reports]
        med = {k: statistics.median([m[k] for m in ms if m[k] is not None] or [math.nan])
               for k in ("brier", "log_loss", "auc")}
        cal = float(np.mean(arrays[name]) - np.mean(y)) if len(y) else math.nan
        label = "**model**" if name == "model" else name
        lines.append(f"| {label} | {med['brier']:.4f} | {med['log_loss']:.4f} | "
                     f"{med['auc']:.3f} | {cal:+.4f} |")
    return "\n".join(lines)


def _skills(reports) -> dict[str, np.ndarray]:
    """Per-user skill 1 - Brier(model) / Brier(reference), against each baseline and own best."""
    out: dict[str, list[float]] = {b: [] for b in (*BASELINES, "own best")}
    for r in reports:
        if not r["rows"]:
            continue
        briers = {b: r["baselines"][b]["brier"] for b in BASELINES}
        for b in BASELINES:
            out[b].append(1 - r["model"]["brier"] / briers[b])
        out["own best"].append(1 - r["model"]["brier"] / min(briers.values()))
    return {k: np.asarray(v) for k, v in out.items()}


def skill_markdown(reports) -> str:
    """Median per-user skill and share of users improved, against each baseline."""
    lines = ["| against | median skill | users improved |", "| --- | --- | --- |"]
    for name, v in _skills(reports).items():
        label = ("each user's own best of the five, picked after the fact" if name == "own best"
                 else name)
        lines.append(f"| {label} | {np.median(v):+.1%} | {np.mean(v > 0):.0%} |")
    return "\n".join(lines)


def summary_markdown(reports, arrays) -> str:
    """Skill scores and how many users get which predictor."""
    s = summarise(reports, float(np.mean(arrays["model"]) - np.mean(arrays["y"])))
    served: dict[str, int] = {}
    for r in reports:
        served[r["served"]] = served.get(r["served"], 0) + 1
    rows = sum(r["rows"] for r in reports)
    return "\n".join([
        f"- users: {len(reports)}, backtest rows: {rows}",
        f"- median skill vs best baseline (1 − Brier_model / Brier_best): "
        f"**{s['median_skill_vs_best_baseline']:+.1%}**",
        f"- median skill vs per-habit base rate: **{s['median_skill_vs_base_rate']:+.1%}**",
        f"- share of users the model beats the best baseline for: **{s['share_improved']:.0%}**",
        f"- pooled calibration of the model: **{s['calibration']:+.4f}**",
        "- served: " + ", ".join(f"{k} {v}" for k, v in sorted(served.items())),
    ])


def ablation(users, days: int, jobs: int = 1) -> str:
    """Median Brier with each kept feature dropped, and each other candidate added."""
    variants = {"kept set": FEATURES}
    variants.update({f"− {f}": tuple(x for x in FEATURES if x != f) for f in FEATURES})
    variants.update({f"+ {c}": (*FEATURES, c) for c in CANDIDATES if c not in FEATURES})
    briers: dict[str, np.ndarray] = {}
    skills: dict[str, dict[str, np.ndarray]] = {}
    for name, features in variants.items():
        results = [r for r in _backtests(users, days, features, jobs) if len(r.y)]
        briers[name] = np.asarray([np.mean((r.model - r.y) ** 2) for r in results])
        skills[name] = _skills([as_report(0, r) for r in results])
    ref = briers["kept set"]
    lines = ["| variant | median Brier | mean Brier | Δ mean vs kept | users better | "
             "skill vs same_as_yesterday (improved) | skill vs own best (improved) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, v in briers.items():
        better = "—" if name == "kept set" else f"{np.mean(v < ref - 1e-12):.0%}"
        say, own = skills[name]["same_as_yesterday"], skills[name]["own best"]
        lines.append(f"| {name} | {np.median(v):.5f} | {v.mean():.5f} | "
                     f"{(v.mean() - ref.mean()) / ref.mean():+.2%} | {better} | "
                     f"{np.median(say):+.1%} ({np.mean(say > 0):.0%}) | "
                     f"{np.median(own):+.1%} ({np.mean(own > 0):.0%}) |")
    return "\n".join(lines)


def serving_check(users, days: int, thresholds=(0.0, 1.0, 2.0, 3.0), jobs: int = 1) -> str:
    """Does serving the backtest's winner help out of sample? Choose on the `days` days before
    the last `days`, then score the choice and the model alone on the last `days`."""
    splits = []
    for (_, histories, today), result in zip(users, _backtests(users, 2 * days, jobs=jobs),
                                             strict=True):
        table = training_table(histories, today, strength=False)
        day = table["day"][len(table) - len(result.y):]
        late = day >= (today - timedelta(days=days)).toordinal()
        if late.any() and not late.all():
            splits.append((result, late))
    lines = ["| serving rule, chosen on days 56–29, scored on the last 28 | mean Brier | "
             "median Brier | users switched | better for | worse for |",
             "| --- | --- | --- | --- | --- | --- |"]
    only = np.asarray([np.mean((r.model[lt] - r.y[lt]) ** 2) for r, lt in splits])
    lines.append(f"| always the model | {only.mean():.5f} | {np.median(only):.5f} | 0 | — | — |")
    for z in thresholds:
        scores, switched = [], 0
        for r, lt in splits:
            early = {n: b[~lt] for n, b in r.baselines.items()}
            pick = choose(r.model[~lt], early, r.y[~lt], z)
            p = r.model if pick == MODEL else r.baselines[pick]
            switched += pick != MODEL
            scores.append(np.mean((p[lt] - r.y[lt]) ** 2))
        a = np.asarray(scores)
        label = "any win (the issue's rule)" if z == 0 else f"win by > {z:g} standard errors"
        lines.append(f"| baseline if it wins: {label} | {a.mean():.5f} | {np.median(a):.5f} | "
                     f"{switched} of {len(a)} | {np.mean(a < only - 1e-12):.0%} | "
                     f"{np.mean(a > only + 1e-12):.0%} |")
    return "\n".join(lines)


def oracle(users, days: int) -> str:
    """The ceiling: the generator's own probabilities against the same per-user best baseline
    (rows the generator drew a chance for: due, not skipped, not on a break)."""
    model_skill, truth_skill = [], []
    for _, histories, today in users:
        result = backtest(histories, today, days)
        table = training_table(histories, today)
        window = table.take(slice(len(table) - len(result.y), None))
        truth = np.array([TRUTH.get((id(histories[int(h)].entries), date.fromordinal(int(d))),
                                    np.nan) for h, d in zip(window["habit_id"], window["day"],
                                                            strict=True)])
        ok = ~np.isnan(truth)
        if ok.sum() < 10:
            continue
        y = result.y[ok]
        best = min(np.mean((b[ok] - y) ** 2) for b in result.baselines.values())
        model_skill.append(1 - np.mean((result.model[ok] - y) ** 2) / best)
        truth_skill.append(1 - np.mean((truth[ok] - y) ** 2) / best)
    m, t = np.asarray(model_skill), np.asarray(truth_skill)
    return "\n".join([
        "| on the same rows | median skill vs the user's best baseline | users improved |",
        "| --- | --- | --- |",
        f"| model | {np.median(m):+.1%} | {np.mean(m > 0):.0%} |",
        f"| the generator's true probabilities | {np.median(t):+.1%} | {np.mean(t > 0):.0%} |",
    ])


def _timed(call, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of `runs` calls (CPU time is steadier on a shared machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return wall, cpu


def timings(runs: int) -> str:
    """Training (with its backtest) and next-day prediction for 20 habits x 2 years.

    The machine is shared: the 1-minute load average before and after is printed with them.
    """
    load_before = os.getloadavg()[0]
    histories = synthetic_user(SEED, span=730, habits=20)
    entries = sum(len(h.entries) for h in histories.values())
    with tempfile.TemporaryDirectory() as folder:
        meta = train_user(histories, TODAY, "bench-secret", folder, 1)
        train = _timed(lambda: train_user(histories, TODAY, "bench-secret", folder, 1), runs)
        model = load_model(folder, 1, "bench-secret")
        assert model is not None
        predict = _timed(lambda: predict_next_day(model, histories, TODAY), runs * 40)

    def cells(pair, unit=1000, fmt=".0f"):
        wall, cpu = pair
        return (f"**{statistics.median(wall) * unit:{fmt}} ms** | {min(wall) * unit:{fmt}} ms | "
                f"{statistics.median(cpu) * unit:{fmt}} ms")

    load_after = os.getloadavg()[0]
    return "\n".join([
        f"(load average {load_before:.2f} before, {load_after:.2f} after, "
        f"{os.cpu_count()} CPUs)\n",
        f"| what (20 habits × 730 days, {entries} check-ins, {meta['rows']} rows) | median | "
        "best | median CPU time | target |",
        "| --- | --- | --- | --- | --- |",
        f"| `train_user` (features, 28-day backtest with {meta['backtest']['fits']} daily fits, "
        f"final fit, signed save) | {cells(train)} | ≤ 1 s |",
        f"| `predict_next_day`, all 20 habits, model loaded | {cells(predict, fmt='.2f')} | "
        "≤ 5 ms |",
    ])


def main(argv: list[str] | None = None) -> int:
    """Generate users, backtest them, print the tables (markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--days", type=int, default=28, help="backtest window")
    parser.add_argument("--ablation", type=int, default=0, metavar="N",
                        help="also run the feature ablation on the first N users")
    parser.add_argument("--real", action="store_true", help="also backtest the Loop exports")
    parser.add_argument("--runs", type=int, default=5, help="timing runs (0: skip timings)")
    parser.add_argument("--oracle", action="store_true",
                        help="also score the generator's true probabilities (the ceiling)")
    parser.add_argument("--serving", action="store_true",
                        help="also check the serving rule out of sample (56-day backtests)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="processes for the backtests (timings always run alone)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    users = [(i + 1, synthetic_user(args.seed + i), TODAY) for i in range(args.users)]
    users = [u for u in users if span_days(u[1], u[2]) >= MIN_WEEKS * 7]
    if users:
        reports, arrays = run_users(users, args.days, jobs=args.jobs)
        print(f"## Synthetic users ({len(users)} with ≥ {MIN_WEEKS} weeks of history, "
              f"seed {args.seed}, last {args.days} days)\n")
        print(table_markdown(reports, arrays) + "\n")
        print(skill_markdown(reports) + "\n")
        print(summary_markdown(reports, arrays) + "\n")
    if args.real:
        real = [(name, h, t) for name, h, t in real_users() if span_days(h, t) >= MIN_WEEKS * 7]
        reports_r, arrays_r = run_users(real, args.days)
        print(f"## Real Loop exports ({len(real)} users)\n")
        print(table_markdown(reports_r, arrays_r) + "\n")
        print(skill_markdown(reports_r) + "\n")
        print(summary_markdown(reports_r, arrays_r) + "\n")
        for r in reports_r:
            base = min(r["baselines"], key=lambda b: r["baselines"][b]["brier"])
            print(f"- {r['user_id']}: {r['rows']} rows, model Brier {r['model']['brier']:.4f}, "
                  f"best baseline {base} {r['baselines'][base]['brier']:.4f}, "
                  f"served {r['served']}")
        print()
    if args.oracle:
        print("## Ceiling: the generator's own probabilities\n")
        print(oracle(users, args.days) + "\n")
    if args.serving:
        print("## Serving rule, out of sample\n")
        print(serving_check(users, args.days, jobs=args.jobs) + "\n")
    if args.ablation:
        print(f"## Feature ablation (first {args.ablation} users)\n")
        print(ablation(users[:args.ablation], args.days, args.jobs) + "\n")
    if args.runs:
        print("## Timings\n")
        print(timings(args.runs) + "\n")
    print(f"(benchmark ran in {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
