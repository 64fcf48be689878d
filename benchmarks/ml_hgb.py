"""Issue 16 candidate: a pooled HistGradientBoostingClassifier over a user's habits, and its
blend with the served logistic model, in ml_compare.py's rolling backtest.

    python benchmarks/ml_hgb.py --base min7 --label hgb [--every 3] [--jobs 2] [--refit 7]

Reads the served model's rows from a saved ml_compare run (--base) and adds "hgb" and "blend"
on the same rows; HGB is refitted every --refit days of the 28 (rows before that day only).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ml_compare  # noqa: E402
from ml_compare import DAYS, RUNS, datasets, load  # noqa: E402

from habitory.ml.dataset import training_table  # noqa: E402
from habitory.ml.model import FEATURES, P_MAX, P_MIN, eligible  # noqa: E402

EXTRA = ("base_rate", "user_rate_1", "ewm_4", "ewm_14")
REFIT = 7
PARAMS = {"max_iter": 100, "learning_rate": 0.05, "max_leaf_nodes": 7,
          "min_samples_leaf": 100, "l2_regularization": 5.0, "early_stopping": False}


def columns(table) -> np.ndarray:
    x = table.matrix(list(FEATURES) + list(EXTRA))
    weekday = (table["day"] % 7).astype(np.float64)
    ids = table["habit_id"]
    habit = np.searchsorted(np.unique(ids), ids).astype(np.float64)
    return np.column_stack([x, weekday, habit])


def one(user) -> np.ndarray:
    _, histories, today = user
    table = training_table(histories, today, recency=True)
    x, y, day = columns(table), table["y"], table["day"]
    first = today.toordinal() - DAYS
    begin = int(np.searchsorted(day, first))
    p = np.full(len(y) - begin, np.nan)
    ok = eligible(table.take(slice(begin, None)))
    k = x.shape[1]
    for d in range(first, today.toordinal(), REFIT):
        lo, hi = np.searchsorted(day, [d, d + REFIT])
        if lo == hi or y[:lo].sum() < 5 or lo - y[:lo].sum() < 5:
            continue
        weight = np.exp2((day[:lo] - day[lo - 1]) / 90.0)
        clf = HistGradientBoostingClassifier(categorical_features=[k - 2, k - 1], **PARAMS)
        clf.fit(x[:lo], y[:lo].astype(int), sample_weight=weight)
        p[lo - begin:hi - begin] = clf.predict_proba(x[lo:hi])[:, 1]
    return np.where(ok, p, np.nan)


def main() -> None:
    global REFIT
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="min7")
    parser.add_argument("--label", default="hgb")
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--users", type=int, default=150)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--refit", type=int, default=7)
    args = parser.parse_args()
    REFIT = args.refit
    base = load(args.base)
    saved = {}
    for name, users in datasets(args.users).items():
        users = users if name == "real" else users[::args.every]
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(one, users, chunksize=2)
        for (uid, _, _), hgb in zip(users, results, strict=True):
            rows = base[name][str(uid)]
            hgb = np.where(np.isnan(hgb), rows["model"], hgb)
            for key, values in rows.items():
                saved[f"{name}/{uid}/{key}"] = values
            saved[f"{name}/{uid}/hgb"] = np.clip(hgb, P_MIN, P_MAX)
            saved[f"{name}/{uid}/blend"] = np.clip((hgb + rows["model"]) / 2, P_MIN, P_MAX)
    np.savez_compressed(RUNS / f"{args.label}.npz", **saved)
    ml_compare.PREDICTORS = ("model", "hgb", "blend", "plain")
    print(ml_compare.report([args.label]))


if __name__ == "__main__":
    main()
