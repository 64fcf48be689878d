"""Rolling backtest of the model against naive baselines, per user and over many users.

For each of the last `days` days before the user's today, the model is trained on the rows of
earlier days only and predicts that day's rows; the features of a row already use earlier days
only (features.py), so nothing a prediction sees comes from its own day or later; the fit's
recency weights and per-habit terms (model.fit, model.design) come from those rows too. Training
warm-starts from the previous day's solution, which keeps the 28 daily fits cheap.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from habitory.ml.dataset import Table, training_table
from habitory.ml.features import BASELINES, wants_recency
from habitory.ml.model import (
    BETA,
    FEATURES,
    MIN_DAYS,
    MODEL,
    P_MAX,
    P_MIN,
    UserModel,
    design,
    fit,
    habit_terms,
    probabilities,
    trainable,
)
from habitory.stats.open_day import Ticks, own_share, still_to_come
from habitory.stats.schedule import HabitHistory

BACKTEST_DAYS = 28
REMIND_BELOW = 0.6  # the risk-aware reminder's default threshold (Habit.remind_below, 60 %)
SERVE_Z = 3.0  # how clearly a baseline must win a user's backtest to be served instead


def metrics(p: np.ndarray, y: np.ndarray) -> dict[str, float | None]:
    """Brier score, log loss, ROC-AUC (None with one outcome) and mean predicted minus observed."""
    if len(y) == 0:
        return {"brier": None, "log_loss": None, "auc": None, "calibration": None}
    p = np.clip(p, P_MIN, P_MAX)
    both = 0 < y.sum() < len(y)
    return {
        "brier": float(np.mean((p - y) ** 2)),
        "log_loss": float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))),
        "auc": float(roc_auc_score(y, p)) if both else None,
        "calibration": float(np.mean(p) - np.mean(y)),
    }


@dataclass
class Backtest:
    """One user's backtest: the window's labels and every predictor's probabilities."""

    y: np.ndarray
    model: np.ndarray
    baselines: dict[str, np.ndarray]
    trainable: bool  # enough history and outcomes to train on all of the user's rows
    fits: int = 0
    from_model: np.ndarray | None = None  # rows the model answered (not a fallback)
    habit: np.ndarray | None = None  # each row's habit id
    day: np.ndarray | None = None  # each row's day (ordinal)

    def served(self, z: float | None = None) -> str:
        """What to serve: see choose()."""
        if not self.trainable:
            return BETA
        return choose(self.model, self.baselines, self.y, SERVE_Z if z is None else z)


def brier(p: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error of probabilities."""
    return float(np.mean((np.clip(p, P_MIN, P_MAX) - y) ** 2))


def choose(model: np.ndarray, baselines: Mapping[str, np.ndarray], y: np.ndarray,
           z: float = SERVE_Z) -> str:
    """The model, unless the best baseline beat it on these rows by more than z standard errors.

    Four weeks of one user's rows are noisy, and the best of five baselines, picked after the
    fact, wins by luck alone about half the time; switching on any win made the next four
    weeks worse for more users than it helped (benchmarks/ML.md). A paired test on the
    per-row Brier differences keeps the switch for users the model clearly fails.
    """
    if len(y) < 2:
        return MODEL
    best = min(BASELINES, key=lambda name: brier(baselines[name], y))
    clipped = np.clip(baselines[best], P_MIN, P_MAX)
    gap = (np.clip(model, P_MIN, P_MAX) - y) ** 2 - (clipped - y) ** 2
    spread = gap.std(ddof=1) / np.sqrt(len(gap))
    return best if gap.mean() > z * spread and gap.mean() > 0 else MODEL


def backtest(histories: Mapping[int, HabitHistory], today: date, days: int = BACKTEST_DAYS,
             features: Sequence[str] = FEATURES, table: Table | None = None) -> Backtest:
    """Train on days before d and predict d, for each of the `days` days before today."""
    if table is None:
        table = training_table(histories, today, recency=wants_recency(features))
    habits = habit_terms(table)
    x, y, day = design(table, features, habits), table["y"], table["day"]
    first = (today - timedelta(days=days)).toordinal()
    begin = int(np.searchsorted(day, first))
    model, pipeline, fits = UserModel(MODEL, None, tuple(features), habits=habits), None, 0
    p = np.empty(len(y) - begin)
    own = np.zeros(len(y) - begin, dtype=bool)
    for d in range(first, today.toordinal()):
        lo, hi = np.searchsorted(day, [d, d + 1])
        if lo == hi:
            continue
        # Rows of days before d only; the test day's own labels never reach the fit.
        pipeline = fit(x[:lo], y[:lo], features, warm=pipeline, days=day[:lo])
        fits += pipeline is not None
        model.pipeline = pipeline
        p[lo - begin:hi - begin], source = probabilities(model, table.take(slice(lo, hi)))
        own[lo - begin:hi - begin] = source == MODEL
    window = table.take(slice(begin, None))
    base = {n: np.clip(window["bl:" + n], P_MIN, P_MAX) for n in BASELINES}
    enough = trainable(y) and int(table["raw:age"].max()) >= MIN_DAYS
    return Backtest(y[begin:], p, base, enough, fits, own, window["habit_id"], day[begin:])


def reminders(p: np.ndarray, y: np.ndarray, below: float = REMIND_BELOW) -> dict[str, Any]:
    """What "only when I'm likely to miss it" would have done on these due days: a reminder
    goes out on each, unless the chance is at or above `below`; how many it saved, and how
    many of the saved days ended not done (a miss the reminder might have prevented)."""
    quiet = np.clip(p, P_MIN, P_MAX) >= below
    saved, missed = int(quiet.sum()), int(np.sum(quiet & (y == 0)))
    return {
        "threshold": below, "reminders": int(len(y)), "saved": saved,
        "saved_share": saved / len(y) if len(y) else None,
        "saved_then_missed": missed,
        "saved_then_missed_share": missed / saved if saved else None,
    }


def reminders_at_times(p: np.ndarray, y: np.ndarray, habit: np.ndarray, day: np.ndarray,
                       hours: Mapping[int, tuple[Sequence[float], Ticks]],
                       below: float = REMIND_BELOW) -> dict[str, Any]:
    """The same at the habits' own reminder times, as the app decides (domain.risk_reminders):
    a reminder is due on a row not ticked off by its time, and stays quiet when what is left of
    the chance, given how many of the habit's recent ticks came by then, is at or above `below`.
    `hours` is {habit id: (reminder times as seconds into the day, its same-day ticks)}."""
    due = saved = missed = 0
    for habit_id, (times, ticks) in hours.items():
        rows = np.flatnonzero(habit == habit_id)
        for i in rows:
            at = np.searchsorted(ticks.days, day[i])
            came = (ticks.seconds[at] if at < len(ticks.days) and ticks.days[at] == day[i]
                    else np.inf)
            for seconds in times:
                if y[i] == 1 and came <= seconds:
                    continue  # ticked off before its reminder: none is sent
                due += 1
                left = still_to_come(float(np.clip(p[i], P_MIN, P_MAX)),
                                     own_share(ticks, int(day[i]), seconds))
                if left >= below:
                    saved += 1
                    missed += int(y[i] == 0)
    return {
        "threshold": below, "reminders": due, "saved": saved,
        "saved_share": saved / due if due else None, "saved_then_missed": missed,
        "saved_then_missed_share": missed / saved if saved else None,
    }


def as_report(user_id: int, result: Backtest, below: float = REMIND_BELOW,
              hours: Mapping[int, tuple[Sequence[float], Ticks]] | None = None
              ) -> dict[str, Any]:
    """The JSON-able entry for one user's backtest; `hours` (reminders_at_times) adds the
    reminders at the user's own reminder times."""
    served = result.served()
    chances = result.baselines.get(served, result.model)
    report = {
        "user_id": user_id,
        "rows": int(len(result.y)),
        "model": metrics(result.model, result.y),
        "baselines": {n: metrics(result.baselines[n], result.y) for n in BASELINES},
        "served": served,
        # With the chances the user is served: the model's, or the baseline that beat it.
        "reminders": reminders(chances, result.y, below),
    }
    # None for a user without reminder times: nothing to replay at them.
    report["reminders"]["at_reminder_times"] = reminders_at_times(
        chances, result.y, result.habit, result.day, hours, below) if hours else None
    return report


def skill(report: Mapping[str, Any], against: str | None = None) -> float | None:
    """1 - Brier(model) / Brier(best baseline), or of the named baseline."""
    model = report["model"]["brier"]
    briers = {n: m["brier"] for n, m in report["baselines"].items() if m["brier"] is not None}
    ref = briers.get(against) if against else min(briers.values(), default=None)
    if model is None or not ref:
        return None
    return 1.0 - model / ref


def summarise(reports: Sequence[Mapping[str, Any]], pooled: float | None) -> dict[str, Any]:
    """Medians over the users with backtest rows, share improved, pooled calibration."""
    best = [s for r in reports if (s := skill(r)) is not None]
    base = [s for r in reports if (s := skill(r, "base_rate")) is not None]
    remind = [r["reminders"] for r in reports]
    saved = [x["saved_share"] for x in remind if x["saved_share"] is not None]
    missed = [x["saved_then_missed_share"] for x in remind
              if x["saved_then_missed_share"] is not None]
    timed = [x["at_reminder_times"] for x in remind if x.get("at_reminder_times")]
    timed_saved = [x["saved_share"] for x in timed if x["saved_share"] is not None]
    timed_missed = [x["saved_then_missed_share"] for x in timed
                    if x["saved_then_missed_share"] is not None]
    return {
        "median_skill_vs_best_baseline": statistics.median(best) if best else None,
        "median_skill_vs_base_rate": statistics.median(base) if base else None,
        "share_improved": sum(s > 0 for s in best) / len(best) if best else None,
        "calibration": pooled,
        "median_reminders_saved_share": statistics.median(saved) if saved else None,
        "median_saved_then_missed_share": statistics.median(missed) if missed else None,
        # Users with reminder times: the same at those times, as the app decides.
        "median_saved_share_at_reminder_times":
            statistics.median(timed_saved) if timed_saved else None,
        "median_saved_then_missed_share_at_reminder_times":
            statistics.median(timed_missed) if timed_missed else None,
    }


def evaluate(users: Iterable[tuple[int, Mapping[int, HabitHistory], date]],
             days: int = BACKTEST_DAYS, features: Sequence[str] = FEATURES,
             remind_below: float = REMIND_BELOW,
             hours_of: Callable[[int], Mapping[int, tuple[Sequence[float], Ticks]]] | None = None
             ) -> dict[str, Any]:
    """The `flask evaluate --json` structure for (user_id, histories, today) triples.

    `users` may be a generator, so a caller can load one user at a time. The summary's skill
    medians and share improved count users with backtest rows; its calibration is the mean
    predicted minus observed over all of their rows; the reminder medians count users with
    due days (saved share) and with saved reminders (followed by a miss). `hours_of(user id)`
    gives a user's reminder times and ticks (reminders_at_times).
    """
    reports, gap, rows = [], 0.0, 0
    for user_id, histories, today in users:
        result = backtest(histories, today, days, features)
        hours = hours_of(user_id) if hours_of else None
        reports.append(as_report(user_id, result, remind_below, hours))
        gap += float(np.sum(result.model - result.y))
        rows += len(result.y)
    pooled = gap / rows if rows else None
    return {"users": reports, "summary": summarise(reports, pooled)}
