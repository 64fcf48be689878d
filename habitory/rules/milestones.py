"""Milestones: streaks of 7, 30, 100 and 365 days, and habit strength passing 50% and 80%."""

from __future__ import annotations

from datetime import date, timedelta

from habitory.rules.core import OUTCOME, Finding, HabitView, make, month, pct, short_day
from habitory.stats.phrases import N_, NP_, join
from habitory.stats.schedule import UNKNOWN
from habitory.stats.strength import multiplier, strength_series

STREAKS = (7, 30, 100, 365)
STRENGTHS = (0.5, 0.8)
GRACE_DAYS = 6  # celebrated on the day it is reached, or within the 6 days after (a missed run)
_STREAK_TITLES = {7: N_("A week in a row"), 30: N_("30 days in a row"),
                  100: N_("100 days in a row"), 365: N_("A whole year")}


# Cards stored before the count had plural forms still name this sentence (notifications keep
# their message and its values, and are worded when read): kept here for its translations.
_STORED_BEFORE_PLURALS = N_("%(name)s: %(length)s days in a row, unbroken since %(since)s "
                            "(%(checks)s check-ins).")


def streak_milestone(view: HabitView) -> Finding | None:
    """The current streak reached a milestone in the last GRACE_DAYS days.

    The key holds the milestone and the streak's first day: re-runs during the same streak
    repeat the key, and a new 7-day streak after a break is celebrated again.
    """
    found = view.recent_streak(STREAKS[-1] + GRACE_DAYS)
    if found is None or found[1] is None:
        return None
    length, start = found
    reached = [m for m in STREAKS if m <= length <= m + GRACE_DAYS]
    if not reached:
        return None
    milestone, name = reached[-1], view.name
    if view.arrived is not None and start + timedelta(days=milestone - 1) < view.arrived:
        return None  # reached before the habit was imported: the imported past
    since = short_day(start)
    if view.kind == "quit":
        body = N_("%(length)s clean days in a row on %(name)s, since %(since)s.", length=length,
                  name=name, since=since)
    else:
        checks = sum(
            1 for i in range(length)
            if (e := view.history.entries.get(start + timedelta(days=i))) and e.state == "done"
        )
        if checks != length:
            # A weekly habit's week is one check-in: "(1 check-in)".
            body = NP_("%(name)s: %(length)s days in a row, unbroken since %(since)s (%(num)s "
                       "check-in).",
                       "%(name)s: %(length)s days in a row, unbroken since %(since)s (%(num)s "
                       "check-ins).", checks, name=name, length=length, since=since)
        else:
            body = N_("%(name)s: %(length)s days in a row, unbroken since %(since)s.", name=name,
                      length=length, since=since)
    body = join([body, " ", N_("That's how habits are built: keep it going!")])
    return make("milestone", view.id, f"streak{milestone}@{start.isoformat()}",
                N_("%(milestone)s: %(name)s", milestone=_STREAK_TITLES[milestone], name=name),
                body, "success", "streak",
                milestone=milestone, length=length, start=start.isoformat())


def strength_milestones(view: HabitView, lookback: int = GRACE_DAYS + 1,
                        prune: bool = True) -> list[Finding]:
    """Strength passed 50% or 80% within the last `lookback` days and is still above it.

    Strength is read on the last settled day: today once it is checked (or, for a quit habit,
    clean so far), else yesterday, so an open today does not make it flicker. The key holds
    the month of the crossing: one celebration per threshold per month.
    """
    last = view.yesterday if view.statuses[-1] == UNKNOWN else view.today
    if prune and _cannot_cross(view, last, lookback):
        return []
    series = strength_series(view.history, last - timedelta(days=lookback), last)
    findings = []
    for threshold in STRENGTHS:
        now = series[-1][1]
        if now < threshold:
            continue
        crossed = next((series[i][0] for i in range(len(series) - 1, 0, -1)
                        if series[i - 1][1] < threshold <= series[i][1]), None)
        if crossed is None or (view.arrived is not None and crossed < view.arrived):
            continue
        if threshold >= 0.8:
            why = N_("it is close to automatic now.")
        else:
            why = N_("it grows with every check-in and fades only slowly after a miss.")
        body = N_("%(name)s's habit strength passed %(threshold)s on %(day)s and is at "
                  "%(now)s: %(why)s", name=view.name, threshold=pct(threshold),
                  day=short_day(crossed), now=pct(now), why=why)
        findings.append(make(
            "milestone", view.id, f"strength{round(threshold * 100)}@{month(crossed)}",
            N_("%(name)s is over %(threshold)s strong", name=view.name, threshold=pct(threshold)),
            body, "success", "strength",
            threshold=threshold, strength=round(now, 4), day=crossed.isoformat()))
    return findings


def _cannot_cross(view: HabitView, last: date, lookback: int) -> bool:
    """True when bounds show no threshold was crossed, without Loop's whole chain.

    For a daily yes/no or quit habit Loop's input is 1 on a success and 0 on any other day
    (a skip is no step), so whatever the score in [0, 1] when the window starts, it then lies
    between the chains started at 0 and at 1. If the upper chain ends below a threshold, or
    the lower one stays at or above it on every day a crossing could start from, the
    threshold was not crossed. Most habits are clearly below or clearly above: this saves
    computing strength for them (the largest cost of evaluate()).
    """
    if view.kind == "measurable" or (view.num, view.den) != (1, 1):
        return False
    codes = view.outcomes + (OUTCOME[view.statuses[-1]] if last == view.today else "")
    m = multiplier(1.0)
    low, high, lows, first = 0.0, 1.0, [], len(codes) - 1 - lookback
    for i, code in enumerate(codes):
        if code != "K":
            gain = (1 - m) if code == "S" else 0.0
            low, high = low * m + gain, high * m + gain
        if i >= first:
            lows.append(low)
    return all(high < t - 1e-9 or min(lows[:-1]) >= t + 1e-9 for t in STRENGTHS)
