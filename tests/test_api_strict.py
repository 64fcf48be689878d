"""The API says what it will not use: settings another kind has, values of the wrong JSON type,
query parameters an operation does not read, days in other forms, numbers too long to be any
field's. A script that sent them has a bug, and a silent 200 would hide it."""

from __future__ import annotations

import json
import math

import sqlalchemy as sa

from habitory.api import bodies
from habitory.extensions import db
from habitory.models import CheckIn, Habit

from .api_support import bearer, problem

HABITS = "/api/v1/habits"


def _habits() -> int:
    return db.session.scalar(sa.select(sa.func.count(Habit.id)))


def test_measurable_settings_sent_for_another_kind_are_422_naming_them(client, user,
                                                                       make_habit):
    headers = bearer(user.id)
    for kind in ("yes_no", "quit", None):
        for field, value in (("target", 5), ("unit", "km"), ("direction", "at_most")):
            sent = {"name": "k", field: value} | ({"kind": kind} if kind else {})
            body = problem(client.post(HABITS, json=sent, headers=headers), 422)
            assert body["field"] == field and "measurable" in body["detail"]
    assert _habits() == 0
    # null is no setting at all, and a measurable habit takes all three.
    assert client.post(HABITS, json={"name": "k", "target": None, "unit": None},
                       headers=headers).status_code == 201
    water = client.post(HABITS, json={"name": "w", "kind": "measurable", "target": 8,
                                      "unit": "glasses", "direction": "at_most"},
                        headers=headers)
    assert water.status_code == 201 and water.get_json()["unit"] == "glasses"

    # PATCH: the kind is the one sent, else the habit's own.
    run = make_habit(user, "Run")
    url = f"{HABITS}/{run.id}"
    assert problem(client.patch(url, json={"target": 5}, headers=headers), 422)["field"] == (
        "target")
    assert problem(client.patch(url, json={"kind": "quit", "unit": "km"}, headers=headers),
                   422)["field"] == "unit"
    changed = client.patch(url, json={"kind": "measurable", "target": 5, "unit": "km"},
                           headers=headers)
    assert changed.status_code == 200 and changed.get_json()["target"] == 5
    db.session.expire_all()
    assert db.session.get(Habit, run.id).unit == "km"


def test_weekdays_with_another_frequency_are_422_not_dropped(client, user):
    headers = bearer(user.id)
    sent = {"name": "Gym", "schedule": {"times": 3, "days": 7, "weekdays": [0, 2]}}
    assert problem(client.post(HABITS, json=sent, headers=headers), 422)["field"] == "schedule"
    sent["schedule"] = {"times": 1, "days": 1, "weekdays": [2, 0]}
    made = client.post(HABITS, json=sent, headers=headers)
    assert made.status_code == 201
    assert made.get_json()["schedule"] == {"times": 1, "days": 1, "weekdays": [0, 2]}


def test_values_must_be_of_their_json_type(client, user, make_habit):
    headers = bearer(user.id)
    for field, value in (("target", True), ("target", "5"), ("remind_at_risk", "yes"),
                         ("remind_at_risk", 1), ("remind_below", 50.5), ("position", "1"),
                         ("archived", "false"), ("schedule.times", "2")):
        sent = {"name": "Water", "kind": "measurable", "target": 8}
        if field.startswith("schedule."):
            sent["schedule"] = {"times": value, "days": 7}
        else:
            sent[field] = value
        body = problem(client.post(HABITS, json=sent, headers=headers), 422)
        assert body["field"] == field, (field, value)
    assert _habits() == 0
    # As JSON Schema says, an integer is a number, and a number without a fraction an integer.
    made = client.post(HABITS, json={"name": "Water", "kind": "measurable", "target": 8,
                                      "remind_at_risk": True, "remind_below": 40.0,
                                      "schedule": {"times": 2.0, "days": 7}},
                       headers=headers)
    assert made.status_code == 201, made.get_data(as_text=True)
    assert made.get_json()["target"] == 8.0 and made.get_json()["remind_below"] == 40
    assert made.get_json()["schedule"]["times"] == 2

    habit = make_habit(user, "Glasses", kind="measurable", target=8.0)
    url = f"{HABITS}/{habit.id}/checkins/2026-11-24"
    body = problem(client.put(url, json={"state": "done", "amount": "5"}, headers=headers),
                   422)
    assert body["field"] == "amount"
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0


def test_negative_zero_is_stored_and_shown_as_zero(client, user, make_habit):
    headers = bearer(user.id)
    made = client.post(HABITS, json={"name": "Coffee", "kind": "measurable", "target": -0.0,
                                     "direction": "at_most"}, headers=headers)
    assert made.status_code == 201 and '"target":-0.0' not in made.get_data(as_text=True)
    db.session.expire_all()
    assert math.copysign(1, db.session.get(Habit, made.get_json()["id"]).target) == 1
    habit = make_habit(user, "Sugar", kind="measurable", target=0.0, direction="at_most")
    put = client.put(f"{HABITS}/{habit.id}/checkins/2026-11-24",
                     json={"state": "done", "amount": -0.0}, headers=headers)
    assert put.status_code == 200 and put.get_json()["amount"] == 0
    assert math.copysign(1, db.session.scalar(sa.select(CheckIn.amount))) == 1


def test_bodies_that_are_not_objects_are_422(client, user, make_habit):
    headers = bearer(user.id)
    habit = make_habit(user, "Read")
    for sent in ("null", "[]", "0", "false", '""'):
        problem(client.patch(f"{HABITS}/{habit.id}", data=sent,
                             content_type="application/json", headers=headers), 422)


def test_query_parameters_an_operation_does_not_read_are_422_naming_them(client, user,
                                                                        make_habit):
    headers = bearer(user.id)
    habit = make_habit(user, "Read")
    day = f"{HABITS}/{habit.id}/checkins/2026-11-24"
    bodies = {"put": {"state": "done"}, "patch": {"name": "Walk"}, "post": {"name": "Walk"}}
    for method, url in (("get", "/api/v1/today"), ("get", f"{HABITS}/{habit.id}/stats"),
                        ("get", f"{HABITS}/{habit.id}"), ("get", "/api/v1/predictions"),
                        ("put", day), ("delete", day), ("patch", f"{HABITS}/{habit.id}"),
                        ("post", HABITS), ("get", HABITS),
                        ("get", f"{HABITS}/{habit.id}/checkins")):
        sent = {"json": bodies[method]} if method in bodies else {}
        response = getattr(client, method)(f"{url}?date=2026-01-01", headers=headers, **sent)
        body = problem(response, 422)
        assert body["field"] == "date", (method, url)
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0
    assert db.session.scalars(sa.select(Habit.name)).all() == ["Read"]


def test_days_are_read_in_the_one_form_yyyy_mm_dd(client, user, make_habit):
    headers = bearer(user.id)
    habit = make_habit(user, "Read")
    for written in ("20261106xx", "2026-W47-1", "20261106", "2026-11-6", "2026-11-06T0"):
        url = f"{HABITS}/{habit.id}/checkins/{written}"
        if len(written) == 10:  # others are not a day by the address already: 404
            body = problem(client.put(url, json={"state": "done"}, headers=headers), 422)
            assert body["field"] == "date"
            problem(client.delete(url, headers=headers), 422)
        for name in ("from", "to"):
            body = problem(client.get(f"{HABITS}/{habit.id}/checkins?{name}={written}",
                                      headers=headers), 422)
            assert body["field"] == name
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0
    listed = client.get(f"{HABITS}/{habit.id}/checkins?from=2026-11-01&to=2026-11-06",
                        headers=headers)
    assert listed.status_code == 200


def test_an_integer_too_long_for_any_field_is_422_naming_it(client, user, make_habit):
    headers = bearer(user.id)
    huge = "9" * 5000
    for sent, field in ((f'{{"name": "k", "kind": "measurable", "target": {huge}}}', "target"),
                        (f'{{"name": "k", "schedule": {{"days": 7, "times": -{huge}}}}}',
                         "schedule.times"),
                        (f'{{"name": "k", "schedule": {{"weekdays": [1, {huge}]}}}}',
                         "schedule.weekdays.1"),
                        (f'{{"name": "k", "position": {"1" * 101}}}', "position")):
        body = problem(client.post(HABITS, data=sent, content_type="application/json",
                                   headers=headers), 422)
        assert body["field"] == field and "digits" in body["detail"]
    habit = make_habit(user, "Glasses", kind="measurable", target=8.0)
    body = problem(client.put(f"{HABITS}/{habit.id}/checkins/2026-11-24",
                              data=f'{{"state": "done", "amount": {huge}}}',
                              content_type="application/json", headers=headers), 422)
    assert body["field"] == "amount"
    assert _habits() == 1
    # Long but in range of Python's numbers: the field's own bound says it.
    body = problem(client.post(HABITS, json={"name": "k", "position": 10**40},
                               headers=headers), 422)
    assert body["field"] == "position"


def test_a_key_sent_twice_is_422_naming_it_and_nothing_is_written(client, user, make_habit):
    """{"name": "Run", "name": "Swim"}: JSON allows it, but which one the script meant is a
    guess (Python keeps the last, other parsers the first)."""
    headers = bearer(user.id)
    body = problem(client.post(HABITS, data='{"name": "Run", "name": "Swim"}',
                               content_type="application/json", headers=headers), 422)
    assert body["field"] == "name" and "more than once" in body["detail"]
    body = problem(client.post(HABITS, data='{"name": "k", "schedule": {"days": 7, '
                                            '"times": 1, "days": 1}}',
                               content_type="application/json", headers=headers), 422)
    assert body["field"] == "days"
    assert _habits() == 0
    habit = make_habit(user, "Glasses", kind="measurable", target=8.0)
    body = problem(client.put(f"{HABITS}/{habit.id}/checkins/2026-11-24",
                              data='{"state": "done", "amount": 9, "amount": 1}',
                              content_type="application/json", headers=headers), 422)
    assert body["field"] == "amount"
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0
    # The same key in two different objects is no duplicate.
    made = client.post(HABITS, data='{"name": "k", "schedule": {"name": 7, "days": 7, '
                                    '"times": 3}}',
                       content_type="application/json", headers=headers)
    assert made.status_code == 422 and made.get_json()["field"] != "name"  # an unknown field
    assert json.loads('{"a": {"a": 1}, "b": [{"c": 1}, {"c": 2}]}',
                      object_pairs_hook=bodies._object) == {"a": {"a": 1},
                                                            "b": [{"c": 1}, {"c": 2}]}


def test_what_a_get_shows_can_be_sent_back(client, user):
    headers = bearer(user.id)
    made = client.post("/api/v1/habits", json={"name": "Read"}, headers=headers)
    shown = made.get_json()
    assert shown["direction"] == "at_least"  # every habit shows one
    copy = client.post("/api/v1/habits", headers=headers, json={
        "name": "Read again", "kind": shown["kind"], "direction": shown["direction"]})
    assert copy.status_code == 201, copy.get_json()
    other = client.post("/api/v1/habits", headers=headers, json={
        "name": "Sugar", "kind": "yes_no", "direction": "at_most"})
    assert problem(other, 422)["field"] == "direction"


def test_a_target_too_small_to_show_is_no_target(client, user):
    headers = bearer(user.id)
    response = client.post("/api/v1/habits", headers=headers, json={
        "name": "Tiny", "kind": "measurable", "target": 5e-324, "direction": "at_least"})
    assert response.status_code == 422  # it would count any amount as done, shown as "0"
    assert _habits() == 0
