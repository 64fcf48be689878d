"""Schedules and check-ins: what a habit is due, what a day's check-in says, and whether it
meets its target. Each day's status under them is stats/statuses.py's."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from habitory.stats.phrases import DAY_WORDS, N_, join

DONE, AUTO, SKIPPED, MISSED, UNSCHEDULED, UNKNOWN = (
    "done", "auto", "skipped", "missed", "unscheduled", "unknown"
)
STATES = frozenset({"done", "skipped", "not_done"})
KINDS = frozenset({"yes_no", "measurable", "quit"})
DIRECTIONS = frozenset({"at_least", "at_most"})

# Loop's raw value of a skipped day; measurable amounts are stored as round(amount * 1000).
LOOP_SKIP = 3

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WORKDAYS = frozenset(range(5))
_WEEKEND = frozenset({5, 6})


@dataclass(frozen=True)
class Schedule:
    """How often a habit is due: Loop's "num times per den days", or a set of weekdays."""

    num: int = 1
    den: int = 1
    weekdays: frozenset[int] | None = None  # 0 = Monday ... 6 = Sunday; overrides num/den

    def __post_init__(self) -> None:
        if self.weekdays is not None:
            days = frozenset(self.weekdays)  # accept any iterable of ints
            if not days or not days <= frozenset(range(7)):
                raise ValueError(f"weekdays must be a non-empty subset of 0..6, not {days}")
            object.__setattr__(self, "weekdays", days)
        elif not 1 <= self.num <= self.den:
            raise ValueError(f"frequency must satisfy 1 <= num <= den, not {self.num}/{self.den}")

    @property
    def loop_frequency(self) -> tuple[int, int]:
        """Loop's (numerator, denominator): a weekday set is len/7, and num == den is daily."""
        num, den = (len(self.weekdays), 7) if self.weekdays is not None else (self.num, self.den)
        return (1, 1) if num == den else (num, den)

    def is_scheduled(self, day: date) -> bool:
        """False only for the days a weekday schedule leaves out."""
        return self.weekdays is None or day.weekday() in self.weekdays

    def describe(self, inline: bool = False) -> str:
        """Words for the schedule: "Every day", "3× a week", "Mon, Wed, Fri"... (`inline`:
        inside a sentence, "every day")."""
        if self.weekdays is not None:
            if len(self.weekdays) == 7:
                return N_("every day") if inline else N_("Every day")
            if self.weekdays == _WORKDAYS:
                return N_("weekdays") if inline else N_("Weekdays")
            if self.weekdays == _WEEKEND:
                return N_("weekends") if inline else N_("Weekends")
            return join((DAY_WORDS[d] for d in sorted(self.weekdays)), ", ")
        num, den = self.loop_frequency
        if den == 1:
            return N_("every day") if inline else N_("Every day")
        if den == 7:
            if num == 1:
                return N_("once a week") if inline else N_("Once a week")
            return N_("%(num)s× a week", num=num)
        if den in (30, 31):
            if num == 1:
                return N_("once a month") if inline else N_("Once a month")
            return N_("%(num)s× a month", num=num)
        if num == 1:
            if den == 2:
                return N_("every other day") if inline else N_("Every other day")
            return (N_("every %(den)s days", den=den) if inline
                    else N_("Every %(den)s days", den=den))
        return N_("%(num)s× in %(den)s days", num=num, den=den)


@dataclass(frozen=True)
class Entry:
    """One check-in: done, skipped or not_done, with an amount for measurable habits."""

    state: str
    amount: float | None = None

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"unknown state {self.state!r}")


@dataclass(frozen=True)
class HabitHistory:
    """Everything the statistics need about one habit: schedule, kind, target and check-ins."""

    created: date
    entries: Mapping[date, Entry]
    schedule: Schedule = Schedule()
    kind: str = "yes_no"
    target: float | None = None
    direction: str = "at_least"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {self.direction!r}")


# Loop keeps a value in a Kotlin Int, and roundToInt() clamps to its range: an amount beyond
# ±2,147,483.647 (never typed: forms and imports stop at 1,000,000) counts as the limit, so a
# stored 1e306 or inf gives a number rather than an OverflowError in every statistic.
LOOP_RAW_MIN, LOOP_RAW_MAX = -(2**31), 2**31 - 1
AMOUNT_MIN, AMOUNT_MAX = LOOP_RAW_MIN / 1000, LOOP_RAW_MAX / 1000


def loop_raw(amount: float | None) -> int:
    """Loop's stored integer for an amount: round(amount * 1000), half up as Kotlin rounds,
    within Loop's Int range; no amount (or NaN) is 0."""
    if amount is None or amount != amount:
        return 0
    scaled = amount * 1000 + 0.5
    if scaled >= LOOP_RAW_MAX:
        return LOOP_RAW_MAX
    return LOOP_RAW_MIN if scaled <= LOOP_RAW_MIN else math.floor(scaled)


def sane_amount(amount: float | None) -> float | None:
    """A stored amount as the statistics read it: NaN is none, and anything beyond what Loop
    can hold is its limit (see LOOP_RAW_MAX). Valid amounts pass unchanged."""
    if amount is None or amount != amount:
        return None
    return min(max(amount, AMOUNT_MIN), AMOUNT_MAX)


def target_value(history: HabitHistory) -> float:
    """The measurable target; a missing one is 0, which Loop's target <= 0 branch handles."""
    return history.target if history.target is not None else 0.0


def amount_meets_target(amount: float | None, target: float | None, direction: str) -> bool:
    """Whether an amount is on the right side of a target, compared as Loop stores amounts
    (thousandths): 1.9996 meets a target of 2. The one rule for typed and imported amounts."""
    stored = loop_raw(amount) / 1000
    goal = target if target is not None else 0.0
    return stored <= goal if direction == "at_most" else stored >= goal


def meets_target(history: HabitHistory, entry: Entry) -> bool:
    """Loop's streak rule for a measurable day: the amount on the right side of the target."""
    if entry.state != "done":
        return False
    return amount_meets_target(entry.amount, history.target, history.direction)


def is_success(history: HabitHistory, day: date) -> bool:
    """True when the day counts as done by the user (automatic checkmarks are not successes)."""
    entry = history.entries.get(day)
    if history.kind == "quit":
        # Abstaining needs no check-in: every day since creation is clean unless a slip is logged.
        # A skipped day is set aside, as the rates and Insights' clean days count it.
        if entry is None:
            return day >= history.created
        return entry.state == "done"
    if entry is None:
        return False
    if history.kind == "measurable":
        return meets_target(history, entry)
    return entry.state == "done"


def period_target(history: HabitHistory) -> bool:
    """A measurable target per several days ("20 km a week"): judged by the period's sum."""
    return (history.kind == "measurable" and history.schedule.weekdays is None
            and history.schedule.loop_frequency[1] > 1)


def did_it(history: HabitHistory, day: date) -> bool:
    """The user did it that day (a "day done"): is_success, except that toward an at-least
    target per several days any amount logged counts, as rates.py counts completions."""
    if period_target(history) and history.direction == "at_least":
        entry = history.entries.get(day)  # 7 km toward 20 a week is stored as not done
        return entry is not None and entry.state != "skipped" and (entry.amount or 0) > 0
    return is_success(history, day)


def history_from(habit, created: date, entries: Mapping[date, Entry]) -> HabitHistory:
    """A HabitHistory from anything carrying Habitory's habit fields (freq_num, freq_den,
    weekdays as a Monday-first bitmask, kind, target, direction): a database row or an import."""
    bits = habit.weekdays
    weekdays = frozenset(i for i in range(7) if bits & (1 << i)) if bits else None
    return HabitHistory(
        created=created,
        entries=entries,
        schedule=Schedule(habit.freq_num, habit.freq_den, weekdays),
        kind=habit.kind,
        target=habit.target,
        direction=habit.direction,
    )
