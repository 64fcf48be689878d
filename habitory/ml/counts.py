"""A habit's running counts over earlier days (done, due, per weekday, after a done or a missed
day, recency-weighted), the user's mood sums behind user_mood, and the one-day update of those
counts when today's open day ends done.

Only counts live over the whole calendar; features.derive turns the cells it is asked for into
rates and logits.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from habitory.ml.past_totals import before, decayed_before, lagged, last_before
from habitory.ml.smoothing import (
    EWM_HALF_LIVES,
    MOOD_HALF_LIFE,
    MOOD_WEIGHT,
    POPULATION_MEAN,
    PRIOR_WEIGHT,
)
from habitory.stats.daily import Days


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
    model.predict_next_day fills them in from the expected outcomes (see mood).
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
