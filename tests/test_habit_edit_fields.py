"""Editing a habit never reads a choice left out of the form as its default: a measurable
habit does not silently become a yes/no one, an "at most" target not an "at least" one."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit

WATER = {"form": "full", "name": "Water", "kind": "measurable", "schedule": "daily",
         "colour": "teal", "target": "8", "unit": "glasses", "direction": "at_most"}


def water() -> Habit:
    db.session.expire_all()
    return db.session.scalar(sa.select(Habit).where(Habit.name == "Water"))


@pytest.fixture
def measurable(client, user) -> Habit:
    assert client.post("/habits", data=WATER).status_code == 303
    return water()


@pytest.mark.parametrize(("left_out", "message"), [
    ("kind", "Choose a type."),
    ("schedule", "Choose how often."),
    ("colour", "Choose a colour."),
])
def test_a_choice_left_out_of_an_edit_is_refused_and_changes_nothing(client, measurable,
                                                                      left_out, message):
    fields = {k: v for k, v in WATER.items() if k != left_out} | {"name": "Water"}
    response = client.post(f"/habits/{measurable.id}/edit", data=fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    h = water()
    assert (h.kind, h.target, h.direction, h.colour) == ("measurable", 8.0, "at_most", "teal")


def test_an_edit_without_a_direction_keeps_the_habits_own(client, measurable):
    fields = {k: v for k, v in WATER.items() if k != "direction"} | {"target": "6"}
    assert client.post(f"/habits/{measurable.id}/edit", data=fields).status_code == 303
    h = water()
    assert (h.target, h.direction) == (6.0, "at_most")


def test_a_whole_edit_still_saves(client, measurable):
    fields = WATER | {"kind": "yes_no", "colour": "red", "confirm_kind": "1"}
    assert client.post(f"/habits/{measurable.id}/edit", data=fields).status_code == 303
    assert (water().kind, water().colour) == ("yes_no", "red")
