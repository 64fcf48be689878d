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
    AMOUNT_MAX,
    AUTO,
    DONE,
    MISSED,
    SKIPPED,
    UNKNOWN,
    UNSCHEDULED,
    HabitHistory,
    period_target,
    target_value,
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
    `within` (within_limit's, for an "at most" habit) decides which of the done and missed
    days are done: its limit, not the day's own status, keeps them."""
    due = (codes <= AUTO_AT) | (codes == MISSED_AT)
    if within is None:
        return due, codes <= AUTO_AT
    return due, np.where((codes == DONE_AT) | (codes == MISSED_AT), within, codes <= AUTO_AT)


def within_limit(history: HabitHistory, codes: np.ndarray, first: int) -> np.ndarray | None:
    """Of the status codes of the days from ordinal `first`, the done and missed days of an
    "at most" habit that its limit keeps, as the rates count them; None for any other habit.

    A limit per day keeps a day done and a missed day with nothing logged: nothing was over
    the limit, as Loop's strength counts it (a day without a value is 0) and the rules do.
    A limit per several days ("at most 3 a week") keeps a day when the amounts of the period
    up to it are within the limit (rates.py, as Loop's score): an empty day after a week gone
    over is not kept, nor is a day whose own amount is under the limit. Statuses stay Loop's
    ("missed", "done"), as its computed checkmarks have them: streaks are built on them."""
    if history.kind != "measurable" or history.direction != "at_most":
        return None
    judged = (codes == DONE_AT) | (codes == MISSED_AT)
    if period_target(history):
        return judged & period_within(history, first, len(codes))
    return (codes == DONE_AT) | ((codes == MISSED_AT) & ~checked_in(history, first, len(codes)))


def checked_in(history: HabitHistory, first: int, count: int) -> np.ndarray:
    """Which of the `count` days from ordinal `first` have a check-in, whatever it says."""
    ordinals = entry_arrays(history.entries)[0]
    inside = (ordinals >= first) & (ordinals < first + count)
    logged = np.zeros(count, bool)
    logged[ordinals[inside] - first] = True
    return logged


def period_amounts(history: HabitHistory, first: int, count: int) -> np.ndarray:
    """Each day's amount toward a target per several days, in Loop's thousandths, for the
    `count` days from ordinal `first`: what rates.py sums (every amount of a day done or
    not done, none of a skipped day)."""
    ordinals, states, amounts = entry_arrays(history.entries, amounts=True)
    inside = (ordinals >= first) & (ordinals < first + count)
    states, amounts = states[inside], amounts[inside]
    counted = (states == DONE_CODE) | ((states == NOT_DONE_CODE) & ~np.isnan(amounts))
    clipped = np.clip(np.nan_to_num(amounts, nan=0.0, posinf=AMOUNT_MAX), 0, AMOUNT_MAX)
    raw = np.zeros(count, np.int64)
    raw[ordinals[inside] - first] = np.where(counted, np.floor(clipped * 1000 + 0.5), 0)
    return raw


def period_within(history: HabitHistory, first: int, count: int) -> np.ndarray:
    """For a limit per `den` days: whether the amounts of the den days up to each of the
    `count` days from ordinal `first` are within it, as rates.py judges them."""
    den = history.schedule.loop_frequency[1]
    raw = period_amounts(history, first - den + 1, count + den - 1)
    sums = np.concatenate(([0], np.cumsum(raw)))
    return sums[den:] - sums[:-den] <= target_value(history) * 1000 + 1e-6


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
