"""Build a GitHub-style year grid (weeks by weekdays) of cells with levels and labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache

from flask_babel import ngettext

from habitory.domain import history
from habitory.domain.day_counts import DayCount, day_counts
from habitory.i18n import DEFAULT_LANGUAGE, locale_name
from habitory.locale_formats import medium_date, month_names, short_date, weekday_names
from habitory.models import Habit
from habitory.stats.schedule import Entry, history_from, sane_amount
from habitory.stats.statuses import day_statuses
from habitory.views.counted_days import LEVELS, SHADES, as_counted, key_statuses, limit_words
from habitory.wording import labelled, words


@dataclass(frozen=True)
class Cell:
    day: date
    in_year: bool
    future: bool
    level: int = 0  # 0..4, the colour step
    status: str = "unknown"  # for one habit's calendar
    done: int = 0  # overall view: habits done
    due: int = 0  # overall view: habits that could be done
    note: str | None = None  # one habit's calendar: the day's note
    # The reader's language, looked up once per grid (a year has 371 labels to word).
    locale: str = DEFAULT_LANGUAGE
    # Overall view: of `due`, the habits with set days (daily, chosen weekdays), which a day
    # needs for "everything done"; None: all of them (a "3× a week" habit is not needed daily).
    needed: int | None = None
    needed_done: int | None = None

    @property
    def id(self) -> str:
        return f"cell-{self.day.isoformat()}"

    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def short_day(self) -> str:
        """'Wed 25 Nov' (names from tuples: strftime per cell was a tenth of the page)."""
        return short_date(self.day, self.locale)

    @property
    def when(self) -> str:
        """'Wed 25 Nov 2026'."""
        return medium_date(self.day, self.locale)

    @property
    def shade(self) -> str:
        """The status the cell looks like (data-status): a day over a period's limit, a miss."""
        return SHADES.get(self.status, self.status)

    def says(self, words: dict[str, str]) -> str:
        """The day's status in words: `words` (wording.status_words of the habit's kind), or
        those of a day its period's total judges (counted_days.LIMIT_WORDS)."""
        return words.get(self.status) or limit_words(self.locale)[self.status]

    @cached_property
    def label(self) -> str:
        when = self.when
        if self.due:
            return _done_of(self.done, self.locale) % {"when": when, "due": self.due}
        return labelled(when, words("status", self.locale).get(self.status, self.status),
                        self.locale)


@lru_cache(maxsize=512)
def _done_of(done: int, locale: str) -> str:
    # Translated once per count and language: a year has 371 of these labels. The words agree
    # with the habits done: "1 habit done out of 3", "1 habitude faite sur 3".
    return ngettext("%%(when)s: %(num)d habit done out of %%(due)s",
                    "%%(when)s: %(num)d habits done out of %%(due)s", done)


@dataclass(frozen=True)
class YearGrid:
    year: int
    weeks: list[list[Cell]]  # columns of seven cells, from the user's first day of the week
    months: list[tuple[int, str]]  # (column span, month label) for the header row

    def rows(self) -> list[tuple[str, list[Cell]]]:
        """Weekday rows for a table: (weekday name, cells across the weeks)."""
        names = weekday_names()
        return [(names[self.weeks[0][i].day.weekday()], [week[i] for week in self.weeks])
                for i in range(7)]

    def key_words(self, words: dict[str, str]) -> dict[str, str]:
        """The calendar's key: the habit kind's status `words` and a period's total's."""
        return {**words, **limit_words(locale_name())}

    def key(self, habit: Habit) -> list[tuple[str, int, str]]:
        """The calendar's key: (status, level, look) of each status `habit`'s days can have,
        in the order of the scale, so each swatch takes its days' very colours."""
        return [(status, LEVELS.get(status, 0), SHADES.get(status, status))
                for status in key_statuses(habit)]

    def find(self, day: date) -> Cell | None:
        for week in self.weeks:
            for cell in week:
                if cell.day == day:
                    return cell
        return None


def grid_days(year: int, first_day: int = 0) -> list[date]:
    """Every day from the first day of the week (Monday = 0) on or before 1 January to the
    last day of the week on or after 31 December."""
    first = date(year, 1, 1)
    start = first - timedelta(days=(first.weekday() - first_day) % 7)
    last = date(year, 12, 31)
    end = last + timedelta(days=(first_day - 1 - last.weekday()) % 7)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _assemble(year: int, cells: list[Cell]) -> YearGrid:
    weeks = [cells[i:i + 7] for i in range(0, len(cells), 7)]
    months: list[tuple[int, str]] = []
    names = month_names()
    for week in weeks:
        # A column belongs to the month of its first in-year day that starts a month, so the
        # label sits over the week where the month begins.
        label = ""
        for cell in week:
            if cell.in_year and (cell.day.day == 1 or cell.day == date(year, 1, 1)):
                label = names[cell.day.month - 1]
        if label or not months:
            months.append((1, label))
        else:
            span, text = months[-1]
            months[-1] = (span + 1, text)
    return YearGrid(year, weeks, months)


def _level(share: float) -> int:
    if share <= 0:
        return 0
    if share < 0.34:
        return 1
    if share < 0.67:
        return 2
    if share < 1:
        return 3
    return 4


def overall_year(user_id: int, year: int, today: date, first_day: int = 0) -> YearGrid:
    """The overall view: intensity by the share of the user's due habits done that day, each
    habit's day judged as Today judges it (domain/day_counts.py)."""
    days = grid_days(year, first_day)
    counts = day_counts(user_id, days[0], days[-1], today)
    cells, locale = [], locale_name()
    for day in days:
        in_year, future = day.year == year, day > today
        count = counts.get(day, DayCount()) if in_year and not future else DayCount()
        share = count.done / count.due if count.due else 0.0
        cells.append(Cell(day, in_year, future, _level(share), "done" if share >= 1 else
                          "unknown", count.done, count.due, needed=count.needed,
                          needed_done=count.needed_done, locale=locale))
    return _assemble(year, cells)


def habit_year(habit: Habit, year: int, today: date, first_day: int = 0):
    """One habit's year: each day done / covered / skipped / missed / not scheduled (or, "at
    most", within the limit or over a period's), with notes."""
    return _habit_grid(habit, year, today, first_day)[0]


@dataclass(frozen=True)
class DayBefore:
    """A day as the habit's calendar drew it before a change: its check-in and the habit's
    start (which a day logged before it moves back)."""

    created: date
    entry: Entry | None

    @classmethod
    def of(cls, habit: Habit, checkin) -> DayBefore:
        """Read from the habit and the day's check-in (None: no row) before they change."""
        entry = None if checkin is None else Entry(checkin.state, sane_amount(checkin.amount))
        return cls(habit.created_on, entry)


def toggled_cells(habit: Habit, day: date, today: date, before: DayBefore,
                  first_day: int = 0) -> tuple[Cell, list[Cell]]:
    """After a change to `day`: its cell, and the other days of its year whose cells are drawn
    otherwise than before the change. One tick of a "3 times in 7 days" habit can cover or
    uncover days around it (Loop's intervals slide), and a day logged before the habit's
    start makes the days between missed: comparing whole years finds them all, for any
    schedule, and the answer stays a few cells instead of the year (about 80 KB)."""
    after, entries = _habit_grid(habit, day.year, today, first_day)
    entries = dict(entries)
    if before.entry is None:
        entries.pop(day, None)
    else:
        entries[day] = before.entry
    drawn = _statuses(habit, before.created, entries, after.weeks[0][0].day,
                      after.weeks[-1][-1].day, today)
    cell, changed = None, []
    for week in after.weeks:
        for other in week:
            if other.day == day:
                cell = other
            elif (other.in_year and not other.future
                  and drawn.get(other.day, "unknown") != other.status):
                changed.append(other)
    return cell, changed


def _statuses(habit: Habit, created: date, entries, first: date, last: date,
              today: date) -> dict[date, str]:
    full = history_from(habit, created, entries)
    statuses = day_statuses(full, first, min(last, today), today=today)
    return as_counted(full, statuses, first, today)


def _habit_grid(habit: Habit, year: int, today: date, first_day: int):
    """The year's grid, with the check-ins it was drawn from."""
    days = grid_days(year, first_day)
    # Automatic checkmarks look back up to one period, so read that far before the grid.
    since = days[0] - timedelta(days=max(habit.freq_den, 7))
    entries = history.entries_for([habit.id], since=since, until=days[-1]).get(habit.id, {})
    statuses = _statuses(habit, habit.created_on, entries, days[0], days[-1], today)
    notes = history.notes_between(habit.id, days[0], days[-1])
    cells, locale = [], locale_name()
    for day in days:
        status = statuses.get(day, "unknown") if day <= today else "unknown"
        level = LEVELS.get(status, 0)
        cells.append(Cell(day, day.year == year, day > today, level, status,
                          note=notes.get(day), locale=locale))
    return _assemble(year, cells), entries


def years_since(start: date | None, today: date) -> list[int]:
    """Years from `start` (a habit's created_on, or the oldest of them) to this year, newest
    first. A habit's start moves back when older history is logged or imported, so it is the
    first check-in too, without scanning the check-ins."""
    first_year = min(start.year, today.year) if start else today.year
    return list(range(today.year, first_year - 1, -1))
