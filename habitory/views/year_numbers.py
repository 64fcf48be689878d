"""The overall calendar's year in numbers: days with everything done, the best month, the
longest run of such days. Computed from the year grid's cells (views/heatmap.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from habitory.stats.rates import Rate
from habitory.views.heatmap import YearGrid

REST_DAYS_MAX = 6  # days with nothing due that a run of full days may pass over


@dataclass(frozen=True)
class Month:
    first: date  # the first of the month
    done: int  # habit-days done
    due: int  # habit-days due

    @property
    def percent(self) -> int:
        return Rate(self.done, self.due).percent  # rounded half up, as every page rounds


@dataclass(frozen=True)
class Run:
    length: int  # days with everything done
    start: date
    end: date


@dataclass(frozen=True)
class YearNumbers:
    perfect_days: int  # days on which every habit needed that day was done
    due_days: int  # days so far on which at least one habit was needed
    best_month: Month | None  # the highest share of due habit-days done; None: nothing done
    longest_run: Run | None  # perfect days in a row


def year_numbers(grid: YearGrid) -> YearNumbers:
    """The numbers under the calendar. A day with nothing due neither counts nor breaks a run
    (the rest days of a Mon-Wed-Fri schedule keep it going), but more than a week of them
    does (every habit archived for a while); today, still open, may end it. A day needs its
    habits with set days; flexible ones ("3× a week") count towards the months' shares only,
    or no day could be complete without doing them daily."""
    cells = sorted((cell for week in grid.weeks for cell in week
                    if cell.in_year and not cell.future and cell.due), key=lambda c: c.day)
    months: dict[date, list[int]] = {}
    perfect = 0
    best: Run | None = None
    start = end = None
    length = 0
    needed_days = 0
    for cell in cells:
        month = months.setdefault(cell.day.replace(day=1), [0, 0])
        month[0] += cell.done
        month[1] += cell.due
        needed = cell.due if cell.needed is None else cell.needed
        needed_done = cell.done if cell.needed_done is None else cell.needed_done
        if not needed:
            continue
        needed_days += 1
        if length and (cell.day - end).days > REST_DAYS_MAX + 1:
            length = 0
        if needed_done >= needed:
            perfect += 1
            start, end, length = (start if length else cell.day), cell.day, length + 1
            if best is None or length > best.length:
                best = Run(length, start, end)
        else:
            length = 0
    # A month in which nothing was done is no "best month", even when every month is at 0 %.
    best_month = max((Month(first, done, due) for first, (done, due) in months.items()
                      if done), key=lambda m: (m.done / m.due, m.done), default=None)
    return YearNumbers(perfect, needed_days, best_month, best)
