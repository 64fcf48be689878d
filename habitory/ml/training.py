"""Training a user's model: fit, choose the served predictor by backtest, save it.

Pure apart from writing the model file: the caller passes the histories (non-archived habits),
the user's local today, the signing secret (the app's SECRET_KEY) and the models directory.
When to retrain is the app's policy (habitory/domain/predictions.py).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sklearn

from habitory.ml.calibration import fit_platt
from habitory.ml.dataset import training_table
from habitory.ml.evaluation import BACKTEST_DAYS, as_report, backtest
from habitory.ml.features import wants_recency
from habitory.ml.model import (
    AT_RISK,
    FEATURES,
    MODEL,
    P_MAX,
    P_MIN,
    UserModel,
    design,
    fit,
    habit_terms,
)
from habitory.ml.storage import save_model
from habitory.stats.schedule import HabitHistory

# Platt scaling on the backtest's out-of-sample rows (calibration.py): measured worse on
# generator A and no better on B (benchmarks/ML.md), so off; a saved "calibration" is applied.
CALIBRATE = False


def completions(histories: Mapping[int, HabitHistory]) -> int:
    """Check-ins in state "done", recorded in the model's metadata."""
    return sum(e.state == "done" for h in histories.values() for e in h.entries.values())


def fit_user(histories: Mapping[int, HabitHistory], today: date, *,
             backtest_days: int = BACKTEST_DAYS,
             features: Sequence[str] = FEATURES) -> UserModel:
    """Backtest, choose what to serve, and fit the final model on every row before today."""
    started = time.perf_counter()
    table = training_table(histories, today, recency=wants_recency(features))
    result = backtest(histories, today, backtest_days, features, table)
    report = as_report(0, result)
    report.pop("user_id")
    served, pipeline, habits = report["served"], None, habit_terms(table)
    calibration = None
    if served == MODEL:
        pipeline = fit(design(table, features, habits), table["y"], features, days=table["day"])
        if CALIBRATE and result.from_model is not None:
            own = result.from_model
            calibration = list(fit_platt(result.model[own], result.y[own]))
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
        "calibration": calibration,
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
