"""A habit's start follows its history: a check-in logged before it moves it back, and removing
that check-in moves it forward again (to the earliest remaining check-in, never past the day the
habit was made or the start its import brought), whichever door the change came through."""

from __future__ import annotations

import io
import json
import re

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit, User

from .api_support import bearer
from .conftest import HTMX

# The tester's week: "Read" made on Monday 7 December, done 28 Nov - 6 Dec but 2 Dec.
WEEK = ["2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01", "2026-12-03", "2026-12-04",
        "2026-12-05", "2026-12-06"]


@pytest.fixture
def ada(client, auth, frozen_now) -> int:
    """Ada, registered (UTC) and logged in on Monday 7 December 2026, noon; her id."""
    frozen_now(2026, 12, 7, 12, 0)
    auth.register()
    return db.session.scalar(sa.select(User.id).where(User.email == "ada@example.com"))


def add(client, name: str, **fields) -> int:
    """Add a habit through the habit form; its id."""
    data = {"name": name, "form": "full", "schedule": "daily", "colour": "teal", **fields}
    assert client.post("/habits", data=data).status_code in (302, 303)
    return db.session.scalar(sa.select(Habit.id).where(Habit.name == name))


def page(client, habit_id: int) -> str:
    """The habit page's words, tags dropped and spaces folded."""
    html = client.get(f"/habits/{habit_id}").get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def api_start(client, headers, habit_id: int) -> str:
    return client.get(f"/api/v1/habits/{habit_id}", headers=headers).get_json()["created_on"]


def test_the_testers_steps_through_the_api_count_from_the_first_day_still_logged(client, ada):
    hid = add(client, "Read")
    headers = bearer(ada)
    url = f"/api/v1/habits/{hid}/checkins/2026-11-01"
    assert client.put(url, json={"state": "done"}, headers=headers).status_code == 200
    assert api_start(client, headers, hid) == "2026-11-01"  # older history moves it back
    assert client.delete(url, headers=headers).status_code == 204
    assert api_start(client, headers, hid) == "2026-12-07"  # back to the day it was made
    for day in WEEK:
        client.put(f"/api/v1/habits/{hid}/checkins/{day}", json={"state": "done"},
                   headers=headers)
    assert api_start(client, headers, hid) == "2026-11-28"
    stats = client.get(f"/api/v1/habits/{hid}/stats", headers=headers).get_json()
    assert stats["rate_30"] == pytest.approx(8 / 9)  # not 8 of 28 (0.286)
    text = page(client, hid)
    assert "since Sat 28 Nov 2026" in text
    assert "Last 30 days 89% 8 of 9 due days" in text
    assert "of 28 due days" not in text


def test_moved_back_twice_then_the_oldest_removed_starts_at_the_one_left(client, ada):
    hid = add(client, "Read")
    headers = bearer(ada)
    for day in ("2026-11-20", "2026-11-10"):
        client.put(f"/api/v1/habits/{hid}/checkins/{day}", json={"state": "done"},
                   headers=headers)
    assert api_start(client, headers, hid) == "2026-11-10"
    client.delete(f"/api/v1/habits/{hid}/checkins/2026-11-10", headers=headers)
    assert api_start(client, headers, hid) == "2026-11-20"
    assert "since Fri 20 Nov 2026" in page(client, hid)
    # A clear of a day after the start, or of a day with nothing logged, moves nothing.
    client.put(f"/api/v1/habits/{hid}/checkins/2026-11-25", json={"state": "done"},
               headers=headers)
    client.delete(f"/api/v1/habits/{hid}/checkins/2026-11-25", headers=headers)
    client.delete(f"/api/v1/habits/{hid}/checkins/2026-11-05", headers=headers)
    assert api_start(client, headers, hid) == "2026-11-20"
    client.delete(f"/api/v1/habits/{hid}/checkins/2026-11-20", headers=headers)
    assert api_start(client, headers, hid) == "2026-12-07"


def test_the_web_toggle_calendar_cell_and_day_form_move_the_start_back_and_forward(client,
                                                                                  ada):
    hid = add(client, "Read")
    # The row's toggle: done, skipped, clear.
    for _ in range(3):
        client.post(f"/habits/{hid}/toggle", data={"day": "2026-11-01"})
    assert "since Mon 7 Dec 2026" in page(client, hid)
    # A calendar cell (htmx), then the day form's "Clear".
    cell = client.post(f"/habits/{hid}/toggle", data={"day": "2026-11-15", "view": "cell"},
                       headers=HTMX)
    assert cell.status_code == 200
    assert "since Sun 15 Nov 2026" in page(client, hid)
    client.post(f"/habits/{hid}/day", data={"day": "2026-11-15", "state": "clear"})
    assert "since Mon 7 Dec 2026" in page(client, hid)


def test_a_quit_habits_clean_days_count_from_its_start_again_after_a_slip_is_removed(client,
                                                                                    ada):
    hid = add(client, "Smoking", kind="quit")
    headers = bearer(ada)
    client.post(f"/habits/{hid}/toggle", data={"day": "2026-11-01"})  # a slip, by mistake
    assert "since Sun 1 Nov 2026" in page(client, hid)
    client.delete(f"/api/v1/habits/{hid}/checkins/2026-11-01", headers=headers)
    stats = client.get(f"/api/v1/habits/{hid}/stats", headers=headers).get_json()
    assert stats["current_streak"] == 1  # today, not the 37 days since 1 November
    assert "since Mon 7 Dec 2026" in page(client, hid)


def _import(client, backup: dict) -> None:
    data = json.dumps(backup).encode()
    preview = client.post("/settings/import", data={"file": (io.BytesIO(data), "b.json")},
                          content_type="multipart/form-data").get_data(as_text=True)
    token = preview.split('name="token" value="')[1].split('"')[0]
    assert client.post("/settings/import/confirm",
                       data={"token": token, "on_conflict": "merge"}).status_code == 303


def test_an_imported_habit_keeps_the_start_its_backup_gave_it(client, ada):
    _import(client, {"format": "habitory-backup", "schema_version": 1, "habits": [
        {"name": "Read", "created_on": "2026-10-01",
         "checkins": [{"day": "2026-10-05", "state": "done"},
                      {"day": "2026-10-06", "state": "done"}]}]})
    hid = db.session.scalar(sa.select(Habit.id).where(Habit.name == "Read"))
    headers = bearer(ada)
    assert api_start(client, headers, hid) == "2026-10-01"
    client.put(f"/api/v1/habits/{hid}/checkins/2026-09-20", json={"state": "done"},
               headers=headers)
    assert api_start(client, headers, hid) == "2026-09-20"
    client.delete(f"/api/v1/habits/{hid}/checkins/2026-09-20", headers=headers)
    assert api_start(client, headers, hid) == "2026-10-01"  # not 5 Oct, nor the import's day
    client.delete(f"/api/v1/habits/{hid}/checkins/2026-10-05", headers=headers)
    client.delete(f"/api/v1/habits/{hid}/checkins/2026-10-06", headers=headers)
    assert api_start(client, headers, hid) == "2026-10-01"
    assert "since Thu 1 Oct 2026" in page(client, hid)


def test_a_merged_import_keeps_the_earlier_start_it_brought(client, ada):
    hid = add(client, "Read")  # made today, 7 Dec
    _import(client, {"format": "habitory-backup", "schema_version": 1, "habits": [
        {"name": "Read", "created_on": "2026-10-01",
         "checkins": [{"day": "2026-10-05", "state": "done"}]}]})
    headers = bearer(ada)
    assert api_start(client, headers, hid) == "2026-10-01"
    client.put(f"/api/v1/habits/{hid}/checkins/2026-09-20", json={"state": "done"},
               headers=headers)
    client.delete(f"/api/v1/habits/{hid}/checkins/2026-09-20", headers=headers)
    assert api_start(client, headers, hid) == "2026-10-01"  # the merged history's start
