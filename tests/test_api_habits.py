"""/api/v1/habits: every setting of the form, in and out; partial changes; names unique."""

from __future__ import annotations

import re

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit

from .api_support import bearer, problem

WATER = {"name": "Water", "kind": "measurable", "target": 8, "direction": "at_least",
         "unit": "glasses", "colour": "blue", "emoji": "💧", "tags": ["health", "#Morning"],
         "question": "Did I drink enough?", "reminders": ["21:00", "07:30"],
         "schedule": {"times": 5, "days": 7}}


def test_a_habit_created_through_the_api_has_every_setting_it_was_sent(client, user):
    headers = bearer(user.id)
    response = client.post("/api/v1/habits", json=WATER, headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert {k: body[k] for k in ("name", "kind", "target", "direction", "unit", "colour",
                                  "emoji", "question", "archived", "position")} == {
        "name": "Water", "kind": "measurable", "target": 8.0, "direction": "at_least",
        "unit": "glasses", "colour": "blue", "emoji": "💧", "question": "Did I drink enough?",
        "archived": False, "position": 1}
    assert body["tags"] == ["health", "Morning"]
    assert body["reminders"] == ["07:30", "21:00"]
    assert body["schedule"] == {"times": 5, "days": 7, "weekdays": None}
    assert body["created_on"] == "2026-11-25"
    # Where the new habit is: a GET of it answers the same body.
    assert response.headers["Location"] == f"/api/v1/habits/{body['id']}"
    assert client.get(response.headers["Location"], headers=headers).get_json() == body
    # The web's edit form shows the same settings.
    page = client.get(f"/habits/{body['id']}/edit").get_data(as_text=True)
    assert 'value="glasses"' in page and "07:30, 21:00" in page and "health, Morning" in page


def test_the_list_is_in_the_users_order_and_archived_habits_are_apart(client, user,
                                                                      make_habit):
    make_habit(user, "Read")
    make_habit(user, "Run")
    make_habit(user, "Old", archived=True)
    headers = bearer(user.id, scope="read")
    names = [h["name"] for h in client.get("/api/v1/habits", headers=headers).get_json()]
    assert names == ["Read", "Run"]
    archived = client.get("/api/v1/habits?archived=true", headers=headers).get_json()
    assert [h["name"] for h in archived] == ["Old"]


def test_listing_habits_costs_the_same_queries_for_one_or_twenty(client, user, make_habit,
                                                                count_queries):
    headers = bearer(user.id)
    client.post("/api/v1/habits", json=WATER, headers=headers)
    with count_queries() as one:
        client.get("/api/v1/habits", headers=headers)
    for number in range(19):
        client.post("/api/v1/habits", json={**WATER, "name": f"Water {number}"},
                    headers=headers)
    with count_queries() as twenty:
        assert len(client.get("/api/v1/habits", headers=headers).get_json()) == 20
    assert len(twenty) == len(one) <= 4


def test_patch_changes_only_what_it_sends(client, user):
    headers = bearer(user.id)
    habit_id = client.post("/api/v1/habits", json=WATER, headers=headers).get_json()["id"]
    response = client.patch(f"/api/v1/habits/{habit_id}", headers=headers,
                            json={"name": "More water", "schedule": {"weekdays": [4, 0, 2]}})
    assert response.status_code == 200
    body = response.get_json()
    assert body["name"] == "More water"
    assert body["schedule"] == {"times": 1, "days": 1, "weekdays": [0, 2, 4]}
    assert body["unit"] == "glasses" and body["tags"] == ["health", "Morning"]
    assert body["reminders"] == ["07:30", "21:00"] and body["target"] == 8.0
    stored = db.session.get(Habit, habit_id)
    assert stored.weekdays == 0b10101 and stored.name == "More water"


def test_archive_and_position_through_patch(client, user, make_habit):
    headers = bearer(user.id)
    first, second, third = (make_habit(user, n).id for n in ("A", "B", "C"))
    client.patch(f"/api/v1/habits/{third}", json={"position": 1}, headers=headers)
    listed = client.get("/api/v1/habits", headers=headers).get_json()
    assert [h["id"] for h in listed] == [third, first, second]
    client.patch(f"/api/v1/habits/{first}", json={"archived": True}, headers=headers)
    assert [h["id"] for h in client.get("/api/v1/habits", headers=headers).get_json()] == [
        third, second]
    today_page = client.get("/").get_data(as_text=True)
    assert f'id="habit-{first}"' not in today_page and f'id="habit-{third}"' in today_page


def test_a_name_already_used_is_a_409_whatever_the_case(client, user, make_habit):
    make_habit(user, "Read")
    headers = bearer(user.id)
    body = problem(client.post("/api/v1/habits", json={"name": "READ"}, headers=headers), 409)
    assert body["field"] == "name"
    assert db.session.scalar(sa.select(sa.func.count(Habit.id))) == 1


def test_invalid_settings_are_422_problems_naming_the_field(client, user):
    headers = bearer(user.id)
    cases = [
        ({"name": "a\x00b"}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"name": "Run", "schedule": {"times": 8, "days": 7}}, "schedule"),
        ({"name": "Run", "kind": "measurable"}, "target"),
        ({"name": "Run", "colour": "mauve"}, "colour"),
        ({"name": "Run", "reminders": ["25:00"]}, "reminders.0"),
        ({"name": "Run", "tags": ["t"] * 11}, "tags"),
        ({"name": "Run", "remind_below": 0}, "remind_below"),
        ({"name": "Run", "remind_below": 100}, "remind_below"),
        ({"name": "Run", "remind_at_risk": "sometimes"}, "remind_at_risk"),
        ({"name": "Run", "colour_": "blue"}, "colour_"),
    ]
    for sent, field in cases:
        body = problem(client.post("/api/v1/habits", json=sent, headers=headers), 422)
        assert body["field"] == field, (sent, body)
    assert db.session.scalar(sa.select(sa.func.count(Habit.id))) == 0


def test_risk_aware_reminders_are_set_read_and_reset_through_the_api(client, user):
    headers = bearer(user.id)
    plain = client.post("/api/v1/habits", json={"name": "Walk"}, headers=headers).get_json()
    assert (plain["remind_at_risk"], plain["remind_below"]) == (False, 60)  # as the form's
    sent = {"name": "Floss", "reminders": ["21:00"], "remind_at_risk": True, "remind_below": 45}
    body = client.post("/api/v1/habits", json=sent, headers=headers).get_json()
    assert (body["remind_at_risk"], body["remind_below"]) == (True, 45)
    habit = db.session.get(Habit, body["id"])
    assert habit.remind_at_risk is True and habit.remind_below == 45
    # The web's edit form shows the same.
    page = client.get(f"/habits/{habit.id}/edit").get_data(as_text=True)
    assert 'value="45"' in page
    assert re.search(r'<input [^>]*\bchecked\b[^>]*name="remind_at_risk"', page)
    # A change that does not name them leaves them; null is "off" and "the default".
    renamed = client.patch(f"/api/v1/habits/{habit.id}", json={"name": "Teeth"},
                           headers=headers).get_json()
    assert (renamed["remind_at_risk"], renamed["remind_below"]) == (True, 45)
    reset = client.patch(f"/api/v1/habits/{habit.id}", json={"remind_at_risk": None,
                                                             "remind_below": None},
                         headers=headers).get_json()
    assert (reset["remind_at_risk"], reset["remind_below"]) == (False, 60)


def test_delete_removes_the_habit(client, user, make_habit):
    habit = make_habit(user, "Read", done=[user.created_at.date()])
    headers = bearer(user.id)
    assert client.delete(f"/api/v1/habits/{habit.id}", headers=headers).status_code == 204
    problem(client.get(f"/api/v1/habits/{habit.id}", headers=headers), 404)
    assert db.session.scalar(sa.select(sa.func.count(Habit.id))) == 0


def test_the_openapi_documents_the_location_of_a_created_habit(client):
    spec = client.get("/api/openapi.json").get_json()
    created = spec["paths"]["/api/v1/habits"]["post"]["responses"]["201"]
    assert created["headers"]["Location"]["schema"] == {"type": "string",
                                                        "format": "uri-reference"}
