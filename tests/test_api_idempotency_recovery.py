"""Idempotency-Key after a first request that died between committing its habit and keeping
its answer: a retry, once the first cannot still be running, gets the habit it made (or hears
that it was deleted since) instead of a 409 for a day, and no second habit is made."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from habitory.api_idempotency_model import ApiIdempotency
from habitory.extensions import db
from habitory.models import Habit

from .api_support import bearer, problem

READ = {"name": "Read", "schedule": {"times": 3, "days": 7}}


class ProcessDied(BaseException):
    """The worker was killed: nothing after this point ran (not an error Flask answers)."""


@contextmanager
def dying_before_the_answer_is_kept():
    """The process dies at the commit that would keep the answer (a status on the key's row),
    after the habit's own commit went through."""
    session = db.session()

    def die(session):
        if any(isinstance(o, ApiIdempotency) and o.status is not None for o in session.dirty):
            raise ProcessDied

    event.listen(session, "before_commit", die)
    try:
        yield
    finally:
        event.remove(session, "before_commit", die)


def _habits(owner_id: int) -> list[int]:
    return list(db.session.scalars(
        sa.select(Habit.id).where(Habit.user_id == owner_id).order_by(Habit.id)))


def _post(client, headers: dict, body: dict, key: str = "retry-1"):
    return client.post("/api/v1/habits", json=body, headers={**headers, "Idempotency-Key": key})


def _post_and_die(client, headers: dict, body: dict, owner_id: int) -> list[int]:
    """The first request with the key, dying unanswered; the habits it leaves."""
    with dying_before_the_answer_is_kept(), pytest.raises(ProcessDied):
        _post(client, headers, body)
    return _habits(owner_id)


def test_a_retry_after_the_first_died_unanswered_gets_the_habit_it_made(client, user,
                                                                      frozen_now):
    headers = bearer(user.id)
    made = _post_and_die(client, headers, READ, user.id)
    assert len(made) == 1  # the habit was committed; its answer never was
    frozen_now(2026, 11, 25, 12, 0, 10)  # the first might still be answering
    assert "Idempotency-Key" in problem(_post(client, headers, READ), 409)["detail"]
    frozen_now(2026, 11, 25, 12, 1)  # it cannot be any more
    again = _post(client, headers, READ)
    assert again.status_code == 201, again.get_data(as_text=True)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == f"/api/v1/habits/{made[0]}"
    shown = client.get(f"/api/v1/habits/{made[0]}", headers=headers)
    assert again.get_json() == shown.get_json() and again.get_json()["name"] == "Read"
    assert again.headers["ETag"] == shown.headers["ETag"]
    assert _post(client, headers, READ).get_json() == shown.get_json()  # and again
    problem(_post(client, headers, {"name": "Run"}), 422)  # the key still stands for it
    assert _habits(user.id) == made


def test_the_retry_shows_the_habit_as_it_is_now(client, user, frozen_now):
    headers = bearer(user.id)
    made = _post_and_die(client, headers, READ, user.id)
    renamed = client.patch(f"/api/v1/habits/{made[0]}", json={"name": "Read more"},
                           headers=headers)
    assert renamed.status_code == 200
    frozen_now(2026, 11, 25, 12, 1)
    again = _post(client, headers, READ)
    assert again.status_code == 201 and again.get_json() == renamed.get_json()
    assert _habits(user.id) == made


def test_a_retry_for_a_habit_deleted_since_hears_so_and_creates_none(client, user,
                                                                    frozen_now):
    headers = bearer(user.id)
    made = _post_and_die(client, headers, READ, user.id)
    assert client.delete(f"/api/v1/habits/{made[0]}", headers=headers).status_code == 204
    frozen_now(2026, 11, 25, 12, 1)
    body = problem(_post(client, headers, READ), 410)
    assert "deleted" in body["detail"] and "Idempotency-Key" in body["detail"]
    assert _habits(user.id) == []
    # A new key is a new request.
    assert _post(client, headers, READ, key="retry-2").status_code == 201


def test_an_unanswered_key_that_names_no_habit_is_let_go_after_the_grace(client, user,
                                                                       frozen_now):
    """A row left unanswered without a Location (by a version before this fix) does not
    block its key for a day: past the grace the retry runs as a new request."""
    headers = bearer(user.id)
    first = _post(client, headers, READ).get_json()
    assert client.delete(f"/api/v1/habits/{first['id']}", headers=headers).status_code == 204
    db.session.execute(sa.update(ApiIdempotency).values(status=None, body=None, location=None))
    db.session.commit()
    frozen_now(2026, 11, 25, 12, 0, 10)
    problem(_post(client, headers, READ), 409)
    frozen_now(2026, 11, 25, 12, 1)
    again = _post(client, headers, READ)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert _habits(user.id) == [again.get_json()["id"]]
    replayed = _post(client, headers, READ)
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert replayed.get_data() == again.get_data()


def test_the_openapi_description_names_the_answer_for_a_deleted_habit(client):
    operation = client.get("/api/openapi.json").get_json()["paths"]["/api/v1/habits"]["post"]
    assert "deleted" in operation["responses"]["410"]["description"]
    assert "410" in operation["description"]
