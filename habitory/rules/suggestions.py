"""Suggestions grounded in the user's own numbers: easier goals, better days, habit stacking."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence

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
from habitory.rules.risk import flexible
from habitory.stats.phrases import DAYS_PLURAL, N_, Msg, join
from habitory.stats.schedule import Schedule, is_success

FAILING_RATE = 0.4  # below this over FAILING_DAYS, the goal is too big for now
FAILING_DAYS = 28  # four whole weeks, so every weekday counts equally
RELIABLE_RATE = 0.8  # an anchor for habit stacking
MOST_DAYS = 4  # ... is due on at least this many days a week
MAX_STACKS = 2  # habit-stacking cards per run (see stacks)
WEAK_DAY, STRONG_DAY = 0.25, 0.5  # per-weekday rates that make a day weak, or worth adding
GOOD_PLAN = 0.6  # the proposed days must have worked this often in the same weeks


def _and(items: list[Msg]) -> Msg:
    """a, b and c."""
    if len(items) == 1:
        return items[0]
    return N_("%(items)s and %(last)s", items=join(items[:-1], ", "), last=items[-1])


def _number(x: float) -> float:
    """8, 7.5: a float, which a sentence writes the reader's way ("7,5"), no trailing .0."""
    return float(x)


def suggestion(view: HabitView) -> Finding | None:
    """The one most useful change of goal for a habit (the key allows one per habit per month);
    habit stacking, which pairs habits, is planned for all of them at once (stacks)."""
    return move_days(view) or lower_goal(view)


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


def stacks(open_: Sequence[HabitView], views: Sequence[HabitView],
           rates: Mapping[int, tuple[int, int]], settings: RuleSettings) -> dict[int, Finding]:
    """Pair struggling habits (of `open_`: those without another suggestion) with reliable ones.

    An anchor is a cue the user meets on most days: a daily habit, or one due on at least
    MOST_DAYS weekdays, really checked off on RELIABLE_RATE of them (such schedules have no
    automatic days, so its rate counts ticks; a once-a-month habit at "100%" of its due days
    was ticked twice, and was once every struggling habit's anchor). Each anchor serves one
    habit per run and at most MAX_STACKS are suggested per run, the habits doing worst first:
    eight cards saying "do X right after Y" at once read as a form letter, not advice.
    """
    anchors = [v for v in views if _anchor(v, rates)]
    struggling = []
    for view in open_:
        done, due = rates[view.id]
        if (_actionable(view) and view.age >= MIN_AGE_DAYS and due >= MIN_DUE_DAYS
                and done / due < settings.low_rate_threshold):
            struggling.append((done / due, view))
    found: dict[int, Finding] = {}
    for _, view in sorted(struggling, key=lambda pair: pair[0]):
        days = _due_weekdays(view)
        choices = [(days <= _due_weekdays(a), *_reliability(a, rates), -a.id, a)
                   for a in anchors if a is not view]
        if not choices:
            continue
        best = max(choices, key=lambda c: c[:4])[-1]  # covers its days, rate, data, older id
        anchors.remove(best)
        found[view.id] = _stack(view, best, rates)
        if len(found) == MAX_STACKS:
            break
    return found


def _stack(view: HabitView, anchor: HabitView, rates: Mapping[int, tuple[int, int]]) -> Finding:
    """The card: both habits' numbers are check-ins, not days an interval covered."""
    done, due = rates[view.id]
    best_rate = _reliability(anchor, rates)[0]
    numbers = {"best": anchor.name, "best_rate": pct(best_rate), "name": view.name}
    if flexible(view.history) or view.rolling:  # its rate counts covered days: say ticks
        body = N_("In the last 30 days you did %(best)s on %(best_rate)s of due days, and "
                  "%(name)s %(times)s (goal: %(goal)s). Try habit stacking: do %(name)s right "
                  "after %(best)s, so one cue carries both.",
                  times=times(view.done_count(RATE_DAYS)),
                  goal=plan_words(view.history.schedule), **numbers)
    else:
        body = N_("In the last 30 days you did %(best)s on %(best_rate)s of due days, and "
                  "%(name)s on %(rate)s. Try habit stacking: do %(name)s right after %(best)s, "
                  "so one cue carries both.", rate=pct(done / due), **numbers)
    return make("suggestion", view.id, month(view.today),
                N_("Habit stacking for %(name)s", name=view.name),
                body, "info", "stack", anchor_id=anchor.id, anchor_rate=round(best_rate, 4),
                rate=round(done / due, 4))


def _due_weekdays(view: HabitView) -> frozenset[int]:
    """The weekdays a habit can be due on: all seven unless its schedule names some."""
    weekdays = view.history.schedule.weekdays
    return frozenset(range(7)) if weekdays is None else weekdays


def _reliability(view: HabitView, rates: Mapping[int, tuple[int, int]]) -> tuple[float, int]:
    done, due = rates[view.id]
    return (done / due if due else 0.0), due


def _anchor(view: HabitView, rates: Mapping[int, tuple[int, int]]) -> bool:
    """Done on most days, and really checked off on RELIABLE_RATE of its due days."""
    schedule = view.history.schedule
    most_days = (len(schedule.weekdays) >= MOST_DAYS if schedule.weekdays is not None
                 else view.den == 1)
    rate, due = _reliability(view, rates)
    return (most_days and _actionable(view) and not view.dormant
            and view.age >= MIN_AGE_DAYS and due >= MIN_DUE_DAYS and rate >= RELIABLE_RATE)


def _actionable(view: HabitView) -> bool:
    """A habit one does (not a quit habit, nor an "at most" limit): it can anchor a stack."""
    return view.kind == "yes_no" or (view.kind == "measurable"
                                     and view.history.direction == "at_least")
