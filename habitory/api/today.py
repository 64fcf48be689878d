"""/api/v1/today and /api/v1/predictions: what a widget or a watch face needs, in one call."""

from __future__ import annotations

from datetime import timedelta

from spectree import Response

from habitory.api import bp
from habitory.api.access import user
from habitory.api.spec import spec
from habitory.api.summaries import PredictionList, PredictionOut, Today, TodayHabit
from habitory.clock import user_today
from habitory.domain import habits, history, predictions
from habitory.stats.status_arrays import counted_status
from habitory.stats.statuses import day_status

# Not due today, as on the Today page: nothing scheduled, or set aside with a skip.
NOT_DUE = frozenset({"unscheduled", "skipped"})
ONE_DAY = timedelta(days=1)


@bp.get("/v1/today")
@spec.validate(resp=Response(HTTP_200=Today), tags=["today"])
def today():
    """The habits scheduled today with their state, today's progress ("3 of 5 done", as on
    the Today page) and tomorrow's chance for each."""
    owner = user()
    day = user_today(owner)
    active = habits.habits_of(owner.id)
    # A schedule of "3 in 7 days" looks back 7 days to say whether today is already covered.
    lookback = max([h.freq_den for h in active] + [7])
    recent = history.entries_for([h.id for h in active], since=day - timedelta(days=lookback))
    chances = predictions.stored(owner.id, day + ONE_DAY) if active else {}
    listed, done, due = [], 0, 0
    for habit in active:
        entries = recent.get(habit.id, {})
        past = history.history_of(habit, entries)
        # As the rates count it: 10 km completing a week's 20 km is done (the day alone is not).
        status = counted_status(past, day, day_status(past, day, today=day), day)
        if status == "missed" and _open(habit):
            status = "unknown"
        if status == "unscheduled":
            continue
        if status not in NOT_DUE:
            due += 1
            done += status in ("done", "auto")
        entry = entries.get(day)
        chance = chances.get(habit.id)
        listed.append(TodayHabit(
            id=habit.id, name=habit.name, kind=habit.kind, emoji=habit.icon,
            colour=habit.colour, status=status, state=entry.state if entry else None,
            amount=entry.amount if entry else None, target=habit.target, unit=habit.unit,
            probability=chance.probability if chance else None))
    return Today(date=day, done=done, due=due, habits=listed)


def _open(habit) -> bool:
    """Whether today is still open although its statistics say missed: an "at least" target
    (per day or per period) may yet be met before the day ends, so the Today page draws no
    cross (partials/habit_row.html) and the API says unknown as it does."""
    return habit.kind == "measurable" and habit.direction == "at_least"


@bp.get("/v1/predictions")
@spec.validate(resp=Response(HTTP_200=PredictionList), tags=["today"])
def list_predictions():
    """Tomorrow's chance for each active habit due tomorrow, in the user's order, as
    `flask predict --json` prints it (one rule: domain.predictions.listed): the stored
    predictions as today now stands, refreshed in the background after each change (none
    yet: [])."""
    owner = user()
    return PredictionList([PredictionOut(**row)
                           for row in predictions.listed(owner.id, user_today(owner))])
