"""Shared pieces of the coaching rules: findings, settings, and each habit's recent days.

A HabitView reads the statuses of one habit's recent window once (Loop-compatible, from
schedule.py) and reduces each day to an outcome letter, so every rule counts with str.count:
    S  success: done, or covered by Loop's automatic checkmarks (a 3×/week habit done 3×)
    M  miss: a due day that was not done (for a quit habit, a slip; for an "at most" limit,
       a day over it: a day with nothing logged is within it, as Loop's strength counts it)
    K  skipped by the user: never a miss, never in a rate
    U  not scheduled (weekday habits), even if done: only due days count
    N  nothing to say: before the habit existed, or its creation day left undone
The creation day counts only when done: a habit added in the evening has not been missed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import accumulate

from habitory.stats.phrases import DAY_WORDS, MONTH_WORDS, N_, NP_, Msg
from habitory.stats.schedule import (
    AUTO,
    DONE,
    MISSED,
    SKIPPED,
    UNKNOWN,
    UNSCHEDULED,
    HabitHistory,
    Schedule,
    target_value,
)
from habitory.stats.statuses import auto_days, day_range, status_on

KINDS = ("missed", "low_consistency", "suggestion", "milestone", "welcome", "at_risk")
CATEGORIES = frozenset({"alerts", "suggestions", "milestones"})
SEVERITIES = ("info", "warning", "success")
CATEGORY_OF = {
    "missed": "alerts",
    "low_consistency": "alerts",
    "suggestion": "suggestions",
    "welcome": "suggestions",
    "at_risk": "suggestions",
    "milestone": "milestones",
}

RATE_DAYS = 30  # the completion-rate window, compared with the 30 days before it
MIN_AGE_DAYS = 14  # younger habits have too few due days for a rate to mean anything
MIN_DUE_DAYS = 4  # ... and so does any window with fewer due days than this
WINDOW_DAYS = 60  # two rate windows; 8 weeks of weekdays fit inside
FRESH_DAYS = 7  # an alert about an older day would be news from last week: let it go

# English names without strftime: it follows the server's locale, and glibc re-reads the
# timezone file on every call, which was the slowest part of a finding.
OUTCOME = {DONE: "S", AUTO: "S", MISSED: "M", SKIPPED: "K", UNSCHEDULED: "U", UNKNOWN: "N"}
_EXTENDS = frozenset({DONE, AUTO, SKIPPED})
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class RuleSettings:
    """A user's choices: when misses deserve an alert, what rate is low, which categories."""

    missed_days: int = 2  # scheduled days missed in a row before an alert
    low_rate_threshold: float = 0.5  # a 30-day completion rate below this is low
    drop_points: float = 25  # ... and so is a fall of more than this many points
    enabled: frozenset[str] = CATEGORIES  # categories to produce: alerts, suggestions, milestones

    def __post_init__(self) -> None:
        if not 1 <= self.missed_days <= 14:
            raise ValueError(f"missed_days must be 1..14, not {self.missed_days}")
        if not 0 < self.low_rate_threshold <= 1:
            raise ValueError(f"low_rate_threshold must be in (0, 1], not {self.low_rate_threshold}")
        if not 0 < self.drop_points <= 100:
            raise ValueError(f"drop_points must be in (0, 100], not {self.drop_points}")
        enabled = frozenset(self.enabled)
        if not enabled <= CATEGORIES:
            raise ValueError(f"unknown categories {sorted(enabled - CATEGORIES)}")
        object.__setattr__(self, "enabled", enabled)


@dataclass(frozen=True)
class Finding:
    """One thing worth telling the user, with a key that makes it unique for its period."""

    kind: str  # one of KINDS
    habit_id: int | None
    title: str
    body: str
    severity: str  # info | warning | success
    category: str  # alerts | suggestions | milestones
    key: str  # kind:habit_id:period ("-" for no habit); the same key is never sent twice
    topic: str = ""  # what exactly: e.g. lower_frequency, move_days, stack, streak, strength
    data: Mapping[str, object] = field(default_factory=dict, hash=False)  # JSON-safe numbers


def make(kind: str, habit_id: int | None, period: str, title: str, body: str, severity: str,
         topic: str, **data: object) -> Finding:
    """A Finding with its category and de-duplication key filled in."""
    key = f"{kind}:{'-' if habit_id is None else habit_id}:{period}"
    return Finding(kind, habit_id, title, body, severity, CATEGORY_OF[kind], key, topic, data)


def pct(rate: float) -> Msg:
    """A rate as a whole percentage, rounded down so 49.7% never reads as 50%."""
    return N_("%(percent)s%%", percent=math.floor(rate * 100 + 1e-9))


def times(n: int) -> Msg:
    """once, twice, 3 times."""
    if n == 1:
        return N_("once")
    if n == 2:
        return N_("twice")
    return NP_("%(num)s time", "%(num)s times", n)


def month(day: date) -> str:
    """The ISO month of a day: 2024-03."""
    return f"{day.year:04d}-{day.month:02d}"


def iso_week(day: date) -> str:
    """The ISO week of a day: 2024-W11."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def plan_words(schedule: Schedule) -> Msg:
    """The schedule inside a sentence: "every day", "3× a week", "Mon, Wed, Fri"."""
    return schedule.describe(inline=True)


def short_day(day: date) -> Msg:
    """Mon 4 Mar."""
    return N_("%(weekday)s %(day)s %(month)s", weekday=DAY_WORDS[day.weekday()], day=day.day,
              month=MONTH_WORDS[day.month - 1])


class HabitView:
    """One habit's last days (ending yesterday), read once and shared by every rule."""

    def __init__(self, habit_id: int, name: str, history: HabitHistory, today: date,
                 window: int = WINDOW_DAYS, arrived: date | None = None) -> None:
        self.id, self.name, self.history, self.today = habit_id, name, history, today
        # The day a habit with an older history came here (an import): what happened before
        # it is history the user brought in, not news (see findings.evaluate).
        self.arrived = arrived if arrived is not None and arrived > history.created else None
        self.yesterday = today - _DAY
        self.start = today - timedelta(days=window)
        weekdays = history.schedule.weekdays
        self.num, self.den = history.schedule.loop_frequency
        self.auto, self._whole_auto = self._recent_auto()
        self.days = day_range(self.start, today)
        self.statuses = [status_on(history, d, self.auto, today) for d in self.days]
        self.lived = (today - history.created).days  # whole days of history
        # Whole days since creation, or since it arrived: an imported habit waits as long as
        # a new one before a rate or an easier goal is said of it.
        self.age = (today - (self.arrived or history.created)).days
        self.rolling = history.kind == "measurable" and weekdays is None and self.den > 1
        self.limit = history.kind == "measurable" and history.direction == "at_most"
        # Nothing logged in the whole window, on a habit older than it: a Loop export that
        # ended long ago, a habit given up without archiving. What it did "lately" is no news,
        # so alerts and suggestions leave it alone until something is logged again. A quit
        # habit is kept by logging nothing, so it is never dormant.
        entries = history.entries
        self.dormant = (history.kind != "quit" and history.created < self.start
                        and all(entries.get(d) is None for d in self.days))
        if self.rolling:
            codes = self._rolling_codes()
        else:
            codes = [OUTCOME[s] for s in self.statuses[:-1]]
            if self.limit:  # nothing logged is nothing over the limit, as in strength
                codes = ["S" if c == "M" and entries.get(d) is None else c
                         for c, d in zip(codes, self.days, strict=False)]
        created = history.created.toordinal() - self.start.toordinal()
        if 0 <= created < len(codes) and codes[created] == "M":
            codes[created] = "N"
        self.outcomes = "".join(codes)  # one letter per day, start .. yesterday

    @property
    def kind(self) -> str:
        """yes_no, measurable or quit."""
        return self.history.kind

    def status(self, day: date) -> str:
        """The Loop status of any day, from the window when it holds it."""
        index = day.toordinal() - self.start.toordinal()
        if 0 <= index < len(self.statuses):
            return self.statuses[index]
        if not self._whole_auto:
            self.auto, self._whole_auto = auto_days(self.history), True
        return status_on(self.history, day, self.auto, self.today)

    def _recent_auto(self) -> tuple[set[int], bool]:
        """Loop's automatic checkmarks, built from recent check-ins only; True if from all.

        Exact inside the window: an interval depends only on newer check-ins, starts on a
        check-in and covers at most max(den, 31) days from there, and snapping only moves it
        back, so check-ins older than that before the window cannot reach it.
        """
        history = self.history
        if history.kind != "yes_no" or history.schedule.weekdays is not None or self.den == 1:
            return set(), True
        cutoff = self.start - timedelta(days=max(self.den, 31))
        recent = {day: entry for day, entry in history.entries.items() if day >= cutoff}
        if len(recent) == len(history.entries):
            return auto_days(history), True
        return auto_days(replace(history, entries=recent)), False

    def tally(self, days: int, before: int = 0) -> tuple[int, int]:
        """(successes, due days) over `days` days ending `before` days ahead of yesterday."""
        end = len(self.outcomes) - before
        part = self.outcomes[max(end - days, 0):end]
        done = part.count("S")
        return done, done + part.count("M")

    def done_count(self, days: int) -> int:
        """Days with a done check-in in the last `days` days, due or not."""
        entries = self.history.entries
        total = 0
        for day in self.days[-days - 1:-1]:
            entry = entries.get(day)
            total += entry is not None and entry.state == "done"
        return total

    def recent_streak(self, cap: int) -> tuple[int, date | None] | None:
        """Loop's current streak as (length, first day), like current_streak; None past `cap` days.

        Walking back only as far as a milestone could still be new keeps a year-long streak
        cheap.
        """
        day = self.today
        if self.status(day) == UNKNOWN:
            day -= _DAY  # today still open: the streak that ran until yesterday stands
        end, start, limit = day, None, day - timedelta(days=cap)
        while (status := self.status(day)) in _EXTENDS or status == UNSCHEDULED:
            if status != UNSCHEDULED:
                start = day
            day -= _DAY
            if day < limit:
                return None
        return ((end - start).days + 1, start) if start else (0, None)

    def _rolling_codes(self) -> list[str]:
        """A measurable habit's target per `den` days: each day judges the den days up to it."""
        history, den = self.history, self.den
        target, at_most = target_value(history), self.limit
        first = self.start - timedelta(days=den - 1)
        amounts = [0.0] * (len(self.days) - 1 + den - 1)
        origin = history.created
        for day, entry in history.entries.items():
            origin = min(origin, day)
            index = (day - first).days
            # Every amount counts toward the period, also one stored as "not done" because
            # the day alone misses the target (the day editor does so), as in the score.
            counted = entry.state == "done" or (entry.state == "not_done"
                                                and entry.amount is not None)
            if 0 <= index < len(amounts) and counted:
                amounts[index] = max(entry.amount or 0.0, 0.0)
        sums = [0.0, *accumulate(amounts)]
        codes = []
        for i, day in enumerate(self.days[:-1]):
            entry = history.entries.get(day)
            total = sums[i + den] - sums[i]
            if entry is not None and entry.state == "skipped":
                codes.append("K")
            elif day < origin:
                codes.append("N")
            elif at_most:  # a period with nothing logged is within its limit, as in strength
                codes.append("S" if total <= target + 1e-9 else "M")
            else:
                codes.append("S" if total >= target - 1e-9 else "M")
        return codes
