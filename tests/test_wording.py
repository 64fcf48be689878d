"""Wording: Today, the habit's calendar and its history say the same thing, from one module."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from habitory import wording
from habitory.extensions import db
from habitory.models import Habit

TEMPLATES = Path(__file__).resolve().parents[1] / "habitory" / "templates"


@pytest.fixture
def user(auth, frozen_now):
    frozen_now(2026, 11, 25, 12, 0)
    auth.register(timezone="UTC")


def add(client, name, **fields):
    client.post("/habits", data={"name": name, "form": "full", "schedule": "daily", **fields})
    return db.session.scalar(sa.select(Habit.id).where(Habit.name == name))


def test_a_quit_habit_reads_the_same_on_today_and_on_its_calendar(client, user):
    hid = add(client, "Smoke", kind="quit")
    db.session.execute(sa.update(Habit).values(created_on=date(2026, 11, 20)))
    db.session.commit()
    client.post(f"/habits/{hid}/toggle", data={"day": "2026-11-24", "state": "not_done"})
    today = client.get("/").get_data(as_text=True)
    page = client.get(f"/habits/{hid}").get_data(as_text=True)
    assert 'aria-label="Tue 24 Nov: slipped"' in today
    assert 'aria-label="Tue 24 Nov 2026: slipped"' in page
    assert 'aria-label="Mon 23 Nov: clean"' in today
    assert 'aria-label="Mon 23 Nov 2026: clean"' in page
    assert ">Slip</span>" in page  # the history's label for the logged state


def test_today_is_not_done_yet_and_days_before_the_habit_have_no_entry(client, user):
    hid = add(client, "Read")
    html = client.get("/").get_data(as_text=True)
    assert "Read, today: not done yet" in html
    assert 'aria-label="Wed 25 Nov: not done yet"' in html
    assert 'aria-label="Tue 24 Nov: no entry"' in html  # the habit was added today
    assert f'id="day-{hid}-2026-11-24"' in html


def test_a_measurable_target_reads_the_same_on_the_row_and_the_habit_page(client, user):
    hid = add(client, "Water", kind="measurable", target="8", unit="glasses",
              direction="at_least")
    assert "Every day · at least 8 glasses" in client.get("/").get_data(as_text=True)
    assert "Every day · at least 8 glasses a day" in client.get(f"/habits/{hid}").get_data(
        as_text=True)


def test_templates_take_status_words_from_the_wording_module():
    """No template spells a status out for itself: a new phrase goes in habitory/wording.py."""
    phrases = {*wording.STATUS_WORDS.values(), *wording.QUIT_STATUS_WORDS.values(),
               *wording.SOURCE_WORDS.values(), wording.TODAY_UNKNOWN} - {"done", "skipped"}
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        found = [p for p in phrases if f'"{p}"' in text or f"'{p}'" in text]
        assert not found, f"{template.name} spells out {found}: use the wording global"
