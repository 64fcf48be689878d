"""Features of a habit on a day, computed only from earlier days, for every habit at once.

A row is a (habit, day) on which the habit was due and not skipped; its label is whether it
was done. Every feature of day c uses columns < c only, so a model trained on rows before a
day never sees that day (tests/test_ml.py alters later days and checks nothing moves).
Rates are Beta-smoothed toward a prior and enter the model as logits, where a logistic
regression can use them with a coefficient near 1.

The parts: smoothing.py (priors, caps, logit), past_totals.py (totals over earlier columns),
counts.py (a habit's running counts and the user's mood sums), user_totals.py (the user's
per-day totals). This module names the features and derives them from those counts; every
name the callers knew here is still importable from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np

from habitory.ml.counts import done_today, fill_mood, habit_counts, mood
from habitory.ml.past_totals import (
    before,
    decayed_before,
    lagged,
    last_before,
    same_weekday_before,
    window,
)
from habitory.ml.smoothing import (
    EPS,
    EWM_HALF_LIVES,
    MAX_GAP,
    MAX_IDLE,
    MOOD_HALF_LIFE,
    MOOD_WEIGHT,
    POPULATION_MEAN,
    POPULATION_WEIGHT,
    PRIOR_WEIGHT,
    USER_WEEKDAY_WEIGHT,
    WEEKDAY_WEIGHT,
    WINDOW_WEIGHT,
    logit,
)
from habitory.ml.user_totals import User
from habitory.stats.daily import Days
from habitory.stats.schedule import HabitHistory
from habitory.stats.strength import strength_series

__all__ = [
    "BASELINES", "CANDIDATES", "EPS", "EWM_HALF_LIVES", "MAX_GAP", "MAX_IDLE", "MOOD_HALF_LIFE",
    "MOOD_WEIGHT", "POPULATION_MEAN", "POPULATION_WEIGHT", "PRIOR_WEIGHT",
    "USER_WEEKDAY_WEIGHT", "WEEKDAY_WEIGHT", "WINDOW_WEIGHT", "User", "before",
    "decayed_before", "derive", "done_today", "fill_mood", "habit_counts", "lagged",
    "last_before", "logit", "mood", "same_weekday_before", "select", "strength_before",
    "wants_recency", "window",
]

# Every feature the code can compute; model.FEATURES says which ones the model uses.
CANDIDATES = (
    "base_rate", "weekday_rate", "done_last", "days_since_done", "rate_7", "rate_30",
    "streak", "transition", "user_rate_1", "user_rate_7", "user_idle", "user_weekday", "age",
    "strength", "weekend", "user_mood", "user_blank", "user_blank_several", "user_blank_one",
    *(f"ewm_{h}" for h in (4, 14, 45)),
)
# The naive predictors the model must beat, in the order the evaluation reports them.
BASELINES = ("base_rate", "rolling_7", "same_as_yesterday", "weekday_rate", "strength")


def wants_recency(names) -> bool:
    """Whether any of the named features is a recency-weighted rate: those sums cost an eighth
    of a prediction, so they are only computed for a model that uses them."""
    return any(name.startswith("ewm_") for name in names)


def select(f: Mapping[str, np.ndarray], hi: np.ndarray, ci: np.ndarray, start: np.ndarray,
           user: User, weekday: np.ndarray, strength: np.ndarray | None) -> dict[str, np.ndarray]:
    """Columns for the cells (hi[j], ci[j]): candidates, baselines ("bl:") and raw values."""
    return derive({name: a[hi, ci] for name, a in f.items()}, ci, start[hi], user, weekday,
                  strength[hi, ci] if strength is not None else None)


def derive(at: Mapping[str, np.ndarray], ci: np.ndarray, start: np.ndarray, user: User,
           weekday: np.ndarray, strength: np.ndarray | None) -> dict[str, np.ndarray]:
    """Features, baselines and raw values from the counts of some cells (columns ci)."""
    prior = user.prior[ci]
    n, k, prev = at["n"], at["k"], at["prev"]
    has_last = at["last"] >= 0
    base = (k + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT)
    rate = {w: (at[f"k{w}"] + WINDOW_WEIGHT * base) / (at[f"n{w}"] + WINDOW_WEIGHT)
            for w in (7, 30)}
    p_done = (at["kd"] + PRIOR_WEIGHT * base) / (at["nd"] + PRIOR_WEIGHT)
    p_miss = (at["km"] + PRIOR_WEIGHT * base) / (at["nm"] + PRIOR_WEIGHT)
    transition = np.where(has_last, np.where(prev, p_done, p_miss), base)
    weekday_rate = (at["wk"] + WEEKDAY_WEIGHT * base) / (at["wn"] + WEEKDAY_WEIGHT)
    age = np.maximum(ci - start, 0)  # a habit created in the future (clock skew) is new
    since = np.where(at["last_done"] >= 0, ci - at["last_done"], age + 1)
    blank_several = (user.idle[ci] >= 2) & (user.rows[np.maximum(ci - 1, 0)] >= 2)
    out = {
        "base_rate": logit(base), "weekday_rate": logit(weekday_rate),
        "done_last": np.where(has_last, prev, base),
        "days_since_done": np.log1p(np.minimum(since, MAX_GAP)),
        "rate_7": logit(rate[7]), "rate_30": logit(rate[30]),
        "streak": np.log1p(k - at["k_miss"]), "transition": logit(transition),
        "user_rate_1": logit(user.rate(1)[ci]), "user_rate_7": logit(user.rate(7)[ci]),
        "user_idle": np.log1p(user.idle[ci]), "user_weekday": user.weekday[ci],
        "user_blank": (user.idle[ci] >= 2).astype(np.float64),
        # Nothing logged yesterday though several habits were due (ML.md: rejected variants).
        "user_blank_several": blank_several.astype(np.float64),
        "user_blank_one": (blank_several & (user.idle[ci] == 2)).astype(np.float64),
        "user_mood": mood(at["mood_r"], at["mood_n"]),
        "age": np.log1p(age), "weekend": (weekday[ci] >= 5).astype(np.float64),
        "prior": prior,
        "bl:base_rate": base, "bl:rolling_7": rate[7], "bl:same_as_yesterday": transition,
        "bl:weekday_rate": weekday_rate,
        "raw:n": n, "raw:k": k, "raw:prev": prev, "raw:gap_last": ci - at["last"],
        "raw:since": since, "raw:age": age, "raw:streak": k - at["k_miss"],
        "raw:k7": at["k7"], "raw:n7": at["n7"], "raw:k30": at["k30"], "raw:n30": at["n30"],
        "raw:weekday_rate": weekday_rate, "raw:transition": transition, "raw:y": at["y"],
        "raw:mood_r": at["mood_r"], "raw:mood_n": at["mood_n"],
    }
    for h in (h for h in EWM_HALF_LIVES if f"ek{h}" in at):  # habit_counts(recency=True)
        recent = (at[f"ek{h}"] + WINDOW_WEIGHT * base) / (at[f"en{h}"] + WINDOW_WEIGHT)
        out[f"ewm_{h}"], out[f"raw:ewm_{h}"] = logit(recent), recent
    if strength is not None:  # Loop's score is costly: only computed when it is used
        out["bl:strength"], out["strength"] = strength, logit(strength)
    return out


def strength_before(histories: Mapping[int, HabitHistory], days: Days) -> np.ndarray:
    """(H, L) Loop strength at the end of the day before each column (0 before any history)."""
    out = np.zeros(days.succ.shape)
    first = date.fromordinal(days.origin)
    last = first + timedelta(days=days.length - 2)
    if last < first:
        return out
    for row, habit_id in enumerate(days.habit_ids.tolist()):
        series = strength_series(histories[habit_id], first, last)
        out[row, 1:] = [score for _, score in series]
    return out
