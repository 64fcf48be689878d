"""GET /api/v1/habits in pages: ?limit= and ?offset=, the next page in a Link header; the
list without them is exactly what it was."""

from __future__ import annotations

import re

from .api_support import bearer, problem


def _links(response) -> dict[str, str]:
    """rel -> URL of the response's Link header."""
    found = re.findall(r'<([^>]*)>; rel="([a-z]+)"', response.headers.get("Link", ""))
    return {rel: url for url, rel in found}


def _names(response) -> list[str]:
    return [h["name"] for h in response.get_json()]


def test_limit_and_offset_page_through_the_habits_with_link_next(client, user, make_habit):
    for name in ("A", "B", "C", "D", "E"):
        make_habit(user, name)
    headers = bearer(user.id)
    whole = client.get("/api/v1/habits", headers=headers)
    assert _names(whole) == ["A", "B", "C", "D", "E"] and "Link" not in whole.headers
    first = client.get("/api/v1/habits?limit=2", headers=headers)
    assert first.status_code == 200 and _names(first) == ["A", "B"]
    assert _links(first)["next"] == "/api/v1/habits?limit=2&offset=2"
    second = client.get(_links(first)["next"], headers=headers)
    assert _names(second) == ["C", "D"]
    assert _links(second)["prev"] == "/api/v1/habits?limit=2&offset=0"
    last = client.get(_links(second)["next"], headers=headers)
    assert _names(last) == ["E"] and "next" not in _links(last)
    archived = client.get("/api/v1/habits?archived=false&limit=4", headers=headers)
    assert _links(archived)["next"] == "/api/v1/habits?archived=false&limit=4&offset=4"
    assert _names(client.get("/api/v1/habits?offset=3", headers=headers)) == ["D", "E"]
    assert client.get("/api/v1/habits?offset=9", headers=headers).get_json() == []


def test_out_of_range_paging_values_are_422_naming_them(client, user):
    headers = bearer(user.id)
    for query, field in (("limit=0", "limit"), ("limit=501", "limit"), ("offset=-1", "offset"),
                         ("limit=abc", "limit"), (f"offset={2**40}", "offset")):
        body = problem(client.get(f"/api/v1/habits?{query}", headers=headers), 422)
        assert body["field"] == field


def test_the_description_documents_paging_and_its_link_header(client):
    document = client.get("/api/openapi.json").get_json()
    operation = document["paths"]["/api/v1/habits"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"limit", "offset"} <= names
    assert "Link" in operation["responses"]["200"]["headers"]
