"""Features of a habit on a day, computed only from earlier days, for every habit at once.

A row is a (habit, day) on which the habit was due and not skipped; its label is whether it
was done. Every feature of day c uses columns < c only, so a model trained on rows before a
day never sees that day (tests/test_ml.py alters later days and checks nothing moves).
Rates are Beta-smoothed toward a prior and enter the model as logits, where a logistic
regression can use them with a coefficient near 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .daily import Days
from .schedule import HabitHistory
from .strength import strength_series

PRIOR_WEIGHT = 5.0  # pseudo-days pulling a habit's rate toward the user's mean (Beta prior)
WEEKDAY_WEIGHT = 3.0  # pseudo-days pulling a weekday's rate toward the habit's rate
WINDOW_WEIGHT = 2.0  # pseudo-days pulling a 7- or 30-day rate toward the habit's rate
POPULATION_MEAN, POPULATION_WEIGHT = 0.6, 4.0  # prior for a user with no history yet
MAX_GAP = 60  # days since the last completion, capped: beyond two months it is all "long ago"
EPS = 0.01  # rates are clipped to [EPS, 1 - EPS] before the logit

# Every feature the code can compute; model.FEATURES says which ones the model uses.
CANDIDATES = (
    "base_rate", "weekday_rate", "done_last", "days_since_done", "rate_7", "rate_30",
    "streak", "transition", "user_rate_1", "user_rate_7", "age", "strength", "weekend",
)
# The naive predictors the model must beat, in the order the evaluation reports them.
BASELINES = ("base_rate", "rolling_7", "same_as_yesterday", "weekday_rate", "strength")


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities clipped away from 0 and 1."""
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p / (1 - p))


def _sum_type(a: np.ndarray) -> type:
    # Counting in int32 is several times faster than casting every bool to float64 first.
    return np.int32 if a.dtype.kind in "bui" else np.float64


def before(a: np.ndarray) -> np.ndarray:
    """Running total over the columns strictly before each column (last axis)."""
    out = np.cumsum(a, axis=-1, dtype=_sum_type(a))
    out -= a
    return out


def window(a: np.ndarray, width: int) -> np.ndarray:
    """Total over the `width` columns just before each column (last axis)."""
    total = np.zeros((*a.shape[:-1], a.shape[-1] + 1), dtype=_sum_type(a))
    np.cumsum(a, axis=-1, out=total[..., 1:])
    out = total[..., :-1].copy()
    out[..., width:] -= total[..., : a.shape[-1] - width]
    return out


def last_before(mask: np.ndarray) -> np.ndarray:
    """Index of the last True column strictly before each column, or -1."""
    idx = np.where(mask, np.arange(mask.shape[-1]), -1)
    np.maximum.accumulate(idx, axis=-1, out=idx)
    out = np.full_like(idx, -1)
    out[..., 1:] = idx[..., :-1]
    return out


@dataclass(frozen=True)
class User:
    """Per-day totals over all of a user's habits: the prior and the cross-habit rates."""

    prior: np.ndarray  # (L,) the user's smoothed mean over all rows before each day
    done: np.ndarray  # (L,) completions on each day (may hold expected values for today)
    rows: np.ndarray  # (L,) due rows on each day

    @classmethod
    def of(cls, done: np.ndarray, rows: np.ndarray) -> User:
        """Totals from per-day completions and rows."""
        prior = (before(done) + POPULATION_WEIGHT * POPULATION_MEAN) / (
            before(rows) + POPULATION_WEIGHT)
        return cls(prior, done, rows)

    def rate(self, width: int) -> np.ndarray:
        """Share of the user's due habits done over the `width` days before each day."""
        return (window(self.done, width) + self.prior) / (window(self.rows, width) + 1.0)


def habit_features(days: Days, row: np.ndarray, known: np.ndarray,
                   prior: np.ndarray) -> dict[str, np.ndarray]:
    """(H, L) arrays behind the features; `row` marks due rows, `known` the settled columns."""
    h, length = days.succ.shape
    cols = np.arange(length)
    y = row & days.succ
    n, k = before(row), before(y)
    base = (k + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT)
    # Same weekday only: fold the columns into weeks and count down each weekday's column.
    weeks = -(-length // 7)
    fold = np.zeros((2, h, weeks * 7), dtype=np.int32)
    fold[0, :, :length], fold[1, :, :length] = row, y
    fold = before(np.moveaxis(fold.reshape(2, h, weeks, 7), 2, -1))
    wn, wk = np.moveaxis(fold, -1, 2).reshape(2, h, -1)[:, :, :length]
    weekday = (wk + WEEKDAY_WEIGHT * base) / (wn + WEEKDAY_WEIGHT)
    last = last_before(row)
    has_last = last >= 0
    prev = np.take_along_axis(y, np.maximum(last, 0), axis=1) & has_last
    last_done = last_before(days.succ & known & (cols >= days.start[:, None]))
    counts = {w: (window(y, w), window(row, w)) for w in (7, 30)}
    rates = {w: (kw + WINDOW_WEIGHT * base) / (nw + WINDOW_WEIGHT) for w, (kw, nw) in counts.items()}
    last_miss = last_before(row & ~y)
    streak = k - np.take_along_axis(k, np.maximum(last_miss, 0), axis=1) * (last_miss >= 0)
    # "Same as last time": the habit's own rate of done after done, and after a miss.
    after_done, after_miss = row & has_last & prev, row & has_last & ~prev
    p_done = (before(y & after_done) + PRIOR_WEIGHT * base) / (before(after_done) + PRIOR_WEIGHT)
    p_miss = (before(y & after_miss) + PRIOR_WEIGHT * base) / (before(after_miss) + PRIOR_WEIGHT)
    return {
        "y": y, "n": n, "k": k, "has_last": has_last, "prev": prev,
        "gap_last": cols - last,
        "since": np.where(last_done >= 0, cols - last_done, cols - days.start[:, None] + 1),
        "age": cols - days.start[:, None], "streak": streak,
        "k7": counts[7][0], "n7": counts[7][1], "k30": counts[30][0], "n30": counts[30][1],
        "base_rate": base, "weekday_rate": weekday, "rate_7": rates[7], "rate_30": rates[30],
        "transition": np.where(has_last, np.where(prev, p_done, p_miss), base),
    }


def select(f: Mapping[str, np.ndarray], hi: np.ndarray, ci: np.ndarray, prior: np.ndarray,
           user: User, weekday: np.ndarray, strength: np.ndarray | None) -> dict[str, np.ndarray]:
    """Columns for the rows (hi[j], ci[j]): model candidates, baselines ("bl:") and raw values."""
    at = {name: a[hi, ci] for name, a in f.items()}
    out = {
        "base_rate": logit(at["base_rate"]), "weekday_rate": logit(at["weekday_rate"]),
        "done_last": np.where(at["has_last"], at["prev"], at["base_rate"]),
        "days_since_done": np.log1p(np.minimum(at["since"], MAX_GAP)),
        "rate_7": logit(at["rate_7"]), "rate_30": logit(at["rate_30"]),
        "streak": np.log1p(at["streak"]), "transition": logit(at["transition"]),
        "user_rate_1": logit(user.rate(1)[ci]), "user_rate_7": logit(user.rate(7)[ci]),
        "age": np.log1p(at["age"]), "weekend": (weekday[ci] >= 5).astype(np.float64),
        "prior": prior[ci],
    }
    score = strength[hi, ci] if strength is not None else at["base_rate"]
    if strength is not None:
        out["strength"] = logit(score)
    for name, source in zip(BASELINES, ("base_rate", "rate_7", "transition", "weekday_rate"),
                            strict=False):
        out["bl:" + name] = at[source]
    out["bl:strength"] = score
    out.update({"raw:" + name: v for name, v in at.items()})
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
