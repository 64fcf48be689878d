"""Two simultaneous "done" submissions leave exactly one check-in."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit

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
