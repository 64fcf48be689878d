"""Each day's status for a span of days at once, for check-ins loaded as arrays
(stats.daily.EntryArrays): the same statuses as statuses.status_on gives day by day, as
numpy codes. A Loop veteran's years of days, or a year of every habit on the Calendar, are
judged in a few array operations instead of a Python step per day.
tests/test_stats_current_streak.py checks them against status_on day by day."""

from __future__ import annotations

from datetime import date

import numpy as np

from habitory.stats.daily import (
    DONE_CODE,
    NOT_DONE_CODE,
    SKIPPED_CODE,
    EntryArrays,
    entry_arrays,
    loop_stored,
)
from habitory.stats.schedule import (
    AUTO,
    DONE,
    MISSED,
    SKIPPED,
    UNKNOWN,
    UNSCHEDULED,
    HabitHistory,
)

# A status's code is its index here.
STATUSES = (DONE, AUTO, SKIPPED, MISSED, UNSCHEDULED, UNKNOWN)
DONE_AT, AUTO_AT, SKIPPED_AT, MISSED_AT, UNSCHEDULED_AT, UNKNOWN_AT = range(len(STATUSES))


def due_and_done(codes: np.ndarray, within: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(due, done) of each status code: the one rule behind every share of due days (Today's
    "3 of 5 done", the Calendar, the habit page's and Insights' rates). A day done, or covered
    by its target (auto), is due and done, also a day its schedule leaves out: a Mon-Wed-Fri
    habit ticked on a Saturday was done. A missed day is due; skipped, unscheduled (and so a
    missed off-day) and unknown days are not. Today, still open (unknown), is due only where
    the caller says so: Today and the Calendar count it, the rates wait for its check-in.
    `within` (within_limit's days) are missed days that are done all the same."""
    done = codes <= AUTO_AT
    if within is not None:
        done = done | within
    return done | (codes == MISSED_AT), done


def within_limit(history: HabitHistory, codes: np.ndarray, first: int) -> np.ndarray | None:
    """Of the status codes of the days from ordinal `first`, the missed days of an "at most"
    habit with nothing logged: nothing was over the limit, so they are done, as Loop's
    strength counts them (a day without a value is 0) and the rules do. Their status stays
    "missed", as Loop's computed checkmarks have it: Loop's streaks count only entries, and
    streaks are built on the statuses. None for any other habit."""
    if history.kind != "measurable" or history.direction != "at_most":
        return None
    ordinals = entry_arrays(history.entries)[0]
    inside = (ordinals >= first) & (ordinals < first + len(codes))
    logged = np.zeros(len(codes), bool)
    logged[ordinals[inside] - first] = True
    return (codes == MISSED_AT) & ~logged


def judged_as_arrays(history: HabitHistory) -> bool:
    """Whether status_codes can judge the habit: check-ins as arrays, with the amounts a
    measurable habit's days need."""
    entries = history.entries
    return isinstance(entries, EntryArrays) and (
        history.kind != "measurable" or entries.amounts is not None)


def status_codes(history: HabitHistory, first: date, last: date, today: date,
                 auto: set[int]) -> np.ndarray:
    """The status code (an index into STATUSES) of each day from first to last, given the
    habit's automatic checkmarks `auto` (statuses.auto_days, exact from `first` on)."""
    entries = history.entries
    start, end, created = first.toordinal(), last.toordinal(), history.created.toordinal()
    now = today.toordinal()
    ordinals = np.arange(start, end + 1)
    kind, weekdays = history.kind, history.schedule.weekdays
    # Days without a check-in, the later rules winning: missed until today, unknown from
    # today; a quit habit's day is clean until today; an unscheduled day; a day an interval
    # covers; anything before the habit is unknown.
    if kind == "quit":
        days = np.where(ordinals <= now, DONE_AT, UNKNOWN_AT).astype(np.int8)
    else:
        days = np.where(ordinals >= now, UNKNOWN_AT, MISSED_AT).astype(np.int8)
    unscheduled = None
    if weekdays is not None:
        unscheduled = ~np.isin((ordinals + 6) % 7, list(weekdays))  # ordinal 1 was a Monday
        days[unscheduled] = UNSCHEDULED_AT
    covered = None
    if auto:
        covered = np.zeros(len(ordinals), bool)
        marks = np.fromiter(auto, np.int64, len(auto))
        covered[marks[(marks >= start) & (marks <= end)] - start] = True
        days[covered] = AUTO_AT
    days[: max(min(created - start, len(days)), 0)] = UNKNOWN_AT
    # Days with one, the later rules winning: a day not done yet may still be done from today
    # on (not once it failed for good); unscheduled; covered; done; skipped.
    inside = (entries.ordinals >= start) & (entries.ordinals <= end)
    positions, codes = entries.ordinals[inside] - start, entries.codes[inside]
    done = codes == DONE_CODE
    failed = codes == NOT_DONE_CODE
    if kind == "measurable":
        meets = _meet(history, entries.amounts[inside])
        if history.direction == "at_most":
            failed |= done & ~meets
        done &= meets
    judged = np.where((positions + start >= now) & ~failed, UNKNOWN_AT, MISSED_AT).astype(np.int8)
    if unscheduled is not None:
        judged[unscheduled[positions]] = UNSCHEDULED_AT
    if covered is not None:
        judged[covered[positions]] = AUTO_AT
    judged[done] = DONE_AT
    judged[codes == SKIPPED_CODE] = SKIPPED_AT
    days[positions] = judged
    return days


def _meet(history: HabitHistory, amounts: np.ndarray) -> np.ndarray:
    """amount_meets_target for each amount: compared as Loop stores it (no amount is 0)."""
    stored = loop_stored(np.nan_to_num(amounts, nan=0.0))
    goal = history.target if history.target is not None else 0.0
    return stored <= goal if history.direction == "at_most" else stored >= goal
