"""Dashboard rows: a habit with its streak, last seven days and today's progress.

The strings each row repeats (labels of the seven day buttons, aria-pressed values) are made
here once per day rather than in the template once per cell: the rows are most of the
dashboard's time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from flask_babel import gettext as _

from habitory import wording
from habitory.domain import habits as habit_store
from habitory.domain.history import entries_for, histories, history_of
from habitory.i18n import locale_name, translate
from habitory.locale_formats import number, short_date
from habitory.models import Habit, Tag
from habitory.stats.schedule import HabitHistory, Schedule, period_target
from habitory.stats.status_arrays import counted_status
from habitory.stats.statuses import day_status, day_statuses
from habitory.stats.streaks import current_streak
from habitory.wording import direction_words, labelled, status_words, today_unknown

# The dashboard reads this many days; a streak that reaches further back triggers one more
# query for just the habits that need their whole history.
RECENT_DAYS = 64
WEEK_CELLS = 7

PRESSED = {"done": "true", "skipped": "mixed"}
# The statuses aria-pressed does not already tell apart from "not done yet" (false): only these
# day buttons carry a data-status (twenty rows of seven cells; the CSS reads both attributes).
SHADED = frozenset({"auto", "missed", "unscheduled"})


class DayCell(NamedTuple):
    """One of the seven small day buttons."""

    iso: str
    number: int
    status: str
    pressed: str
    label: str  # "Wed 25 Nov: done"
    shade: str  # the status for data-status when aria-pressed does not tell it, else ""


@lru_cache(maxsize=256)
def _day_names(day: date, locale: str) -> tuple[str, str]:
    # `locale` keeps the languages' names apart (short_date reads the request's).
    return day.isoformat(), short_date(day)


@lru_cache(maxsize=16)
def _row_words(locale: str) -> dict[str, str]:
    # Twenty rows say these: looked up once per language (each row fills in its name).
    return {"today": _("%(name)s, today: %(status)s"),
            "slip": _("%(name)s: log a slip, today: %(status)s"),
            "week": _("%(name)s: last 7 days"), "actions": _("Actions for %(name)s"),
            "quitting": _("quitting")}


@lru_cache(maxsize=1024)
def _schedule_words(schedule: Schedule, locale: str) -> str:
    return translate(schedule.describe())


@lru_cache(maxsize=1024)
def _streak_words(locale: str, quit_habit: bool, streak: int) -> str:
    if not streak:
        return _("No streak yet")
    # wording's ngettext writes the count the reader's way: "1,826-day streak", "1.826 Tage".
    if quit_habit:
        return wording.ngettext("clean for %(num)s day", "clean for %(num)s days", streak)
    return wording.ngettext("%(num)s-day streak", "%(num)s-day streak", streak)


@dataclass
class HabitRow:
    """Everything one dashboard row shows."""

    habit: Habit
    history: HabitHistory
    today: date
    streak: int = 0
    statuses: dict[date, str] = field(default_factory=dict)
    prediction: object | None = None  # models.Prediction for tomorrow, when one is stored

    @property
    def today_status(self) -> str:
        return self.statuses.get(self.today, "unknown")

    @property
    def today_state(self) -> str | None:
        entry = self.history.entries.get(self.today)
        return entry.state if entry else None

    @property
    def today_amount(self) -> float | None:
        entry = self.history.entries.get(self.today)
        return entry.amount if entry else None

    @property
    def words(self) -> dict[str, str]:
        """The row's phrases in the reader's language (translated once per language)."""
        return _row_words(locale_name())

    @property
    def toggle_label(self) -> str:
        """'Read, today: done'; 'Smoking: log a slip, today: not done yet'."""
        key = "slip" if self.habit.kind == "quit" else "today"
        return self.words[key] % {"name": self.habit.name, "status": self.today_words}

    @property
    def week_label(self) -> str:
        return self.words["week"] % {"name": self.habit.name}

    @property
    def actions_label(self) -> str:
        return self.words["actions"] % {"name": self.habit.name}

    @property
    def streak_label(self) -> str:
        """'12-day streak', 'clean for 3 days', 'No streak yet'."""
        return _streak_words(locale_name(), self.habit.kind == "quit", self.streak)

    @property
    def today_words(self) -> str:
        """Today's status for a screen reader ("not done yet" while the day is open)."""
        status = self.today_status
        return today_unknown() if status == "unknown" else status_words(self.habit.kind)[status]

    @property
    def today_pressed(self) -> str:
        """aria-pressed of today's toggle: for a quit habit, pressed means a slip is logged."""
        status = self.today_status
        if status == "skipped":
            return "mixed"
        if self.habit.kind == "quit":
            return "true" if self.today_state == "not_done" else "false"
        return "true" if status == "done" else "false"

    @property
    def week(self) -> list[DayCell]:
        """The last seven days, oldest first."""
        words, locale, not_yet = status_words(self.habit.kind), locale_name(), today_unknown()
        cells = []
        for back in range(WEEK_CELLS - 1, -1, -1):
            day = self.today - timedelta(days=back)
            iso, name = _day_names(day, locale)
            status = self.statuses.get(day, "unknown")
            said = not_yet if back == 0 and status == "unknown" else words[status]
            cells.append(DayCell(iso, day.day, status, PRESSED.get(status, "false"),
                                 labelled(name, said, locale),
                                 status if status in SHADED else ""))
        return cells

    @property
    def schedule_text(self) -> str:
        return _schedule_words(self.history.schedule, locale_name())

    @property
    def plan_text(self) -> str:
        """How often, and the target: "Every day · at least 8 glasses". A target per several
        days says its period instead ("at most 3 cups a week"): "Once a week" would read as
        one day a week."""
        return self._plan(self.target_text)

    @property
    def full_plan_text(self) -> str:
        """plan_text, the target's period said also when it is a day (the habit's page)."""
        return self._plan(self.target_period_text)

    def _plan(self, target: str) -> str:
        if period_target(self.history):
            return self.target_period_text
        return f"{self.schedule_text} · {target}" if target else self.schedule_text

    @property
    def target_text(self) -> str:
        """A measurable habit's target, "at least 8 glasses"; empty for the other kinds."""
        habit = self.habit
        if habit.kind != "measurable" or habit.target is None:
            return ""
        unit = f" {habit.unit}" if habit.unit else ""
        words = direction_words()
        return f"{words.get(habit.direction, words['at_least'])} {number(habit.target)}{unit}"

    @property
    def target_period_text(self) -> str:
        """The target with the period it is judged over: "at least 8 glasses a day", "at most
        3 cups a week" (a target per several days is the period's sum, as Loop's)."""
        target = self.target_text
        if not target:
            return ""
        den = self.history.schedule.loop_frequency[1] if period_target(self.history) else 1
        if den == 1:
            return _("%(target)s a day", target=target)
        if den == 7:
            return _("%(target)s a week", target=target)
        if den in (30, 31):
            return _("%(target)s a month", target=target)
        return _("%(target)s in %(days)s days", target=target, days=den)


def build_rows(habits: list[Habit], today: date, recent=None) -> list[HabitRow]:
    """Rows for the dashboard with a fixed number of queries, whatever the number of habits.

    `recent`, when given, holds at least the last RECENT_DAYS days of each habit's check-ins.
    """
    since = today - timedelta(days=RECENT_DAYS - 1)
    if recent is None:
        recent = entries_for([h.id for h in habits], since=since)
    rows = [HabitRow(habit, history_of(habit, recent.get(habit.id, {})), today)
            for habit in habits]
    # A streak that runs into the window's first day may be longer: read those habits' whole
    # histories, in one more query. (Widening the window step by step re-read the same days
    # and walked the streak again at each step: 0.2 s for a Loop veteran's 5-year streaks.)
    cut_short = _cut_short(rows, today, since)
    if cut_short:
        whole = histories([r.habit for r in cut_short])  # packed by the database: years fast
        for row in cut_short:
            row.history = whole[row.habit.id]
            row.streak = current_streak(row.history, today)
    week_start = today - timedelta(days=WEEK_CELLS - 1)
    for row in rows:
        row.statuses = day_statuses(row.history, week_start, today, today=today)
        row.statuses[today] = today_counted(row.history, row.statuses[today], today)
    return rows


def today_counted(history: HabitHistory, status: str, today: date) -> str:
    """Today's status as the rates count it (status_arrays.counted_status): a habit judged by
    its amounts is done when its limit or its period's target keeps the day (10 km completing
    20 km a week), missed when it does not (a cup under an "at most 3 a week" limit the week
    went over). The check-ins read must reach a period back from today."""
    return counted_status(history, today, status, today)


def _reach(habit: Habit) -> int:
    """How many days before a day its status may depend on: Loop's interval of an "N in D
    days" habit (a calendar month, up to 31 days, for D = 30 or 31), a weekday schedule's gap
    (unscheduled days bridge back to the last due one)."""
    return max(habit.freq_den, 31 if habit.freq_den in (30, 31) else 1,
               7 if habit.weekdays else 1)


def _cut_short(rows: list[HabitRow], today: date, since: date) -> list[HabitRow]:
    """Rows the loaded days (from `since`) cannot judge: a streak that begins within its
    habit's reach of `since`, or a period so long that the week's own days need older check-ins.

    Sets each row's streak on the way: a streak judged on the loaded days alone is final.
    """
    short = []
    for row in rows:
        row.streak = current_streak(row.history, today)
        if row.habit.created_on >= since:
            continue  # the window holds its whole history
        reach = _reach(row.habit)
        first = today - timedelta(days=row.streak)  # on or before the streak's first day
        # The window's first `reach` days are judged without the days before them (a monthly
        # check before the window covers them; a weekday habit's Monday bridges back to the
        # Friday before): a streak beginning there, or a week that far back, needs them.
        if reach > (today - since).days - WEEK_CELLS or (
                row.streak and (first - since).days < reach):
            short.append(row)
    return short


def build_row(habit: Habit, today: date) -> HabitRow:
    """One row, for the response to a change in it."""
    return build_rows([habit], today)[0]


# Not due today: nothing scheduled, or skipped (a skip sets the day aside, as in Loop: a habit
# skipped today would otherwise keep "all done" out of reach).
NOT_DUE = frozenset({"unscheduled", "skipped"})


def _count(statuses) -> tuple[int, int]:
    due = [s for s in statuses if s not in NOT_DUE]
    return sum(s in ("done", "auto") for s in due), len(due)


def progress(rows: list[HabitRow]) -> tuple[int, int]:
    """(done, due) for today: habits not scheduled or skipped today are not due."""
    return _count(r.today_status for r in rows)


def row_and_progress(habit: Habit, today: date, tag: Tag | None = None):
    """The changed habit's row and today's (done, due) over the listed habits, in two queries
    (a streak longer than RECENT_DAYS widens the row's window with one more)."""
    listed = habit_store.schedules_of(habit.user_id, tag)
    # The days each schedule needs to know today's status: "3 in 7 days" looks back 7.
    lookback = max([h.freq_den for h in listed] + [7])
    since = today - timedelta(days=RECENT_DAYS - 1)
    short_since = today - timedelta(days=lookback)
    ids = list(dict.fromkeys([habit.id] + [h.id for h in listed]))
    if short_since <= since:
        recent = entries_for(ids, since=short_since)
    else:  # the changed habit's 64 days, and the few each other schedule needs
        recent = entries_for(ids, since=short_since, wider=(habit.id, since))
    loaded = (history_of(h, recent.get(h.id, {})) for h in listed)
    done, due = _count(today_counted(past, day_status(past, today, today=today), today)
                       for past in loaded)
    return build_rows([habit], today, recent)[0], done, due
