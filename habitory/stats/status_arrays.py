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


def due_and_done(codes: np.ndarray, kept: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(due, done) of each status code: the one rule behind every share of due days (Today's
    "3 of 5 done", the Calendar, the habit page's and Insights' rates). A day done, or covered
    by its target (auto), is due and done, also a day its schedule leaves out: a Mon-Wed-Fri
    habit ticked on a Saturday was done. A missed day is due; skipped, unscheduled (and so a
    missed off-day) and unknown days are not. Today, still open (unknown), is due only where
    the caller says so: Today and the Calendar count it, the rates wait for its check-in.
    `kept` (kept_days', for a habit judged by its amounts) decides which of the done and
    missed days are done, and makes today due and done once its period's target is met: the
    amounts, not the day's own status, judge them."""
    due = (codes <= AUTO_AT) | (codes == MISSED_AT)
    if kept is None:
        return due, codes <= AUTO_AT
    judged = (codes == DONE_AT) | (codes == MISSED_AT)
    return due | kept, np.where(judged, kept, codes <= AUTO_AT) | kept


def kept_days(history: HabitHistory, codes: np.ndarray, first: int, today: int
              ) -> np.ndarray | None:
    """Of the status codes of the days from ordinal `first`, the days that the amounts keep,
    as the rates count them (Loop's score): None for a habit whose statuses say it all.

    An "at most" limit per day keeps a done day and a missed day without an amount: nothing
    logged (no check-in, a note alone, a "not done" without an amount) is 0, within the
    limit, as Loop's score counts it; an amount stored "not done" stays a miss. A limit per
    several days ("at most 3 a week") keeps a done or missed day when the amounts of the den
    days up to it are within it, a day without one adding 0: an empty day after a week gone
    over is not kept, nor a day under the limit in it. An "at least" target per several days
    ("20 km a week") keeps a day, today included, whose period's amounts meet it: two 10 km
    days make a week of 20. Statuses stay Loop's ("missed", "done"), as its computed
    checkmarks have them: streaks are built on them."""
    if history.kind != "measurable":
        return None
    at_most, per_period = history.direction == "at_most", period_target(history)
    if not per_period:
        if not at_most:
            return None
        # A limit per day: a day with an amount says it itself ("not done" included).
        return (codes == DONE_AT) | ((codes == MISSED_AT) & ~valued(history, first, len(codes)))
    judged = (codes == DONE_AT) | (codes == MISSED_AT)
    if not at_most:  # today's total may meet the target before today has an entry
        judged |= (codes == UNKNOWN_AT) & (np.arange(first, first + len(codes)) == today)
    return judged & period_met(history, first, len(codes))


def valued(history: HabitHistory, first: int, count: int) -> np.ndarray:
    """Which of the `count` days from ordinal `first` have an amount logged (skips aside)."""
    ordinals, states, amounts = entry_arrays(history.entries, amounts=True)
    inside = (ordinals >= first) & (ordinals < first + count)
    found = np.zeros(count, bool)
    found[ordinals[inside] - first] = (states[inside] != SKIPPED_CODE) & ~np.isnan(amounts[inside])
    return found


def period_days(history: HabitHistory) -> int:
    """How many days a measurable target's amounts are summed over: den for a target per
    several days, 1 for one per day (or on chosen weekdays)."""
    return history.schedule.loop_frequency[1] if period_target(history) else 1


def period_amounts(history: HabitHistory, first: int, count: int) -> np.ndarray:
    """Each day's amount toward a measurable target, in Loop's thousandths, for the `count`
    days from ordinal `first`: every amount of a day done or not done (none is 0), none of a
    skipped day."""
    ordinals, states, amounts = entry_arrays(history.entries, amounts=True)
    inside = (ordinals >= first) & (ordinals < first + count)
    states, amounts = states[inside], amounts[inside]
    counted = (states == DONE_CODE) | ((states == NOT_DONE_CODE) & ~np.isnan(amounts))
    clipped = np.clip(np.nan_to_num(amounts, nan=0.0, posinf=AMOUNT_MAX), 0, AMOUNT_MAX)
    raw = np.zeros(count, np.int64)
    raw[ordinals[inside] - first] = np.where(counted, np.floor(clipped * 1000 + 0.5), 0)
    return raw


def period_met(history: HabitHistory, first: int, count: int) -> np.ndarray:
    """For each of the `count` days from ordinal `first`: whether the amounts of the
    period_days up to it are on the target's side (within an "at most" limit, reaching an
    "at least" target), in thousandths, so the sums are exact and agree with strength.py."""
    den = period_days(history)
    raw = period_amounts(history, first - den + 1, count + den - 1)
    sums = np.concatenate(([0], np.cumsum(raw)))
    total, target = sums[den:] - sums[:-den], target_value(history) * 1000
    if history.direction == "at_most":
        return total <= target + 1e-6
    return total >= target - 1e-6


def met_on(history: HabitHistory, days: list[date], today: date) -> dict[date, date]:
    """For an "at least" target per several days ("10 km a week"): of the given days, those
    whose amount belongs to a period that met the target, each with the first day (from it to
    den - 1 days later, up to today) whose period_days met it. 6 km on Saturday and 5 on
    Sunday meet 10 a week on Sunday: both days map to Sunday, though each is stored "not
    done" (the day alone misses the target)."""
    if not days or not period_target(history) or history.direction != "at_least":
        return {}
    den, start = period_days(history), min(days).toordinal()
    count = today.toordinal() - start + 1
    if count <= 0:
        return {}
    met = period_met(history, start, count)
    found = {}
    for day in days:
        index = day.toordinal() - start
        hits = np.flatnonzero(met[index:index + den]) if 0 <= index < count else ()
        if len(hits):
            found[day] = date.fromordinal(start + index + int(hits[0]))
    return found


def counted_status(history: HabitHistory, day: date, status: str, today: date) -> str:
    """A day's status as the rates count it: "done" when the amounts keep it (kept_days),
    "missed" when they judge it and do not; else `status` (Loop's, from statuses.py). The
    check-ins must reach period_days back from `day`. Today's toggle and count read it."""
    codes = np.array([STATUSES.index(status)], np.int8)
    kept = kept_days(history, codes, day.toordinal(), today.toordinal())
    if kept is None:
        return status
    if kept[0]:
        return DONE
    return MISSED if status in (DONE, MISSED) else status


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
    # today; a quit habit's day is clean until today; an unscheduled day; anything before
    # the habit is unknown; a day an interval covers, also before the habit (status_on).
    if kind == "quit":
        days = np.where(ordinals <= now, DONE_AT, UNKNOWN_AT).astype(np.int8)
    else:
        days = np.where(ordinals >= now, UNKNOWN_AT, MISSED_AT).astype(np.int8)
    unscheduled = None
    if weekdays is not None:
        unscheduled = ~np.isin((ordinals + 6) % 7, list(weekdays))  # ordinal 1 was a Monday
        days[unscheduled] = UNSCHEDULED_AT
    days[: max(min(created - start, len(days)), 0)] = UNKNOWN_AT
    covered = None
    if auto:
        covered = np.zeros(len(ordinals), bool)
        marks = np.fromiter(auto, np.int64, len(auto))
        covered[marks[(marks >= start) & (marks <= end)] - start] = True
        days[covered] = AUTO_AT
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
