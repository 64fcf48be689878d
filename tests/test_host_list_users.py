"""`flask list-users` tells an account's latest day checked in from the last time anything
about its check-ins changed (a note edited on an old day, an import of years of history):
an administrator asking "who still uses this?" needs the first."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn

from .conftest import TODAY


def test_the_latest_day_checked_in_is_listed_beside_the_last_change(runner, user, make_habit):
    read = make_habit(user, "Read", TODAY - timedelta(days=90),
                      done=[TODAY - timedelta(days=45), TODAY - timedelta(days=30)])
    db.session.execute(sa.update(CheckIn).values(updated_at=datetime(2026, 10, 26, 20, 0)))
    # Today Ada wrote a note on the older of those days: its row changed, no day was checked.
    db.session.execute(sa.update(CheckIn).where(CheckIn.habit_id == read.id,
                                                CheckIn.day == TODAY - timedelta(days=45))
                       .values(note="a late note", updated_at=datetime(2026, 11, 25, 11, 58)))
    db.session.commit()

    rows = json.loads(runner.invoke(args=["list-users", "--json"]).output)
    assert rows[0]["last_day"] == (TODAY - timedelta(days=30)).isoformat()
    assert rows[0]["last_check_in"] == "2026-11-25T11:58Z"  # what scripts have always read

    header, line = runner.invoke(args=["list-users"]).output.strip().splitlines()
    assert header.split("\t")[-2:] == ["last check-in (UTC)", "latest day"]
    assert line.split("\t")[-2:] == ["2026-11-25 11:58", (TODAY - timedelta(days=30)).isoformat()]
