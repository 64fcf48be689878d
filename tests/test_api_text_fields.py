"""Every text field the API takes is cleaned as the web form cleans it: a tab or a line break
in a one-line field (a unit, an emoji, a name, a tag) is a 422 naming the field, and text the
domain refuses is a 422 too, never a 500."""

from __future__ import annotations

import pytest

from habitory.api import values
from habitory.extensions import db

from .api_support import bearer, problem

MEASURABLE = {"kind": "measurable", "target": 3}


def _habits(client, headers) -> list[dict]:
    return client.get("/api/v1/habits", headers=headers).get_json()


@pytest.mark.parametrize(("field", "sent", "extra"), [
    ("emoji", "a\tb", {}),
    ("emoji", "a\nb", {}),
    ("unit", "a\tb", MEASURABLE),
    ("unit", "cu\r\nps", MEASURABLE),
    ("name", "Re\tad", {}),
    ("tags", ["he\nalth"], {}),
])
def test_a_tab_or_line_break_in_a_one_line_field_is_a_422_naming_it(client, user, field,
                                                                     sent, extra):
    headers = bearer(user.id)
    body = {"name": "X", **extra, field: sent}
    refused = problem(client.post("/api/v1/habits", json=body, headers=headers), 422)
    assert refused["field"] == field
    assert refused["detail"].startswith(f"{field}: Remove a control character (U+000")
    assert _habits(client, headers) == []  # nothing was made


@pytest.mark.parametrize(("field", "sent"), [
    ("emoji", "a\nb"), ("unit", "a\tb"), ("name", "a\u2028b"), ("tags", ["a\tb"]),
    ("question", "Why\x1b?")])
def test_a_patch_with_a_control_character_changes_nothing(client, user, field, sent):
    headers = bearer(user.id)
    made = client.post("/api/v1/habits", json={
        "name": "Water", "emoji": "💧", "unit": "glasses", "tags": ["health"],
        "question": "Enough?", **MEASURABLE}, headers=headers).get_json()
    refused = problem(client.patch(f"/api/v1/habits/{made['id']}", json={field: sent},
                                   headers=headers), 422)
    assert refused["field"] == field and refused["detail"].startswith(f"{field}: Remove")
    assert client.get(f"/api/v1/habits/{made['id']}", headers=headers).get_json() == made


def test_surrounding_spaces_and_line_breaks_go_as_the_forms_filter_drops_them(client, user):
    made = client.post("/api/v1/habits", json={
        "name": " Water\n", "emoji": "\t💧 ", "unit": "glasses\r\n", "tags": ["health\n"],
        **MEASURABLE}, headers=bearer(user.id))
    assert made.status_code == 201, made.get_data(as_text=True)
    assert [made.get_json()[k] for k in ("name", "emoji", "unit", "tags")] == [
        "Water", "💧", "glasses", ["health"]]


def test_a_question_keeps_its_tabs_and_lines_as_the_forms_description_does(client, user):
    headers = bearer(user.id)
    made = client.post("/api/v1/habits", json={"name": "Read", "question": "Did I read?\n\tA "
                                               "chapter"}, headers=headers)
    assert made.status_code == 201
    assert made.get_json()["question"] == "Did I read?\n\tA chapter"


@pytest.mark.parametrize(("field", "sent", "limit"), [
    # Within the schema's length as sent, past it once NFC has composed them (U+0958 is two
    # characters, U+FB2C three): the column would refuse them on PostgreSQL.
    ("name", "\u0958" * 80, 80),
    ("emoji", "\ufb2c" * 8, 8),
    ("unit", "\u0958" * 24, 24),
    ("question", "\u0958" * 300, 300),
    ("tags", ["\u0958" * 30], 30),
])
def test_text_longer_once_cleaned_is_a_422_as_on_the_form(client, user, field, sent, limit):
    headers = bearer(user.id)
    refused = problem(client.post("/api/v1/habits", json={
        "name": "X", **MEASURABLE, field: sent}, headers=headers), 422)
    assert refused["field"] == field
    assert refused["detail"] == (f"{field}: Use at most {limit} characters (this has "
                                 f"{2 * limit if field != 'emoji' else 24}).")
    assert _habits(client, headers) == []


def test_a_note_with_a_control_character_is_a_422_naming_it(client, user, make_habit):
    habit = make_habit(user, "Read")
    refused = problem(client.put(f"/api/v1/habits/{habit.id}/checkins/2026-11-25",
                                 json={"state": "done", "note": "ok\x07"},
                                 headers=bearer(user.id)), 422)
    assert refused["field"] == "note" and "U+0007" in refused["detail"]


@pytest.mark.parametrize(("field", "domain_word"), [
    ("emoji", "emoji"), ("unit", "unit"), ("question", "question")])
def test_text_the_domain_refuses_is_a_422_naming_the_apis_field(client, user, monkeypatch,
                                                                 field, domain_word):
    """Should a schema's check miss what the domain refuses (as unit and emoji once were
    cleaned as multiline text), the answer still names the field the client sent."""
    monkeypatch.setattr(values, "line", lambda value, limit: value)
    monkeypatch.setattr(values, "text", lambda value, limit: value)
    headers = bearer(user.id)
    refused = problem(client.post("/api/v1/habits", json={
        "name": "X", **MEASURABLE, field: "a\x1bb"}, headers=headers), 422)
    assert refused["field"] == domain_word
    assert refused["detail"] == (f"{domain_word}: Remove a control character (U+001B): it "
                                 "cannot be stored.")
    assert _habits(client, headers) == []
    made = client.post("/api/v1/habits", json={"name": "Y", **MEASURABLE},
                       headers=headers).get_json()
    refused = problem(client.patch(f"/api/v1/habits/{made['id']}", json={field: "a\x1bb"},
                                   headers=headers), 422)
    assert refused["field"] == domain_word
    db.session.expire_all()
    assert client.get(f"/api/v1/habits/{made['id']}", headers=headers).get_json() == made
