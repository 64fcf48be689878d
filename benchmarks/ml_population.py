"""Candidate: shrink each user's model toward a model of the other people on the instance.

    OMP_NUM_THREADS=1 python benchmarks/ml_population.py --every 5 --label pop5 [--oracle]
    python benchmarks/ml_compare.py --report pop5

A user's own rows are few; the coefficients of "done yesterday", the rates and the user-level
signals are much alike from person to person. Cross-fitted: users are split in two folds, and
a fold's users get the population logistic regression fitted on the *other* fold's rows (for
the five real exports, on the other four), so no user's own rows reach their prior. The
population's linear predictor becomes one more feature of the user's model, scaled up like the
anchor (model.ANCHOR_GAIN) so that L2 shrinks the user's own coefficients toward it, not toward
0. Saves predictors "model" (as served), "pop" (with the prior), "poponly" (the prior alone)
and, with --oracle, "truth" (the generators' own chance; the real exports have none).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ml_compare  # noqa: E402

from habitory.ml import model as served  # noqa: E402
from habitory.ml.dataset import training_table  # noqa: E402
from habitory.ml.evaluation import backtest  # noqa: E402
from habitory.ml.features import BASELINES  # noqa: E402

DAYS = ml_compare.DAYS
ANCHOR = (served.ANCHOR, served.ANCHOR_GAIN)
STATE: dict = {}  # filled before the pool forks: tables and each fold's population model


def population(tables: list) -> LogisticRegression:
    """One logistic regression on the pooled rows of several users (unscaled features)."""
    x = np.vstack([t.matrix(served.FEATURES) for t in tables])
    y = np.concatenate([t["y"] for t in tables])
    return LogisticRegression(C=1.0, max_iter=500).fit(x, y.astype(int))


def one(index: int) -> dict[str, np.ndarray]:
    """The STATE user's backtest rows: served model, with the prior, the prior alone, truth."""
    _, histories, today = STATE["users"][index]
    table = STATE["tables"][index]
    first = today.toordinal() - DAYS
    result = backtest(histories, today, DAYS, table=table)
    out = {"y": result.y, "model": result.model,
           **{"bl:" + b: result.baselines[b] for b in BASELINES}}
    prior = STATE["prior"][index]
    z = prior.decision_function(table.matrix(served.FEATURES))
    table.columns["population"] = z
    served.ANCHOR, served.ANCHOR_GAIN = "population", STATE["gain"]
    pop = backtest(histories, today, DAYS, (*served.FEATURES, "population"), table=table)
    served.ANCHOR, served.ANCHOR_GAIN = ANCHOR
    out["pop"] = pop.model
    begin = int(np.searchsorted(table["day"], first))
    only = 1 / (1 + np.exp(-z[begin:]))
    # The prior alone, with the served fallbacks (habits under a week get the base rate).
    out["poponly"] = np.where(result.from_model, np.clip(only, served.P_MIN, served.P_MAX),
                              result.model)
    t = ml_compare.truth_of(STATE["truth"][index], table)[begin:, 0]
    if STATE["oracle"] and not np.isnan(t).all():  # real exports have no truth
        out["truth"] = np.where(np.isnan(t), result.model, t)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=150)
    parser.add_argument("--every", type=int, default=5)
    parser.add_argument("--label", default="pop")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--gain", type=float, default=served.ANCHOR_GAIN)
    parser.add_argument("--oracle", action="store_true")
    args = parser.parse_args()
    STATE["gain"] = args.gain
    ml_compare.EVERY[0] = args.every
    ml_compare.RUNS.mkdir(exist_ok=True)
    saved = {}
    STATE["oracle"] = args.oracle
    for name, users in ml_compare.datasets(args.users).items():
        tables = [training_table(h, t) for _, h, t in users]
        # Two folds; the five real exports leave one out.
        folds = list(range(len(users))) if name == "real" else [i % 2 for i in range(len(users))]
        models = {f: population([t for t, g in zip(tables, folds, strict=True) if g != f])
                  for f in set(folds)}
        STATE.update(users=users, tables=tables, prior=[models[f] for f in folds],
                     truth=ml_compare.truth_maps(users))
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(one, range(len(users)), chunksize=2)
        for (uid, _, _), res in zip(users, results, strict=True):
            for key, values in res.items():
                saved[f"{name}/{uid}/{key}"] = values
    np.savez_compressed(ml_compare.RUNS / f"{args.label}.npz", **saved)
    ml_compare.PREDICTORS = ("model", "pop", "poponly", "truth")
    print(ml_compare.report([args.label]))


if __name__ == "__main__":
    main()
