"""/today, /predictions, /notifications and /export: what widgets and backups read."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

from habitory.extensions import db
from habitory.models import Notification, Prediction

from .api_support import bearer
from .conftest import TODAY


def test_today_lists_the_habits_due_with_progress_and_chances(client, user, make_habit):
    read = make_habit(user, "Read", done=[TODAY])
    make_habit(user, "Gym", weekdays=0b1)  # Mondays only: not due on Wednesday the 25th
    water = make_habit(user, "Water", kind="measurable", target=8.0, unit="glasses")
    make_habit(user, "Old", archived=True)
    db.session.add(Prediction(habit_id=water.id, user_id=user.id, for_day=TODAY + timedelta(1),
                              probability=0.25, source="model"))
    db.session.commit()
    body = client.get("/api/v1/today", headers=bearer(user.id, scope="read")).get_json()
    assert body["date"] == TODAY.isoformat()
    assert (body["done"], body["due"]) == (1, 2)
    assert [(h["name"], h["state"], h["probability"]) for h in body["habits"]] == [
        ("Read", "done", None), ("Water", None, 0.25)]
    assert body["habits"][1]["target"] == 8.0 and read.id == body["habits"][0]["id"]
    page = client.get("/").get_data(as_text=True)
    assert "1 of 2 habits done today" in page


def test_today_follows_the_users_day_not_the_servers(client, user, make_habit, frozen_now):
    make_habit(user, "Read", done=[TODAY])
    frozen_now(2026, 11, 26, 1, 30)  # 01:30 UTC: the 26th in UTC, still the 25th in Chicago
    client.post("/settings", data={"timezone": "America/Chicago", "day_start_hour": "0"})
    body = client.get("/api/v1/today", headers=bearer(user.id)).get_json()
    assert body["date"] == "2026-11-25" and body["done"] == 1


def test_predictions_are_the_stored_ones_for_tomorrow(client, user, make_habit):
    read = make_habit(user, "Read")
    make_habit(user, "Run")
    db.session.add(Prediction(habit_id=read.id, user_id=user.id, for_day=TODAY + timedelta(1),
                              probability=0.8, source="baseline"))
    db.session.add(Prediction(habit_id=read.id + 1, user_id=user.id, for_day=TODAY,
                              probability=0.1, source="stale"))
    db.session.commit()
    assert client.get("/api/v1/predictions", headers=bearer(user.id)).get_json() == [
        {"habit_id": read.id, "habit": "Read", "probability": 0.8, "source": "baseline"}]


def test_notifications_unread_filter_and_mark_read(client, user):
    for key in ("a", "b"):
        db.session.add(Notification(user_id=user.id, kind="missed", category="alerts",
                                    title=f"Missed {key}", body="Read", dedup_key=key))
    db.session.commit()
    headers = bearer(user.id)
    listed = client.get("/api/v1/notifications", headers=headers).get_json()
    assert len(listed) == 2 and not any(n["read"] for n in listed)
    first = listed[0]["id"]
    marked = client.post(f"/api/v1/notifications/{first}/read", headers=headers)
    assert marked.status_code == 200 and marked.get_json()["read"] is True
    unread = client.get("/api/v1/notifications?unread=true", headers=headers).get_json()
    assert [n["id"] for n in unread] == [listed[1]["id"]]


def test_exports_are_the_settings_files(client, user, make_habit):
    make_habit(user, "Read", done=[date(2026, 11, 20), TODAY])
    headers = bearer(user.id, scope="read")
    for fmt in ("json", "csv", "loop"):
        api = client.get(f"/api/v1/export?format={fmt}", headers=headers)
        web = client.get(f"/settings/export?format={fmt}")
        assert api.status_code == web.status_code == 200
        assert api.mimetype == web.mimetype
        assert api.headers["Content-Disposition"] == web.headers["Content-Disposition"]
        if fmt == "json":
            assert json.loads(api.data)["habits"] == json.loads(web.data)["habits"]
        elif fmt == "csv":
            assert api.data == web.data
        else:
            names = zipfile.ZipFile(io.BytesIO(api.data)).namelist()
            assert names == zipfile.ZipFile(io.BytesIO(web.data)).namelist()


def test_today_costs_the_same_queries_for_one_habit_or_twenty(client, user, make_habit,
                                                             count_queries):
    headers = bearer(user.id)
    make_habit(user, "Habit 0", done=[TODAY])
    client.get("/api/v1/today", headers=headers)  # the token's first use is noted once
    with count_queries() as one:
        client.get("/api/v1/today", headers=headers)
    for number in range(1, 20):
        make_habit(user, f"Habit {number}", done=[TODAY - timedelta(days=number)])
    with count_queries() as twenty:
        assert len(client.get("/api/v1/today", headers=headers).get_json()["habits"]) == 20
    assert len(one) == len(twenty) <= 4
