"""What an outside developer's probing of the API found: edges of ranges and bodies that
answered a 500 or the wrong problem, and a kind change that lost settings without a word."""

from __future__ import annotations

import io

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit

from .api_support import bearer, problem

HABITS = "/api/v1/habits"
WATER = {"name": "Water", "kind": "measurable", "target": 8, "unit": "glasses",
         "direction": "at_most"}


def test_a_range_near_the_first_day_python_knows_is_no_server_error(client, user, make_habit):
    """?to=0001-01-01 alone: the default `from` (29 days before) is before year 1."""
    habit = make_habit(user, "Read", done=[user.created_at.date()])
    headers = bearer(user.id, scope="read")
    for query in ("to=0001-01-01", "to=0001-01-29", "from=0001-01-01&to=0001-01-01",
                  "from=9999-12-31&to=9999-12-31"):
        response = client.get(f"{HABITS}/{habit.id}/checkins?{query}", headers=headers)
        assert response.status_code == 200, (query, response.get_data(as_text=True))
        assert response.get_json() == []


def _kind_change(client, headers, url, sent):
    return client.patch(url, json=sent, headers=headers)


def test_changing_a_measurable_habit_to_another_kind_says_what_it_would_drop(client, user):
    headers = bearer(user.id)
    made = client.post(HABITS, json=WATER, headers=headers).get_json()
    url = f"{HABITS}/{made['id']}"
    for sent in ({"kind": "yes_no"}, {"kind": "quit"}, {"kind": None},
                 {"kind": "yes_no", "unit": None}, {"kind": "quit", "name": "No water"}):
        body = problem(client.patch(url, json=sent, headers=headers), 422)
        assert body["field"] == "kind", sent
        assert "target" in body["detail"] and '"target": null' in body["detail"], body
    db.session.expire_all()
    kept = db.session.get(Habit, made["id"])
    assert (kept.kind, kept.target, kept.unit, kept.direction, kept.name) == (
        "measurable", 8.0, "glasses", "at_most", "Water")
    # Saying so (target: null) changes the kind; the unit and direction go with the target.
    changed = client.patch(url, json={"kind": "yes_no", "target": None}, headers=headers)
    assert changed.status_code == 200, changed.get_data(as_text=True)
    assert {k: changed.get_json()[k] for k in ("kind", "target", "unit", "direction")} == {
        "kind": "yes_no", "target": None, "unit": None, "direction": "at_least"}


def test_kind_changes_that_drop_nothing_need_no_confirmation(client, user, make_habit):
    headers = bearer(user.id)
    read = make_habit(user, "Read")
    url = f"{HABITS}/{read.id}"
    assert client.patch(url, json={"kind": "quit"}, headers=headers).get_json()["kind"] == (
        "quit")
    assert client.patch(url, json={"kind": "yes_no"}, headers=headers).get_json()["kind"] == (
        "yes_no")
    # Measurable to measurable, and a PATCH that leaves the kind alone, are not kind changes.
    water = client.post(HABITS, json=WATER, headers=headers).get_json()
    for sent in ({"kind": "measurable"}, {"name": "More water"}, {"target": 9}):
        response = client.patch(f"{HABITS}/{water['id']}", json=sent, headers=headers)
        assert response.status_code == 200, (sent, response.get_data(as_text=True))
    assert response.get_json()["target"] == 9 and response.get_json()["unit"] == "glasses"


def test_the_kind_change_rule_is_in_the_openapi_description(client):
    document = client.get("/api/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    fields = next(v for k, v in schemas.items() if k.split(".")[0] == "HabitFields")
    assert '"target": null' in fields["properties"]["kind"]["description"]
    patch = document["paths"]["/api/v1/habits/{habit_id}"]["patch"]
    assert '"target": null' in patch["description"]


def test_a_chunked_body_over_the_limit_is_413_not_malformed_json(client, user):
    """Without Content-Length (Transfer-Encoding: chunked) Werkzeug stops reading at the
    limit, and the cut body looked like broken JSON."""
    body = b'{"name": "' + b"x" * 70_000 + b'"}'
    response = client.post(HABITS, input_stream=io.BytesIO(body),
                           content_type="application/json", headers=bearer(user.id),
                           environ_overrides={"wsgi.input_terminated": True,
                                              "CONTENT_LENGTH": ""})
    problem(response, 413)
    assert db.session.scalar(sa.select(sa.func.count(Habit.id))) == 0


def test_every_api_problem_is_private_routing_errors_too(client, user):
    headers = bearer(user.id)
    for url in ("/api/v1/habits/-1", "/api/v1/nowhere", f"{HABITS}/1/checkins/2026-1-1"):
        response = client.get(url, headers=headers)
        problem(response, 404)
        assert response.headers.get("Cache-Control") == "no-store", url
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0


def test_days_keep_their_amounts_after_a_kind_change_and_amount_null_removes_one(client,
                                                                                  user):
    headers = bearer(user.id)
    steps = client.post(HABITS, json={"name": "Steps", "kind": "measurable", "target": 10000},
                        headers=headers).get_json()
    day = f"{HABITS}/{steps['id']}/checkins/2026-11-24"
    client.put(day, json={"state": "done", "amount": 3000}, headers=headers)
    client.patch(f"{HABITS}/{steps['id']}", json={"kind": "yes_no", "target": None},
                 headers=headers)
    listed = client.get(f"{HABITS}/{steps['id']}/checkins?from=2026-11-24&to=2026-11-24",
                        headers=headers).get_json()
    assert listed == [{"date": "2026-11-24", "state": "not_done", "amount": 3000.0,
                       "note": None}]
    # The script said "no amount": the answer and the row say so too.
    response = client.put(day, json={"state": "done", "amount": None}, headers=headers)
    assert response.get_json() == {"date": "2026-11-24", "state": "done", "amount": None,
                                   "note": None}
    assert db.session.scalar(sa.select(CheckIn.amount)) is None
    # Left out, an amount stays as it was (here: none).
    assert client.put(day, json={"state": "skipped"}, headers=headers).get_json()[
        "amount"] is None


def test_a_query_parameter_given_twice_is_422_saying_so(client, user, make_habit):
    habit = make_habit(user, "Read")
    headers = bearer(user.id, scope="read")
    for url, name in ((f"{HABITS}?archived=true&archived=false", "archived"),
                      ("/api/v1/notifications?unread=true&unread=true", "unread"),
                      (f"{HABITS}/{habit.id}/checkins?from=2026-11-01&from=2026-10-01",
                       "from"),
                      ("/api/v1/export?format=csv&format=json", "format")):
        body = problem(client.get(url, headers=headers), 422)
        assert body["field"] == name and "more than once" in body["detail"], url


def test_a_schedule_is_replaced_whole_and_the_description_says_so(client, user):
    """PATCH {"schedule": {"days": 14}} on "3 times in 7 days" is "once in 14 days": the
    schedule's members left out take their defaults. The description must say it, since the
    other fields a PATCH leaves out stay as they are."""
    headers = bearer(user.id)
    gym = client.post(HABITS, json={"name": "Gym", "schedule": {"times": 3, "days": 7}},
                      headers=headers).get_json()
    changed = client.patch(f"{HABITS}/{gym['id']}", json={"schedule": {"days": 14}},
                           headers=headers).get_json()
    assert changed["schedule"] == {"times": 1, "days": 14, "weekdays": None}
    document = client.get("/api/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    fields = next(v for k, v in schemas.items() if k.split(".")[0] == "HabitFields")
    assert "Replaced whole" in fields["properties"]["schedule"]["description"]
