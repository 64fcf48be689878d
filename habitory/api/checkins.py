"""/api/v1/habits/{id}/checkins and /stats: a habit's days, read and changed one at a time."""

from __future__ import annotations

from datetime import date, timedelta

from flask import request
from flask_babel import gettext as _
from spectree import Response

from habitory.api import bp
from habitory.api.access import user
from habitory.api.habits import HABIT, owned_or_404
from habitory.api.problems import ApiProblem
from habitory.api.schemas import CheckinList, CheckinOut, CheckinPut, DayOut, RangeQuery
from habitory.api.spec import spec
from habitory.api.summaries import Stats
from habitory.clock import user_today
from habitory.domain import days, habits, history
from habitory.domain.days import KEEP, DayError, Edit
from habitory.locale_formats import grouped
from habitory.stats.patterns import insights

MOST_DAYS = 3700  # ten years and a bit: one call for any export-sized window
DAY = "<string(length=10):day>"
ONE_DAY = timedelta(days=1)


def _day(raw: str, today: date) -> date:
    """The path's date: YYYY-MM-DD, not in the future, not before 1970 (422 otherwise)."""
    try:
        return days.check_day(days.iso_day(raw), today)
    except DayError as error:
        raise ApiProblem(422, _("Invalid date"), error.message, field="date") from None
    except ValueError:
        raise ApiProblem(422, _("Invalid date"), _("Use a date of the form YYYY-MM-DD."),
                         field="date") from None


@bp.get(f"/v1/habits/{HABIT}/checkins")
@spec.validate(query=RangeQuery, resp=Response(HTTP_200=CheckinList), tags=["check-ins"])
def list_checkins(habit_id: int):
    """The habit's check-ins from `from` to `to` (at most 3,700 days a call; default: the
    last 30 days). Days without a check-in are absent."""
    habit = owned_or_404(habit_id)
    query = request.context.query
    last = query.to or user_today(user())
    # Counted in ordinals: 29 days before 0001-01-29 is no date Python has.
    first = query.from_ or date.fromordinal(max(1, last.toordinal() - 29))
    if first > last:
        raise ApiProblem(422, _("Invalid range"), _("from must not be after to."),
                         field="from")
    if (last - first).days + 1 > MOST_DAYS:
        raise ApiProblem(422, _("Range too long"),
                         _("Ask for at most %(most)s days a call.", most=grouped(MOST_DAYS)),
                         field="from")
    return CheckinList([CheckinOut(date=c.day, state=c.state, amount=c.amount, note=c.note)
                        for c in history.checkins_between(habit.id, first, last)])


@bp.put(f"/v1/habits/{HABIT}/checkins/{DAY}")
@spec.validate(json=CheckinPut, resp=Response(HTTP_200=DayOut), tags=["check-ins"])
def put_checkin(habit_id: int, day: str):
    """Set a day's state (and a measurable habit's amount, a note). The same PUT twice is
    one check-in; amount and note left out stay as they were. As on the web, an amount decides
    a measurable day (done when it meets the target), the one kept too: a state sent alone on
    a day holding an amount is judged by it (to change the day, send a new amount or null).
    An archived habit's days can be set, as on its page."""
    habit, existing, when = _owned_day(habit_id, day)
    body = request.context.json
    sent = body.model_fields_set
    edit = Edit(state=body.state, amount=body.amount if "amount" in sent else KEEP,
                note=body.note if "note" in sent else KEEP)
    try:
        state, amount, note = days.edited(habit, existing, edit)
    except DayError as error:
        raise ApiProblem(422, _("Invalid value"), error.message, field=error.field) from None
    if "amount" in sent and body.amount is None:
        # A day kept from the habit's measurable past keeps its amount (the domain leaves it
        # for the web's editor, which sends no amount for such a habit); this script said
        # "none", and the answer must not show one.
        amount = None
    days.set_day(habit, when, state, amount=amount, note=note)
    return DayOut(date=when, state=state, amount=amount if state else None,
                  note=note if state else None)


@bp.delete(f"/v1/habits/{HABIT}/checkins/{DAY}")
@spec.validate(resp=Response("HTTP_204"), tags=["check-ins"])
def delete_checkin(habit_id: int, day: str):
    """Clear the day: its state, amount and note."""
    habit, existing, when = _owned_day(habit_id, day)
    if existing is not None:
        days.set_day(habit, when, None)
    return "", 204


def _owned_day(habit_id: int, day: str):
    """(the token owner's habit, that day's check-in or None, the day), the habit and the
    check-in read in one query; another user's habit is a 404, as on the web."""
    owner = user()
    today = user_today(owner)
    when = _day(day, today)
    found = habits.for_change(owner.id, habit_id, when, today + ONE_DAY)
    if found is None:
        raise ApiProblem(404, _("Not found"), _("You have no habit with id %(id)s.",
                                                id=habit_id))
    habit, existing, _chance = found
    return habit, existing, when


@bp.get(f"/v1/habits/{HABIT}/stats")
@spec.validate(resp=Response(HTTP_200=Stats), tags=["check-ins"])
def habit_stats(habit_id: int):
    """Current and best streak, strength, 7/30/90-day rates and health: the habit page's
    numbers."""
    habit = owned_or_404(habit_id)
    today = days.judged_until(habit, user_today(user()))  # an archived habit's stop, as its page
    whole = history.histories([habit])[habit.id]
    found = insights({habit.id: whole}, {habit.id: habit.name}, today, 365).habits
    summary = found[0] if found else None
    if summary is None:
        return Stats(current_streak=0, best_streak=0, strength=0, rate_7=None, rate_30=None,
                     rate_90=None, health=None)
    return Stats(current_streak=summary.current_streak,
                 best_streak=summary.best_streak.length if summary.best_streak else 0,
                 strength=summary.strength, rate_7=summary.rate_7.value,
                 rate_30=summary.rate_30.value, rate_90=summary.rate_90.value,
                 health=summary.health.score if summary.health else None)
