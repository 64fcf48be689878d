"""GET /api/v1/notifications in pages, as GET /api/v1/habits: ?limit= and ?offset=, the pages
around one in a Link header; a client that sends neither gets what it always got."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import sqlalchemy as sa

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.models import Notification

from .api_support import bearer, problem


def _cards(user_id: int, count: int, read_every: int = 0) -> None:
    """Cards titled "card 0" (the oldest) to "card N-1", a minute apart; every
    `read_every`-th one read."""
    insert_new(user_id, [NewNotification(kind="missed", category="alerts", title=f"card {n}",
                                         body="", dedup_key=f"k{n}") for n in range(count)])
    start = datetime(2026, 11, 1, 8, 0)
    for card in db.session.scalars(sa.select(Notification).where(Notification.user_id == user_id)):
        n = int(card.title.split()[1])
        card.created_at = start + timedelta(minutes=n)
        if read_every and n % read_every == 0:
            card.read_at = card.created_at
    db.session.commit()


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [card["title"] for card in response.get_json()]


def _links(response) -> dict[str, str]:
    found = re.findall(r'<([^>]*)>; rel="([a-z]+)"', response.headers.get("Link", ""))
    return {rel: url for url, rel in found}


def test_every_card_is_reachable_a_page_at_a_time(client, user):
    _cards(user.id, 120, read_every=3)
    headers = bearer(user.id)
    whole = client.get("/api/v1/notifications", headers=headers)
    assert len(_titles(whole)) == 50 and "Link" not in whole.headers  # as before
    unread = [f"card {n}" for n in range(119, -1, -1) if n % 3]
    read = [f"card {n}" for n in range(119, -1, -1) if not n % 3]
    assert _titles(whole) == (unread + read)[:50]

    seen, url = [], "/api/v1/notifications?limit=50&offset=0"
    while url:
        page = client.get(url, headers=headers)
        seen += _titles(page)
        url = _links(page).get("next")
    assert seen == unread + read  # all 120, unread first, newest first within each

    second = client.get("/api/v1/notifications?limit=50&offset=50", headers=headers)
    assert _titles(second) == (unread + read)[50:100]
    assert _links(second) == {"next": "/api/v1/notifications?limit=50&offset=100",
                              "prev": "/api/v1/notifications?limit=50&offset=0"}
    last = client.get("/api/v1/notifications?limit=50&offset=100", headers=headers)
    assert len(_titles(last)) == 20 and "next" not in _links(last)
    beyond = client.get("/api/v1/notifications?limit=50&offset=500", headers=headers)
    assert beyond.get_json() == []


def test_the_unread_ones_page_too(client, user):
    _cards(user.id, 9, read_every=3)  # 6 unread
    headers = bearer(user.id)
    assert _titles(client.get("/api/v1/notifications?unread=true", headers=headers)) == [
        "card 8", "card 7", "card 5", "card 4", "card 2", "card 1"]
    first = client.get("/api/v1/notifications?unread=true&limit=4", headers=headers)
    assert _titles(first) == ["card 8", "card 7", "card 5", "card 4"]
    assert _links(first) == {"next": "/api/v1/notifications?unread=true&limit=4&offset=4"}
    rest = client.get(_links(first)["next"], headers=headers)
    assert _titles(rest) == ["card 2", "card 1"] and "next" not in _links(rest)


def test_paging_values_have_the_habits_bounds(client, user):
    headers = bearer(user.id)
    for query, field in (("limit=0", "limit"), ("limit=501", "limit"), ("offset=-1", "offset"),
                         ("limit=abc", "limit"), (f"offset={2**40}", "offset")):
        body = problem(client.get(f"/api/v1/notifications?{query}", headers=headers), 422)
        assert body["field"] == field
    assert client.get("/api/v1/notifications?limit=500&offset=2147483647",
                      headers=headers).get_json() == []
    problem(client.get("/api/v1/notifications?page=2", headers=headers), 422)


def test_the_description_documents_paging_and_its_link_header(client):
    document = client.get("/api/openapi.json").get_json()
    operation = document["paths"]["/api/v1/notifications"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert {"unread", "limit", "offset"} <= set(parameters)
    habits = {p["name"]: p for p in document["paths"]["/api/v1/habits"]["get"]["parameters"]}
    for name in ("limit", "offset"):  # the same bounds
        bounds = [{k: v for k, v in p["schema"].items() if k != "description"}
                  for p in (parameters[name], habits[name])]
        assert bounds[0] == bounds[1]
    assert "the first 50" in parameters["limit"]["schema"]["description"]
    assert "Link" in operation["responses"]["200"]["headers"]
