"""Habit strength: Loop Habit Tracker's ScoreList, day by day, with the same arithmetic.

Loop's rule (ScoreList.recompute, v2.3.1): from the habit's first entry on, starting at 0 (1 for
an at-most measurable habit), each day that is not a skip updates
    score = score * m + pct * (1 - m),    m = 0.5 ** (sqrt(num / den) / 13)
where pct is the share of the target met over the last `den` days (yes/no habits below once a
day double num and den to smooth irregular weeks). A skip leaves the score unchanged.

Habitory's mapping: done is YES_MANUAL, skipped is SKIP, not_done is NO, no entry is UNKNOWN;
a weekday schedule scores as len(weekdays) per 7 days; every day of a quit habit from its
creation on is a YES_MANUAL unless a slip (not_done) or a skip is logged.
"""

from __future__ import annotations

import math
from datetime import date
from itertools import accumulate
from operator import attrgetter

import numpy as np

from .schedule import LOOP_SKIP, HabitHistory, day_range, target_value

_DONE, _SKIPPED = 1, 2
_STATE_CODE = {"not_done": 0, "done": _DONE, "skipped": _SKIPPED}
_state, _amount = attrgetter("state"), attrgetter("amount")


def multiplier(frequency: float) -> float:
    """Loop's daily decay m for a frequency of num/den."""
    return 0.5 ** (math.sqrt(frequency) / 13.0)


def score_step(previous: float, pct: float, frequency: float) -> float:
    """One day of Loop's score update (Score.compute)."""
    m = multiplier(frequency)
    return previous * m + pct * (1 - m)


def _origin(history: HabitHistory) -> date:
    """Loop starts at the oldest entry; with none, at creation (Loop: today, for a new habit)."""
    if history.kind == "quit" or not history.entries:
        return min([history.created, *history.entries])
    return min(history.entries)


def _daily_inputs(history: HabitHistory, origin: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per day from origin: the value Loop sums (1 per YES_MANUAL, or the raw amount), and skips."""
    entries = history.entries
    count = len(entries)
    # map/attrgetter keep the per-entry work in C: this is the hot loop for long histories.
    index = np.fromiter(map(date.toordinal, entries), np.int64, count) - origin
    states = np.fromiter(map(_STATE_CODE.__getitem__, map(_state, entries.values())),
                         np.int8, count)
    inside = index < n
    index, states = index[inside], states[inside]
    skipped = np.zeros(n, dtype=bool)
    skipped[index[states == _SKIPPED]] = True
    values = np.zeros(n, dtype=np.int64)
    if history.kind == "quit":
        values[max(history.created.toordinal() - origin, 0):] = 1
    if history.kind == "measurable":
        amounts = np.fromiter(map(_amount, entries.values()), np.float64, count)[inside]
        # Loop stores round(amount * 1000) (half up) and sums max(0, value); it stores a skip as
        # raw 3 and, a quirk kept for identical scores, adds that to the rolling sum too.
        raw = np.maximum(np.floor(np.nan_to_num(amounts) * 1000 + 0.5), 0).astype(np.int64)
        values[index] = np.where(states == _SKIPPED, LOOP_SKIP, raw)
    else:
        values[index] = states == _DONE
    return values, skipped


def _pct(history: HabitHistory, values: np.ndarray, num: int, den: int) -> np.ndarray:
    """Share of the target met over each day's window of den days, as Loop computes it."""
    rolling = np.cumsum(values)
    rolling[den:] -= rolling[:-den].copy()
    rolling = rolling.astype(np.float64)
    if history.kind != "measurable":
        return np.minimum(1.0, rolling / num)
    total, target = rolling / 1000, target_value(history)
    if history.direction == "at_most":
        if target <= 0:
            return np.where(total > 0, 0.0, 1.0)
        return np.clip(1 - ((total - target) / target), 0.0, 1.0)
    if target <= 0:
        return np.ones_like(total)
    return np.minimum(1.0, total / target)


def _scores(history: HabitHistory, origin: int, n: int) -> list[float]:
    """Loop's score for each of the n days from the ordinal origin."""
    num, den = history.schedule.loop_frequency
    frequency = num / den
    if history.kind != "measurable" and frequency < 1:
        num, den = num * 2, den * 2
    values, skipped = _daily_inputs(history, origin, n)
    m = multiplier(frequency)
    # pct * (1 - m) is the same product Loop takes, so the sums below match it bit for bit.
    gain = _pct(history, values, num, den) * (1 - m)
    initial = 1.0 if history.kind == "measurable" and history.direction == "at_most" else 0.0
    kept = ~skipped
    chain = list(accumulate(gain[kept].tolist(), lambda s, g: s * m + g, initial=initial))
    if len(chain) == n + 1:
        return chain[1:]
    # A skip repeats the score of the last day before it.
    return np.asarray(chain)[np.cumsum(kept)].tolist()


def strength_series(history: HabitHistory, start: date, end: date) -> list[tuple[date, float]]:
    """Loop's score for each day from start to end; 0.0 before the habit's first entry."""
    days = day_range(start, end)
    if not days:
        return []
    origin = _origin(history).toordinal()
    n = end.toordinal() - origin + 1
    before = min(max(origin - start.toordinal(), 0), len(days))
    scores = [0.0] * before
    if n > 0:
        scores += _scores(history, origin, n)[max(start.toordinal() - origin, 0):]
    return list(zip(days, scores, strict=True))


def strength(history: HabitHistory, day: date) -> float:
    """Loop's score on one day, 0..1."""
    return strength_series(history, day, day)[0][1]
