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

EntryArrays holds one habit's check-ins as arrays (day ordinals, state codes, amounts), for
the statistics to read without a Python loop over a {day: Entry} dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain
from operator import attrgetter

import numpy as np

from habitory.stats.schedule import (
    AMOUNT_MAX,
    AMOUNT_MIN,
    LOOP_RAW_MAX,
    LOOP_RAW_MIN,
    STATES,
    Entry,
    HabitHistory,
)

_CODE = {"not_done": 0, "done": 1, "skipped": 2}
if set(STATES) != set(_CODE):
    raise RuntimeError("check-in states changed: update daily._CODE")
_state, _amount = attrgetter("state"), attrgetter("amount")
DONE_CODE, NOT_DONE_CODE, SKIPPED_CODE = _CODE["done"], _CODE["not_done"], _CODE["skipped"]
_NAMES = tuple(sorted(_CODE, key=_CODE.__getitem__))  # index = code
_PLAIN = tuple(Entry(name) for name in _NAMES)
_SEARCHES = 8  # EntryArrays.get: lookups answered by a search before the dict is built


class EntryArrays(Mapping[date, Entry]):
    """A habit's check-ins as arrays, usable as HabitHistory.entries ({day: Entry}).

    insights/loader.py builds them straight from the database. rates.habit_days and
    strength.py read the arrays as they are (entry_arrays); anything that reads it as a
    mapping (statuses.auto_days, for one) gets a dict built once, on first use. `amounts` is
    None when the loader left them out (only measurable habits' statistics read them).
    """

    __slots__ = ("ordinals", "codes", "amounts", "_dict", "_lookups")

    def __init__(self, ordinals: np.ndarray, codes: np.ndarray,
                 amounts: np.ndarray | None = None) -> None:
        self.ordinals = ordinals  # int64 day ordinals, in no particular order
        self.codes = codes  # int8: 0 not_done, 1 done, 2 skipped
        self.amounts = amounts  # float64, NaN for no amount
        self._dict: dict[date, Entry] | None = None
        self._lookups = 0

    def _entries(self) -> dict[date, Entry]:
        if self._dict is None:
            days = map(date.fromordinal, self.ordinals.tolist())
            if self.amounts is None:
                self._dict = dict(zip(days, map(_PLAIN.__getitem__, self.codes.tolist()),
                                      strict=True))
            else:
                self._dict = {
                    day: _PLAIN[code] if amount != amount else Entry(_NAMES[code], amount)
                    for day, code, amount in zip(days, self.codes.tolist(),
                                                 self.amounts.tolist(), strict=True)}
        return self._dict

    def as_dict(self) -> dict[date, Entry]:
        """The plain dict underneath (statuses.plain_entries): for walks of many days."""
        return self._entries()

    def __getitem__(self, day: date) -> Entry:
        return self._entries()[day]

    def __iter__(self):
        return iter(self._entries())

    def __len__(self) -> int:
        return len(self.ordinals)

    # The dict's own views and lookups: Mapping's mixins would call __getitem__ per entry.
    def __contains__(self, day: object) -> bool:
        return day in self._entries()

    def get(self, day: date, default=None):
        if self._dict is None and self._lookups < _SEARCHES and isinstance(day, date):
            # Today's row asks for a day or two of years of check-ins: search the arrays
            # rather than build the dict (a few searches cost less than building it).
            self._lookups += 1
            found = np.flatnonzero(self.ordinals == day.toordinal())
            return self._entry_at(int(found[0])) if len(found) else default
        return self._entries().get(day, default)

    def _entry_at(self, index: int) -> Entry:
        code = int(self.codes[index])
        amount = None if self.amounts is None else float(self.amounts[index])
        return _PLAIN[code] if amount is None or amount != amount else Entry(_NAMES[code], amount)

    def keys(self):
        return self._entries().keys()

    def values(self):
        return self._entries().values()

    def items(self):
        return self._entries().items()


def entry_arrays(entries: Mapping[date, Entry], amounts: bool = False
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(ordinals, state codes, amounts or None) of a {day: Entry} mapping, NaN for no amount."""
    if isinstance(entries, EntryArrays):
        if amounts and entries.amounts is None:
            return entries.ordinals, entries.codes, np.full(len(entries), np.nan)
        return entries.ordinals, entries.codes, entries.amounts if amounts else None
    count = len(entries)
    # map/attrgetter keep the per-entry work in C: this is the hot loop for long histories.
    ords = np.fromiter(map(date.toordinal, entries), np.int64, count)
    codes = np.fromiter(map(_CODE.__getitem__, map(_state, entries.values())), np.int8, count)
    if not amounts:
        return ords, codes, None
    return ords, codes, np.fromiter(map(_amount, entries.values()), np.float64, count)


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
    logged: np.ndarray  # (H, L) bool: any check-in at all (the user used the app that day)
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
        due = cols >= self.start[:, None]
        weekly = ~self.weekdays.all(axis=1)
        if weekly.any():
            due[weekly] &= self.weekdays[weekly][:, self.weekday()]
        for span in np.unique(self.span[self.quota > 0]).tolist():
            rows = (self.quota > 0) & (self.span == span)
            # Amount logged in the `span` days before each day, from a running total.
            total = np.zeros((int(rows.sum()), self.length + 1))
            np.cumsum(self.value[rows], axis=1, out=total[:, 1:])
            got = total[:, :-1].copy()
            # A window longer than the calendar (a habit younger than its period) covers
            # every earlier column: nothing to subtract. The clamp keeps the stop >= 0 (a
            # negative stop would count from the end and give a non-empty slice).
            got[:, span:] -= total[:, :max(self.length - span, 0)]
            due[rows] &= got < self.quota[rows, None] - 1e-9  # float sums of amounts
        return due

    def logged_before(self, col: int) -> np.ndarray:
        """(H,) amount toward each habit's quota over the `span` days before column `col`."""
        out = np.zeros(len(self.quota))
        for span in np.unique(self.span[self.quota > 0]).tolist():
            rows = (self.quota > 0) & (self.span == span)
            out[rows] = self.value[rows, max(col - span, 0):col].sum(axis=1)
        return out


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


def _entries(histories: list[HabitHistory]) -> tuple[np.ndarray, ...]:
    """All check-ins of all habits as flat arrays: owner row, ordinal, state code, amount."""
    counts = np.fromiter(map(len, (h.entries for h in histories)), np.int64, len(histories))
    total = int(counts.sum())
    # One fromiter over every habit, with map/attrgetter: the per-entry work stays in C.
    ords = np.fromiter(chain.from_iterable(map(date.toordinal, h.entries) for h in histories),
                       np.int64, total)
    codes = np.fromiter(chain.from_iterable(
        map(_CODE.__getitem__, map(_state, h.entries.values())) for h in histories),
        np.int8, total)
    amounts = np.zeros(total)
    offset = 0
    for history, count in zip(histories, counts.tolist(), strict=True):
        if history.kind == "measurable":
            # A missing amount (None) becomes NaN here, then 0 below.
            amounts[offset:offset + count] = np.array(
                list(map(_amount, history.entries.values())), dtype=np.float64)
        offset += count
    owner = np.repeat(np.arange(len(histories)), counts)
    return owner, ords, codes, np.nan_to_num(amounts)  # no amount counts as 0


def build_days(histories: Mapping[int, HabitHistory], end: date,
               first: date | None = None) -> Days:
    """Stack the habits' days from the earliest first day (or `first`) to `end` inclusive."""
    ids = list(histories)
    habits = [histories[i] for i in ids]
    count = len(habits)
    owner, ords, codes, amounts = _entries(habits)
    created = np.fromiter((h.created.toordinal() for h in habits), np.int64, count)
    quit_ = np.fromiter((h.kind == "quit" for h in habits), bool, count)
    earliest = created.copy()
    np.minimum.at(earliest, owner, ords)  # an imported history can begin before creation
    starts = np.where(quit_, created, earliest)  # a quit habit counts clean days from creation
    origin = int(min(starts.min(initial=end.toordinal()),
                     first.toordinal() if first else end.toordinal()))
    length = max(end.toordinal() - origin + 1, 0)
    rules = [_rule(h) for h in habits]
    measurable = np.fromiter((h.kind == "measurable" for h in habits), bool, count)
    quota = np.fromiter((r[1] for r in rules), np.float64, count)
    days = Days(
        habit_ids=np.asarray(ids, dtype=np.int64),
        origin=origin,
        start=starts - origin,
        succ=np.zeros((count, length), dtype=bool),
        skip=np.zeros((count, length), dtype=bool),
        value=np.zeros((count, length)),
        settled=np.zeros((count, length), dtype=bool),
        logged=np.zeros((count, length), dtype=bool),
        quota=quota,
        span=np.fromiter((r[2] for r in rules), np.int64, count),
        weekdays=np.array([r[0] for r in rules], dtype=bool).reshape(count, 7),
        by_amount=measurable & (quota > 0),
    )
    cols = ords - origin
    inside = (cols >= 0) & (cols < length)
    owner, cols, codes, amounts = owner[inside], cols[inside], codes[inside], amounts[inside]
    done = codes == 1
    days.skip[owner[codes == 2], cols[codes == 2]] = True
    days.logged[owner, cols] = True
    days.settled[owner, cols] = True  # any check-in decides its day, with one exception below
    # Quit habits: clean from creation on, unless a slip (not_done) is logged or the day is
    # skipped, set aside (is_success).
    days.succ[quit_] = np.arange(length) >= (created[quit_] - origin)[:, None]
    slip = quit_[owner] & (codes != 1)
    days.succ[owner[slip], cols[slip]] = False
    plain = ~quit_[owner] & ~measurable[owner] & done
    days.succ[owner[plain], cols[plain]] = True
    days.value[:] = days.succ
    _measurable(habits, days, owner, cols, done & measurable[owner], amounts)
    return days


def loop_stored(amounts: np.ndarray) -> np.ndarray:
    """Each amount as Loop stores it (thousandths, within its Int range), as meets_target
    compares it: schedule.loop_raw for arrays (NaN stays NaN)."""
    scaled = np.clip(amounts, AMOUNT_MIN, AMOUNT_MAX) * 1000 + 0.5
    return np.floor(np.clip(scaled, LOOP_RAW_MIN, LOOP_RAW_MAX)) / 1000


def _measurable(habits: list[HabitHistory], days: Days, owner: np.ndarray, cols: np.ndarray,
                done: np.ndarray, amounts: np.ndarray) -> None:
    """Successes of measurable habits: the day's amount meets the target, or adds to a quota."""
    if not done.any():
        return
    target = np.fromiter((float(h.target or 0.0) for h in habits), np.float64, len(habits))
    at_most = np.fromiter((h.direction == "at_most" for h in habits), bool, len(habits))
    owner, cols, amounts = owner[done], cols[done], amounts[done]
    stored = loop_stored(amounts)
    goal = target[owner]
    met = np.where(at_most[owner], stored <= goal, stored >= goal)
    quota = days.by_amount[owner]
    days.value[days.by_amount] = 0.0
    days.value[owner[quota], cols[quota]] = np.maximum(stored[quota], 0.0)
    ok = np.where(quota, stored > 0, met)  # toward a quota, any progress counts as done
    days.succ[owner[ok], cols[ok]] = True
    days.value[owner[ok & ~quota], cols[ok & ~quota]] = 1.0
    # An amount below an at-least target may still grow today: only "not done" settles it.
    open_ = ~quota & ~met & ~at_most[owner]
    days.settled[owner[open_], cols[open_]] = False
