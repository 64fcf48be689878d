"""The coach: one user's habit histories and local date in, findings worth telling them out.

Pure functions, no Flask, no database. The caller loads the user's active habits as
HabitHistory objects, computes the user's local `today` from their timezone, calls evaluate(),
stores each Finding under its `key` (a key already stored is never sent again) and keeps the
categories the user switched on (RuleSettings.enabled filters them here too).

What each kind means, and an example key (`kind:habit_id:period`, "-" for no habit):
    missed           N scheduled days missed in a row up to yesterday (quit habits: N slips);
                     period: the day the run reached N             missed:12:2024-03-12
    low_consistency  30-day rate under the threshold, or more than drop_points under the
                     30 days before; period: ISO week of today      low_consistency:12:2024-W11
    suggestion       one per habit and month; `topic` is move_days, lower_frequency,
                     lower_target or stack (at most MAX_STACKS a run)
                                                                    suggestion:12:2024-03
    milestone        streak of 7/30/100/365 days (period: milestone + the streak's first day)
                                                                    milestone:12:streak7@2024-03-04
                     strength past 50%/80% (period: threshold + month of crossing)
                                                                    milestone:12:strength50@2024-03
    welcome          no habit yet; one habit held for 7+ days      welcome:-:first-habit@2024-03
                                                                    welcome:-:second-habit@2024-03
    at_risk          the model's chance for tomorrow under 40%, on a day the schedule asks
                     for (rules/risk.py: not any day of a 3x/week habit)
                                                                    at_risk:12:2024-03-14
No milestone is told beside a warning for the same habit (_one_voice); the caller keeps at
most PER_HABIT new cards per habit and run (capped).
A habit's imported past is history, not news: a habit imported today raises nothing; one
imported since waits as long as a habit created that day would (MIN_AGE_DAYS before a rate,
FAILING_DAYS before an easier goal), and a run of misses, a streak or a strength crossing
reached before it arrived is not told. Its imported days still count in every number.
A dormant habit (nothing logged in the whole window, and older than it: a Loop export that
ended long ago, a habit left without archiving it) raises no alert, suggestion or at_risk:
what it did "lately" is no news. An "at most" limit is judged as its strength is: a day with
nothing logged is within it, so a limit never read "0% lately" at full strength.
Every count looks at WINDOW_DAYS (60) days ending yesterday (Loop's automatic checkmarks need
31 more days of check-ins); streaks walk back only as far as a milestone can still be new
(372 days); strength, like Loop's, uses the whole history, and is skipped for daily habits
whose bounds already rule a crossing out. Loading the last 400 days of check-ins is enough:
strength then differs from Loop's by under 0.001 for habits due at least weekly.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from habitory.rules.alerts import low_consistency, missed
from habitory.rules.core import (
    CATEGORIES,
    CATEGORY_OF,
    FRESH_DAYS,
    KINDS,
    MIN_AGE_DAYS,
    MIN_DUE_DAYS,
    RATE_DAYS,
    SEVERITIES,
    WINDOW_DAYS,
    Finding,
    HabitView,
    RuleSettings,
    make,
    month,
)
from habitory.rules.milestones import (
    GRACE_DAYS,
    STREAKS,
    STRENGTHS,
    streak_milestone,
    strength_milestones,
)
from habitory.rules.risk import AT_RISK_BELOW
from habitory.rules.risk import at_risk as at_risk_finding
from habitory.rules.suggestions import (
    FAILING_DAYS,
    FAILING_RATE,
    RELIABLE_RATE,
    stacks,
    suggestion,
)
from habitory.stats.phrases import N_, grouped_count
from habitory.stats.schedule import HabitHistory

__all__ = [
    "AT_RISK_BELOW",
    "CATEGORIES",
    "CATEGORY_OF",
    "FAILING_DAYS",
    "FAILING_RATE",
    "FRESH_DAYS",
    "GRACE_DAYS",
    "KINDS",
    "MIN_AGE_DAYS",
    "MIN_DUE_DAYS",
    "RATE_DAYS",
    "RELIABLE_RATE",
    "SEVERITIES",
    "STREAKS",
    "STRENGTHS",
    "WINDOW_DAYS",
    "DEFAULT_SETTINGS",
    "PER_HABIT",
    "capped",
    "Finding",
    "RuleSettings",
    "evaluate",
]

SECOND_HABIT_STREAK = 7  # a stable week with one habit: time to invite a second
STEADY_DAYS = 7  # a streak this long outweighs a low 30-day rate (see _one_voice)
DEFAULT_SETTINGS = RuleSettings()  # frozen: safe to share as the default


def evaluate(
    histories: Mapping[int, HabitHistory],
    names: Mapping[int, str],
    today: date,
    settings: RuleSettings = DEFAULT_SETTINGS,
    at_risk: Mapping[int, float] | None = None,
    habit_count: int | None = None,
    *,
    archived: Collection[int] = (),
    arrived: Mapping[int, date] | None = None,
) -> list[Finding]:
    """Every finding for one user on their local `today`, in the order of `histories`.

    `habit_count` is the user's number of active habits, when `histories` holds fewer (it
    defaults to the active histories given). Habits listed in `archived`, or whose history has
    a true `archived` attribute, and habits created today (or later) raise nothing.
    `arrived` gives the day a habit with an older history came here (an import): it raises
    nothing on that day either, and waits from then on as a new habit would.
    """
    enabled = settings.enabled
    window = max(WINDOW_DAYS, 7 * (settings.missed_days + 2))  # a run of N weekly misses fits
    active = {hid: h for hid, h in histories.items()
              if hid not in archived and not getattr(h, "archived", False)}
    arrived = arrived or {}
    views = [HabitView(hid, names.get(hid) or f"Habit {hid}", h, today, window, arrived.get(hid))
             for hid, h in active.items() if max(h.created, arrived.get(hid, h.created)) < today]
    findings: list[Finding] = []
    if "suggestions" in enabled:
        count = len(active) if habit_count is None else habit_count
        findings += _welcome(count, views, today)
    rates = {view.id: view.tally(RATE_DAYS) for view in views}
    risks = at_risk or {}
    advice: dict[int, Finding | None] = {}
    if "suggestions" in enabled:
        advice = {view.id: suggestion(view) for view in views if not view.dormant}
        open_ = [view for view in views if view.id in advice and advice[view.id] is None]
        advice |= stacks(open_, views, rates, settings)
    for view in views:
        if "alerts" in enabled and not view.dormant:
            findings += filter(None, (missed(view, settings), low_consistency(view, settings)))
        if "suggestions" in enabled and not view.dormant:
            if view.id in risks:
                findings += filter(None, [at_risk_finding(view, risks[view.id])])
            findings += filter(None, [advice.get(view.id)])
        if "milestones" in enabled:
            findings += filter(None, [streak_milestone(view)])
            findings += strength_milestones(view)
    return _one_voice(findings, views)


def _one_voice(findings: list[Finding], views: list[HabitView]) -> list[Finding]:
    """No celebration beside a warning for the same habit: "over 50% strong" beside "at 10%
    lately" or "missed 3 times in a row" reads as a contradiction, and the warning is what the
    habit needs now (a streak or strength crossing stays celebrable for GRACE_DAYS, so a later
    run may still tell it).

    Except for a habit kept on every due day of the last week (a streak of 7 days or more,
    which no run of misses can share): a 30-day rate that is low from before that is the
    stale news, and a restart's "A week in a row" the one worth telling. Then the low-rate
    warning waits (its key is weekly: it comes again if the rate stays low).
    """
    warned = {f.habit_id for f in findings if f.severity == "warning"}
    celebrated = {f.habit_id for f in findings if f.kind == "milestone"}
    steady = set()
    for view in views:
        if view.id in warned and view.id in celebrated:
            streak = view.recent_streak(STEADY_DAYS)
            if streak is None or streak[0] >= STEADY_DAYS:  # None: longer still
                steady.add(view.id)
    return [f for f in findings
            if not (f.kind == "milestone" and f.habit_id in warned - steady)
            and not (f.kind == "low_consistency" and f.habit_id in steady)]


# What a habit's new cards keep, most important first: a run of misses (news, and what to do
# today), tomorrow's heads-up, a concrete change to try, the low rate, a celebration.
_RANK = {"missed": 0, "at_risk": 1, "suggestion": 2, "low_consistency": 3, "milestone": 4}
PER_HABIT = 2  # new cards per habit per run
PER_RUN = 12  # new cards per user per run: a 60-habit account's first run made ~120


def capped(fresh: list[Finding], per_habit: int = PER_HABIT,
           per_run: int = PER_RUN) -> list[Finding]:
    """The most important `per_habit` of each habit's new findings (those not stored yet), and
    of those the most important `per_run` for the user.

    A long history raises many findings at once: one run made 66 cards for a user with 60
    habits, four for one habit, which read as noise. The caller passes only what is new
    (domain/rules_run.py): a card stored days ago that the rules still find (a monthly
    suggestion, a week's low rate) takes no place here, or it would silence the others for
    good. What is left out is not stored, so a later run may still say it.
    """
    by_habit: dict[int, list[int]] = {}
    for i, f in enumerate(fresh):
        if f.habit_id is not None:
            by_habit.setdefault(f.habit_id, []).append(i)
    dropped: set[int] = set()
    for indexes in by_habit.values():
        ranked = sorted(indexes, key=lambda i: _RANK.get(fresh[i].kind, len(_RANK)))
        dropped.update(ranked[per_habit:])
    # Then the user's most important `per_run`, in the rules' own order: a list of a hundred
    # new cards is read as noise, and the rest may still be said by a later run.
    kept = sorted((i for i in range(len(fresh)) if i not in dropped),
                  key=lambda i: _RANK.get(fresh[i].kind, len(_RANK)))
    dropped.update(kept[per_run:])
    return [f for i, f in enumerate(fresh) if i not in dropped]


def _welcome(count: int, views: list[HabitView], today: date) -> list[Finding]:
    """Invite a first habit, or a second one once the only habit has held for a week."""
    if count == 0:
        return [make(
            "welcome", None, f"first-habit@{month(today)}", N_("Start with one small habit"),
            N_("You have no habits yet. Pick one thing you can do in two minutes, like a glass "
               "of water or one page of a book, and add it: small and daily beats big and rare."),
            "info", "first_habit")]
    if count != 1 or len(views) != 1:
        return []
    view = views[0]
    found = view.recent_streak(100_000)  # one habit: walking its whole streak is cheap
    length = 0 if found is None else found[0]
    if length < SECOND_HABIT_STREAK:
        return []
    body = N_("%(name)s has held for %(length)s days in a row: a stable base. Ready for a second "
              "habit? One you can do right after %(name)s is easiest.", name=view.name,
              length=grouped_count(length))  # years of one habit: "1,826 days"
    return [make("welcome", None, f"second-habit@{month(today)}",
                 N_("Ready for a second habit?"),
                 body, "info", "second_habit", anchor_id=view.id)]
