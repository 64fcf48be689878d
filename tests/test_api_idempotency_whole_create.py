"""POST /api/v1/habits with `archived` or `position` and an Idempotency-Key is all or nothing:
the habit is made archived and in its place in the one commit that also keeps the key, so a
failure there leaves no habit, and the client's retry with the same key creates it (it used to
find the habit made and the key let go: a 409 "Name already used" instead of its habit)."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from habitory.api import habits as api_habits
from habitory.extensions import db
from habitory.models import Habit

from .api_support import bearer, problem
from .conftest import TODAY

HABITS = "/api/v1/habits"


def _post(client, headers: dict, body: dict, key: str = "create-1"):
    return client.post(HABITS, json=body, headers={**headers, "Idempotency-Key": key})


def _names(client, headers: dict, archived: bool) -> list[str]:
    listed = client.get(HABITS, query_string={"archived": str(archived).lower()},
                        headers=headers)
    return [h["name"] for h in listed.get_json()]


@contextmanager
def locked_when_read_is_placed():
    """The database is locked at the commit that would write "Read" archived or at the top
    of its list: whichever commit that is, it fails as a busy SQLite fails."""
    session = db.session()

    def refuse(session):
        for thing in list(session):
            seen = sa.inspect(thing).dict  # what the request set; nothing is loaded for this
            if (isinstance(thing, Habit) and seen.get("name") == "Read"
                    and (seen.get("archived") is True or seen.get("position") == 1)):
                raise OperationalError("COMMIT", {}, sqlite3.OperationalError(
                    "database is locked"))

    event.listen(session, "before_commit", refuse)
    try:
        yield
    finally:
        event.remove(session, "before_commit", refuse)


def test_a_habit_made_archived_at_the_top_and_its_replay_say_so(client, user, make_habit):
    make_habit(user, "Walk")
    make_habit(user, "Old", archived=True, archived_on=TODAY)
    headers = bearer(user.id)
    body = {"name": "Read", "archived": True, "position": 1}
    first = _post(client, headers, body)
    assert first.status_code == 201, first.get_data(as_text=True)
    made = first.get_json()
    assert made["archived"] is True and made["position"] == 1
    assert _names(client, headers, archived=True) == ["Read", "Old"]
    assert _names(client, headers, archived=False) == ["Walk"]
    shown = client.get(first.headers["Location"], headers=headers).get_json()
    assert shown == made
    again = _post(client, headers, body)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_data() == first.get_data()
    assert again.headers["Location"] == first.headers["Location"]


@pytest.mark.parametrize("asked", [{"archived": True, "position": 1}, {"position": 1},
                                   {"archived": True}])
def test_a_create_whose_commit_fails_leaves_no_habit_and_the_retry_makes_it(
        client, user, make_habit, asked):
    make_habit(user, "Walk")
    headers = bearer(user.id)
    body = {"name": "Read", **asked}
    with locked_when_read_is_placed():
        problem(_post(client, headers, body), 503)  # "try again later"
    assert _names(client, headers, archived=False) == ["Walk"]
    assert _names(client, headers, archived=True) == []
    retried = _post(client, headers, body)
    assert retried.status_code == 201, retried.get_data(as_text=True)
    assert "Idempotent-Replayed" not in retried.headers
    made = retried.get_json()
    assert made["archived"] is asked.get("archived", False)
    assert made["position"] == asked.get("position", 2)  # none asked: the end of the list
    listed = _names(client, headers, archived=bool(asked.get("archived")))
    assert listed.count("Read") == 1
    replayed = _post(client, headers, body)
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert replayed.get_data() == retried.get_data()


def test_a_failure_after_the_habit_is_made_keeps_the_key_for_the_retry(client, user,
                                                                      monkeypatch, frozen_now):
    """Made and committed, then the answer could not be drawn: the retry gets the habit (once
    the first cannot still be answering), not a 409 for the name the first request took."""
    headers = bearer(user.id)
    body = {"name": "Read", "archived": True}
    drawn = api_habits.habit_out

    def locked_once(habit):
        monkeypatch.setattr(api_habits, "habit_out", drawn)
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(api_habits, "habit_out", locked_once)
    problem(_post(client, headers, body), 503)
    assert _names(client, headers, archived=True) == ["Read"]
    assert "Idempotency-Key" in problem(_post(client, headers, body), 409)["detail"]
    frozen_now(2026, 11, 25, 12, 1)  # past the grace: the first request is over
    again = _post(client, headers, body)
    assert again.status_code == 201, again.get_data(as_text=True)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["name"] == "Read" and again.get_json()["archived"] is True
    assert _names(client, headers, archived=True) == ["Read"]


@pytest.mark.parametrize("asked", [{"archived": True, "position": 1}, {"position": 1},
                                   {"archived": True}])
def test_a_change_whose_commit_fails_changes_nothing(client, user, make_habit, asked):
    """PATCH renames, archives and moves in one commit: when it fails, the habit is as it was
    (it used to keep the new name while the archive or the move was lost)."""
    make_habit(user, "Walk")
    habit = make_habit(user, "Reed")
    headers = bearer(user.id)
    with locked_when_read_is_placed():
        failed = client.patch(f"{HABITS}/{habit.id}", json={"name": "Read", **asked},
                              headers=headers)
    assert failed.status_code == 503, failed.get_data(as_text=True)
    assert _names(client, headers, archived=False) == ["Walk", "Reed"]
    assert _names(client, headers, archived=True) == []
    again = client.patch(f"{HABITS}/{habit.id}", json={"name": "Read", **asked},
                         headers=headers)
    assert again.status_code == 200, again.get_data(as_text=True)
    changed = again.get_json()
    assert changed["name"] == "Read"
    assert changed["archived"] is asked.get("archived", False)
    assert changed["position"] == asked.get("position", 2)
