"""The user-level side of the features: per-day totals over all of a user's habits (their mean,
recent rates, idle days, weekday shift), which every habit's row of that day shares."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from habitory.ml.past_totals import before, last_before, same_weekday_before, window
from habitory.ml.smoothing import (
    MAX_IDLE,
    POPULATION_MEAN,
    POPULATION_WEIGHT,
    USER_WEEKDAY_WEIGHT,
    logit,
)


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
