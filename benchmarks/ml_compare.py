"""Issue 16's comparison: the served model against a plain logistic regression and the naive
baselines, on two independent generators and the real Loop exports, plus the reminder backtest.

    python benchmarks/ml_compare.py --users 200 --label now [--jobs 2]
    python benchmarks/ml_compare.py --report now,plain    # tables from saved runs
    python benchmarks/ml_compare.py --paired now,candidate  # each user's gain, with an interval

Each run saves every user's backtest arrays to benchmarks/.ml_runs/<label>.npz (not committed)
so that two revisions of the model can be compared on the same rows.
Rolling backtest: for each of the last 28 days, fit on earlier rows only, predict that day.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import statistics
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_ml  # noqa: E402
import synth_b  # noqa: E402
from bench_ml import MIN_WEEKS, SEED, real_users, span_days, synthetic_user  # noqa: E402
from bench_ml import TODAY as TODAY_A  # noqa: E402
from synth_b import users_b  # noqa: E402

from habitory.ml.calibration import fit_platt  # noqa: E402
from habitory.ml.dataset import training_table  # noqa: E402
from habitory.ml.evaluation import backtest  # noqa: E402
from habitory.ml.features import BASELINES, wants_recency  # noqa: E402
from habitory.ml.model import FEATURES as model_features  # noqa: E402
from habitory.ml.model import P_MAX, P_MIN  # noqa: E402

RUNS = Path(__file__).resolve().parent / ".ml_runs"
DAYS = 28
CAL_DAYS = 28  # earlier backtest days whose out-of-sample rows calibrate ("platt")
THRESHOLD = 0.6  # the risk-aware reminder's default
ONLY: list[str] = []
EVERY = [1]  # --every N: every Nth user of each data set (all five real ones are kept)
FEATURES: list[str] = list(model_features)
PREDICTORS = ("model", "platt", "plain", "truth")


def truth_maps(users) -> list[dict[tuple[int, int], tuple[float, bool]]]:
    """Per user, {(habit id, day ordinal): (the chance the day shows as done, as the generator
    drew it; whether the user was away: a holiday or break, which shows as a miss)}; empty for
    real data. Built in the process that generated the users: the generators key their
    chances by id(entries), which pickling to a worker changes."""
    by_entries: dict[int, dict[int, tuple[float, bool]]] = {}
    for source in (bench_ml.LOGGED, synth_b.LOGGED):
        for (key, day), p in source.items():
            by_entries.setdefault(key, {})[day.toordinal()] = (p, True)
    for source in (bench_ml.TRUTH, synth_b.TRUTH):  # a day with a drawn chance was not away
        for (key, day), p in source.items():
            days = by_entries.setdefault(key, {})
            days[day.toordinal()] = (days.get(day.toordinal(), (p, False))[0], False)
    return [{(int(h), d): v for h, habit in histories.items()
             for d, v in by_entries.get(id(habit.entries), {}).items()}
            for _, histories, _ in users]


def truth_of(truth: dict[tuple[int, int], tuple[float, bool]], table) -> np.ndarray:
    """(rows, 2): the ceiling's chance of each row and 1.0 on days away (NaN, NaN where the
    generator drew nothing)."""
    out = np.full((len(table), 2), np.nan)
    for i, key in enumerate(zip(table["habit_id"].tolist(), table["day"].tolist(), strict=True)):
        if key in truth:
            out[i] = truth[key]
    return out


def lag2(table) -> np.ndarray:
    """Done on the due day before the last one (per habit, in due-day order); 0.5 if none."""
    out = np.full(len(table), 0.5)
    habit, y = table["habit_id"], table["y"]
    for h in np.unique(habit):
        idx = np.flatnonzero(habit == h)
        out[idx[2:]] = y[idx[:-2]]
    return out


def plain(table, first: int, last: int) -> np.ndarray:
    """The issue's plain model: one logistic regression per account on six lagged features."""
    x = np.column_stack([table["done_last"], lag2(table), table["rate_7"], table["rate_30"],
                         table["weekday_rate"], table["days_since_done"]])
    y, day = table["y"], table["day"]
    begin = int(np.searchsorted(day, first))
    p = np.clip(table["bl:base_rate"][begin:].copy(), P_MIN, P_MAX)
    pipe = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, solver="newton-cg",
                                                              warm_start=True))
    for d in range(first, last):
        lo, hi = np.searchsorted(day, [d, d + 1])
        if lo == hi or y[:lo].sum() < 5 or lo - y[:lo].sum() < 5:
            continue
        pipe.fit(x[:lo], y[:lo].astype(int))
        p[lo - begin:hi - begin] = pipe.predict_proba(x[lo:hi])[:, 1]
    return np.clip(p, P_MIN, P_MAX)


def calibrated(p: np.ndarray, y: np.ndarray, day: np.ndarray, own: np.ndarray,
               first: int) -> np.ndarray:
    """Each day's model rows from `first` on, recalibrated as training.fit_user would have
    done that day: Platt fitted on the model rows of the earlier backtest days."""
    out = p.copy()
    for d in np.unique(day[day >= first]):
        seen, now = own & (day < d) & (day >= d - CAL_DAYS), own & (day == d)
        a, b = fit_platt(np.clip(p[seen], P_MIN, P_MAX), y[seen])
        z = np.log(np.clip(p[now], P_MIN, P_MAX) / (1 - np.clip(p[now], P_MIN, P_MAX)))
        out[now] = 1 / (1 + np.exp(-(a * z + b)))
    return np.clip(out, P_MIN, P_MAX)


def one(job) -> dict[str, np.ndarray]:
    """Every predictor's probabilities on one user's backtest rows (the last DAYS days)."""
    (_, histories, today), truth = job
    table = training_table(histories, today, recency=wants_recency(FEATURES))
    result = backtest(histories, today, DAYS + CAL_DAYS, tuple(FEATURES), table=table)
    day = table["day"][len(table) - len(result.y):]
    first = today.toordinal() - DAYS
    last = day >= first
    out = {"y": result.y[last], "model": result.model[last],
           "platt": calibrated(result.model, result.y, day, result.from_model, first)[last],
           "plain": plain(table, first, today.toordinal()),
           "habit": table["habit_id"][len(table) - int(last.sum()):]}  # ml_reminder_hours.py
    truth = truth_of(truth, table.take(slice(len(table) - int(last.sum()), None)))
    if not np.isnan(truth).all():  # the ceiling: the generator's own chance (not for real data)
        out["truth"] = np.where(np.isnan(truth[:, 0]), out["model"], truth[:, 0])
        out["away"] = truth[:, 1] == 1.0
    return {**out, **{"bl:" + b: result.baselines[b][last] for b in BASELINES}}


def datasets(count: int) -> dict[str, list]:
    a = [(i, synthetic_user(SEED + i), TODAY_A) for i in range(count)]
    b = users_b(count)
    real = [(name, h, t) for name, h, t in real_users()]
    step = {"real": 1}
    return {name: [u for u in users if span_days(u[1], u[2]) >= 7 * MIN_WEEKS][
        ::step.get(name, EVERY[0])] for name, users in (("A", a), ("B", b), ("real", real))}


def run(label: str, count: int, jobs: int) -> None:
    RUNS.mkdir(exist_ok=True)
    saved = {}
    for name, users in datasets(count).items():
        if ONLY and name not in ONLY:
            continue
        if jobs > 1:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = pool.map(one, zip(users, truth_maps(users), strict=True), chunksize=4)
        else:
            results = [one(job) for job in zip(users, truth_maps(users), strict=True)]
        for (uid, _, _), res in zip(users, results, strict=True):
            for key, values in res.items():
                saved[f"{name}/{uid}/{key}"] = values
    np.savez_compressed(RUNS / f"{label}.npz", **saved)


def load(label: str) -> dict[str, dict[str, dict[str, np.ndarray]]]:
    """{dataset: {user: {predictor: array}}}."""
    out: dict = {}
    with np.load(RUNS / f"{label}.npz") as data:
        for key in data.files:
            name, uid, what = key.split("/", 2)
            out.setdefault(name, {}).setdefault(uid, {})[what] = data[key]
    return out


def brier(p, y) -> float:
    return float(np.mean((np.clip(p, P_MIN, P_MAX) - y) ** 2))


def scores(users: dict, predictor: str) -> dict[str, float]:
    """The issue's targets for one predictor on one data set."""
    users = {u: r for u, r in users.items() if len(r["y"])}
    y = np.concatenate([r["y"] for r in users.values()])
    pooled = {b: brier(np.concatenate([r["bl:" + b] for r in users.values()]), y)
              for b in BASELINES}
    best = min(pooled, key=pooled.get)
    p = np.concatenate([r[predictor] for r in users.values()])
    vs_best = [1 - brier(r[predictor], r["y"]) / brier(r["bl:" + best], r["y"])
               for r in users.values()]
    vs_base = [1 - brier(r[predictor], r["y"]) / brier(r["bl:base_rate"], r["y"])
               for r in users.values()]
    saved = [np.mean(r[predictor] >= THRESHOLD) for r in users.values()]
    missed = [np.mean(r["y"][r[predictor] >= THRESHOLD] == 0) for r in users.values()
              if np.any(r[predictor] >= THRESHOLD)]
    sure = p >= THRESHOLD
    return {"users": len(users), "rows": len(y), "best": best,
            "vs_best": statistics.median(vs_best), "vs_base": statistics.median(vs_base),
            "improved": float(np.mean(np.asarray(vs_best) > 0)),
            "calibration": float(np.mean(p) - np.mean(y)), "brier": brier(p, y),
            "saved": statistics.median(saved), "saved_missed": statistics.median(missed),
            "pooled_saved": float(np.mean(sure)), "pooled_missed": float(np.mean(y[sure] == 0))}


def report(labels: list[str]) -> str:
    lines = ["| data | predictor | users | rows | pooled Brier | skill vs best naive (which) "
             "| vs base rate | users improved | calibration |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    rem = ["| data | predictor | reminders saved (median per user) | saved followed by a miss "
           "(median per user) | pooled: saved / followed by a miss |",
           "| --- | --- | --- | --- | --- |"]
    for label in labels:
        for name, users in load(label).items():
            for predictor in PREDICTORS:
                if predictor not in next(iter(users.values())):
                    continue
                s = scores(users, predictor)
                tag = f"{label}:{predictor}"
                lines.append(f"| {name} | {tag} | {s['users']} | {s['rows']} | "
                             f"{s['brier']:.4f} | {s['vs_best']:+.1%} ({s['best']}) | "
                             f"{s['vs_base']:+.1%} | {s['improved']:.0%} | "
                             f"{s['calibration']:+.3f} |")
                rem.append(f"| {name} | {tag} | {s['saved']:.0%} | {s['saved_missed']:.0%} | "
                           f"{s['pooled_saved']:.0%} / {s['pooled_missed']:.0%} |")
    return "\n".join(lines + [""] + rem + [""] + away_lines(labels))


def away_lines(labels: list[str]) -> list[str]:
    """How much of the model's distance to the ceiling lies on days the user was away."""
    out = []
    for label in labels:
        for name, users in load(label).items():
            rows = [r for r in users.values() if "away" in r]
            if not rows:
                continue
            gap = np.concatenate([(r["model"] - r["y"]) ** 2 - (r["truth"] - r["y"]) ** 2
                                  for r in rows])
            away = np.concatenate([r["away"] for r in rows])
            out.append(f"- {name}: {away.mean():.1%} of the rows are days away; they hold "
                       f"{gap[away].sum() / gap.sum():.0%} of the model's Brier gap to the "
                       "ceiling")
    return out


def paired(reference: str, candidate: str, predictor: str = "model") -> list[str]:
    """Each user's skill gain (points vs the best naive baseline) of one run's model over
    another's on the same rows: mean with a 95 % bootstrap interval, and users better. Medians
    of five real users move by one user; this is how ML.md decides."""
    rng = np.random.default_rng(0)
    ref, cand = load(reference), load(candidate)
    out = []
    for name, users in ref.items():
        if name not in cand:
            continue
        best = scores(users, predictor)["best"]
        gains = []
        for uid, r in users.items():
            if not len(r["y"]) or uid not in cand[name]:
                continue
            base = brier(r["bl:" + best], r["y"])
            gains.append(100 * (brier(r[predictor], r["y"])
                                - brier(cand[name][uid][predictor], r["y"])) / base)
        g = np.asarray(gains)
        boot = [rng.choice(g, len(g)).mean() for _ in range(2000)]
        out.append(f"- {name}: {g.mean():+.2f} [{np.percentile(boot, 2.5):+.2f}, "
                   f"{np.percentile(boot, 97.5):+.2f}] points, {np.mean(g > 0):.0%} of "
                   f"{len(g)} users better")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--label", default="now")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--report", default="")
    parser.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE",
                        help="override a constant of habitory.ml for a variant's run")
    parser.add_argument("--only", default="", help="data sets to run, e.g. A,real")
    parser.add_argument("--every", type=int, default=1, help="every Nth user only (fast runs)")
    parser.add_argument("--features", default="", help="e.g. +ewm_4,-rate_7")
    parser.add_argument("--paired", default="", metavar="REFERENCE,CANDIDATE",
                        help="each user's skill gain of one saved run over another")
    args = parser.parse_args()
    for item in args.set:
        target, value = item.split("=", 1)
        module, name = target.rsplit(".", 1)
        setattr(importlib.import_module(f"habitory.ml.{module}"), name, eval(value))  # noqa: S307
    EVERY[0] = args.every
    ONLY[:] = [x for x in args.only.split(",") if x]
    for change in [x for x in args.features.split(",") if x]:  # +name adds, -name drops
        if change[0] == "+":
            FEATURES.append(change[1:])
        else:
            FEATURES.remove(change[1:])
    if args.paired:
        print("\n".join(paired(*args.paired.split(",", 1))))
        return
    if args.report:
        print(report(args.report.split(",")))
        return
    run(args.label, args.users, args.jobs)
    print(report([args.label]))


if __name__ == "__main__":
    main()
