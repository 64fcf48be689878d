"""An archived habit's days through the API are what its page allows on the web: changed on
purpose (the habit page's day form and calendar stay open), unlike a stale Today row."""

from __future__ import annotations

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn

from .api_support import bearer


def test_an_archived_habits_day_is_set_through_the_api_as_on_its_page(client, user,
                                                                      make_habit):
    habit = make_habit(user, "Old", archived=True)
    web = client.post(f"/habits/{habit.id}/day", data={
        "form": "day", "day": "2026-11-23", "state": "done"})
    assert web.status_code in (200, 303)
    api = client.put(f"/api/v1/habits/{habit.id}/checkins/2026-11-24",
                     json={"state": "done"}, headers=bearer(user.id))
    assert api.status_code == 200
    states = dict(db.session.execute(sa.select(CheckIn.day, CheckIn.state)
                                     .where(CheckIn.habit_id == habit.id)).all())
    assert {d.isoformat(): s for d, s in states.items()} == {"2026-11-23": "done",
                                                             "2026-11-24": "done"}
