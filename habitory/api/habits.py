"""/api/v1/habits: list, create, read, change and delete habits, every setting of the form."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_babel import gettext as _
from spectree import Response

from habitory.api import bp, conditions, paging
from habitory.api.access import user
from habitory.api.idempotency import Made, idempotent
from habitory.api.problems import ApiProblem
from habitory.api.schemas import (
    HabitCreate,
    HabitFields,
    HabitList,
    HabitOut,
    HabitsQuery,
)
from habitory.api.schemas import Schedule as ScheduleOut
from habitory.api.spec import spec
from habitory.api.values import reminder_times
from habitory.clock import user_today
from habitory.domain import habit_settings, habits
from habitory.domain.habit_settings import SettingError
from habitory.domain.habits import HabitSettings, NameTaken
from habitory.domain.palette import DEFAULT_COLOUR
from habitory.domain.risk_reminders import DEFAULT_BELOW
from habitory.models import Habit

HABIT = "<int:habit_id>"  # at most 2**31 - 1 (factory.BoundedInt)
MEASURABLE_ONLY = ("target", "unit", "direction")


def habit_out(habit: Habit) -> HabitOut:
    """A habit as the API shows it."""
    weekdays = sorted(habit.weekday_set) if habit.weekday_set else None
    # Weekdays override the frequency (an imported habit may keep another one underneath).
    schedule = (ScheduleOut(weekdays=weekdays) if weekdays
                else ScheduleOut(times=habit.freq_num, days=habit.freq_den))
    return HabitOut(
        id=habit.id, name=habit.name, kind=habit.kind, schedule=schedule,
        target=habit.target, direction=habit.direction, unit=habit.unit, colour=habit.colour,
        emoji=habit.icon, tags=[t.name for t in habit.tags], question=habit.description,
        reminders=[r.at.strftime("%H:%M") for r in habit.reminders],
        remind_at_risk=habit.remind_at_risk, remind_below=habit.remind_below,
        archived=habit.archived, position=habit.position, created_on=habit.created_on)


def owned_or_404(habit_id: int, lock: bool = False) -> Habit:
    """The token owner's habit with its settings; another user's is a 404, as on the web.
    lock: write-locked until the change commits (for a change conditional on what it is)."""
    load = habit_settings.locked if lock else habit_settings.one
    habit = load(user().id, habit_id)
    if habit is None:
        raise ApiProblem(404, _("Not found"), _("You have no habit with id %(id)s.",
                                                id=habit_id))
    return habit


def _changes(fields: HabitFields) -> dict:
    """The HabitSettings changes named in a request (only the fields it sent)."""
    sent = fields.model_fields_set
    names = {"name": "name", "kind": "kind", "target": "target", "direction": "direction",
             "unit": "unit", "colour": "colour", "emoji": "icon", "question": "description"}
    changes = {names[key]: getattr(fields, key) for key in names if key in sent}
    if "kind" in changes and changes["kind"] is None:
        changes["kind"] = "yes_no"
    if "direction" in changes and changes["direction"] is None:
        changes["direction"] = "at_least"
    if "schedule" in sent:
        schedule = fields.schedule or ScheduleOut()
        bits = sum(1 << d for d in schedule.weekdays) if schedule.weekdays else None
        changes.update(freq_num=schedule.times, freq_den=schedule.days, weekdays=bits)
    if "tags" in sent:
        changes["tags"] = tuple(fields.tags or ())
    if "reminders" in sent:
        changes["reminders"] = reminder_times(fields.reminders or [])
    # null switches the mode off and puts the threshold back to its default, as a blank form.
    if "remind_at_risk" in sent:
        changes["remind_at_risk"] = bool(fields.remind_at_risk)
    if "remind_below" in sent:
        changes["remind_below"] = fields.remind_below or DEFAULT_BELOW
    return changes


def _refuse_other_kinds(habit: Habit | None, fields: HabitFields) -> None:
    """422 for a target, unit or direction sent for a habit that will not be measurable: the
    domain would drop them, and the script would believe them saved."""
    sent = fields.model_fields_set
    kind = fields.kind if "kind" in sent else habit.kind if habit is not None else None
    kind = kind or "yes_no"
    if kind == "measurable":
        return
    for name in MEASURABLE_ONLY:
        value = getattr(fields, name)
        if name == "direction" and value == "at_least":
            continue  # what a GET shows for every habit: sending it back changes nothing
        if name in sent and value is not None:
            raise ApiProblem(422, _("Invalid value"),
                             _("%(field)s: a %(kind)s habit has none; only measurable habits do.",
                               field=name, kind=kind),
                             field=name)


def _refuse_silent_drop(habit: Habit | None, fields: HabitFields) -> None:
    """422 for a measurable habit changed to another kind unless the request also sends
    "target": null: the change drops the target, unit and direction, and a script that only
    meant to change the kind would find them gone (switching back could not restore them)."""
    sent = fields.model_fields_set
    if habit is None or habit.kind != "measurable" or "kind" not in sent:
        return
    if fields.kind == "measurable" or ("target" in sent and fields.target is None):
        return
    target = f"{habit.target:.10g}" + (f" {habit.unit}" if habit.unit else "")
    raise ApiProblem(422, _("Invalid value"), _(
        "kind: a %(kind)s habit has no target, so this change would drop the target "
        "(%(target)s), the unit and the direction. Send \"target\": null with the new kind "
        "to confirm.", kind=fields.kind or "yes_no", target=target), field="kind")


def _save(habit: Habit | None, fields: HabitFields) -> Habit:
    """Create (habit None) or change a habit through the domain; 409 for a name in use."""
    _refuse_other_kinds(habit, fields)
    _refuse_silent_drop(habit, fields)
    owner = user()
    try:
        if habit is None:
            base = HabitSettings(name=fields.name or "", colour=DEFAULT_COLOUR)
            settings = habit_settings.changed(base, **_changes(fields))
            # Archived and placed in the habit's own commit, the one that also keeps its
            # Idempotency-Key: a later commit failing would leave the habit but free the key.
            return habits.create(owner.id, user_today(owner), settings,
                                 archived=bool(fields.archived), position=fields.position)
        settings = habit_settings.changed(habit_settings.current(habit), **_changes(fields))
        habits.update(habit, settings, archived=fields.archived, position=fields.position)
    except SettingError as error:
        raise ApiProblem(422, _("Invalid value"), error.message, field=error.field) from None
    except NameTaken as error:
        raise ApiProblem(409, _("Name already used"), str(error), field="name") from None
    except habits.Conflict as error:
        raise ApiProblem(409, _("Conflict"), str(error)) from None
    return habit


@bp.get("/v1/habits")
@spec.validate(query=HabitsQuery, resp=Response(HTTP_200=HabitList), tags=["habits"])
def list_habits():
    """Your habits in your order (`?archived=true`: the archived ones); `?limit=` and
    `?offset=` take them a page at a time, the next page named by the Link header."""
    query = request.context.query
    listed = habit_settings.listed(user().id, query.archived)
    end = len(listed) if query.limit is None else query.offset + query.limit
    page = HabitList([habit_out(h) for h in listed[query.offset:end]])
    return paging.answer(page, paging.page_links("api.list_habits", query,
                                                 more=end < len(listed)))


def _location(habit: Habit) -> str:
    return url_for("api.get_habit", habit_id=habit.id)


def _mark(habit: Habit) -> str:
    return habit.created_at.isoformat()


def _created_again(location: str, mark: str | None):
    """The 201 create_habit gives, for the habit at `location` as it is now (a retry whose
    first request died before its answer was kept); 410 once that habit is deleted, also when
    a later habit has taken its id."""
    tail = location.rpartition("/")[2]
    habit = (habit_settings.one(user().id, int(tail))
             if tail.isdigit() and int(tail) < 2**31 else None)
    if habit is None or mark is not None and _mark(habit) != mark:
        raise ApiProblem(410, _("Gone"), _(
            "The habit made by the first request with this Idempotency-Key has since been "
            "deleted: send a new key to create it again."))
    return current_app.response_class(habit_out(habit).model_dump_json(), status=201,
                                      mimetype="application/json",
                                      headers={"Location": location})


@bp.post("/v1/habits")
@idempotent(Made(Habit, location=_location, answer=_created_again, mark=_mark))
@spec.validate(json=HabitCreate, resp=Response(HTTP_201=HabitOut), tags=["habits"])
def create_habit():
    """Add a habit (at the end of the list unless `position` says where); `Location` is its
    URL.

    Send an `Idempotency-Key` (any text of up to 255 characters, new for each new habit) to
    retry safely: the same request with the same key within 24 hours gets the first answer
    again, with `Idempotent-Replayed: true`, and adds no second habit. Should the first
    request have made the habit but never answered, a retry after 30 seconds gets the habit
    as it is now (a 410 if it was deleted since)."""
    habit = _save(None, request.context.json)
    return habit_out(habit), 201, {"Location": _location(habit)}


@bp.get(f"/v1/habits/{HABIT}")
@spec.validate(resp=Response(HTTP_200=HabitOut), tags=["habits"])
def get_habit(habit_id: int):
    """One habit with every setting."""
    return habit_out(owned_or_404(habit_id))


@bp.patch(f"/v1/habits/{HABIT}")
@spec.validate(json=HabitFields, resp=Response(HTTP_200=HabitOut), tags=["habits"])
def update_habit(habit_id: int):
    """Change some settings; the fields left out stay as they are.

    A measurable habit changed to another kind (`yes_no`, `quit` or null) loses its target,
    unit and direction: send `"target": null` with the new kind to say so, or the answer is
    a 422 naming `kind` and nothing changes."""
    habit = owned_or_404(habit_id, lock=conditions.conditional())
    conditions.require_match(habit_out(habit))
    return habit_out(_save(habit, request.context.json))


@bp.delete(f"/v1/habits/{HABIT}")
@spec.validate(resp=Response("HTTP_204"), tags=["habits"])
def delete_habit(habit_id: int):
    """Delete a habit with its whole history (no undo: archive keeps the history)."""
    habit = owned_or_404(habit_id, lock=conditions.conditional())
    conditions.require_match(habit_out(habit))
    habits.delete(habit)
    return "", 204
