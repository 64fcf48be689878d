"""The issue's protocol on a saved ml_compare run: one prediction per habit, the last day only.

    python benchmarks/ml_final_day.py min7 model,plain [--users 150]

Rebuilds each user's table to find the rows of the backtest window's last day, then prints
pooled and per-user skill on those rows alone (1-20 rows per user: noisy per user).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ml_compare import brier, datasets, load  # noqa: E402

from habitory.ml.dataset import training_table  # noqa: E402
from habitory.ml.features import BASELINES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("label")
    parser.add_argument("predictors")
    parser.add_argument("--users", type=int, default=150)
    args = parser.parse_args()
    runs = load(args.label)
    for name, users in datasets(args.users).items():
        rows = {}
        for uid, histories, today in users:
            r = runs.get(name, {}).get(str(uid))
            if r is None or not len(r["y"]):
                continue
            day = training_table(histories, today)["day"][-len(r["y"]):]
            rows[uid] = {k: v[day == day.max()] for k, v in r.items()}
        y = np.concatenate([r["y"] for r in rows.values()])
        pooled = {b: brier(np.concatenate([r["bl:" + b] for r in rows.values()]), y)
                  for b in BASELINES}
        best = min(pooled, key=pooled.get)
        for pr in args.predictors.split(","):
            p = np.concatenate([r[pr] for r in rows.values()])
            vs_best = [1 - brier(r[pr], r["y"]) / brier(r["bl:" + best], r["y"])
                       for r in rows.values() if brier(r["bl:" + best], r["y"]) > 0]
            vs_base = [1 - brier(r[pr], r["y"]) / brier(r["bl:base_rate"], r["y"])
                       for r in rows.values()]
            print(f"| {name} | {pr} | {len(rows)} | {len(y)} | {brier(p, y):.4f} | "
                  f"{1 - brier(p, y) / pooled[best]:+.1%} ({best}) | "
                  f"{1 - brier(p, y) / pooled['base_rate']:+.1%} | "
                  f"{statistics.median(vs_best):+.1%} / {statistics.median(vs_base):+.1%} | "
                  f"{np.mean(np.asarray(vs_best) > 0):.0%} | {p.mean() - y.mean():+.3f} |")


if __name__ == "__main__":
    main()
