"""The Insights charts' tables: moving completion rates, and counts per month, ISO week and
weekday, for each habit and pooled over all of them (rates.py defines the days they count)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from habitory.stats.rates import HabitDays, Rate
from habitory.stats.statuses import day_range


@dataclass(frozen=True, eq=False)
class DayMatrix:
    """Habits' flags on one calendar (ordinals start..end): a row per habit, then a pooled row."""

    start: int
    end: int
    due: np.ndarray  # (habits + 1) x days, int64
    success: np.ndarray
    completed: np.ndarray

    def columns(self, flags: str, start: int, end: int) -> np.ndarray:
        """The named flags of every row for ordinals start..end, which must lie inside."""
        if start < self.start or end > self.end:
            raise ValueError("the matrix does not cover the days asked for")
        return getattr(self, flags)[:, start - self.start:end - self.start + 1]

    def weeks(self, flags: str, start: int, end: int, first_day: int = 0) -> np.ndarray:
        """The columns start..end as rows x weeks x 7, zero-padded to whole weeks that begin
        on `first_day` (Monday = 0, the default)."""
        front = (start - 1 - first_day) % 7  # ordinal 1 is a Monday
        back = -(front + end - start + 1) % 7
        data = np.pad(self.columns(flags, start, end), ((0, 0), (front, back)))
        return data.reshape(data.shape[0], -1, 7)


def day_matrix(days_list: Sequence[HabitDays], start: date, today: date) -> DayMatrix:
    """The habits' due, success and completed flags from start to today, plus a pooled row."""
    s, t = start.toordinal(), today.toordinal()
    stacked = []
    for name in ("due", "success", "completed"):
        rows = np.zeros((len(days_list) + 1, max(t - s + 1, 0)), np.int64)
        for row, days in zip(rows, days_list, strict=False):
            days.window(name, s, t, out=row)
        rows[-1] = rows[:-1].sum(axis=0)
        stacked.append(rows)
    return DayMatrix(s, t, *stacked)


@dataclass(frozen=True)
class RollingSeries:
    """Moving completion rates in percent (None with nothing due), every `step` days to today."""

    start: date
    step: int  # 1, or 7 for periods over a year: one value a week keeps the chart light
    rolling_7: list[float | None]
    rolling_30: list[float | None]
    # window -> (successes, due days) behind each value, for the tables' whole percents.
    counts: dict[int, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, compare=False, repr=False)

    @property
    def days(self) -> tuple[date, ...]:
        """The dates of the values, for the chart's labels."""
        end = self.start + timedelta(days=(len(self.rolling_7) - 1) * self.step)
        return day_range(self.start, end)[::self.step]

    def rates(self, window: int) -> list[Rate]:
        """The `window`-day values as Rates (successes out of due days), oldest first."""
        done, due = self.counts[window]
        return [Rate(*pair) for pair in zip(done.tolist(), due.tolist(), strict=True)]


def rolling_counts(matrix: DayMatrix, start: date, today: date, window: int, step: int = 1
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Per row, successes and due days in the `window` days ending on every `step`th day
    counting back from today, from start on."""
    s, t = start.toordinal(), today.toordinal()
    ends = np.arange(window + (t - s) % step, t - s + window + 1, step)  # each window's end
    due, done = (np.pad(np.cumsum(matrix.columns(name, s - window + 1, t), axis=1),
                        ((0, 0), (1, 0))) for name in ("due", "success"))
    return done[:, ends] - done[:, ends - window], due[:, ends] - due[:, ends - window]


def percents(done: np.ndarray, due: np.ndarray) -> list:
    """done / due in percent, one decimal, None with nothing due: lists ready for JSON."""
    pct = np.round(100 * done / np.maximum(due, 1), 1).astype(object)
    pct[due == 0] = None
    return pct.tolist()


class _Tally:
    """Successes out of due days, for the month and week stats."""

    successes: int
    due: int

    @property
    def rate(self) -> Rate:
        """The successes and due days as a Rate."""
        return Rate(self.successes, self.due)


@dataclass(frozen=True)
class MonthStat(_Tally):
    """One calendar month: completions, and successes out of due days."""

    month: date  # the first of the month
    completions: int
    successes: int
    due: int


@dataclass(frozen=True)
class WeekStat(_Tally):
    """One ISO week (the current one so far): successes out of due days."""

    week_start: date  # the user's first day of the week (a Monday by default)
    successes: int
    due: int

    @property
    def label(self) -> str:
        """The ISO week, e.g. 2025-W14."""
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


def monthly_stats(matrix: DayMatrix, today: date, months: int = 12) -> list[list[MonthStat]]:
    """Per row, completions and rates for the last `months` calendar months, this one last."""
    count = today.year * 12 + today.month - 1 - (months - 1)
    firsts = [date((count + i) // 12, (count + i) % 12 + 1, 1) for i in range(months)]
    s, t = firsts[0].toordinal(), today.toordinal()
    cuts = [first.toordinal() - s for first in firsts]
    sums = [np.add.reduceat(matrix.columns(name, s, t), cuts, axis=1).tolist()
            for name in ("completed", "success", "due")]
    return [[MonthStat(*month) for month in zip(firsts, *row, strict=True)]
            for row in zip(*sums, strict=True)]


def iso_week_stats(matrix: DayMatrix, today: date, weeks: int = 26,
                   first_day: int = 0) -> list[list[WeekStat]]:
    """Per row, the share of due habit-days done in each of the last `weeks` weeks (ISO weeks,
    or weeks that begin on `first_day`: 6 for Sunday)."""
    first = today - timedelta(days=(today.weekday() - first_day) % 7 + 7 * (weeks - 1))
    s, t = first.toordinal(), today.toordinal()
    mondays = [first + timedelta(weeks=i) for i in range(weeks)]
    sums = [matrix.weeks(name, s, t, first_day).sum(axis=2).tolist()
            for name in ("success", "due")]
    return [[WeekStat(*week) for week in zip(mondays, *row, strict=True)]
            for row in zip(*sums, strict=True)]


def weekday_counts(matrix: DayMatrix, start: date, today: date) -> tuple[np.ndarray, np.ndarray]:
    """Per row, successes and due days on each weekday (Monday first) from start to today."""
    s, t = start.toordinal(), today.toordinal()
    return matrix.weeks("success", s, t).sum(axis=1), matrix.weeks("due", s, t).sum(axis=1)


@dataclass(frozen=True, eq=False)
class Charts:
    """The chart series of one habit, or of all of them pooled."""

    monthly: list[MonthStat]  # the last 12 calendar months, this one last
    weekly: list[WeekStat]  # the last 26 ISO weeks, this one last
    weekdays: list[Rate]  # Monday first, over the period
    rolling: RollingSeries  # 7- and 30-day moving rates over the period


def charts(days_list: Sequence[HabitDays], start: date, today: date,
           first_day: int = 0) -> list[Charts]:
    """Chart series for the period from start to today: one per habit, then the pooled one
    (weekly series in weeks that begin on `first_day`, Monday = 0)."""
    month = today.year * 12 + today.month - 12
    lo = min(start - timedelta(days=29), date(month // 12, month % 12 + 1, 1),
             today - timedelta(days=(today.weekday() - first_day) % 7 + 7 * 25))
    matrix = day_matrix(days_list, lo, today)
    weekdays = zip(*(a.tolist() for a in weekday_counts(matrix, start, today)), strict=True)
    step = 7 if (today - start).days >= 366 else 1
    first = start + timedelta(days=(today - start).days % step)
    counts = {n: rolling_counts(matrix, start, today, n, step) for n in (7, 30)}
    rolling = zip(*(percents(*counts[n]) for n in (7, 30)), strict=True)
    return [Charts(m, w, [Rate(*day) for day in zip(*wd, strict=True)],
                   RollingSeries(first, step, *r, counts={
                       n: (done[row], due[row]) for n, (done, due) in counts.items()}))
            for row, (m, w, wd, r) in enumerate(zip(
                monthly_stats(matrix, today), iso_week_stats(matrix, today, first_day=first_day),
                weekdays, rolling, strict=True))]
