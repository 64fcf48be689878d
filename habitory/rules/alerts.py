"""Alerts: a run of missed scheduled days, and a 30-day completion rate that is low or falling."""

from __future__ import annotations

import math
from datetime import date, timedelta

from habitory.rules.core import (
    FRESH_DAYS,
    MIN_AGE_DAYS,
    MIN_DUE_DAYS,
    RATE_DAYS,
    Finding,
    HabitView,
    RuleSettings,
    iso_week,
    make,
    pct,
    plan_words,
    short_day,
)
from habitory.stats.phrases import DAY_NAMES, N_, Msg, join
from habitory.stats.schedule import DONE, MISSED


def counted(view: HabitView, done: int, due: int) -> Msg:
    """"done on 20 of 30 due days (66%)"; "clean on 27 of 30 days (90%)" for a quit habit."""
    rate = pct(done / due)
    if view.kind == "quit":
        return N_("clean on %(done)s of %(due)s days (%(rate)s)", done=done, due=due, rate=rate)
    if view.kind == "measurable":
        return N_("on target on %(done)s of %(due)s due days (%(rate)s)", done=done, due=due,
                  rate=rate)
    return N_("done on %(done)s of %(due)s due days (%(rate)s)", done=done, due=due, rate=rate)


def _recent_rate(view: HabitView) -> Msg | str:
    """" Over the last 30 days you were done on 20 of 30 due days (66%).", or nothing."""
    done, due = view.tally(RATE_DAYS)
    if not due:
        return ""
    return join([" ", N_("Over the last 30 days you were %(counted)s.",
                         counted=counted(view, done, due))])


def missed(view: HabitView, settings: RuleSettings) -> Finding | None:
    """N scheduled days missed in a row, ending yesterday; for a quit habit, N slips in a row.

    Skipped days break the run (they are no misses); unscheduled days are passed over. One alert
    per run: its key is the day the run reached N, so a run that goes on does not alert daily,
    and a rules run that was missed one day still catches it the next (within FRESH_DAYS).
    """
    if view.kind == "yes_no" and view.history.schedule.weekdays is None and view.den > 1:
        return _missed_gap(view, settings)
    outcomes, n = view.outcomes, settings.missed_days
    if not outcomes or outcomes[-1] != "M":
        return None
    if view.kind != "quit" and view.statuses[-1] == DONE:
        return None  # already back at it today
    misses, i = [], len(outcomes) - 1
    while i >= 0 and outcomes[i] in "MU":
        if outcomes[i] == "M":
            misses.append(i)
        i -= 1
    if i < 0 or len(misses) < n:
        return None  # a run older than the window is stale news
    reached, first = view.days[misses[-n]], view.days[misses[-1]]
    if reached < view.yesterday - timedelta(days=FRESH_DAYS - 1):
        return None
    if _before_arrival(view, reached):
        return None
    run, name = len(misses), view.name
    if view.kind == "quit":
        if run == 1:
            title = N_("A slip on %(name)s", name=name)
            body = N_("You logged a slip on %(name)s yesterday.", name=name)
        else:
            title = N_("%(name)s: %(run)s slips in a row", name=name, run=run)
            body = N_("You logged a slip on %(name)s on each of the last %(run)s days, since "
                      "%(since)s.", name=name, run=run, since=short_day(first))
        body = join([body, _recent_rate(view), " ",
                     N_("One slip doesn't undo them: today starts clean.")])
    else:
        measurable = view.kind == "measurable"
        weekday = DAY_NAMES[view.yesterday.weekday()]
        if run == 1:
            title = N_("Missed yesterday: %(name)s", name=name)
            if measurable:
                body = N_("%(name)s missed its target yesterday (%(weekday)s).", name=name,
                          weekday=weekday)
            else:
                body = N_("%(name)s was missed yesterday (%(weekday)s).", name=name,
                          weekday=weekday)
        else:
            title = N_("%(name)s: missed %(run)s times in a row", name=name, run=run)
            if measurable:
                body = N_("%(name)s has missed its target on the last %(run)s scheduled days, "
                          "since %(since)s.", name=name, run=run, since=short_day(first))
            else:
                body = N_("%(name)s has been missed on the last %(run)s scheduled days, since "
                          "%(since)s.", name=name, run=run, since=short_day(first))
        body = join([body, _recent_rate(view), " ",
                     N_("Even a two-minute version today gets it going again.")])
    return make("missed", view.id, reached.isoformat(), title, body, "warning", "missed",
                day=reached.isoformat(), run=run, since=first.isoformat())


def _missed_gap(view: HabitView, settings: RuleSettings) -> Finding | None:
    """A "num times per den days" habit has no fixed days: alert after N due gaps without it.

    One due gap is den/num days (3× a week: 2.3 days), so with N = 2 a 3×/week habit alerts
    after 5 days without a check-in, and never while Loop's automatic checkmarks cover yesterday.
    """
    if view.statuses[-2] != MISSED or view.statuses[-1] == DONE:
        return None
    history, needed = view.history, math.ceil(settings.missed_days * view.den / view.num)
    last, day = None, view.yesterday
    for _ in range(needed + FRESH_DAYS):
        entry = history.entries.get(day)
        if (entry is not None and entry.state != "not_done") or day <= history.created:
            last = day
            break
        day -= timedelta(days=1)
    if last is None:
        return None  # the gap began long ago: stale news
    gap = (view.yesterday - last).days
    if gap < needed:
        return None
    reached = last + timedelta(days=needed)
    if _before_arrival(view, reached):
        return None
    goal = plan_words(history.schedule)
    entry = history.entries.get(last)
    if entry is None:
        body = N_("%(name)s hasn't been done in the %(gap)s days since you added it (goal: "
                  "%(goal)s).", name=view.name, gap=gap, goal=goal)
    elif entry.state == "skipped":
        body = N_("It's been %(gap)s days since %(name)s was last done or skipped (goal: "
                  "%(goal)s).", name=view.name, gap=gap, goal=goal)
    else:
        body = N_("It's been %(gap)s days since you last did %(name)s (goal: %(goal)s).",
                  name=view.name, gap=gap, goal=goal)
    body = join([body, _recent_rate(view), " ", N_("One session today keeps the rhythm going.")])
    return make("missed", view.id, reached.isoformat(),
                N_("%(name)s: %(gap)s days without it", name=view.name, gap=gap),
                body, "warning", "missed", day=reached.isoformat(), run=gap,
                since=(last + timedelta(days=1)).isoformat())


def _before_arrival(view: HabitView, reached: date) -> bool:
    """A run that reached N by the day the habit was imported is the imported past; like a
    creation day, the day of the import is no day to have missed it."""
    return view.arrived is not None and reached <= view.arrived


def low_consistency(view: HabitView, settings: RuleSettings) -> Finding | None:
    """The 30-day rate below the user's threshold, or more than drop_points under the 30 before.

    Only due days count (see rules_core). Habits younger than MIN_AGE_DAYS are left alone, and
    the comparison needs the previous window to hold MIN_AGE_DAYS of the habit's life too.
    """
    if view.age < MIN_AGE_DAYS:
        return None
    done, due = view.tally(RATE_DAYS)
    if due < MIN_DUE_DAYS:
        return None
    rate, previous = done / due, None
    before_done, before_due = view.tally(RATE_DAYS, RATE_DAYS)
    if before_due >= MIN_DUE_DAYS and view.lived >= RATE_DAYS + MIN_AGE_DAYS:
        previous = before_done / before_due
    below = rate < settings.low_rate_threshold
    drop = round((previous - rate) * 100, 6) if previous is not None else 0.0
    dropped = drop > settings.drop_points
    if not (below or dropped):
        return None
    name, said = view.name, counted(view, done, due)
    if dropped:
        body = N_("Over the last 30 days you were %(counted)s, down from %(previous)s in the 30 "
                  "days before.", counted=said, previous=pct(previous))
        title = N_("%(name)s dropped to %(rate)s", name=name, rate=pct(rate))
    else:
        body = N_("Over the last 30 days you were %(counted)s, below your %(goal)s goal.",
                  counted=said, goal=pct(settings.low_rate_threshold))
        title = N_("%(name)s is at %(rate)s lately", name=name, rate=pct(rate))
    if view.kind == "quit":
        advice = N_("What tends to come before a slip? A plan for that moment helps.")
    else:
        advice = N_("What got in the way? A smaller version or another time of day may fit "
                    "better.")
    body = join([body, " ", advice])
    return make("low_consistency", view.id, iso_week(view.today), title, body, "warning",
                "low_consistency", rate=round(rate, 4), done=done, due=due,
                previous_rate=None if previous is None else round(previous, 4),
                threshold=settings.low_rate_threshold)

