"""An account holds at most MAX_HABITS habits (HABITORY_MAX_HABITS, 200 by default), archived
ones included, through every door: the form, Today's quick add, the API and imports. One
account of a thousand habits held a worker for most of a minute per Insights page, while the
family sharing the server waited. The refusal says so; nothing is half added."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit

from .api_support import bearer
from .conftest import HTMX

MOST = 3


@pytest.fixture(autouse=True)
def three_at_most(app_config):
    app_config["MAX_HABITS"] = MOST


def held(user_id: int) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Habit.name).where(Habit.user_id == user_id)
                                   .order_by(Habit.id)))


def backup(*names: str) -> bytes:
    return json.dumps({"format": "habitory-backup", "schema_version": 1, "habits": [
        {"name": n, "checkins": [{"day": "2026-11-20", "state": "done"}]} for n in names]
    }).encode()


def test_the_form_and_the_quick_add_refuse_a_habit_past_the_limit(client, user, make_habit):
    make_habit(user, "One")
    make_habit(user, "Two", archived=True)  # archived ones count
    assert client.post("/habits", data={"name": "Three"}).status_code == 303
    refused = client.post("/habits", data={"name": "Four"}, headers=HTMX)
    assert refused.status_code == 422
    assert "An account holds at most 3 habits" in refused.get_data(as_text=True)
    page = client.post("/habits", data={"name": "Four", "form": "full", "kind": "yes_no",
                                        "schedule": "daily", "colour": "teal"})
    assert page.status_code == 422 and "Delete habits you no longer need" in page.get_data(
        as_text=True)
    assert held(user.id) == ["One", "Two", "Three"]


def test_the_api_refuses_with_a_problem(client, user, make_habit):
    for name in ("One", "Two", "Three"):
        make_habit(user, name)
    answer = client.post("/api/v1/habits", json={"name": "Four"}, headers=bearer(user.id))
    assert answer.status_code == 409
    assert "at most 3 habits" in answer.get_json()["detail"]
    assert held(user.id) == ["One", "Two", "Three"]


def test_an_import_past_the_limit_is_said_in_the_preview_and_refused_whole(client, user,
                                                                          make_habit):
    make_habit(user, "One")
    preview = client.post("/settings/import", data={"file": (io.BytesIO(
        backup("One", "A", "B", "C")), "b.json")}, content_type="multipart/form-data")
    text = preview.get_data(as_text=True)
    assert "This file would add 3 habits. An account holds at most 3 habits" in text
    token = text.split('name="token" value="')[1].split('"')[0]
    done = client.post("/settings/import/confirm", data={"token": token, "on_conflict": "merge"})
    assert done.status_code in (200, 303, 422)
    assert "This file would add 3 habits" in client.get("/settings/data").get_data(as_text=True) \
        or "This file would add 3 habits" in done.get_data(as_text=True)
    assert held(user.id) == ["One"]  # nothing of it
    # Within the limit, the same door works.
    preview = client.post("/settings/import", data={"file": (io.BytesIO(
        backup("One", "A", "B")), "b.json")}, content_type="multipart/form-data")
    token = preview.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    assert client.post("/settings/import/confirm",
                       data={"token": token, "on_conflict": "merge"}).status_code == 303
    assert held(user.id) == ["One", "A", "B"]


def test_the_cli_import_is_refused_past_the_limit(runner, user, tmp_path):
    path = tmp_path / "b.json"
    path.write_bytes(backup("A", "B", "C", "D"))
    result = runner.invoke(args=["import-data", "--email", "ada@example.com", str(path)])
    assert result.exit_code != 0
    assert "An account holds at most 3 habits" in result.output
    assert held(user.id) == []


def test_adds_sent_at_once_stop_at_the_limit(app, user, monkeypatch):
    """Eight adds at the same moment (a script, two devices): three are made, the others are
    refused, whatever the timing. The pause between the count and the insert makes the race
    certain: each add counted the same two habits before any was written."""
    import threading
    import time

    from habitory.domain import habits

    counted = habits.check_room

    def slow_check(*args, **kwargs):
        counted(*args, **kwargs)
        time.sleep(0.15)

    monkeypatch.setattr(habits, "check_room", slow_check)
    clients = [app.test_client() for _ in range(8)]
    headers = bearer(user.id)
    barrier = threading.Barrier(len(clients))
    statuses = []

    def add(number, client):
        barrier.wait()
        statuses.append(client.post("/api/v1/habits", json={"name": f"Habit {number}"},
                                    headers=headers).status_code)

    threads = [threading.Thread(target=add, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] * MOST + [409] * (8 - MOST)
    assert len(held(user.id)) == MOST
