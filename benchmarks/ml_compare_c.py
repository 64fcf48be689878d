"""Issue 16's comparison on generator C (synth_c.py: people as predictable as the testers').

    python benchmarks/ml_compare_c.py --ceiling --users 300 [--strength 1.0,1.2]  # tuning
    OMP_NUM_THREADS=1 python benchmarks/ml_compare_c.py --users 100 --label c_now --jobs 2
    python benchmarks/ml_compare_c.py --report c_now,c_x     # tables and gap shares, saved runs
    python benchmarks/ml_compare.py --paired c_now,c_x       # paired gains (same .npz format)

Reuses ml_compare's backtest (`one`), scores and report unchanged, with the data set "C";
--set and --features work as in ml_compare.py. ml_compare.py itself is not edited: its
datasets() and truth_maps() know only A, B and real, so this runner builds C's jobs itself.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ml_compare  # noqa: E402
import synth_c  # noqa: E402
from bench_ml import MIN_WEEKS, span_days  # noqa: E402
from ml_compare import RUNS, brier, load, one, report, scores  # noqa: E402

from habitory.ml.dataset import training_table  # noqa: E402
from habitory.ml.features import BASELINES, wants_recency  # noqa: E402

# "known": synth_c's ceiling without today's news (its docstring); report() reads PREDICTORS.
ml_compare.PREDICTORS = (*ml_compare.PREDICTORS, "known")


def users(count: int) -> list:
    """[((id, histories, today), truth, known)] of C's accounts with ≥ MIN_WEEKS weeks."""
    knowns: list = []
    accounts, truths = synth_c.users_c(count, knowns=knowns)
    return [(u, t, k) for u, t, k in zip(accounts, truths, knowns, strict=True)
            if span_days(u[1], u[2]) >= 7 * MIN_WEEKS]


def one_c(job) -> dict[str, np.ndarray]:
    """ml_compare.one, plus the lower ceiling ("known") on the same rows."""
    user, truth, known = job
    out = one((user, truth))
    table = training_table(user[1], user[2], recency=wants_recency(ml_compare.FEATURES))
    rows = ml_compare.truth_of(known, table.take(slice(len(table) - len(out["y"]), None)))
    out["known"] = np.where(np.isnan(rows[:, 0]), out["model"], rows[:, 0])
    return out


def ceiling(count: int) -> str:
    """The ceiling's skill without fitting anything: the generator's chance against the
    naive baselines on the last DAYS days (what the tuning of synth_c.STRENGTH looked at)."""
    rows = []
    for (_, histories, today), truth, known in users(count):
        table = training_table(histories, today)
        window = table.take(slice(int(np.searchsorted(table["day"],
                                                      today.toordinal() - ml_compare.DAYS)),
                                  None))
        if not len(window):
            continue
        t = ml_compare.truth_of(truth, window)
        rows.append({"y": window["y"], "truth": t[:, 0], "away": t[:, 1] == 1.0,
                     "known": ml_compare.truth_of(known, window)[:, 0],
                     **{"bl:" + b: window["bl:" + b] for b in BASELINES}})
    missing = sum(int(np.isnan(r["truth"]).sum()) for r in rows)
    s = scores({str(i): r for i, r in enumerate(rows)}, "truth")
    y = np.concatenate([r["y"] for r in rows])
    pooled = {b: brier(np.concatenate([r["bl:" + b] for r in rows]), y) for b in BASELINES}
    away = np.concatenate([r["away"] for r in rows]).mean()
    k = scores({str(i): r for i, r in enumerate(rows)}, "known")
    return (f"strength {synth_c.STRENGTH[0]}: {s['users']} users, {s['rows']} rows, "
            f"done {y.mean():.2f}, away {away:.1%}; ceiling median skill "
            f"{s['vs_best']:+.1%} vs best naive ({s['best']}), {s['vs_base']:+.1%} vs base "
            f"rate; pooled {1 - s['brier'] / pooled[s['best']]:+.1%} / "
            f"{1 - s['brier'] / pooled['base_rate']:+.1%}; without today's news "
            f"{k['vs_best']:+.1%} / {k['vs_base']:+.1%}; truth missing on {missing} rows; "
            "pooled Brier " + ", ".join(f"{b} {v:.4f}" for b, v in pooled.items()))


def run(label: str, count: int, jobs: int) -> None:
    jobs_c = users(count)
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(one_c, jobs_c, chunksize=2)
    else:
        results = [one_c(job) for job in jobs_c]
    RUNS.mkdir(exist_ok=True)
    np.savez_compressed(RUNS / f"{label}.npz", **{
        f"C/{u[0]}/{key}": values
        for (u, _, _), res in zip(jobs_c, results, strict=True) for key, values in res.items()})


def gaps(labels: list[str]) -> list[str]:
    """Share of the distance from the best naive baseline to the ceiling each predictor
    covers: pooled Brier, and the ratio of median skills."""
    out = []
    for label in labels:
        rows = load(label)["C"]
        ceil = scores(rows, "truth")
        best = ceil["best"]
        y = np.concatenate([r["y"] for r in rows.values()])
        naive = brier(np.concatenate([r["bl:" + best] for r in rows.values()]), y)
        known = scores(rows, "known") if "known" in next(iter(rows.values())) else None
        for predictor in ("model", "platt", "plain"):
            s = scores(rows, predictor)
            per_user = [1 - brier(r[predictor], r["y"]) / brier(r["bl:" + best], r["y"])
                        for r in rows.values() if len(r["y"])]
            out.append(f"- {label}:{predictor}: pooled Brier {s['brier']:.4f} covers "
                       f"{(naive - s['brier']) / (naive - ceil['brier']):.0%} of the pooled "
                       f"gap (best naive {naive:.4f} → ceiling {ceil['brier']:.4f}); median "
                       f"skill {s['vs_best']:+.1%} = {s['vs_best'] / ceil['vs_best']:.0%} of the "
                       f"ceiling's {ceil['vs_best']:+.1%}; mean skill "
                       f"{statistics.mean(per_user):+.1%}")
            if known:
                out[-1] += (f"; of the gap to the ceiling without today's news ("
                            f"{known['brier']:.4f}, median {known['vs_best']:+.1%}): "
                            f"{(naive - s['brier']) / (naive - known['brier']):.0%} pooled, "
                            f"{s['vs_best'] / known['vs_best']:.0%} of the median")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--label", default="c_now")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--report", default="")
    parser.add_argument("--ceiling", action="store_true", help="the ceiling only (tuning)")
    parser.add_argument("--strength", default="", help="synth_c.STRENGTH values, e.g. 1,1.2")
    parser.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE")
    parser.add_argument("--features", default="", help="e.g. +ewm_4,-rate_7")
    args = parser.parse_args()
    for item in args.set:
        target, value = item.split("=", 1)
        module, name = target.rsplit(".", 1)
        setattr(importlib.import_module(f"habitory.ml.{module}"), name, eval(value))  # noqa: S307
    for change in [x for x in args.features.split(",") if x]:
        if change[0] == "+":
            ml_compare.FEATURES.append(change[1:])
        else:
            ml_compare.FEATURES.remove(change[1:])
    if args.ceiling:
        for value in [float(x) for x in args.strength.split(",") if x] or synth_c.STRENGTH[:1]:
            synth_c.STRENGTH[0] = value
            print(ceiling(args.users))
        return
    if args.strength:
        synth_c.STRENGTH[0] = float(args.strength)
    labels = (args.report or args.label).split(",")
    if not args.report:
        run(args.label, args.users, args.jobs)
    print(report(labels))
    print("\n".join(gaps(labels)))


if __name__ == "__main__":
    main()
