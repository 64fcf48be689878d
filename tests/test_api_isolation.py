"""Another user's habits, check-ins and notifications through the API: 404, nothing changed."""

from __future__ import annotations

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, Notification

from .api_support import bearer, problem, user_id
from .conftest import TODAY


def _snapshot():
    return (db.session.execute(sa.select(Habit.id, Habit.name, Habit.archived,
                                         Habit.position)).all(),
            db.session.execute(sa.select(CheckIn.habit_id, CheckIn.day, CheckIn.state,
                                         CheckIn.note)).all(),
            db.session.execute(sa.select(Notification.id, Notification.read_at)).all())


def test_a_token_never_reaches_another_users_data(client, auth, user, make_habit):
    auth.logout()
    auth.register(email="bob@example.com")
    bob = user_id("bob@example.com")
    theirs = make_habit(bob, "Bob's run", done=[TODAY])
    note = Notification(user_id=bob, kind="missed", category="alerts", title="Missed",
                        body="Run", dedup_key="k")
    db.session.add(note)
    db.session.commit()
    make_habit(user, "Ada's read")
    ada = bearer(user.id)
    before = _snapshot()
    base = f"/api/v1/habits/{theirs.id}"
    day = f"{base}/checkins/{TODAY.isoformat()}"
    calls = [
        ("GET", base, None), ("PATCH", base, {"name": "Mine now"}), ("DELETE", base, None),
        ("GET", f"{base}/checkins", None), ("GET", f"{base}/stats", None),
        ("PUT", day, {"state": "skipped", "note": "x"}), ("DELETE", day, None),
        ("POST", f"/api/v1/notifications/{note.id}/read", None),
    ]
    for method, url, body in calls:
        kwargs = {"json": body} if body is not None else {}
        problem(client.open(url, method=method, headers=ada, **kwargs), 404)
    assert _snapshot() == before
    listed = client.get("/api/v1/habits", headers=ada).get_json()
    assert [h["name"] for h in listed] == ["Ada's read"]
    today = client.get("/api/v1/today", headers=ada).get_json()
    assert [h["name"] for h in today["habits"]] == ["Ada's read"]
    assert client.get("/api/v1/notifications", headers=ada).get_json() == []
    export = client.get("/api/v1/export?format=csv", headers=ada).get_data(as_text=True)
    assert "Bob" not in export


def test_a_session_cookie_does_not_authenticate_the_api(client, user, make_habit):
    """Logged in on the web (client holds the session), but no token: 401 everywhere."""
    habit = make_habit(user, "Read")
    assert client.get("/").status_code == 200
    problem(client.get("/api/v1/habits"), 401)
    problem(client.put(f"/api/v1/habits/{habit.id}/checkins/{TODAY.isoformat()}",
                       json={"state": "done"}), 401)
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0
