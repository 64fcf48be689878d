"""The issue's protocol through the served path: one prediction for tomorrow per habit.

    OMP_NUM_THREADS=1 python benchmarks/ml_served.py [--every 1] [--days 4] [--jobs 2]

For each user and each of the last `--days` days D: cut the history after D - 1 (the app's
today, its check-ins as logged), train as the app does (fit_user), and ask
model.predict_next_day for D at several points of that day (`elapsed`: 0 = just begun, today's
open check-ins count for what they may become; 1 = over, they stand as they are). Scored
against what happened on D, next to the naive baselines and the training table's own row for
D (what the rolling backtest scores). Prints one markdown table per data set.

"loaded in one batch" is what the app serves a history written in one go (an import, a
script) at the start of the day: when that batch holds anything for the app's today, today
reads as recorded (domain/logging_hours: 100 % gone), else as just begun (0 %).
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import statistics
import sys
from datetime import timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ml_compare import brier, datasets  # noqa: E402

from habitory.ml.dataset import next_day, training_table  # noqa: E402
from habitory.ml.features import BASELINES  # noqa: E402
from habitory.ml.model import P_MAX, P_MIN, predict_next_day, probabilities  # noqa: E402
from habitory.ml.training import fit_user  # noqa: E402

ELAPSED = (0.0, 0.5, 0.75, 1.0)
DAYS = [4]


def cut(histories, last):
    """The histories as they stood at the end of `last`."""
    return {hid: dataclasses.replace(h, entries={d: e for d, e in h.entries.items() if d <= last})
            for hid, h in histories.items() if h.created <= last}


def one(user) -> list[tuple]:
    """(user, y, open today, served p per ELAPSED..., table row p, baselines...) per row."""
    uid, histories, today = user
    rows = []
    for k in range(1, DAYS[0] + 1):
        target = today - timedelta(days=k)
        app_today = target - timedelta(days=1)
        known = cut(histories, app_today)
        if not known:
            continue
        model = fit_user(known, app_today)
        served = {f: {p.habit_id: p.probability
                      for p in predict_next_day(model, known, app_today, f)} for f in ELAPSED}
        loaded = served[1.0 if any(app_today in h.entries for h in known.values()) else 0.0]
        inputs = next_day(known, app_today)
        open_ = dict(zip(inputs.habit_ids.tolist(), inputs.unknown.tolist(), strict=True))
        table = training_table(cut(histories, target), target + timedelta(days=1))
        at = np.nonzero(table["day"] == target.toordinal())[0]
        row_p, _ = probabilities(model, table.take(at))
        for j, i in enumerate(at):
            hid = int(table["habit_id"][i])
            if hid not in served[0.0]:
                continue
            rows.append((uid, float(table["y"][i]), bool(open_[hid]),
                         *[served[f][hid] for f in ELAPSED], float(row_p[j]), loaded[hid],
                         *[float(np.clip(table["bl:" + b][i], P_MIN, P_MAX)) for b in BASELINES]))
    return rows


def report(name: str, users: int, rows: list[tuple]) -> str:
    a = np.asarray(rows, dtype=object)
    uid, y, open_ = a[:, 0], a[:, 1].astype(float), a[:, 2].astype(bool)
    first = 3 + len(ELAPSED) + 2
    base = {b: a[:, first + j].astype(float) for j, b in enumerate(BASELINES)}
    best = min(base, key=lambda b: brier(base[b], y))
    lines = [f"**{name}**: {users} users, {len(y)} predictions ({open_.mean():.0%} with today "
             f"open), best naive = {best}",
             "",
             "| predictor | Brier | pooled skill vs best naive / base rate | median per-user "
             "skill vs best / base | users improved | calibration |",
             "| --- | --- | --- | --- | --- | --- |"]
    names = [f"served, {f:.0%} of today gone" for f in ELAPSED] + [
        "backtest's row", "served, loaded in one batch (the app's reading)"]
    for j, label in enumerate(names):
        p = a[:, 3 + j].astype(float)
        per_best, per_base = [], []
        for u in np.unique(uid):
            m = uid == u
            if brier(base[best][m], y[m]) > 0:
                per_best.append(1 - brier(p[m], y[m]) / brier(base[best][m], y[m]))
            if brier(base["base_rate"][m], y[m]) > 0:
                per_base.append(1 - brier(p[m], y[m]) / brier(base["base_rate"][m], y[m]))
        lines.append(
            f"| {label} | {brier(p, y):.4f} | {1 - brier(p, y) / brier(base[best], y):+.1%} / "
            f"{1 - brier(p, y) / brier(base['base_rate'], y):+.1%} | "
            f"{statistics.median(per_best):+.1%} / {statistics.median(per_base):+.1%} | "
            f"{np.mean(np.asarray(per_best) > 0):.0%} | {p.mean() - y.mean():+.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=1, help="every Nth user of A and B")
    parser.add_argument("--days", type=int, default=4, help="final days per user")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    DAYS[0] = args.days
    for name, users in datasets(150).items():
        users = users if name == "real" else users[::args.every]
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            found = pool.map(one, users, chunksize=2)
        print(report(name, len(users), [r for rows in found for r in rows]) + "\n")


if __name__ == "__main__":
    main()
