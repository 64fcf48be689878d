"""What the API says back (found by an outside tester scripting it): the failed sign-ins'
lockout blames the address, not a valid token; schedule messages in proper plurals; and the
OpenAPI allows null exactly where the server takes it."""

from __future__ import annotations

import pytest

from .api_support import bearer, problem


def _get(client, headers, address="203.0.113.5"):
    return client.get("/api/v1/today", headers=headers, environ_base={"REMOTE_ADDR": address})


def test_a_valid_token_from_a_locked_out_address_is_told_the_address_is_locked(make_app,
                                                                                 user):
    app = make_app(RATELIMIT_ENABLED=True, API_AUTH_FAILURE_LIMIT="3 per minute")
    client = app.test_client()
    for n in range(3):
        assert _get(client, {"Authorization": f"Bearer hab_guess{n}"}).status_code == 401
    answer = _get(client, bearer(user.id))
    locked = problem(answer, 429)
    assert "token sent too many" not in locked["detail"]
    assert locked["detail"] == (
        "Too many failed sign-ins (a missing, unknown or expired token) came from your "
        "address: it is locked out for up to 60 seconds, valid tokens included. Try again "
        "after Retry-After.")
    assert answer.headers["Retry-After"] == "60"


def test_a_token_over_its_own_limit_is_still_told_so(make_app, user):
    app = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="2 per minute")
    client = app.test_client()
    headers = bearer(user.id)
    assert [_get(client, headers).status_code for _ in range(2)] == [200, 200]
    assert problem(_get(client, headers), 429)["detail"] == (
        "This token sent too many requests: wait and try again.")


@pytest.mark.parametrize(("schedule", "detail"), [
    ({"times": 2}, "at most 1 time in 1 day."),
    ({"times": 3, "days": 2}, "at most 2 times in 2 days."),
])
def test_schedule_messages_say_their_plurals(client, user, make_habit, schedule, detail):
    habit = make_habit(user, "Read")
    refused = problem(client.patch(f"/api/v1/habits/{habit.id}", json={"schedule": schedule},
                                   headers=bearer(user.id)), 422)
    assert refused["detail"] == f"schedule: times cannot be more than days: {detail}"


def test_schedule_messages_are_in_the_readers_language(client, user, make_habit):
    habit = make_habit(user, "Read")
    headers = {**bearer(user.id), "Accept-Language": "de"}
    for schedule in ({"times": 2}, {"weekdays": [0], "times": 2}):
        refused = problem(client.patch(f"/api/v1/habits/{habit.id}",
                                       json={"schedule": schedule}, headers=headers), 422)
        assert "times cannot" not in refused["detail"]
        assert "With weekdays" not in refused["detail"], refused["detail"]


def _properties(spec: dict, name: str) -> dict:
    return spec["components"]["schemas"][name]["properties"]


def _nullable(prop: dict) -> bool:
    return any(option.get("type") == "null" for option in prop.get("anyOf", ())) or (
        prop.get("type") == "null")


def test_every_patch_field_the_schema_lets_be_null_is_taken_as_null(client, user,
                                                                     make_habit):
    spec = client.get("/api/openapi.json").get_json()
    habit = make_habit(user, "Read")
    headers = bearer(user.id)
    fields = _properties(spec, "HabitFields")
    assert not _nullable(fields["name"])
    for field, prop in fields.items():
        answer = client.patch(f"/api/v1/habits/{habit.id}", json={field: None},
                              headers=headers)
        if _nullable(prop):
            assert answer.status_code == 200, (field, answer.get_data(as_text=True))
        else:
            refused = problem(answer, 422)
            assert refused["field"] == field
    assert client.get(f"/api/v1/habits/{habit.id}", headers=headers).get_json()["name"] == (
        "Read")


def test_a_null_name_is_refused_with_the_forms_words(client, user, make_habit):
    habit = make_habit(user, "Read")
    refused = problem(client.patch(f"/api/v1/habits/{habit.id}", json={"name": None},
                                   headers=bearer(user.id)), 422)
    assert refused["detail"] == "name: Give it a name with something visible in it."


def test_every_checkin_field_the_schema_lets_be_null_is_taken_as_null(client, user,
                                                                      make_habit):
    spec = client.get("/api/openapi.json").get_json()
    habit = make_habit(user, "Steps", kind="measurable", target=10.0)
    headers = bearer(user.id)
    for field, prop in _properties(spec, "CheckinPut").items():
        answer = client.put(f"/api/v1/habits/{habit.id}/checkins/2026-11-25",
                            json={"state": "done", field: None}, headers=headers)
        if _nullable(prop):
            assert answer.status_code == 200, (field, answer.get_data(as_text=True))
        else:
            assert problem(answer, 422)["field"] == field


def test_the_request_checks_speak_the_readers_language(client, user, make_habit):
    """A repeated or unexpected query parameter, a key twice in a body, a bad date and a
    target sent for a yes/no habit: each said in German to a German reader."""
    habit = make_habit(user, "Read")
    headers = {**bearer(user.id), "Accept-Language": "de"}
    said = [
        problem(client.get("/api/v1/today?x=1", headers=headers), 422)["detail"],
        problem(client.get(f"/api/v1/habits/{habit.id}/checkins?from=2026-01-01"
                           "&from=2026-01-02", headers=headers), 422)["detail"],
        problem(client.patch(f"/api/v1/habits/{habit.id}", data='{"name": "a", "name": "b"}',
                             headers={**headers, "Content-Type": "application/json"}),
                422)["detail"],
        problem(client.put(f"/api/v1/habits/{habit.id}/checkins/2026-13-01",
                           json={"state": "done"}, headers=headers), 422)["detail"],
        problem(client.patch(f"/api/v1/habits/{habit.id}", json={"unit": "km"},
                             headers=headers), 422)["detail"],
    ]
    assert "keine Abfrageparameter" in said[0]
    assert "mehr als einmal angegeben" in said[1] and "mehr als einmal angegeben" in said[2]
    for english in ("given more than once", "takes no query", "of the form", "has none"):
        assert not any(english in text for text in said), said
