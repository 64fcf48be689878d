"""Two simultaneous "done" submissions leave exactly one check-in."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from habitory.account_fields import EMAIL_TAKEN
from habitory.extensions import db
from habitory.models import CheckIn, Habit, User

from .conftest import PASSWORD


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
