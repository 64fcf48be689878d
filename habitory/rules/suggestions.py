"""Suggestions grounded in the user's own numbers: easier goals, better days, habit stacking."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from datetime import timedelta

from habitory.rules.core import (
    MIN_AGE_DAYS,
    MIN_DUE_DAYS,
    RATE_DAYS,
    Finding,
    HabitView,
    RuleSettings,
    make,
    month,
    pct,
    plan_words,
    times,
)
from habitory.stats.phrases import DAY_NAMES, DAYS_PLURAL, N_, Msg, join
from habitory.stats.schedule import Schedule, is_success

FAILING_RATE = 0.4  # below this over FAILING_DAYS, the goal is too big for now
FAILING_DAYS = 28  # four whole weeks, so every weekday counts equally
RELIABLE_RATE = 0.8  # an anchor for habit stacking
WEAK_DAY, STRONG_DAY = 0.25, 0.5  # per-weekday rates that make a day weak, or worth adding
GOOD_PLAN = 0.6  # the proposed days must have worked this often in the same weeks
AT_RISK_BELOW = 0.4  # the model's chance for tomorrow under which a heads-up helps


def _and(items: list[Msg]) -> Msg:
    """a, b and c."""
    if len(items) == 1:
        return items[0]
    return N_("%(items)s and %(last)s", items=join(items[:-1], ", "), last=items[-1])


def _number(x: float) -> float:
    """8, 7.5: a float, which a sentence writes the reader's way ("7,5"), no trailing .0."""
    return float(x)


def suggestion(view: HabitView, views: Sequence[HabitView],
               rates: Mapping[int, tuple[int, int]], settings: RuleSettings) -> Finding | None:
    """The one most useful suggestion for a habit (the key allows one per habit per month)."""
    return move_days(view) or lower_goal(view) or stack(view, views, rates, settings)


def lower_goal(view: HabitView) -> Finding | None:
    """Under FAILING_RATE for four weeks: offer the frequency or target the user really reaches."""
    if view.age < FAILING_DAYS or view.kind == "quit":
        return None
    done, due = view.tally(FAILING_DAYS)
    if due < 2 * MIN_DUE_DAYS or done / due >= FAILING_RATE:
        return None
    rate = pct(done / due)
    if view.kind == "measurable":
        return _lower_target(view, rate)
    schedule = view.history.schedule
    per_week = len(schedule.weekdays) if schedule.weekdays is not None else 7 * view.num / view.den
    count = view.done_count(FAILING_DAYS)
    goal = plan_words(schedule)
    if count == 0:
        if per_week <= 1:
            return None
        num, den = 1, 7
        body = N_("%(name)s hasn't been checked off in the last 4 weeks (goal: %(goal)s).",
                  name=view.name, goal=goal)
    elif count >= 3:  # at least about once a week
        num, den = max(1, math.floor(count / 4 + 0.5)), 7
        body = N_("In the last 4 weeks you did %(name)s %(count)s times, about %(times)s a "
                  "week, against a goal of %(goal)s (%(rate)s of due days).", name=view.name,
                  count=count, times=times(num), goal=goal, rate=rate)
    else:
        num, den = count, 30
        body = N_("In the last 4 weeks you did %(name)s %(times)s, against a goal of %(goal)s "
                  "(%(rate)s of due days).", name=view.name, times=times(count), goal=goal,
                  rate=rate)
    if num / den >= per_week / 7 - 1e-9:
        return None  # no easier than the goal it has
    new = plan_words(Schedule(num, den))
    body = join([body, " ", N_("A goal you can hit builds the habit faster than one you keep "
                               "missing: set it to %(new)s?", new=new)])
    return make("suggestion", view.id, month(view.today),
                N_("An easier goal for %(name)s?", name=view.name), body, "info",
                "lower_frequency", num=num, den=den)


def _lower_target(view: HabitView, rate: Msg) -> Finding | None:
    """A measurable habit: the typical amount the user logs becomes the suggested target."""
    history = view.history
    entries = [history.entries.get(day) for day in view.days[-FAILING_DAYS - 1:-1]]
    amounts = [e.amount for e in entries if e and e.state == "done" and e.amount is not None]
    if len(amounts) < MIN_DUE_DAYS or history.target is None:
        return None
    if view.den == 1:
        typical, per = statistics.median(amounts), N_("a day")
    else:
        typical = round(sum(amounts) * view.den / FAILING_DAYS, 1)
        per = N_("a week") if view.den == 7 else N_("per %(den)s days", den=view.den)
    whole = typical >= 10 or all(float(a).is_integer() for a in amounts)  # cups, pages
    at_most = history.direction == "at_most"
    if whole:  # a limit rounds up, a target to the nearest
        new = math.ceil(typical - 1e-9) if at_most else math.floor(typical + 0.5)
    else:
        new = round(typical, 1)
    if (new <= history.target) if at_most else (new >= history.target or new <= 0):
        return None
    numbers = {"name": view.name, "typical": _number(typical), "per": per,
               "target": _number(history.target), "rate": rate, "new": _number(new)}
    if at_most:
        body = N_("Over the last 4 weeks %(name)s came to about %(typical)s %(per)s, against a "
                  "limit of %(target)s (met on %(rate)s of days). A limit you can meet keeps "
                  "you going: set it to %(new)s for now?", **numbers)
        title = N_("A new limit for %(name)s?", name=view.name)
    else:
        body = N_("Over the last 4 weeks %(name)s came to about %(typical)s %(per)s, against a "
                  "target of %(target)s (met on %(rate)s of days). A target you can meet keeps "
                  "you going: set it to %(new)s for now?", **numbers)
        title = N_("A new target for %(name)s?", name=view.name)
    return make("suggestion", view.id, month(view.today), title,
                body, "info", "lower_target", target=new)


def move_days(view: HabitView) -> Finding | None:
    """A weekday (or daily) habit that rarely works on some days: plan it for the days that do."""
    schedule = view.history.schedule
    daily = schedule.weekdays is None and view.den == 1
    if view.kind == "quit" or view.age < FAILING_DAYS or not (schedule.weekdays or daily):
        return None
    weeks = min(8, view.lived // 7)
    planned = schedule.weekdays if schedule.weekdays is not None else frozenset(range(7))
    days, codes = view.days[-7 * weeks - 1:-1], view.outcomes[-7 * weeks:]
    wins, due, extra = [0] * 7, [0] * 7, [0] * 7
    for k in range(7):  # codes[k::7] are the same weekday, week after week
        w = days[k].weekday()
        if w in planned:
            wins[w] = codes[k::7].count("S")
            due[w] = wins[w] + codes[k::7].count("M")
        else:
            extra[w] = sum(is_success(view.history, day) for day in days[k::7])
    enough = max(2, weeks // 2)
    weak = [w for w in sorted(planned) if due[w] >= enough and wins[w] / due[w] <= WEAK_DAY]
    add = [w for w in range(7) if w not in planned and extra[w] / weeks >= STRONG_DAY]
    new = (planned - set(weak)) | set(add)
    wins_new = sum(wins[w] for w in new if w in planned) + sum(extra[w] for w in add)
    due_new = sum(due[w] for w in new if w in planned) + weeks * len(add)
    if not weak or 2 * len(weak) > len(planned) or not due_new or wins_new / due_new < GOOD_PLAN:
        return None  # no better days in sight, or so few that a lower goal says it better
    weak_text = _and([N_("%(days)s %(done)s of %(due)s times", days=DAYS_PLURAL[w],
                         done=wins[w], due=due[w]) for w in weak])
    plan = plan_words(Schedule(weekdays=frozenset(new)))
    if add:
        add_text = _and([N_("%(days)s %(done)s of %(weeks)s weeks", days=DAYS_PLURAL[w],
                            done=extra[w], weeks=weeks) for w in add])
        body = N_("Over the last %(weeks)s weeks %(name)s happened on %(weak)s, but you did it "
                  "unplanned on %(added)s. Plan it for the days that work: %(plan)s?",
                  weeks=weeks, name=view.name, weak=weak_text, added=add_text, plan=plan)
    else:
        body = N_("Over the last %(weeks)s weeks %(name)s happened on %(weak)s. Plan it for the "
                  "days that work: %(plan)s?", weeks=weeks, name=view.name, weak=weak_text,
                  plan=plan)
    return make("suggestion", view.id, month(view.today),
                N_("Better days for %(name)s?", name=view.name), body,
                "info", "move_days", weekdays=sorted(new))


def stack(view: HabitView, views: Sequence[HabitView], rates: Mapping[int, tuple[int, int]],
          settings: RuleSettings) -> Finding | None:
    """Pair a struggling habit with the user's most reliable one ("habit stacking")."""
    if not _actionable(view) or view.age < MIN_AGE_DAYS:
        return None
    done, due = rates[view.id]
    if due < MIN_DUE_DAYS or done / due >= settings.low_rate_threshold:
        return None
    anchors = []
    for other in views:
        other_done, other_due = rates[other.id]
        if (other is not view and _actionable(other) and other.age >= MIN_AGE_DAYS
                and other_due >= MIN_DUE_DAYS and other_done / other_due >= RELIABLE_RATE):
            anchors.append((other_done / other_due, other_due, -other.id, other))
    if not anchors:
        return None
    best_rate, _, _, best = max(anchors, key=lambda a: a[:3])  # ties: more data, then older id
    body = N_("In the last 30 days you did %(best)s on %(best_rate)s of due days, and %(name)s "
              "on %(rate)s. Try habit stacking: do %(name)s right after %(best)s, so one cue "
              "carries both.", best=best.name, best_rate=pct(best_rate), name=view.name,
              rate=pct(done / due))
    return make("suggestion", view.id, month(view.today),
                N_("Habit stacking for %(name)s", name=view.name),
                body, "info", "stack", anchor_id=best.id, anchor_rate=round(best_rate, 4),
                rate=round(done / due, 4))


def _actionable(view: HabitView) -> bool:
    """A habit one does (not a quit habit, nor an "at most" limit): it can anchor a stack."""
    return view.kind == "yes_no" or (view.kind == "measurable"
                                     and view.history.direction == "at_least")


def at_risk(view: HabitView, probability: float) -> Finding | None:
    """The model's chance for tomorrow is low: a heads-up, with the number."""
    tomorrow = view.today + timedelta(days=1)
    try:
        probability = float(probability)
    except (TypeError, ValueError):
        return None
    if not 0 <= probability < AT_RISK_BELOW or not view.history.schedule.is_scheduled(tomorrow):
        return None  # NaN fails the comparison too
    if view.kind == "quit":
        what = N_("a clean day")
        plan = N_("Plan what you'll do instead when the urge comes: a plan makes it much more "
                  "likely.")
    else:
        what = N_("getting it done")
        plan = N_("Decide now when and where you'll do it, or set a reminder: a plan makes it "
                  "much more likely.")
    done, due = view.tally(RATE_DAYS)
    chance = {"name": view.name, "chance": pct(probability), "what": what,
              "weekday": DAY_NAMES[tomorrow.weekday()]}
    if due:
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
