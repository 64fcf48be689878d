"""One user's habits as stacked calendar arrays: success, skip and due state of every day.

Row h of each (H, L) array is habit h; column c is the day `origin + c` (an ordinal). Stacking
the habits lets every feature be a handful of numpy operations for all habits at once.

What a day means for each kind of habit (the "rows" the model learns from are due days):
- daily habits are due every day from their first day; weekday habits on their weekdays;
- "num per den days" habits are due while the quota is not met by the den - 1 days before,
  a causal version of Loop's automatic checkmarks (which look at later days too);
- measurable habits succeed when the day's amount meets the target (is_success); with a
  quota over several days, the amounts add up and the day succeeds when some amount is logged;
- quit habits succeed on every day without a logged slip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter

import numpy as np

from .schedule import HabitHistory

_CODE = {"not_done": 0, "done": 1, "skipped": 2}
_state = attrgetter("state")


def _amount(entry: object) -> float:
    value = entry.amount  # type: ignore[attr-defined]
    return float("nan") if value is None else value


@dataclass(frozen=True)
class Days:
    """A user's habits over a common calendar (see the module docstring)."""

    habit_ids: np.ndarray  # (H,) int64
    origin: int  # ordinal of column 0
    start: np.ndarray  # (H,) first column of each habit's history
    succ: np.ndarray  # (H, L) bool: the day counts as done
    skip: np.ndarray  # (H, L) bool: skipped, so the day is neither a success nor a miss
    value: np.ndarray  # (H, L) float64: what a day adds toward a rolling quota
    settled: np.ndarray  # (H, L) bool: an entry already decides the day (used for today)
    quota: np.ndarray  # (H,) float64: amount due per window; 0 when there is no rolling quota
    span: np.ndarray  # (H,) int64: earlier days the quota window covers (den - 1)
    weekdays: np.ndarray  # (H, 7) bool: weekdays on which the habit can be due
    by_amount: np.ndarray  # (H,) bool: the quota adds up amounts, not completions

    @property
    def length(self) -> int:
        """Number of calendar columns."""
        return self.succ.shape[1]

    def weekday(self) -> np.ndarray:
        """Weekday (0 = Monday) of every column; ordinal 1 (1 Jan of year 1) was a Monday."""
        return (self.origin + np.arange(self.length) - 1) % 7

    def due(self) -> np.ndarray:
        """(H, L) bool: the habit was due that day, judged from earlier days only."""
        cols = np.arange(self.length)
        due = self.weekdays[:, self.weekday()] & (cols >= self.start[:, None])
        rolling = self.quota > 0
        if rolling.any():
            # Amount logged in the `span` days before each day, from a running total.
            total = np.zeros((len(self.quota), self.length + 1))
            np.cumsum(self.value, axis=1, out=total[:, 1:])
            low = np.maximum(cols[None, :] - self.span[:, None], 0)
            before = total[:, :-1] - np.take_along_axis(total, low, axis=1)
            met = before >= self.quota[:, None] - 1e-9  # float sums of measurable amounts
            due &= ~(rolling[:, None] & met)
        return due

    def repeat(self, times: int) -> Days:
        """The stack repeated `times` over, as independent copies to set scenarios in."""
        return replace(
            self,
            **{name: np.tile(getattr(self, name), (times, 1))
               for name in ("succ", "skip", "value", "settled", "weekdays")},
            **{name: np.tile(getattr(self, name), times)
               for name in ("habit_ids", "start", "quota", "span", "by_amount")},
        )


def habit_start(history: HabitHistory) -> date:
    """First day of a habit's history: creation, or an earlier check-in (imported data)."""
    if history.kind == "quit" or not history.entries:
        return history.created  # a quit habit counts clean days only from its creation
    return min(history.created, min(history.entries))


def _rule(history: HabitHistory) -> tuple[np.ndarray, float, int]:
    """Weekday mask, quota per window and window span for a habit's schedule."""
    schedule = history.schedule
    mask = np.ones(7, dtype=bool)
    if schedule.weekdays is not None:
        mask[:] = False
        mask[list(schedule.weekdays)] = True
        return mask, 0.0, 0
    num, den = schedule.loop_frequency
    if den == 1 or history.kind == "quit" or (
        history.kind == "measurable" and history.direction == "at_most"
    ):
        return mask, 0.0, 0  # every day is due; an at-most limit is judged day by day
    if history.kind == "measurable":
        return mask, float(history.target or 0.0), den - 1
    return mask, float(num), den - 1


def _fill(history: HabitHistory, origin: int, row: int, days: Days, quota: float) -> None:
    """Write one habit's check-ins into row `row` of the stack, with numpy, not day by day."""
    entries = history.entries
    length = days.length
    count = len(entries)
    cols = np.fromiter(map(date.toordinal, entries), np.int64, count) - origin
    # map/attrgetter keep the per-entry work in C (as strength.py does).
    codes = np.fromiter(map(_CODE.__getitem__, map(_state, entries.values())), np.int8, count)
    inside = (cols >= 0) & (cols < length)
    cols, codes = cols[inside], codes[inside]
    done, skipped = codes == 1, codes == 2
    days.skip[row, cols[skipped]] = True
    if history.kind == "quit":
        # Clean unless a slip is logged (is_success); a skipped day still counts as clean.
        days.succ[row, max(history.created.toordinal() - origin, 0):] = True
        days.succ[row, cols[codes == 0]] = False
        days.settled[row, cols[codes == 0]] = True
        days.value[row] = days.succ[row]
        return
    days.settled[row, cols[done | skipped | (codes == 0)]] = True
    if history.kind != "measurable":
        days.succ[row, cols[done]] = True
        days.value[row] = days.succ[row]
        return
    amounts = np.fromiter(map(_amount, entries.values()), np.float64, count)[inside]
    amounts = np.nan_to_num(amounts)  # a done entry without an amount counts as 0
    # Compare what Loop stores (round half up to 1/1000), as meets_target does.
    stored = np.floor(amounts * 1000 + 0.5) / 1000
    target = float(history.target or 0.0)
    if quota > 0:
        days.succ[row, cols[done & (stored > 0)]] = True  # some progress toward the quota
        days.value[row, cols[done]] = np.maximum(stored[done], 0.0)
        return
    met = stored <= target if history.direction == "at_most" else stored >= target
    days.succ[row, cols[done & met]] = True
    days.value[row] = days.succ[row]
    if history.direction == "at_least":
        # An amount below an at-least target may still grow today; only a NO settles it.
        days.settled[row, cols[done & ~met]] = False


def build_days(histories: Mapping[int, HabitHistory], end: date,
               first: date | None = None) -> Days:
    """Stack the habits' days from the earliest first day (or `first`) to `end` inclusive."""
    ids = list(histories)
    starts = [habit_start(histories[i]).toordinal() for i in ids]
    origin = min([*starts, first.toordinal() if first else end.toordinal()])
    length = max(end.toordinal() - origin + 1, 0)
    shape = (len(ids), length)
    days = Days(
        habit_ids=np.asarray(ids, dtype=np.int64),
        origin=origin,
        start=np.asarray(starts, dtype=np.int64).reshape(-1) - origin,
        succ=np.zeros(shape, dtype=bool),
        skip=np.zeros(shape, dtype=bool),
        value=np.zeros(shape),
        settled=np.zeros(shape, dtype=bool),
        quota=np.zeros(len(ids)),
        span=np.zeros(len(ids), dtype=np.int64),
        weekdays=np.ones((len(ids), 7), dtype=bool),
        by_amount=np.asarray([histories[i].kind == "measurable" for i in ids], dtype=bool),
    )
    for row, habit_id in enumerate(ids):
        history = histories[habit_id]
        mask, quota, span = _rule(history)
        days.weekdays[row] = mask
        days.quota[row] = quota
        days.span[row] = span
        _fill(history, origin, row, days, quota)
    return days
