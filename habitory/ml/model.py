"""The per-user model: a scaled logistic regression over all of a user's habits, with fallbacks.

Which predictor answers for a habit:
- a habit with under HABIT_MIN_DAYS days of history gets the Beta-binomial estimate (its
  rate smoothed toward the user's mean);
- otherwise the user's served predictor: "model", or the best naive baseline when the model
  clearly lost the user's own backtest (evaluation.choose), or "beta_binomial" when the user
  has too little history to train at all.
Every probability is clipped to [P_MIN, P_MAX].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from habitory.ml.calibration import apply_platt
from habitory.ml.counts import fill_mood
from habitory.ml.dataset import Table, next_day
from habitory.ml.explain import linear_parts, reasons_for
from habitory.ml.features import wants_recency
from habitory.stats.open_day import still_to_come
from habitory.stats.schedule import HabitHistory

# The ablation in benchmarks/ML.md: leaving any one out makes the pooled Brier score worse on
# at least one of the three data sets, and none is better left out on all three; base_rate,
# age, streak, weekend, strength, user_rate_1, user_blank and the ewm_* rates did not earn
# their place.
FEATURES: tuple[str, ...] = (
    "weekday_rate", "done_last", "days_since_done", "rate_7", "rate_30", "transition",
    "user_rate_7", "user_idle", "user_weekday", "user_mood",
)
P_MIN, P_MAX = 0.02, 0.98
AT_RISK = 0.4  # below this chance of doing a due habit tomorrow, it is "at risk tomorrow"
MIN_DAYS = 21  # a user needs three weeks of history before a model is trained...
MIN_EACH = 5  # ...and at least this many done and missed due days
# Per habit (eligible): one week of history, whatever its outcomes. The model is pooled over
# the user's habits, so a habit with few misses is still read through the shared terms;
# asking for MIN_EACH of each (as per user) served its base rate instead (benchmarks/ML.md).
HABIT_MIN_DAYS, HABIT_MIN_EACH = 7, 0
C = 0.1  # inverse L2 strength, chosen on the benchmark's backtest (0.05-0.3 are all close)
ANCHOR, ANCHOR_GAIN = "transition", 10.0  # see make_pipeline
RECENCY_HALF_LIFE = 90.0  # days: a training row's weight halves with every 90 days of age
MODEL, BETA = "model", "beta_binomial"
# Features that also get a per-habit slope (indicator x feature columns after the habits'
# intercepts), which L2 shrinks toward the shared slope. Tried in benchmarks/ML.md; empty = off.
HABIT_SLOPES: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prediction:
    """Chance that a habit is done tomorrow, who computed it, and why."""

    habit_id: int
    probability: float
    source: str  # "model", "beta_binomial" or a baseline name (features.BASELINES)
    reasons: list[str]
    at_risk: bool
    due: bool = True  # False when tomorrow is not a due day (weekday or quota already met)
    today: float | None = None  # today's chance while today is due and open (reminders)
    if_done: float | None = None  # tomorrow's chance if today ends done (see scenarios)
    if_not_done: float | None = None  # ... and if it ends not done


@dataclass
class UserModel:
    """What serves one user's predictions; meta is what storage.py writes beside it."""

    served: str
    pipeline: Pipeline | None = None
    features: tuple[str, ...] = FEATURES
    meta: dict[str, Any] = field(default_factory=dict)
    habits: tuple[int, ...] = ()  # habit ids with their own term in the pipeline (see design)


def habit_terms(table: Table) -> tuple[int, ...]:
    """The habits that get their own term: every habit with training rows."""
    return tuple(int(h) for h in np.unique(table["habit_id"]))


def design(table: Table, features: Sequence[str], habits: Sequence[int] = ()) -> np.ndarray:
    """The pipeline's input: the named features, then one indicator column per habit.

    The indicators give each habit its own intercept on top of the shared coefficients: how
    much better or worse it goes than its rates say. L2 shrinks them toward 0, and recency
    weights (fit) let them follow a habit's drift. A habit the model has not seen gets zeros.
    """
    x = table.matrix(features)
    if not len(habits):
        return x
    ids = table["habit_id"]
    onehot = (ids[:, None] == np.asarray(habits)[None, :]).astype(np.float64)
    slopes = [onehot * x[:, [list(features).index(f)]] for f in HABIT_SLOPES if f in features]
    return np.hstack([x, onehot, *slopes])


def weigh(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Multiply standardised columns by fixed weights (module level, so pipelines pickle)."""
    return x * weights


def make_pipeline(features: Sequence[str] = FEATURES, habits: int = 0) -> Pipeline:
    """Standardise, anchor, then an L2 logistic regression (no class weights: calibration).

    The L2 penalty pulls every coefficient toward 0, that is toward predicting the user's
    average. A better place to shrink to, for users with little data, is the habit's own
    "same as last time" rate: that column is multiplied by ANCHOR_GAIN after scaling, which
    makes its penalty ANCHOR_GAIN² times weaker.
    """
    weights = np.ones(len(features) + habits)  # the habits' indicator columns come last
    weights[:len(features)][np.asarray(features) == ANCHOR] = ANCHOR_GAIN
    return Pipeline([
        ("scale", StandardScaler()),
        ("anchor", FunctionTransformer(weigh, kw_args={"weights": weights})),
        ("logreg", LogisticRegression(C=C, solver="newton-cg", max_iter=100)),
    ])


def trainable(y: np.ndarray) -> bool:
    """Enough of both outcomes to fit a model at all."""
    done = int(np.sum(y))
    return done >= MIN_EACH and len(y) - done >= MIN_EACH


def fit(x: np.ndarray, y: np.ndarray, features: Sequence[str] = FEATURES,
        warm: Pipeline | None = None, days: np.ndarray | None = None) -> Pipeline | None:
    """Fit the pipeline on rows x (design()); None with too few of a class.

    With `days` (each row's ordinal), rows are weighted 0.5 ** (age / RECENCY_HALF_LIFE),
    scaled to sum to the number of rows so that C means the same with or without weights.
    """
    if not trainable(y):
        return None
    pipeline = warm or make_pipeline(features, x.shape[1] - len(features))
    if warm is not None:  # start from the last solution: the backtest adds one day at a time
        pipeline.set_params(logreg__warm_start=True)
    if days is None or not len(days):
        return pipeline.fit(x, y.astype(np.int64))
    weight = np.exp2((days - days.max()) / RECENCY_HALF_LIFE)
    weight *= len(weight) / weight.sum()
    return pipeline.fit(x, y.astype(np.int64), logreg__sample_weight=weight)


def eligible(table: Table) -> np.ndarray:
    """Rows whose habit has enough history for the model or a baseline to speak for it."""
    done, rows = table["raw:k"], table["raw:n"]
    return ((table["raw:age"] >= HABIT_MIN_DAYS) & (done >= HABIT_MIN_EACH)
            & (rows - done >= HABIT_MIN_EACH))


def scores(model: UserModel, table: Table) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Clipped probabilities, the source of each, and the model's per-feature contributions."""
    served = model.served
    if served == MODEL and model.pipeline is None:
        served = BETA  # nothing fitted (yet): the statistical estimate answers
    source = np.full(len(table), BETA, dtype=object)
    p = table["bl:base_rate"].copy()  # the Beta-binomial estimate toward the user's mean
    ok = eligible(table) if served != BETA else np.zeros(len(table), dtype=bool)
    parts = None
    if served == MODEL and ok.any():
        z, parts = linear_parts(model.pipeline, design(table, model.features, model.habits),
                                len(model.features))
        z = apply_platt(z, model.meta.get("calibration"))
        p[ok] = 1.0 / (1.0 + np.exp(-z[ok]))
    elif ok.any():
        p[ok] = table["bl:" + served][ok]
    source[ok] = served
    return np.clip(p, P_MIN, P_MAX), source, parts


def probabilities(model: UserModel, table: Table) -> tuple[np.ndarray, np.ndarray]:
    """Clipped probabilities for the rows, and the source that gave each one."""
    p, source, _ = scores(model, table)
    return p, source


def still_done(p_today: np.ndarray, quit_: np.ndarray,
               elapsed: float | np.ndarray) -> np.ndarray:
    """The chance that today's open check-in ends done, now that `elapsed` of the day is gone
    (one share for all, or one per habit: see predict_next_day).

    A day nobody logs ends as it stands: not done, or for a quit habit done (no slip). What
    would change that is a check-in still to come; `elapsed` is how much of a day's logging
    is usually in by now (the part of the day gone when check-ins are as likely at any hour),
    so its chance shrinks as the day goes (Bayes), to none at the day's end. `p_today` is the
    model's chance for the whole day. This is what makes the served number the one the
    backtest scores: rows there are whole days (benchmarks/ML_ROUNDS.md, "Third round").
    """
    change = still_to_come(np.where(quit_, 1.0 - p_today, p_today), elapsed)
    return np.where(quit_, 1.0 - change, change)


def predict_next_day(model: UserModel | None, histories: Mapping[int, HabitHistory],
                     today: date, elapsed: float = 0.0,
                     logged: Mapping[int, float] | None = None) -> list[Prediction]:
    """Each habit's chance of being done tomorrow (the day after the user's local `today`),
    when `elapsed` (0-1) of what the user's today brings is in: the part of the day gone
    (clock.day_position), or the share of check-ins the user has usually logged by now
    (domain.logging_hours). `logged` gives a habit its own share ({habit id: share})."""
    if not histories:
        return []
    model = model or UserModel(BETA)  # no model file yet: the statistical estimate
    inputs = next_day(histories, today,
                      strength=model.served == "strength" or "strength" in model.features,
                      recency=wants_recency(model.features))
    count = len(inputs.habit_ids)
    p_today, _ = probabilities(model, inputs.today)
    quit_ = np.fromiter((histories[int(h)].kind == "quit" for h in inputs.habit_ids), bool,
                        count)
    if logged:
        elapsed = np.fromiter((logged.get(int(h), elapsed) for h in inputs.habit_ids), float,
                              count)
    q = still_done(p_today, quit_, elapsed)
    tomorrow = inputs.tomorrow(q, np.where(quit_, 1.0 - q, q))
    fill_mood(tomorrow.columns, float(np.sum(q[inputs.unknown])))
    p, src, parts = scores(model, tomorrow)
    p0, p1 = p[:count], p[count:]
    # Today is still open for `unknown` habits: average tomorrow over today's two outcomes.
    # For the others both scenarios hold the same (settled) today, so the weight is moot.
    w = np.where(inputs.unknown, q, 0.0)
    mixed = np.clip(w * p1 + (1 - w) * p0, P_MIN, P_MAX)
    likely = w >= 0.5
    due = np.where(likely, inputs.due[1], inputs.due[0])
    source = np.where(likely, src[count:], src[:count])
    reasons = reasons_for(model, inputs.scenarios, w, (p0, p1), inputs.unknown, source,
                          parts, (HABIT_MIN_DAYS, HABIT_MIN_EACH))
    both = _scenarios(histories, inputs, np.clip(p1, P_MIN, P_MAX), np.clip(p0, P_MIN, P_MAX))
    return [
        Prediction(int(h), round(float(mixed[i]), 4), str(source[i]), reasons[i],
                   bool(due[i] and mixed[i] < AT_RISK), bool(due[i]),
                   round(float(p_today[i]), 4) if inputs.unknown[i] else None, *both[i])
        for i, h in enumerate(inputs.habit_ids)
    ]


def _scenarios(histories: Mapping[int, HabitHistory], inputs, if_done: np.ndarray,
               if_not_done: np.ndarray) -> list[tuple[float | None, float | None]]:
    """Each habit's chance for tomorrow if today ends done / not done, where a tick today
    can be answered with one of them at once (domain.predictions.served): a yes/no habit whose
    today is open and whose tomorrow is due either way. (None, None) for the others: a quit
    habit's tick is a slip, a measurable day hangs on its amount, a quota may end tomorrow's
    dueness."""
    return [
        (round(float(if_done[i]), 4), round(float(if_not_done[i]), 4))
        if inputs.unknown[i] and inputs.due[0][i] and inputs.due[1][i]
        and histories[int(h)].kind == "yes_no" else (None, None)
        for i, h in enumerate(inputs.habit_ids)
    ]
