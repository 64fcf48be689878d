"""Simultaneous requests: one check-in per day, one habit per name, one tag per name, one
import per preview; a request that loses a race says why (the same 422 as the pre-check)."""

from __future__ import annotations

import io
import json
import threading

import pytest
import sqlalchemy as sa

from habitory.account_fields import EMAIL_TAKEN
from habitory.domain import habits
from habitory.extensions import db
from habitory.models import CheckIn, Habit, Tag, User, habit_tags
from habitory.portability import store

from .conftest import HTMX, PASSWORD


def test_simultaneous_toggles_leave_one_checkin(app, client, user):
    client.post("/habits", data={"name": "Read"})
    hid = db.session.scalar(sa.select(Habit.id))
    clients = []
    for _ in range(8):
        c = app.test_client()
        c.post("/login", data={"email": "ada@example.com", "password": PASSWORD})
        clients.append(c)
    barrier = threading.Barrier(len(clients))
    statuses = []

    def submit(c):
        barrier.wait()
        response = c.post(f"/habits/{hid}/toggle", data={"day": "2026-01-05", "state": "done"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * len(clients)
    rows = db.session.execute(sa.select(CheckIn.day, CheckIn.state)).all()
    assert [(d.isoformat(), s) for d, s in rows] == [("2026-01-05", "done")]


def _at_once(calls):
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# A check that passes, then a database that refuses: the race the pre-checks cannot see. ----

def _login_clients(app, count):
    clients = []
    for _ in range(count):
        c = app.test_client()
        c.post("/login", data={"email": "ada@example.com", "password": PASSWORD})
        clients.append(c)
    return clients


def _all_at_once(clients, send):
    barrier = threading.Barrier(len(clients))
    results = []

    def run(c):
        barrier.wait()
        results.append(send(c))

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_simultaneous_sign_ups_with_one_email_make_one_account(app):
    form = {"email": "ada@example.com", "password": PASSWORD, "confirm": PASSWORD,
            "timezone": "UTC"}
    clients = [app.test_client() for _ in range(8)]
    responses = _at_once([lambda c=c: c.post("/register", data=form) for c in clients])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [303] + [422] * 7
    for response in responses:
        if response.status_code == 422:
            # The same words whether the check or the unique index caught it.
            assert EMAIL_TAKEN in response.get_data(True)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1


def test_simultaneous_email_changes_to_one_address_give_it_to_one_account(app):
    clients = []
    for i in range(8):
        c = app.test_client()
        c.post("/register", data={"email": f"user{i}@example.com", "password": PASSWORD,
                                  "confirm": PASSWORD, "timezone": "UTC"})
        clients.append(c)
    form = {"email-email": "wanted@example.com", "email-current": PASSWORD}
    responses = _at_once([lambda c=c: c.post("/settings/email", data=form) for c in clients])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [303] + [422] * 7
    for response in responses:
        if response.status_code == 422:
            assert "Another account already uses this email" in response.get_data(True)
    owners = db.session.scalar(sa.select(sa.func.count(User.id))
                               .where(User.email == "wanted@example.com"))
    assert owners == 1


@pytest.fixture
def lost_race(client, auth, monkeypatch):
    """Ada has "Read" and "Walk"; the name check is made to miss (another request got there
    between the check and the commit), so only the database's unique key refuses."""
    auth.register()
    client.post("/habits", data={"name": "Read"})
    client.post("/habits", data={"name": "Walk"})
    monkeypatch.setattr(habits, "name_taken", lambda *args, **kwargs: False)
    return {h.name: h.id for h in db.session.scalars(sa.select(Habit))}


FULL = {"form": "full", "kind": "yes_no", "schedule": "daily", "colour": "teal"}


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_create_rename_and_update_that_lose_a_race_get_the_same_422(client, lost_race,
                                                                   headers):
    sends = [
        ("/habits", {"name": "read"}),
        ("/habits", {**FULL, "name": "READ"}),
        (f"/habits/{lost_race['Walk']}/rename", {"name": "Read"}),
        (f"/habits/{lost_race['Walk']}/edit", {**FULL, "name": "Read"}),
    ]
    for url, data in sends:
        response = client.post(url, data=data, headers=headers)
        assert response.status_code == 422, url
        html = response.get_data(as_text=True)
        assert "You already have a habit with that name." in html, url
        assert 'class="field-error"' in html, url
    names = sorted(db.session.scalars(sa.select(Habit.name)))
    assert names == ["Read", "Walk"]


def test_simultaneous_creations_of_one_new_tag_all_succeed(app, client, auth):
    auth.register()
    clients = _login_clients(app, 6)
    data = {"form": "full", "kind": "yes_no", "schedule": "daily", "colour": "teal",
            "tags": "Health"}
    statuses = _all_at_once(clients, lambda c: c.post(
        "/habits", data={**data, "name": f"Habit {id(c)}"}).status_code)
    assert statuses == [303] * len(clients)
    assert list(db.session.scalars(sa.select(Tag.name))) == ["Health"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(habit_tags)) == 6


def _preview(client, backup: bytes) -> str:
    html = client.post("/settings/import", data={"file": (io.BytesIO(backup), "b.json")},
                       content_type="multipart/form-data").get_data(as_text=True)
    return html.split('name="token" value="')[1].split('"')[0]


BACKUP = json.dumps({"format": "habitory-backup", "schema_version": 1, "habits": [
    {"name": "Read", "tags": ["books"], "checkins": [{"day": "2026-01-03", "state": "done"}]},
    {"name": "Swim", "checkins": []}]}).encode()


def test_the_same_import_confirmed_twice_at_once_imports_once(app, client, auth):
    auth.register()
    token = _preview(client, BACKUP)
    clients = []
    for _ in range(4):  # the same browser session (cookie) in four tabs
        c = app.test_client()
        c._cookies = client._cookies
        clients.append(c)
    responses = _all_at_once(clients, lambda c: c.post(
        "/settings/import/confirm", data={"token": token, "on_conflict": "merge"}))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [303, 422, 422, 422]
    for refused in (r for r in responses if r.status_code == 422):
        assert "already imported" in refused.get_data(as_text=True)
    assert sorted(db.session.scalars(sa.select(Habit.name))) == ["Read", "Swim"]
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 1


def test_an_import_the_database_refuses_says_so_and_writes_nothing(client, auth, monkeypatch):
    auth.register()
    client.post("/habits", data={"name": "Read"})
    token = _preview(client, BACKUP)
    # As if "Read" had been created after the import looked at the user's habits.
    monkeypatch.setattr(store, "_existing", lambda user_id: {})
    response = client.post("/settings/import/confirm", data={"token": token,
                                                             "on_conflict": "merge"})
    assert response.status_code == 422
    assert "nothing was imported" in response.get_data(as_text=True)
    assert sorted(db.session.scalars(sa.select(Habit.name))) == ["Read"]
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0
    assert list(db.session.scalars(sa.select(Tag.name))) == []


def test_an_import_that_renames_counts_each_habit_once(client, auth):
    auth.register()
    client.post("/habits", data={"name": "Read"})
    token = _preview(client, BACKUP)
    done = client.post("/settings/import/confirm", data={"token": token,
                                                         "on_conflict": "rename"})
    assert done.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "Imported 2 new habits, 1 check-ins added." in page  # was "Imported 3"
    assert sorted(db.session.scalars(sa.select(Habit.name))) == ["Read", "Read (2)", "Swim"]


def test_tags_replaced_by_another_request_meanwhile_are_a_conflict_not_a_500(app, client,
                                                                           user):
    """Two edits of one habit's tags at once: the later one finds the links it read gone. It
    is refused as a conflict to try again (the API's 409, the form's message), not a 500."""
    from dataclasses import replace

    from habitory.domain import habit_settings

    client.post("/habits", data={"form": "full", "name": "Read", "kind": "yes_no",
                                 "schedule": "daily", "colour": "teal", "tags": "a, b"})
    habit = db.session.scalar(sa.select(Habit))
    assert sorted(t.name for t in habit.tags) == ["a", "b"]  # read, as the request did
    with db.engine.begin() as other:  # the other request, committed meanwhile
        other.execute(sa.delete(habit_tags))
    with pytest.raises(habits.Conflict):
        habits.update(habit, replace(habit_settings.current(habit), tags=("c",)))
