"""Each day's status under a habit's schedule: done, auto (Loop Habit Tracker's automatic
checkmarks), skipped, missed, unscheduled or unknown. Streaks, rates, Today and the calendar
all read days through here."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

from habitory.stats.daily import DONE_CODE, EntryArrays
from habitory.stats.schedule import (
    AUTO,
    DONE,
    MISSED,
    SKIPPED,
    UNKNOWN,
    UNSCHEDULED,
    Entry,
    HabitHistory,
    meets_target,
)
from habitory.stats.status_arrays import STATUSES, judged_as_arrays, status_codes


def _interval_size(begin: int, den: int) -> int:
    """Loop's interval length: den days, except that 30 and 31 mean one calendar month."""
    return den if den not in (30, 31) else _month_from(begin)


@lru_cache(maxsize=4096)  # a monthly habit's years of checks ask for the same days each time
def _month_from(begin: int) -> int:
    day = date.fromordinal(begin)
    length = calendar.monthrange(day.year, day.month)[1]
    if day.day == length:  # from the last day of a month, the month that follows counts
        after = day + timedelta(days=1)
        length = calendar.monthrange(after.year, after.month)[1]
    return length


def auto_days(history: HabitHistory, since: date | None = None) -> set[int]:
    """Ordinals covered by Loop's intervals (EntryList.buildIntervals + snapIntervalsTogether).

    A day in the result shows as "auto" unless the user checked or skipped it. With `since`,
    the result is exact from that day on (and may miss earlier days): only checks from one
    interval before it are read. An interval is built from its own and newer checks and only
    ever slides back, so older checks cannot move one that reaches `since`; a week of Today
    then reads a few checks instead of a Loop veteran's years.
    """
    if history.kind != "yes_no" or history.schedule.weekdays is not None:
        # Loop has none for numerical habits; a quit habit's slip is never "covered"; a
        # weekday schedule says exactly which days are due.
        return set()
    num, den = history.schedule.loop_frequency
    if den == 1:
        return set()  # a daily interval is the checked day itself
    # Newest first, as Loop walks them.
    checks = sorted(_done_ordinals(history.entries, since, den), reverse=True)
    intervals: list[list[int]] = []
    for i in range(num - 1, len(checks)):
        begin, center = checks[i], checks[i - num + 1]
        size = _interval_size(begin, den)
        if center - begin < size:  # num checks within one window: the window is covered
            intervals.append([begin, center, begin + size - 1])
    # Slide each older interval back over the newer one it overlaps, to close gaps and maximise
    # streaks; never further than its own newest check.
    for older, newer in zip(intervals[1:], intervals, strict=False):
        overlap = older[2] - newer[0]
        if overlap >= 0:
            shift = min(older[2] - older[1], overlap + 1)
            older[0] -= shift
            older[2] -= shift
    covered: set[int] = set()
    for begin, _, end in intervals:
        covered.update(range(begin, end + 1))
    return covered


def _done_ordinals(entries: Mapping[date, Entry], since: date | None, den: int) -> list[int]:
    """Ordinals of the done check-ins, from one interval (at most max(den, 31) days) before
    `since`, or all of them."""
    bound = since.toordinal() - max(den, 31) if since is not None else None
    if isinstance(entries, EntryArrays):  # read off its arrays: no dict of years built
        done = entries.codes == DONE_CODE
        if bound is not None:
            done &= entries.ordinals >= bound
        return entries.ordinals[done].tolist()
    return [day.toordinal() for day, entry in entries.items()
            if entry.state == "done" and (bound is None or day.toordinal() >= bound)]


def _failed_for_good(history: HabitHistory, entry: Entry) -> bool:
    """An entry that already decides the day, even before it ends."""
    if entry.state == "not_done":
        return True
    return (history.kind == "measurable" and history.direction == "at_most"
            and entry.state == "done" and not meets_target(history, entry))


def status_on(history: HabitHistory, day: date, auto: set[int], today: date) -> str:
    """One day's status, given the habit's auto_days (the core of every status and streak)."""
    entry = history.entries.get(day)
    scheduled = history.schedule.weekdays is None or day.weekday() in history.schedule.weekdays
    if entry is not None:
        if entry.state == "skipped":
            return SKIPPED
        if entry.state == "done" and (history.kind != "measurable"
                                      or meets_target(history, entry)):
            return DONE
        if day.toordinal() in auto:  # Loop turns a NO inside a covered interval into YES_AUTO
            return AUTO
        if not scheduled:
            return UNSCHEDULED  # nothing was due, so a not-done day is no miss
        if day >= today and not _failed_for_good(history, entry):
            return UNKNOWN  # e.g. half of a measurable target logged today: the day is open
        return MISSED
    if day.toordinal() in auto:
        # Also before creation: Loop slides an interval back before the first check (a
        # weekly habit first ticked on the 14th, again on the 19th, covers the 12th and 13th)
        # and counts those days in its streaks.
        return AUTO
    if day < history.created:
        return UNKNOWN
    if not scheduled:
        return UNSCHEDULED
    if history.kind == "quit":
        return DONE if day <= today else UNKNOWN
    return UNKNOWN if day >= today else MISSED


def plain_entries(entries: Mapping[date, Entry]) -> Mapping[date, Entry]:
    """The check-ins as the plain dict they are underneath (stats.daily.EntryArrays has one):
    a walk over years of days then looks each up in the dict itself, not through a method."""
    as_dict = getattr(entries, "as_dict", None)
    return as_dict() if as_dict is not None else entries


def status_list(history: HabitHistory, days: Iterable[date], today: date) -> list[str]:
    """Statuses of the given days, in order: status_on's. Check-ins loaded as arrays are
    judged at once (stats.status_arrays); a dict's common cases (a day without a check-in, a
    plain done or skip) inline. The calendar asks for every habit's every day of a year, and
    a call per day was most of its time."""
    days = days if isinstance(days, (list, tuple)) else list(days)
    if not days:
        return []
    first, last = min(days), max(days)
    auto = auto_days(history, first)
    if judged_as_arrays(history):  # from first to last at once, reading only those days
        codes = status_codes(history, first, last, today, auto).tolist()
        start = first.toordinal()
        return [STATUSES[codes[day.toordinal() - start]] for day in days]
    entries, created = plain_entries(history.entries), history.created
    weekdays, kind = history.schedule.weekdays, history.kind
    statuses = []
    for day in days:
        entry = entries.get(day)
        if entry is None:
            if auto and day.toordinal() in auto:
                statuses.append(AUTO)  # before creation too, as status_on
            elif day < created:
                statuses.append(UNKNOWN)
            elif weekdays is not None and day.weekday() not in weekdays:
                statuses.append(UNSCHEDULED)
            elif kind == "quit":
                statuses.append(DONE if day <= today else UNKNOWN)
            else:
                statuses.append(UNKNOWN if day >= today else MISSED)
        elif entry.state == "skipped":
            statuses.append(SKIPPED)
        elif entry.state == "done" and (kind != "measurable" or meets_target(history, entry)):
            statuses.append(DONE)
        else:
            statuses.append(status_on(history, day, auto, today))
    return statuses


@lru_cache(maxsize=32)
def day_range(start: date, end: date) -> tuple[date, ...]:
    """Every day from start to end inclusive (cached: a page asks the same range per habit)."""
    return tuple(map(date.fromordinal, range(start.toordinal(), end.toordinal() + 1)))


def day_statuses(
    history: HabitHistory, start: date, end: date, *, today: date | None = None
) -> dict[date, str]:
    """Each day's status from start to end: done, auto, skipped, missed, unscheduled, unknown.

    Pass the user's local `today`; the server's date is only a fallback.
    """
    days = day_range(start, end)
    return dict(zip(days, status_list(history, days, today or date.today()), strict=True))


def day_status(history: HabitHistory, day: date, *, today: date | None = None) -> str:
    """One day's status (see day_statuses)."""
    return status_list(history, [day], today or date.today())[0]
