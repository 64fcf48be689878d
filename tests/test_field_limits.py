"""A text field stops where the server's check does: as long as its maxlength lets a user type
is accepted, one more is refused with a message. The unit field let 40 characters be typed and
the server refused past 24; the description 400 (300); the note 600 (500)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit

FULL = {"form": "full", "kind": "measurable", "schedule": "daily", "colour": "teal",
        "target": "8", "direction": "at_least", "unit": "glasses", "name": "Water"}


def _maxlength(html: str, name: str) -> int:
    [tag] = re.findall(rf'<(?:input|textarea)\b[^>]*\bname="{name}"[^>]*>', html)
    return int(re.search(r'\bmaxlength="(\d+)"', tag).group(1))


@pytest.mark.parametrize("name", ["name", "description", "unit"])
def test_the_habit_form_takes_as_much_as_its_fields_let_a_user_type(client, user, name):
    limit = _maxlength(client.get("/habits/new").get_data(as_text=True), name)
    refused = client.post("/habits", data={**FULL, name: "x" * (limit + 1)})
    assert refused.status_code == 422
    assert "characters" in refused.get_data(as_text=True)
    accepted = client.post("/habits", data={**FULL, name: "y" * limit})
    assert accepted.status_code == 303, accepted.get_data(as_text=True)
    habit = db.session.scalar(sa.select(Habit).order_by(Habit.id.desc()))
    assert getattr(habit, name) == "y" * limit


def test_the_day_form_takes_as_long_a_note_as_it_lets_a_user_type(client, user):
    client.post("/habits", data={**FULL, "kind": "yes_no", "name": "Read"})
    habit = db.session.scalar(sa.select(Habit))
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    limit = _maxlength(page, "note")
    day = {"day": "2026-11-20", "state": "done"}
    refused = client.post(f"/habits/{habit.id}/day", data={**day, "note": "n" * (limit + 1)})
    assert refused.status_code == 422
    accepted = client.post(f"/habits/{habit.id}/day", data={**day, "note": "n" * limit})
    assert accepted.status_code in (200, 303), accepted.get_data(as_text=True)
    assert db.session.scalar(sa.select(CheckIn.note)) == "n" * limit
