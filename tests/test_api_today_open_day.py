"""/api/v1/today says of today what the Today page shows: an "at least" target short of its
amount is still open (unknown) until the day ends, not missed; a day that can no longer be
made (a limit gone over, a "not done") is missed on both."""

from __future__ import annotations

import re
from datetime import timedelta

from .api_support import bearer
from .conftest import TODAY

DAY = TODAY.isoformat()


def _page_statuses(client) -> dict[int, str]:
    """Each row's toggle status on Today (no data-status: not done yet)."""
    page = client.get("/").get_data(as_text=True)
    found = {}
    for tag in re.findall(r'<(?:label for="amount-|button id="toggle-)(\d+)"([^>]*)>', page):
        status = re.search(r'data-status="(\w+)"', tag[1])
        found[int(tag[0])] = status[1] if status else "unknown"
    return found


def test_today_agrees_with_the_page_on_every_kind_of_habit(client, user, make_habit):
    headers = bearer(user.id)
    week_ago = TODAY - timedelta(days=10)
    habits = {
        "Steps": (make_habit(user, "Steps", kind="measurable", target=10000.0,
                             direction="at_least"), {"state": "not_done", "amount": 2000},
                  "unknown"),
        "Run": (make_habit(user, "Run", kind="measurable", target=20.0, direction="at_least",
                           freq_num=1, freq_den=7, created=week_ago),
                {"state": "done", "amount": 5}, "unknown"),
        "Coffee": (make_habit(user, "Coffee", kind="measurable", target=2.0,
                              direction="at_most"), {"state": "done", "amount": 5}, "missed"),
        "Water": (make_habit(user, "Water", kind="measurable", target=8.0),
                  {"state": "done", "amount": 8}, "done"),
        "Read": (make_habit(user, "Read"), {"state": "not_done"}, "missed"),
        "Yoga": (make_habit(user, "Yoga", freq_num=3, freq_den=7, created=week_ago),
                 {"state": "not_done"}, "missed"),
        "Gym": (make_habit(user, "Gym", freq_num=3, freq_den=7, created=week_ago,
                           done=[TODAY - timedelta(days=d) for d in (1, 2, 3)]), None, "auto"),
        "Walk": (make_habit(user, "Walk", freq_num=3, freq_den=7, created=week_ago), None,
                 "unknown"),
        "Smoking": (make_habit(user, "Smoking", kind="quit"), None, "done"),
    }
    for habit, put, _status in habits.values():
        if put:
            answer = client.put(f"/api/v1/habits/{habit.id}/checkins/{DAY}", json=put,
                                headers=headers)
            assert answer.status_code == 200, answer.get_data(as_text=True)
    body = client.get("/api/v1/today", headers=headers).get_json()
    api = {h["name"]: h["status"] for h in body["habits"]}
    assert api == {name: status for name, (_h, _p, status) in habits.items()}
    page = _page_statuses(client)
    assert {name: page[habit.id] for name, (habit, _p, _s) in habits.items()} == api
    # Steps and Run still open: due, not done; Water, Gym and Smoking done.
    assert (body["done"], body["due"]) == (3, 9)


def test_the_openapi_lists_todays_status_values(client):
    spec = client.get("/api/openapi.json").get_json()
    status = spec["components"]["schemas"]["TodayHabit"]["properties"]["status"]
    assert status["enum"] == ["done", "auto", "skipped", "missed", "unknown"]
    assert "until the day ends" in status["description"]
