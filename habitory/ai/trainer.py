"""Training a user's model: when to retrain, fit and choose the served predictor, save it.

Pure apart from writing the model file: the caller passes the histories (non-archived habits),
the user's local today, the signing secret (the app's SECRET_KEY) and the models directory.
`python -m habitory.ai.trainer <user_id>` needs the database, so main() takes a loader hook.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sklearn

from .evaluation import BACKTEST_DAYS, as_report, backtest
from .model import AT_RISK, FEATURES, MODEL, P_MAX, P_MIN, UserModel, design, fit, habit_terms
from .rows import training_table
from .schedule import HabitHistory
from .storage import save_model, sklearn_minor

RETRAIN_COMPLETIONS = 20  # new completions since the last training that call for a new model
RETRAIN_DAYS = 7  # a model older than this is refreshed once new days have passed

# LEAD: the app implements this: user id -> (non-archived habit histories, the user's today).
Loader = Callable[[int], tuple[Mapping[int, HabitHistory], date]]


def completions(histories: Mapping[int, HabitHistory]) -> int:
    """Check-ins in state "done": the count should_retrain compares (a SQL COUNT gives it too)."""
    return sum(e.state == "done" for h in histories.values() for e in h.entries.values())


def should_retrain(meta: Mapping[str, Any] | None, completions_now: int, today: date) -> bool:
    """Retrain with no usable model, after 20 new completions, or when 7+ days old and stale."""
    if not meta:
        return True
    try:
        trained_for = date.fromisoformat(meta["trained_for"])
        counted = int(meta["completions"])
        same_sklearn = sklearn_minor(meta["sklearn_version"]) == sklearn_minor()
    except (KeyError, TypeError, ValueError):
        return True  # metadata from another version of this code
    if not same_sklearn or tuple(meta.get("features", ())) != FEATURES:
        return True
    # abs(): deleting 20 check-ins changes the data as much as adding them.
    if abs(completions_now - counted) >= RETRAIN_COMPLETIONS:
        return True
    return (today - trained_for).days > RETRAIN_DAYS


def fit_user(histories: Mapping[int, HabitHistory], today: date, *,
             backtest_days: int = BACKTEST_DAYS,
             features: Sequence[str] = FEATURES) -> UserModel:
    """Backtest, choose what to serve, and fit the final model on every row before today."""
    started = time.perf_counter()
    table = training_table(histories, today)
    result = backtest(histories, today, backtest_days, features, table)
    report = as_report(0, result)
    report.pop("user_id")
    served, pipeline, habits = report["served"], None, habit_terms(table)
    if served == MODEL:
        pipeline = fit(design(table, features, habits), table["y"], features, days=table["day"])
    meta = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "trained_for": today.isoformat(),
        "rows": len(table),
        "habits": len(histories),
        "completions": completions(histories),
        "features": list(features),
        "habit_terms": list(habits) if pipeline is not None else [],
        "sklearn_version": sklearn.__version__,
        "served": served,
        "backtest": {"days": backtest_days, "fits": result.fits, **report},
        "at_risk_threshold": AT_RISK,
        "clip": [P_MIN, P_MAX],
        "seconds": round(time.perf_counter() - started, 4),
    }
    return UserModel(served, pipeline, tuple(features), meta,
                     habits if pipeline is not None else ())


def train_user(histories: Mapping[int, HabitHistory], today: date, secret: str | bytes,
               models_dir: str | os.PathLike[str], user_id: int) -> dict[str, Any]:
    """Train and save `<models_dir>/user_<id>.pkl`; returns the metadata written with it."""
    model = fit_user(histories, today)
    save_model(models_dir, user_id, model, secret)
    return {**model.meta, "user_id": int(user_id)}


def main(argv: Sequence[str] | None = None, load_histories: Loader | None = None, *,
         secret: str | bytes | None = None, models_dir: str | None = None) -> int:
    """`python -m habitory.ai.trainer <user_id>`: train one user's model now."""
    parser = argparse.ArgumentParser(prog="python -m habitory.ai.trainer",
                                     description="Train one user's habit model now.")
    parser.add_argument("user_id", type=int)
    parser.add_argument("--models-dir", default=models_dir
                        or os.environ.get("HABITORY_MODELS_DIR", "instance/models"))
    parser.add_argument("--json", action="store_true", help="print the full metadata")
    args = parser.parse_args(argv)
    secret = secret or os.environ.get("SECRET_KEY")
    if load_histories is None or not secret:
        # LEAD: connect the app here (load_histories reads the database; secret = SECRET_KEY).
        print("trainer: not connected to the app (needs load_histories and SECRET_KEY)",
              file=sys.stderr)
        return 2
    histories, today = load_histories(args.user_id)
    meta = train_user(histories, today, secret, args.models_dir, args.user_id)
    if args.json:
        print(json.dumps(meta, indent=2))
    else:
        bt = meta["backtest"]
        print(f"user {args.user_id}: {meta['rows']} rows, serving {meta['served']}, "
              f"backtest Brier {bt['model']['brier']} over {bt['rows']} rows, "
              f"{meta['seconds']} s")
    return 0


if __name__ == "__main__":
    # The command needs the database and the app's secret: the app provides the entry point, so
    # this module itself stays free of Flask.
    from habitory.predictions import trainer_entry_point

    raise SystemExit(trainer_entry_point(sys.argv[1:]))
