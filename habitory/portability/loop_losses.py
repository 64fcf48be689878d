"""What a Loop Habit Tracker export cannot hold of a user's habits, said before the download.

Loop's CSV layout (loop_export.py) has no emoji, tags, reminders or creation dates, knows no
quit habits (one becomes a yes/no habit done every day but its slips), and frequencies only as
"N times in D days": a weekday schedule ("Mon, Wed, Fri") becomes "3× a week", which counts a
streak by Loop's automatic checkmarks rather than by the chosen days. The Habitory backup
(JSON) keeps all of it; the page says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from habitory.stats.schedule import HabitHistory, Schedule
from habitory.stats.streaks import current_streak

from .formats import ImportedHabit


@dataclass(frozen=True)
class ScheduleChange:
    """A weekday schedule as Loop will have it, and the current streak before and after."""

    name: str
    before: str  # "Mon, Wed, Fri"
    after: str  # "3× a week"
    streak_before: int | None = None
    streak_after: int | None = None


@dataclass(frozen=True)
class LoopLosses:
    """Per kind of loss, the habits it touches (names), in the export's order."""

    emoji: list[tuple[str, str]] = field(default_factory=list)  # (name, emoji)
    tags: list[tuple[str, list[str]]] = field(default_factory=list)  # (name, its tags)
    quit: list[str] = field(default_factory=list)
    schedules: list[ScheduleChange] = field(default_factory=list)
    reminders: list[tuple[str, list[str]]] = field(default_factory=list)  # (name, "HH:MM"s)
    # Non-daily yes/no habits: a "not done" day inside a period the target already covers is
    # written as Loop writes it (EntryList.buildEntriesFromInterval), an automatic checkmark,
    # so the zip does not keep it; the Loop backup (.db) keeps the original entries.
    covered_misses: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        """Whether anything of the habits themselves is lost."""
        return bool(self.emoji or self.tags or self.quit or self.schedules or self.reminders)


def _weekday_schedule(habit: ImportedHabit) -> Schedule | None:
    bits = habit.weekdays
    days = frozenset(i for i in range(7) if bits and bits & (1 << i))
    return Schedule(weekdays=days) if days and len(days) < 7 else None


def loop_losses(habits: Sequence[ImportedHabit],
                histories: Mapping[str, HabitHistory] | None = None,
                today: date | None = None) -> LoopLosses:
    """What a Loop export of these habits leaves out or changes. With the weekday habits'
    histories by name (and the local today), each change of schedule also tells what becomes
    of the current streak."""
    losses = LoopLosses()
    for habit in habits:
        if habit.icon:
            losses.emoji.append((habit.name, habit.icon))
        if habit.tags:
            losses.tags.append((habit.name, list(habit.tags)))
        if habit.kind == "quit":
            losses.quit.append(habit.name)
        if habit.reminders:
            losses.reminders.append((habit.name, list(habit.reminders)))
        schedule = _weekday_schedule(habit)
        if habit.kind == "yes_no" and schedule is None and habit.freq_num < habit.freq_den:
            losses.covered_misses.append(habit.name)
        if schedule is None:
            continue
        loop = Schedule(*schedule.loop_frequency)
        history = (histories or {}).get(habit.name)
        before = after = None
        if history is not None and today is not None:
            before = current_streak(history, today)
            after = current_streak(HabitHistory(history.created, history.entries, loop,
                                                history.kind, history.target,
                                                history.direction), today)
        losses.schedules.append(ScheduleChange(habit.name, schedule.describe(),
                                               loop.describe(), before, after))
    return losses
