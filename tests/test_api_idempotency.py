"""Idempotency-Key on POST /api/v1/habits: a retry after a dropped connection replays the
first answer instead of adding a second habit; keys are per token and live 24 hours."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from habitory.api_idempotency_model import ApiIdempotency
from habitory.extensions import db
from habitory.jobs import tasks
from habitory.models import Habit, User

from .api_support import bearer, problem

READ = {"name": "Read", "schedule": {"times": 3, "days": 7}}


def _habits(owner_id: int) -> list[int]:
    return list(db.session.scalars(
        sa.select(Habit.id).where(Habit.user_id == owner_id).order_by(Habit.id)))


def _post(client, headers: dict, body: dict, key: str | None = "retry-1"):
    extra = {} if key is None else {"Idempotency-Key": key}
    return client.post("/api/v1/habits", json=body, headers={**headers, **extra})


def test_a_retry_with_the_same_key_gets_the_first_answer_and_adds_no_habit(client, user,
                                                                         frozen_now):
    headers = bearer(user.id)
    first = _post(client, headers, READ)
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    frozen_now(2026, 11, 26, 11, 0)  # 23 hours later: still remembered
    again = _post(client, headers, READ)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_data() == first.get_data()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["ETag"] == first.headers["ETag"]
    assert _habits(user.id) == [first.get_json()["id"]]


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(client, user):
    headers = bearer(user.id)
    created = _post(client, headers, READ).get_json()
    body = problem(_post(client, headers, {"name": "Run"}), 422)
    assert body["title"] == "Idempotency-Key reused with a different request"
    assert _habits(user.id) == [created["id"]]


def test_a_key_too_long_or_blank_is_a_400_and_creates_nothing(client, user):
    headers = bearer(user.id)
    for key in ("k" * 256, "", "   ", "k\x00ey", "k\x1bey"):  # NUL: PostgreSQL refuses it
        body = problem(_post(client, headers, READ, key=key), 400)
        assert "Idempotency-Key" in body["detail"]
    assert _habits(user.id) == []
    assert _post(client, headers, READ, key="k" * 255).status_code == 201


def test_keys_are_per_token_another_users_same_key_creates_their_own_habit(app, client, user,
                                                                          auth):
    headers = bearer(user.id)
    mine = _post(client, headers, READ).get_json()
    auth.logout()
    auth.register(email="bob@example.com")
    bob = db.session.scalar(sa.select(User.id).where(User.email == "bob@example.com"))
    theirs = _post(client, bearer(bob), READ)
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs.headers
    assert theirs.get_json()["id"] != mine["id"]
    assert _habits(bob) == [theirs.get_json()["id"]]
    replayed = _post(client, headers, READ)
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert _habits(user.id) == [mine["id"]]


def test_a_key_older_than_a_day_is_forgotten(client, user, frozen_now):
    headers = bearer(user.id)
    first = _post(client, headers, READ).get_json()
    assert client.delete(f"/api/v1/habits/{first['id']}", headers=headers).status_code == 204
    frozen_now(2026, 11, 26, 12, 1)  # 24 hours and a minute later
    again = _post(client, headers, READ)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert _habits(user.id) == [again.get_json()["id"]]  # a replay would have added none
    # The key now stands for this request: another body under it is refused again.
    problem(_post(client, headers, {"name": "Run"}), 422)


def test_an_expired_key_may_carry_a_new_request(client, user, frozen_now):
    headers = bearer(user.id)
    _post(client, headers, READ)
    frozen_now(2026, 11, 26, 11, 59)
    problem(_post(client, headers, {"name": "Run"}), 422)
    frozen_now(2026, 11, 26, 12, 1)
    run = _post(client, headers, {"name": "Run"})
    assert run.status_code == 201
    assert len(_habits(user.id)) == 2


def test_the_sweep_purges_keys_older_than_a_day(app, client, user, frozen_now):
    headers = bearer(user.id)
    _post(client, headers, READ, key="old")
    frozen_now(2026, 11, 26, 8, 0)
    _post(client, headers, {"name": "Run"}, key="recent")
    frozen_now(2026, 11, 26, 12, 1)
    tasks.sweep(app)
    assert list(db.session.scalars(sa.select(ApiIdempotency.key))) == ["recent"]


def test_an_error_is_not_kept_so_the_fixed_request_may_use_the_key(client, user):
    headers = bearer(user.id)
    problem(_post(client, headers, {"name": "Read", "kind": "nonsense"}), 422)
    fixed = _post(client, headers, READ)
    assert fixed.status_code == 201
    assert _post(client, headers, READ).headers["Idempotent-Replayed"] == "true"
    assert _habits(user.id) == [fixed.get_json()["id"]]


def test_without_the_header_a_post_is_answered_as_before(client, user):
    """A second identical POST is a second request (here: the name is taken), and no key is
    kept; the answer carries no Idempotent-Replayed."""
    headers = bearer(user.id)
    first = _post(client, headers, READ, key=None)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    assert first.headers["Location"] == f"/api/v1/habits/{first.get_json()['id']}"
    problem(_post(client, headers, READ, key=None), 409)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiIdempotency)) == 0
    # With a key, the same retry is the first answer again.
    keyed = _post(client, headers, {"name": "Run"})
    assert _post(client, headers, {"name": "Run"}).get_data() == keyed.get_data()


def test_simultaneous_requests_with_one_key_create_one_habit_and_say_so(app, user):
    headers = bearer(user.id)
    clients = [app.test_client() for _ in range(6)]
    barrier = threading.Barrier(len(clients))
    answers = [None] * len(clients)

    def send(index, one):
        barrier.wait()
        answers[index] = _post(one, headers, READ)

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    created = _habits(user.id)
    assert len(created) == 1
    for answer in answers:
        if answer.status_code == 201:  # the first, or its answer replayed
            assert answer.get_json()["id"] == created[0]
        else:  # the first was still being answered: not "name already used"
            assert "Idempotency-Key" in problem(answer, 409)["detail"]
    firsts = [a for a in answers if a.status_code == 201 and "Idempotent-Replayed" not in a.headers]
    assert len(firsts) == 1


def test_the_openapi_description_documents_the_key(client):
    operation = client.get("/api/openapi.json").get_json()["paths"]["/api/v1/habits"]["post"]
    key = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert key["in"] == "header" and key["schema"]["maxLength"] == 255
    assert "Idempotent-Replayed" in operation["responses"]["201"]["headers"]
    assert "Idempotency-Key" in operation["description"]
