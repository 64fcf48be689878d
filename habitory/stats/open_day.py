"""An open day: how likely a habit not ticked off yet is still to be done before the day ends.

Shared by the model's served chance for tomorrow (ml.model.still_done) and the risk-aware
reminders (domain.risk_reminders): both know a whole-day chance and ask what is left of it
now that part of what a day brings is usually in and this habit's tick is not. The reminders
read "usually in" from the habit's own ticks (own_share), in the app and in the backtest alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def still_to_come(chance, share):
    """The chance that a habit not done yet is done by the day's end, given its whole-day
    `chance` and the `share` (0-1) of a day's check-ins usually in by now. Bayes: the
    check-ins that would be in by now have not shown, so only the rest of the chance is left,
    and none of it once the share is 1. Floats or numpy arrays of the same shape."""
    chance = np.asarray(chance, dtype=float)
    share = np.asarray(share, dtype=float)
    left = chance * (1.0 - share)
    whole = 1.0 - chance * share  # what is left of the chance, and of its miss
    out = np.divide(left, whole, out=np.zeros_like(left), where=whole > 0)
    return float(out) if out.ndim == 0 else out


WINDOW_DAYS = 90  # habits' hours drift with seasons and jobs: the last three months speak
PRIOR = 10.0  # pseudo-ticks behind every share (toward the clock, the user's share, or none)


@dataclass(frozen=True)
class Ticks:
    """A habit's check-ins ticked off on their own day: the days (ordinals) and how many
    seconds into the user's day each tick came, in day order."""

    days: np.ndarray
    seconds: np.ndarray


def own_share(ticks: Ticks, day: int, seconds: float) -> float:
    """The share of the habit's ticks of the WINDOW_DAYS days before `day` (an ordinal) that
    came by `seconds` into the day, shrunk toward none by PRIOR pseudo-ticks: no ticks, 0."""
    lo, hi = np.searchsorted(ticks.days, [day - WINDOW_DAYS, day])
    early = int(np.count_nonzero(ticks.seconds[lo:hi] <= seconds))
    return early / (hi - lo + PRIOR)
