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
from scipy.signal import lfilter

from habitory.stats.daily import Days
from habitory.stats.schedule import HabitHistory
from habitory.stats.strength import strength_series

PRIOR_WEIGHT = 5.0  # pseudo-days pulling a habit's rate toward the user's mean (Beta prior)
WEEKDAY_WEIGHT = 3.0  # pseudo-days pulling a weekday's rate toward the habit's rate
WINDOW_WEIGHT = 2.0  # pseudo-days pulling a 7- or 30-day rate toward the habit's rate
POPULATION_MEAN, POPULATION_WEIGHT = 0.6, 4.0  # prior for a user with no history yet
MAX_GAP = 60  # days since the last completion, capped: beyond two months it is all "long ago"
MAX_IDLE = 30  # days since the user logged anything: a month away is as telling as more
USER_WEEKDAY_WEIGHT = 5.0  # pseudo-days pulling the user's weekday rate toward their mean
MOOD_HALF_LIFE = 3.0  # days: how long a good or bad day across all habits keeps telling (ML.md)
MOOD_WEIGHT = 2.0  # pseudo-rows pulling the user's recent surprise toward none
EPS = 0.01  # rates are clipped to [EPS, 1 - EPS] before the logit

# Every feature the code can compute; model.FEATURES says which ones the model uses.
CANDIDATES = (
    "base_rate", "weekday_rate", "done_last", "days_since_done", "rate_7", "rate_30",
    "streak", "transition", "user_rate_1", "user_rate_7", "user_idle", "user_weekday", "age",
    "strength", "weekend", "user_mood", "user_blank", "user_blank_several", "user_blank_one",
    *(f"ewm_{h}" for h in (4, 14, 45)),
)
EWM_HALF_LIVES = (4, 14, 45)  # days: recency-weighted rates at three horizons
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
    # Clamped: with width > length, a negative stop would slice from the end (not empty).
    out[..., width:] -= total[..., :max(a.shape[-1] - width, 0)]
    return out


def lagged(total: np.ndarray, width: int) -> np.ndarray:
    """From a running total (before()), the total over the `width` columns before each one."""
    out = total.copy()
    # Not total[..., :-width]: that is wrong for width 0, and the clamp says what is meant.
    out[..., width:] -= total[..., :max(total.shape[-1] - width, 0)]
    return out


def decayed_before(a: np.ndarray, half_life: float) -> np.ndarray:
    """Sum over the columns strictly before each column, weighted 0.5 ** (days ago / half_life)."""
    out = np.zeros(a.shape)
    if a.shape[-1] > 1:
        decay = 0.5 ** (1.0 / half_life)
        out[..., 1:] = lfilter([1.0], [1.0, -decay], a[..., :-1], axis=-1)
    return out


def last_before(mask: np.ndarray) -> np.ndarray:
    """Index of the last True column strictly before each column, or -1."""
    out = np.empty(mask.shape, dtype=np.int32)
    out[..., 0] = -1
    # Shifted by one column first, so the running max only sees earlier columns.
    np.copyto(out[..., 1:], np.arange(mask.shape[-1] - 1, dtype=np.int32), casting="no")
    out[..., 1:][~mask[..., :-1]] = -1
    np.maximum.accumulate(out, axis=-1, out=out)
    return out


def same_weekday_before(a: np.ndarray) -> np.ndarray:
    """(L,) running total over the earlier columns of the same weekday (7 columns apart)."""
    length = len(a)
    fold = np.zeros(-(-length // 7) * 7)
    fold[:length] = a
    fold = fold.reshape(-1, 7)
    return (np.cumsum(fold, axis=0) - fold).reshape(-1)[:length]


@dataclass(frozen=True)
class User:
    """Per-day totals over all of a user's habits, and the user-level features they give."""

    prior: np.ndarray  # (L,) the user's smoothed mean over rows before the day before
    done: np.ndarray  # (L,) completions on each day (may hold expected values for today)
    rows: np.ndarray  # (L,) due rows on each day
    idle: np.ndarray  # (L,) days since the user last logged anything at all (capped)
    weekday: np.ndarray  # (L,) log-odds shift of the user's own rate on that weekday

    @classmethod
    def of(cls, done: np.ndarray, rows: np.ndarray, logged: np.ndarray) -> User:
        """Totals from per-day completions, rows, and whether anything was logged."""
        # Lagged one more day: tomorrow's prior then never waits on today's open check-ins,
        # so prediction computes exactly what training computed (the mean barely moves).
        seen_done, seen_rows = np.zeros_like(done), np.zeros_like(rows)
        seen_done[1:], seen_rows[1:] = before(done)[:-1], before(rows)[:-1]
        prior = (seen_done + POPULATION_WEIGHT * POPULATION_MEAN) / (
            seen_rows + POPULATION_WEIGHT)
        # Weekends and busy weekdays move all of a user's habits: pool them for more data.
        on_day = (same_weekday_before(done) + USER_WEEKDAY_WEIGHT * prior) / (
            same_weekday_before(rows) + USER_WEEKDAY_WEIGHT)
        cols = np.arange(len(done))
        last = last_before(logged)
        idle = np.minimum(np.where(last >= 0, cols - last, cols + 1), MAX_IDLE)
        return cls(prior, done, rows, idle, logit(on_day) - logit(prior))

    def rate(self, width: int) -> np.ndarray:
        """Share of the user's due habits done over the `width` days before each day."""
        return (window(self.done, width) + self.prior) / (window(self.rows, width) + 1.0)


def wants_recency(names) -> bool:
    """Whether any of the named features is a recency-weighted rate: those sums cost an eighth
    of a prediction, so they are only computed for a model that uses them."""
    return any(name.startswith("ewm_") for name in names)


def habit_counts(days: Days, row: np.ndarray, known: np.ndarray,
                 recency: bool = False) -> dict[str, np.ndarray]:
    """(H, L) integer running counts and last positions; `row` marks due rows, `known` settled days.

    Only counts are computed over the whole calendar; rates and logits are derived in select()
    for the cells asked for, which keeps prediction (4 cells per habit) cheap. Arrays that go
    through the same operation are stacked, so each operation is one numpy call.
    """
    h, length = days.succ.shape
    cols = np.arange(length)
    y = row & days.succ
    # Same weekday only: fold the columns into weeks and count down each weekday's column.
    weeks = -(-length // 7)
    fold = np.zeros((2, h, weeks * 7), dtype=np.int32)
    fold[0, :, :length], fold[1, :, :length] = row, y
    fold = fold.reshape(2, h, weeks, 7)
    counted = np.cumsum(fold, axis=2, dtype=np.int32)
    counted -= fold  # strictly earlier weeks
    wn, wk = counted.reshape(2, h, weeks * 7)[:, :, :length]
    last, last_y, last_done = last_before(
        np.stack([row, y, days.succ & known & (cols >= days.start[:, None])]))
    prev = (last_y == last) & (last >= 0)  # the last due day was a done one
    # "Same as last time": the habit's own counts of done after a done day and after a miss.
    after_done, after_miss = row & prev, row & (last >= 0) & ~prev
    n, k, nd, kd, nm, km = before(
        np.stack([row, y, after_done, y & after_done, after_miss, y & after_miss]))
    # Done rows before the last miss: k only grows, so a running max carries it forward.
    k_miss = np.where(row & ~y, k, 0)
    np.maximum.accumulate(k_miss, axis=-1, out=k_miss)
    k_miss[:, 1:] = k_miss[:, :-1].copy()
    k_miss[:, :1] = 0
    return {
        "y": y, "n": n, "k": k, "wn": wn, "wk": wk, "last": last, "prev": prev,
        "last_done": last_done, "k_miss": k_miss,
        "k7": lagged(k, 7), "n7": lagged(n, 7), "k30": lagged(k, 30), "n30": lagged(n, 30),
        "nd": nd, "kd": kd, "nm": nm, "km": km,
        **_mood_sums(row, y, n, k, prev, nd, kd, nm, km),
        **(_recency_sums(row, y) if recency else {}),
    }


def _recency_sums(row: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Due and done rows before each day, weighted 0.5 ** (days ago / half-life)."""
    out = {}
    for h in EWM_HALF_LIVES:
        out[f"en{h}"], out[f"ek{h}"] = decayed_before(np.stack([row, y]).astype(np.float64), h)
    return out


def _mood_sums(row: np.ndarray, y: np.ndarray, n: np.ndarray, k: np.ndarray, prev: np.ndarray,
               nd: np.ndarray, kd: np.ndarray, nm: np.ndarray,
               km: np.ndarray) -> dict[str, np.ndarray]:
    """Recency-weighted sums behind user_mood, broadcast to every habit's row.

    The user's mood: recent outcomes of all habits minus what each habit's own "same as last
    time" rate expected (smoothed toward its own rate; with no earlier due day all transition
    counts are 0 and it is that rate). Good and bad stretches move every habit at once;
    residuals, unlike raw rates, do not mix them up with how hard the habits are.
    """
    own = (k + PRIOR_WEIGHT * POPULATION_MEAN) / (n + PRIOR_WEIGHT)
    expected = (np.where(prev, kd, km) + PRIOR_WEIGHT * own) / (
        np.where(prev, nd, nm) + PRIOR_WEIGHT)
    due = row.sum(axis=0, dtype=np.float64)
    surprise = y.sum(axis=0, dtype=np.float64) - np.sum(expected, axis=0, where=row)
    r, m = decayed_before(np.stack([surprise, due]), MOOD_HALF_LIFE)
    return {"mood_r": np.broadcast_to(r, y.shape), "mood_n": np.broadcast_to(m, y.shape)}


def mood(mood_r: np.ndarray, mood_n: np.ndarray) -> np.ndarray:
    """The user_mood feature from its decayed sums: mean surprise, shrunk toward none."""
    return mood_r / (mood_n + MOOD_WEIGHT)


def fill_mood(columns: dict[str, np.ndarray], expected_done: float) -> None:
    """Tomorrow's user_mood, with today's open habits counted as their expected outcomes.

    rows.next_day counts today's open due habits as not done (weight 1 in tomorrow's decayed
    sums); the mood is linear in them, so adding the expected number done gives its mean over
    today's outcomes, as NextDay.tomorrow does for the user's rates.
    """
    columns["user_mood"] = mood(columns["raw:mood_r"] + expected_done, columns["raw:mood_n"])


def done_today(today: Mapping[str, np.ndarray],
               tomorrow: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Tomorrow's counts if today's open due day ends done, from those if it ends not done.

    The one-day recurrence of habit_counts for a due row that turns from a miss into a done
    (tests check it against a full recomputation); counts of other weekdays do not move.
    The user-level mood sums are left as they are: they depend on all of today's habits, so
    model.predict_next_day fills them in from the expected outcomes (see features.mood).
    """
    out = dict(tomorrow)
    out["k"] = tomorrow["k"] + 1
    out["prev"] = np.ones_like(tomorrow["prev"])
    out["last_done"] = tomorrow["last"]  # today, the last due day before tomorrow
    out["k_miss"] = today["k_miss"]  # today is no longer the last miss
    out["k7"], out["k30"] = tomorrow["k7"] + 1, tomorrow["k30"] + 1
    out["kd"] = tomorrow["kd"] + today["prev"]
    for h in EWM_HALF_LIVES:  # today's row weighs 1 in tomorrow's decayed sums
        if f"ek{h}" in tomorrow:
            out[f"ek{h}"] = tomorrow[f"ek{h}"] + 1
    out["km"] = tomorrow["km"] + ((today["last"] >= 0) & ~today["prev"])
    return out


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
