"""The OpenAPI document names its schemas as a client generator should name its types:
"HabitCreate", not SpecTree's "HabitCreate.40cf8ec" (a type called HabitCreate40cf8ec)."""

from __future__ import annotations

import json
import re

import pytest

from habitory.api import spec as api_spec

PLAIN = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def _document(client) -> dict:
    return client.get("/api/openapi.json").get_json()


def test_every_schema_has_a_plain_type_name(client):
    names = list(_document(client)["components"]["schemas"])
    assert [name for name in names if not PLAIN.match(name)] == []
    # The models a client reads and writes, each under its own name, nested ones included.
    assert {"HabitCreate", "HabitFields", "HabitOut", "HabitList", "Schedule", "CheckinPut",
            "CheckinOut", "DayOut", "Today", "TodayHabit", "Stats", "Problem"} <= set(names)


def test_every_reference_names_a_schema_of_the_document(client):
    document = _document(client)
    referred = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(document)))
    assert referred and referred <= set(document["components"]["schemas"])
    habit = document["paths"]["/api/v1/habits"]["post"]
    body = habit["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/HabitCreate"}
    schedule = document["components"]["schemas"]["HabitCreate"]["properties"]["schedule"]
    assert "#/components/schemas/Schedule" in json.dumps(schedule)


def test_two_models_of_one_name_are_refused_rather_than_merged():
    """A plain name is unique only while the class names are: a second model of the same
    name would replace the first's schema in silence."""
    first = type("Twin", (), {})
    second = type("Twin", (), {})
    try:
        assert api_spec._plain_name(first) == "Twin"
        assert api_spec._plain_name(first) == "Twin"  # the same model, asked again
        with pytest.raises(TypeError, match="Twin"):
            api_spec._plain_name(second)
    finally:
        api_spec._NAMED.pop("Twin", None)
