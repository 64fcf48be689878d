"""The overall year heatmap."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit

from .conftest import HTMX


@pytest.fixture
def two_habits(client, user):
    """Ada's "Read" and "Run", added through the UI: {name: id}."""
    for name in ("Read", "Run"):
        client.post("/habits", data={"name": name})
    ids = dict(db.session.execute(sa.select(Habit.name, Habit.id)).all())
    return ids


def test_year_grid_has_53_week_columns_and_month_labels(client, two_habits):
    html = client.get("/calendar?year=2026").get_data(as_text=True)
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    assert first_row.count("<td>") == 53  # 29 Dec 2025 .. 3 Jan 2027, Monday first
    for month in ("Jan", "Feb", "Jun", "Dec"):
        assert f">{month}</th>" in html


def test_cells_say_how_many_habits_were_done(client, two_habits):
    read, run = two_habits["Read"], two_habits["Run"]
    client.post(f"/habits/{read}/toggle", data={"day": "2026-11-20"})
    client.post(f"/habits/{run}/toggle", data={"day": "2026-11-20"})
    client.post(f"/habits/{read}/toggle", data={"day": "2026-11-21"})
    client.post(f"/habits/{run}/toggle", data={"day": "2026-11-22", "state": "skipped"})
    html = client.get("/calendar").get_data(as_text=True)
    assert "Fri 20 Nov 2026: 2 habits done out of 2" in html
    assert "Sat 21 Nov 2026: 1 habit done out of 2" in html
    # Run's skip sets it aside, as on Today.
    assert "Sun 22 Nov 2026: 0 habits done out of 1" in html
    words = r'><span class="sr-only">'
    full = re.search(r'data-level="(\d)" data-status="done"' + words + "Fri 20 Nov 2026", html)
    half = re.search(r'data-level="(\d)"' + words + "Sat 21 Nov 2026", html)
    assert full.group(1) == "4" and half.group(1) == "2"


def test_year_navigation_reaches_back_to_the_first_checkin(client, two_habits):
    client.post(f"/habits/{two_habits['Read']}/toggle", data={"day": "2023-06-01"})
    html = client.get("/calendar").get_data(as_text=True)
    for year in (2023, 2024, 2025, 2026):
        assert f"/calendar?year={year}" in html
    assert "/calendar?year=2022" not in html
    past = client.get("/calendar?year=2023").get_data(as_text=True)
    assert "Thu 1 Jun 2023: 1 habit done out of 1" in past


def test_out_of_range_year_is_clamped_not_an_error(client, two_habits):
    assert client.get("/calendar?year=1850").status_code == 200
    assert client.get("/calendar?year=9999").status_code == 200
    assert client.get("/calendar?year=abc").status_code == 200


def test_calendar_fragment_for_htmx(client, two_habits):
    html = client.get("/calendar?year=2026", headers=HTMX).get_data(as_text=True)
    assert "<html" not in html and html.lstrip().startswith('<section id="calendar-year"')
    assert client.get("/calendar", headers=HTMX).headers["Vary"].startswith("HX-Request") or \
        "HX-Request" in client.get("/calendar", headers=HTMX).headers["Vary"]


def test_empty_calendar_for_a_new_user(client, user):
    html = client.get("/calendar").get_data(as_text=True)
    assert "Calendar" in html and "habits done" not in html
