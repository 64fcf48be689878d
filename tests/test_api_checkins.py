"""Check-ins through the API: idempotent PUTs, clears, ranges, and agreement with the web."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn

from .api_support import bearer, problem
from .conftest import HTMX, TODAY


def _rows():
    return [(d.isoformat(), s, a, n) for d, s, a, n in db.session.execute(
        sa.select(CheckIn.day, CheckIn.state, CheckIn.amount, CheckIn.note)
        .order_by(CheckIn.day)).all()]


def test_the_same_put_twice_is_one_checkin(client, user, make_habit):
    habit = make_habit(user, "Read")
    headers = bearer(user.id)
    url = f"/api/v1/habits/{habit.id}/checkins/2026-11-24"
    for _ in range(2):
        response = client.put(url, json={"state": "done", "note": "on the train"},
                              headers=headers)
        assert response.status_code == 200
        assert response.get_json() == {"date": "2026-11-24", "state": "done", "amount": None,
                                       "note": "on the train"}
    assert _rows() == [("2026-11-24", "done", None, "on the train")]


def test_a_put_without_a_note_keeps_the_note_and_delete_clears_the_day(client, user,
                                                                      make_habit):
    habit = make_habit(user, "Read")
    headers = bearer(user.id)
    url = f"/api/v1/habits/{habit.id}/checkins/2026-11-24"
    client.put(url, json={"state": "done", "note": "on the train"}, headers=headers)
    client.put(url, json={"state": "skipped"}, headers=headers)
    assert _rows() == [("2026-11-24", "skipped", None, "on the train")]
    assert client.delete(url, headers=headers).status_code == 204
    assert _rows() == []
    assert client.delete(url, headers=headers).status_code == 204  # clear is idempotent too


def test_an_amount_decides_a_measurable_day_as_on_the_web(client, user, make_habit):
    habit = make_habit(user, "Water", kind="measurable", target=8.0, unit="glasses")
    headers = bearer(user.id)
    url = f"/api/v1/habits/{habit.id}/checkins/{TODAY.isoformat()}"
    assert client.put(url, json={"state": "done", "amount": 3}, headers=headers
                      ).get_json()["state"] == "not_done"
    assert client.put(url, json={"state": "done", "amount": 9}, headers=headers
                      ).get_json()["state"] == "done"
    read = make_habit(user, "Read")
    body = problem(client.put(f"/api/v1/habits/{read.id}/checkins/2026-11-24",
                              json={"state": "done", "amount": 2}, headers=headers), 422)
    assert body["field"] == "amount"


def test_days_that_cannot_be_changed_are_422_naming_the_date(client, user, make_habit):
    habit = make_habit(user, "Read")
    headers = bearer(user.id)
    for day in ("2026-11-26", "1969-12-31", "2026-02-30"):
        body = problem(client.put(f"/api/v1/habits/{habit.id}/checkins/{day}",
                                  json={"state": "done"}, headers=headers), 422)
        assert body["field"] == "date"
    assert _rows() == []


def test_a_put_shows_on_the_today_page(client, user, make_habit):
    habit = make_habit(user, "Read")
    headers = bearer(user.id)
    before = client.get("/").get_data(as_text=True)
    assert "0 of 1 habit done today" in before
    client.put(f"/api/v1/habits/{habit.id}/checkins/{TODAY.isoformat()}",
               json={"state": "done"}, headers=headers)
    page = " ".join(client.get("/").get_data(as_text=True).split())
    assert "1 of 1 habit done today" in page


def test_a_web_toggle_shows_in_get_checkins(client, user, make_habit):
    habit = make_habit(user, "Read")
    client.post(f"/habits/{habit.id}/toggle", data={"day": "2026-11-20"}, headers=HTMX)
    client.post(f"/habits/{habit.id}/day", data={"day": "2026-11-21", "state": "skipped",
                                                 "note": "ill"})
    response = client.get(f"/api/v1/habits/{habit.id}/checkins?from=2026-11-01&to=2026-11-25",
                          headers=bearer(user.id, scope="read"))
    assert response.get_json() == [
        {"date": "2026-11-20", "state": "done", "amount": None, "note": None},
        {"date": "2026-11-21", "state": "skipped", "amount": None, "note": "ill"}]


def test_checkin_ranges_default_to_30_days_and_stop_at_3700(client, user, make_habit):
    habit = make_habit(user, "Read", done=[date(2026, 10, 26), date(2026, 10, 27), TODAY])
    headers = bearer(user.id)
    url = f"/api/v1/habits/{habit.id}/checkins"
    assert [c["date"] for c in client.get(url, headers=headers).get_json()] == [
        "2026-10-27", "2026-11-25"]
    longest = TODAY - timedelta(days=3699)
    ok = client.get(f"{url}?from={longest}&to={TODAY}", headers=headers)
    assert ok.status_code == 200 and len(ok.get_json()) == 3
    too_long = longest - timedelta(days=1)
    assert problem(client.get(f"{url}?from={too_long}&to={TODAY}", headers=headers),
                   422)["field"] == "from"
    assert problem(client.get(f"{url}?from=2026-11-25&to=2026-11-01", headers=headers),
                   422)["field"] == "from"
    assert problem(client.get(f"{url}?from=yesterday", headers=headers), 422)["field"] == "from"


def test_stats_are_the_habit_pages_numbers(client, user, make_habit):
    days = [date(2026, 11, d) for d in range(20, 26)]
    habit = make_habit(user, "Read", created=TODAY.replace(day=1), done=days)
    stats = client.get(f"/api/v1/habits/{habit.id}/stats", headers=bearer(user.id)).get_json()
    assert stats["current_streak"] == 6 and stats["best_streak"] == 6
    assert stats["rate_7"] == 6 / 7
    page = " ".join(client.get(f"/habits/{habit.id}").get_data(as_text=True).split())
    assert f"{stats['strength']}%" in page


def test_eight_identical_puts_at_once_leave_one_row(app, client, user, make_habit):
    habit = make_habit(user, "Read")
    headers = bearer(user.id)
    clients = [app.test_client() for _ in range(8)]
    barrier = threading.Barrier(len(clients))
    statuses = []

    def put(c):
        barrier.wait()
        response = c.put(f"/api/v1/habits/{habit.id}/checkins/2026-11-24",
                         json={"state": "done", "note": "once"}, headers=headers)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=put, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 8
    assert _rows() == [("2026-11-24", "done", None, "once")]


def test_a_notes_lines_are_kept_by_the_api_as_by_the_web(client, user, make_habit):
    """A note of several lines is kept as lines through either door (never silently joined);
    within a line, runs of spaces and tabs fold to one space, as they always did."""
    habit = make_habit(user, "Read")
    headers = bearer(user.id)
    url = f"/api/v1/habits/{habit.id}/checkins/2026-11-24"
    for sent, kept in (("a\nb", "a\nb"), ("a\r\nb", "a\nb"), ("a\u2028b", "a\nb"),
                       ("\n col\t umn  \nline 2\n\n", "col umn\nline 2")):
        answer = client.put(url, json={"state": "done", "note": sent}, headers=headers)
        assert answer.status_code == 200 and answer.get_json()["note"] == kept
        assert _rows() == [("2026-11-24", "done", None, kept)]
    # The web's day form (a textarea) keeps them too, and the habit page shows them as lines.
    client.post(f"/habits/{habit.id}/day", data={"day": "2026-11-23", "note": "a\r\nb"})
    assert _rows()[0] == ("2026-11-23", "not_done", None, "a\nb")
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert "whitespace-pre-line" in page and "a\nb" in page


def test_the_openapi_note_says_its_lines_are_kept(client):
    spec = client.get("/api/openapi.json").get_json()
    note = spec["components"]["schemas"]
    found = [s["properties"]["note"] for name, s in note.items()
             if name.startswith("CheckinPut")]
    assert found and "lines are kept" in str(found[0]).lower()
