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

import numpy as np

from habitory.stats.daily import entry_arrays
from habitory.stats.schedule import AMOUNT_MAX, LOOP_RAW_MAX, LOOP_SKIP, HabitHistory, target_value
from habitory.stats.statuses import day_range

_DONE, _SKIPPED = 1, 2  # daily.entry_arrays' state codes


def multiplier(frequency: float) -> float:
    """Loop's daily decay m for a frequency of num/den."""
    return 0.5 ** (math.sqrt(frequency) / 13.0)


def score_step(previous: float, pct: float, frequency: float) -> float:
    """One day of Loop's score update (Score.compute)."""
    m = multiplier(frequency)
    return previous * m + pct * (1 - m)


def _origin(history: HabitHistory, ords: np.ndarray, last: int) -> int:
    """Loop starts at the oldest entry; with none, at creation, or at `last` (the day asked)
    when creation comes after it, as Loop starts an empty habit today: an "at most" habit with
    nothing logged is at 1.0 even on a day before its creation date (a later day-start hour or
    a move west can put created_on after the local today)."""
    created = history.created.toordinal()
    if not ords.size:
        return created if history.kind == "quit" else min(created, last)
    oldest = int(ords.min())
    return min(created, oldest) if history.kind == "quit" else oldest


def _daily_inputs(history: HabitHistory, origin: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per day from origin: the value Loop sums (1 per YES_MANUAL, or the raw amount), and skips."""
    measurable = history.kind == "measurable"
    ords, states, amounts = entry_arrays(history.entries, amounts=measurable)
    index = ords - origin
    inside = index < n
    index, states = index[inside], states[inside]
    skipped = np.zeros(n, dtype=bool)
    skipped[index[states == _SKIPPED]] = True
    values = np.zeros(n, dtype=np.int64)
    if history.kind == "quit":
        values[max(history.created.toordinal() - origin, 0):] = 1
    if measurable:
        # Loop stores round(amount * 1000) (half up) and sums max(0, value); it stores a skip as
        # raw 3 and, a quirk kept for identical scores, adds that to the rolling sum too.
        # (Within Loop's Int range, as loop_raw: a stored 1e306 must not wrap around.)
        amount = np.clip(np.nan_to_num(amounts[inside], posinf=AMOUNT_MAX), 0, AMOUNT_MAX)
        raw = np.minimum(np.floor(amount * 1000 + 0.5), LOOP_RAW_MAX).astype(np.int64)
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


def _gains(history: HabitHistory, origin: int, n: int) -> tuple[list[float], float, float,
                                                                 np.ndarray]:
    """Loop's pct * (1 - m) for each of the n days from origin that is not skipped, with m, the
    initial score and the days kept (not skipped)."""
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
    return gain[kept].tolist(), m, initial, kept


def _scores(history: HabitHistory, origin: int, n: int) -> list[float]:
    """Loop's score for each of the n days from the ordinal origin."""
    gains, m, initial, kept = _gains(history, origin, n)
    chain = list(accumulate(gains, lambda s, g: s * m + g, initial=initial))
    if len(chain) == n + 1:
        return chain[1:]
    # A skip repeats the score of the last day before it.
    return np.asarray(chain)[np.cumsum(kept)].tolist()


def strength_series(history: HabitHistory, start: date, end: date) -> list[tuple[date, float]]:
    """Loop's score for each day from start to end; 0.0 before the habit's first entry."""
    days = day_range(start, end)
    if not days:
        return []
    origin = _origin(history, entry_arrays(history.entries)[0], end.toordinal())
    n = end.toordinal() - origin + 1
    before = min(max(origin - start.toordinal(), 0), len(days))
    scores = [0.0] * before
    if n > 0:
        scores += _scores(history, origin, n)[max(start.toordinal() - origin, 0):]
    return list(zip(days, scores, strict=True))


def strength(history: HabitHistory, day: date) -> float:
    """Loop's score on one day, 0..1 (strength_series' value for that day, only cheaper)."""
    origin = _origin(history, entry_arrays(history.entries)[0], day.toordinal())
    n = day.toordinal() - origin + 1
    if n <= 0:
        return 0.0
    # The same steps in the same order as _scores, keeping only the last: the same float. A
    # skip repeats the score before it, so the day's score is the last step's in any case.
    gains, m, score, _ = _gains(history, origin, n)
    for gain in gains:
        score = score * m + gain
    return score
