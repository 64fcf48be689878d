"""Conditional requests: an ETag on what the API shows, If-None-Match for a poll that changed
nothing (304, no body), If-Match on a habit's PATCH and DELETE so that a script does not
overwrite a change it has not seen (412). A request without these headers is answered exactly
as before."""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa

from habitory.domain import habit_settings
from habitory.extensions import db
from habitory.models import Habit

from .api_support import bearer, problem

HABITS = "/api/v1/habits"


def test_reads_carry_an_etag_and_a_poll_that_changed_nothing_gets_304(client, user,
                                                                      make_habit):
    habit = make_habit(user, "Read", done=[user.created_at.date()])
    headers = bearer(user.id, scope="read")
    for url in (HABITS, f"{HABITS}/{habit.id}", f"{HABITS}/{habit.id}/checkins",
                f"{HABITS}/{habit.id}/stats", "/api/v1/today", "/api/v1/predictions",
                "/api/v1/notifications"):
        first = client.get(url, headers=headers)
        etag = first.headers.get("ETag")
        assert first.status_code == 200 and etag and etag.startswith('"'), url
        again = client.get(url, headers={**headers, "If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.get_data() == b"" and again.headers["ETag"] == etag
        assert again.headers["Cache-Control"] == "no-store"
        # A proxy may have made it weak; a list of tags or * matches too.
        for sent in (f"W/{etag}", f'"other", {etag}', "*"):
            assert client.get(url, headers={**headers, "If-None-Match": sent}
                              ).status_code == 304, (url, sent)
        stale = client.get(url, headers={**headers, "If-None-Match": '"stale"'})
        assert stale.status_code == 200 and stale.get_json() == first.get_json()


def test_a_change_gives_a_new_etag(client, user, make_habit):
    habit = make_habit(user, "Read")
    headers = bearer(user.id)
    url = f"{HABITS}/{habit.id}"
    before = client.get(url, headers=headers).headers["ETag"]
    today_before = client.get("/api/v1/today", headers=headers).headers["ETag"]
    changed = client.patch(url, json={"name": "Read more"}, headers=headers)
    assert changed.headers["ETag"] != before
    # The PATCH answer's ETag is the one a GET now gives.
    assert client.get(url, headers=headers).headers["ETag"] == changed.headers["ETag"]
    assert client.get(url, headers={**headers, "If-None-Match": before}).status_code == 200
    client.put(f"{url}/checkins/{user.created_at.date()}", json={"state": "done"},
               headers=headers)
    assert client.get("/api/v1/today", headers=headers).headers["ETag"] != today_before
    made = client.post(HABITS, json={"name": "Walk"}, headers=headers)
    assert made.headers["ETag"] == client.get(made.headers["Location"],
                                              headers=headers).headers["ETag"]


def test_if_match_refuses_a_patch_or_delete_of_a_habit_changed_since_it_was_read(client, user,
                                                                               make_habit):
    habit = make_habit(user, "Read")
    phone, laptop = bearer(user.id, name="phone"), bearer(user.id, name="laptop")
    url = f"{HABITS}/{habit.id}"
    seen = client.get(url, headers=phone).headers["ETag"]
    # Another client renames it meanwhile.
    assert client.patch(url, json={"name": "Read books"}, headers=laptop).status_code == 200
    body = problem(client.patch(url, json={"colour": "red"},
                                headers={**phone, "If-Match": seen}), 412)
    assert "ETag" in body["detail"] or "changed" in body["detail"]
    problem(client.delete(url, headers={**phone, "If-Match": seen}), 412)
    db.session.expire_all()
    kept = db.session.get(Habit, habit.id)
    assert kept is not None and (kept.name, kept.colour) == ("Read books", habit.colour)
    # With the current ETag (strong comparison, as RFC 9110 asks) both go through.
    current = client.get(url, headers=phone).headers["ETag"]
    problem(client.patch(url, json={"colour": "red"},
                         headers={**phone, "If-Match": f"W/{current}"}), 412)
    updated = client.patch(url, json={"colour": "red"}, headers={**phone, "If-Match": current})
    assert updated.status_code == 200 and updated.get_json()["colour"] == "red"
    assert client.delete(url, headers={**phone, "If-Match": updated.headers["ETag"]}
                         ).status_code == 204
    assert db.session.scalar(sa.select(sa.func.count(Habit.id))) == 0


def test_if_match_star_means_it_still_exists(client, user, make_habit):
    habit = make_habit(user, "Read")
    headers = bearer(user.id)
    url = f"{HABITS}/{habit.id}"
    assert client.patch(url, json={"name": "R"}, headers={**headers, "If-Match": "*"}
                        ).status_code == 200
    assert client.delete(url, headers={**headers, "If-Match": "*"}).status_code == 204
    problem(client.patch(url, json={"name": "R"}, headers={**headers, "If-Match": "*"}), 404)


def test_without_the_headers_nothing_changes(client, user, make_habit):
    habit = make_habit(user, "Read")
    headers = bearer(user.id)
    url = f"{HABITS}/{habit.id}"
    assert client.patch(url, json={"name": "A"}, headers=headers).status_code == 200
    assert client.patch(url, json={"name": "B"}, headers=headers).status_code == 200
    response = client.get(url, headers=headers)
    assert response.status_code == 200 and response.get_json()["name"] == "B"
    assert client.delete(url, headers=headers).status_code == 204
    # Problems and files carry no ETag: only what a later request can be conditional on.
    assert "ETag" not in client.get(url, headers=headers).headers
    export = client.get("/api/v1/export?format=csv", headers=headers)
    assert export.status_code == 200 and "ETag" not in export.headers


def test_the_openapi_description_documents_the_conditional_requests(client):
    document = client.get("/api/openapi.json").get_json()
    habit = document["paths"]["/api/v1/habits/{habit_id}"]
    read = habit["get"]
    assert "ETag" in read["responses"]["200"]["headers"]
    assert "304" in read["responses"]
    assert any(p["name"] == "If-None-Match" and p["in"] == "header"
               for p in read["parameters"])
    for method in ("patch", "delete"):
        operation = habit[method]
        assert any(p["name"] == "If-Match" and p["in"] == "header"
                   for p in operation["parameters"]), method
        assert "application/problem+json" in operation["responses"]["412"]["content"]
    assert "ETag" in habit["patch"]["responses"]["200"]["headers"]
    assert "ETag" in document["paths"]["/api/v1/habits"]["post"]["responses"]["201"]["headers"]
    assert "304" not in document["paths"]["/api/v1/export"]["get"]["responses"]


def test_if_match_holds_when_clients_send_the_same_etag_at_once(app, client, user, make_habit,
                                                                monkeypatch):
    """Eight scripts read the habit, then all PATCH with that ETag at the same moment: one
    change wins, the seven others are 412 (not eight 200s, seven changes lost unseen). The
    write is slowed so that every request has passed its check before the first writes,
    unless the check and the write are one step."""
    habit = make_habit(user, "Read")
    headers = bearer(user.id)
    url = f"{HABITS}/{habit.id}"
    seen = client.get(url, headers=headers).headers["ETag"]
    original = habit_settings.changed

    def slow_changed(*args, **kwargs):
        time.sleep(0.2)
        return original(*args, **kwargs)

    monkeypatch.setattr(habit_settings, "changed", slow_changed)
    clients = [app.test_client() for _ in range(8)]
    barrier = threading.Barrier(len(clients))
    statuses = []

    def patch(number, c):
        barrier.wait()
        response = c.patch(url, json={"question": f"from script {number}"},
                           headers={**headers, "If-Match": seen})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=patch, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [412] * 7
