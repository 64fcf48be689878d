"""The "may be hard tomorrow" heads-up, and which tomorrows a habit's schedule really asks for.

The forecast's chance is of a check-in on tomorrow itself. For a daily or weekday habit that is
the day's whole outcome. A "num times in den days" habit (3× a week, every 3 days, once a
month) does not ask for any one day: its chance on a given day is low by design (a 3×/week
habit kept perfectly is ticked on 3 days in 7), while its rates count the days its ticks
cover (Loop's automatic checkmarks). Such a chance under AT_RISK_BELOW says nothing about the
habit, unless tomorrow is a day the goal cannot do without: the cards (rules) and the label of
the stored prediction (jobs/forecast.py) both ask needed_tomorrow(), so they agree.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta

from habitory.rules.core import RATE_DAYS, Finding, HabitView, make, pct, plan_words, times
from habitory.stats.phrases import DAY_NAMES, N_, join
from habitory.stats.schedule import Entry, HabitHistory
from habitory.stats.statuses import auto_days, plain_entries

AT_RISK_BELOW = 0.4  # the model's chance for tomorrow under which a heads-up helps
_DAY = timedelta(days=1)


def flexible(history: HabitHistory) -> bool:
    """A yes/no "num times in den days" habit with num < den: no day of it is asked for."""
    num, den = history.schedule.loop_frequency
    return history.kind == "yes_no" and history.schedule.weekdays is None and den > 1


def _period(begin: date, den: int) -> int:
    """Days in a period from `begin`: den, or a calendar month for 30 and 31 (as Loop's
    intervals, stats/statuses.py)."""
    if den not in (30, 31):
        return den
    length = calendar.monthrange(begin.year, begin.month)[1]
    if begin.day == length:
        after = begin + _DAY
        length = calendar.monthrange(after.year, after.month)[1]
    return length


def needed_tomorrow(history: HabitHistory, today: date, today_state: str | None = None) -> bool:
    """Whether tomorrow is a day the schedule asks for: missing it would break the goal.

    Every scheduled day of a daily, weekday, measurable or quit habit is (a measurable
    "per den days" amount judges each day's window, so a due day short of it is a miss).
    For a flexible habit (see flexible) the current period begins on the first day its ticks
    do not cover yet (or, once a whole period went by uncovered, on the oldest tick of the
    den days before tomorrow, from which a new group of ticks may grow); tomorrow is needed
    when the days left in that period, tomorrow included, are no more than the ticks still
    missing: 1 of 3 days left for "every 3 days", 2 left with 2 ticks to go for 3× a week.
    Loop forgives more than this (a burst of ticks slides its intervals back over a missed
    day), so a day this calls needed is one Loop would count as missed without a tick too.

    `today_state` ("done", "not_done") reads today as if so, for the stored chance of each
    of today's outcomes; None reads it as it stands (an open today is not ticked).
    """
    tomorrow = today + _DAY
    if not history.schedule.is_scheduled(tomorrow):
        return False
    if not flexible(history):
        return True
    num, den = history.schedule.loop_frequency
    longest = max(den, 31) + 1  # a period never spans more (months are at most 31 days)
    cutoff = today - timedelta(days=2 * longest)
    recent = {day: e for day, e in plain_entries(history.entries).items() if day >= cutoff}
    if today_state is not None:
        recent[today] = Entry(today_state)
    auto = auto_days(replace(history, entries=recent), today - timedelta(days=longest))
    ticks: list[date] = []  # today backwards, over the days no interval covers yet
    day = today
    while day > today - timedelta(days=longest):
        entry = recent.get(day)
        if day.toordinal() in auto or (entry is not None and entry.state == "skipped"):
            break
        if entry is None and day < history.created:
            break
        if entry is not None and entry.state == "done":
            ticks.append(day)
        day -= _DAY
    start = day + _DAY
    if (tomorrow - start).days >= _period(start, den):  # a whole period went by uncovered
        window = [t for t in ticks if (tomorrow - t).days < _period(t, den)]
        if not window:
            return True  # nothing to build on: without a tick tomorrow is one more miss
        start = window[-1]
    left = (start + timedelta(days=_period(start, den)) - tomorrow).days
    missing = num - sum(1 for t in ticks if t >= start)
    return left <= missing


def at_risk(view: HabitView, probability: float) -> Finding | None:
    """The model's chance for tomorrow is low, on a day the habit needs: a heads-up."""
    tomorrow = view.today + _DAY
    try:
        probability = float(probability)
    except (TypeError, ValueError):
        return None
    if not 0 <= probability < AT_RISK_BELOW:
        return None  # NaN fails the comparison too
    if not needed_tomorrow(view.history, view.today):
        return None
    if view.kind == "quit":
        what = N_("a clean day")
        plan = N_("Plan what you'll do instead when the urge comes: a plan makes it much more "
                  "likely.")
    else:
        what = N_("getting it done")
        plan = N_("Decide now when and where you'll do it, or set a reminder: a plan makes it "
                  "much more likely.")
    chance = {"name": view.name, "chance": pct(probability), "what": what,
              "weekday": DAY_NAMES[tomorrow.weekday()]}
    done, due = view.tally(RATE_DAYS)
    if flexible(view.history):
        # Its rates count covered days: the chance of one day's tick is set beside the ticks.
        said = N_("%(name)s needs a check-in tomorrow, %(weekday)s, to keep its goal "
                  "(%(goal)s): the forecast gives it a %(chance)s chance (checked off %(times)s "
                  "in the last 30 days).", name=view.name, weekday=chance["weekday"],
                  goal=plan_words(view.history.schedule), chance=chance["chance"],
                  times=times(view.done_count(RATE_DAYS)))
    elif due:
        said = N_("The forecast gives %(name)s a %(chance)s chance of %(what)s tomorrow, "
                  "%(weekday)s (last 30 days: %(done)s of %(due)s due days).", done=done,
                  due=due, **chance)
    else:
        said = N_("The forecast gives %(name)s a %(chance)s chance of %(what)s tomorrow, "
                  "%(weekday)s.", **chance)
    body = join([said, " ", plan])
    return make("at_risk", view.id, tomorrow.isoformat(),
                N_("%(name)s may be hard tomorrow", name=view.name),
                body, "info", "at_risk", probability=round(probability, 4),
                day=tomorrow.isoformat())
