"""Recover a measurable habit's target and direction from the scores Loop exported.

Loop 2.2 and older left the target out of Habits.csv. Loop's score obeys
    score_t = score_(t-1) * m + pct_t * (1 - m)
so each day's pct can be read back from two consecutive 4-decimal scores, and
    at least: pct = sum / target        at most: pct = 2 - sum / target
give one estimate of the target per day whose pct lies strictly between 0 and 1 (sum = the
amounts in the habit's window). The median estimate and its round neighbours are then tried
for real: a candidate is kept only if Habitory's strength reproduces every exported score to
Loop's 4 decimals.
"""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from typing import NamedTuple

import numpy as np

from habitory.portability.loop import SKIP, UNKNOWN
from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.strength import multiplier, strength_series

TOLERANCE = 5e-5 + 1e-9  # a 4-decimal figure is within half a unit of its last place


class Guess(NamedTuple):
    direction: str
    target: float
    # False when only Loop 2.0's buggy rolling sum reproduces the export: the habit's strength
    # here then follows today's Loop and differs from the exported scores on some days.
    matches_current: bool


def _history(entries: dict[date, Entry], origin: date, num: int, den: int,
             direction: str, target: float) -> HabitHistory:
    return HabitHistory(created=origin, entries=entries, schedule=Schedule(num, den),
                        kind="measurable", target=target, direction=direction)


def _estimates(raws: list[tuple[date, int]], scores: dict[date, float], origin: date,
               days: list[date], num: int, den: int) -> tuple[list[float], list[float], set]:
    """Per-day target estimates for at-least and at-most, and the window sums seen."""
    n = (days[-1] - origin).days + 1
    values = np.zeros(n, dtype=np.int64)
    skipped = np.zeros(n, dtype=bool)
    for day, raw in raws:
        index = (day - origin).days
        if 0 <= index < n:
            values[index] = max(raw, 0)
            skipped[index] = raw == SKIP
    rolling = np.cumsum(values)
    rolling[den:] -= rolling[:-den].copy()
    sums = rolling / 1000
    m = multiplier(num / den)
    least, most = [], []
    for previous, day in zip(days, days[1:], strict=False):
        index = (day - origin).days
        if day - previous != timedelta(days=1) or skipped[index]:
            continue
        pct = (scores[day] - m * scores[previous]) / (1 - m)
        total = float(sums[index])
        if 0.05 < pct < 0.95 and total > 0:
            least.append(total / pct)
            most.append(total / (2 - pct))
    return least, most, {float(s) for s in sums if s > 0}


def _candidates(samples: list[float]) -> set[float]:
    if not samples:
        return set()
    middle = statistics.median(samples)
    found = {middle, float(np.floor(middle)), float(np.ceil(middle))}
    found.update(round(middle, places) for places in range(4))
    return {c for c in found if c > 0}


def loop20_scores(entries: dict[date, int], start: date, end: date, num: int, den: int,
                  direction: str, target: float) -> dict[date, float]:
    """Scores as Loop 2.0-2.2 computed a numerical habit, bug included.

    Its rolling sum added max(0, value) for the day entering the window but subtracted the raw
    value of the day leaving it, so every UNKNOWN day (-1) that left the window raised the sum
    by 0.001. Loop 2.3 fixed it; Habitory follows 2.3. Kept here only to recognise targets in
    exports from those versions (entries: raw values by day; no entry is UNKNOWN).
    """
    origin = min(entries)
    values = [entries.get(origin + timedelta(days=i), UNKNOWN)
              for i in range((end - origin).days + 1)]
    m = multiplier(num / den)
    score = 1.0 if direction == "at_most" else 0.0
    total, found = 0, {}
    for i, value in enumerate(values):
        total += max(0, value)
        if i >= den:
            total -= values[i - den]
        if value != SKIP:
            amount = total / 1000
            if direction == "at_most":
                pct = min(1.0, max(0.0, 1 - (amount - target) / target))
            else:
                pct = min(1.0, amount / target)
            score = score * m + pct * (1 - m)
        day = origin + timedelta(days=i)
        if day >= start:
            found[day] = score
    return found


def infer_target(habit, raws: list[tuple[date, int]],
                 scores: dict[date, float]) -> Guess | None:
    """The (direction, target) that reproduces Loop's scores to their 4 decimals, or None.

    Candidates are tried with Habitory's (Loop 2.3's) algorithm and with Loop 2.0's, since the
    exports without targets come from the versions that had its rolling-sum bug.
    """
    raws = [(d, r) for d, r in raws if r != UNKNOWN]
    if not raws:
        return None
    entries = {d: Entry("skipped") if r == SKIP else Entry("done", r / 1000) for d, r in raws}
    origin = min(entries)
    days = sorted(d for d in scores if d >= origin)
    if len(days) < 2:
        return None
    num, den = habit.freq_num, habit.freq_den
    least, most, sums = _estimates(raws, scores, origin, days, num, den)
    tries = {("at_least", t) for t in _candidates(least)}
    tries |= {("at_most", t) for t in _candidates(most)}
    if sums:  # no partial days: every day met the target, or none did
        tries |= {("at_least", min(sums)), ("at_most", max(sums))}
    expected = np.array([scores[d] for d in days])
    raw_by_day = dict(raws)
    fits = []
    for direction, target in tries:
        history = _history(entries, origin, num, den, direction, target)
        now = dict(strength_series(history, days[0], days[-1]))
        old = loop20_scores(raw_by_day, days[0], days[-1], num, den, direction, target)
        error_now, error_old = (
            float(np.max(np.abs(np.array([series[d] for d in days]) - expected)))
            for series in (now, old))
        if min(error_now, error_old) <= TOLERANCE:
            # the roundest target wins; between equals, the one today's algorithm reproduces
            fits.append((len(repr(target)), error_now > TOLERANCE, target, direction))
    if not fits:
        return None
    _, off_now, target, direction = min(fits)
    return Guess(direction, target, not off_now)
