"""A Today row drawn before its habit was archived or deleted (in another tab): changing its
day says why nothing was saved and takes the row away, instead of saving silently."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit

from .conftest import HTMX


@pytest.fixture
def rows(client, auth, frozen_now):
    frozen_now(2026, 3, 10, 12, 0)
    auth.register()
    client.post("/habits", data={"name": "Read"})
    client.post("/habits", data={"name": "Walk"})
    client.post("/habits", data={"form": "full", "name": "Water", "kind": "measurable",
                                 "schedule": "daily", "target": "8", "direction": "at_least",
                                 "colour": "teal"})
    return {h.name: h.id for h in db.session.scalars(sa.select(Habit))}


def _checkins() -> int:
    return db.session.scalar(sa.select(sa.func.count(CheckIn.id)))


def _row_change(client, rows, name, headers):
    if name == "Water":
        return client.post(f"/habits/{rows[name]}/day",
                           data={"view": "row", "day": "2026-03-10", "amount": "3"},
                           headers=headers)
    return client.post(f"/habits/{rows[name]}/toggle",
                       data={"view": "row", "day": "2026-03-10"}, headers=headers)


@pytest.mark.parametrize("name", ["Read", "Water"])
def test_a_row_of_a_habit_archived_elsewhere_is_refused_and_removed(client, rows, name):
    client.post(f"/habits/{rows[name]}/archive")  # the other tab
    response = _row_change(client, rows, name, HTMX)
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#messages"
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert f"“{name}” was archived" in html and "nothing was saved" in html
    # The list comes out of band without the row (and with the right progress).
    assert 'id="habit-list"' in html and 'hx-swap-oob="true"' in html
    assert f'id="habit-{rows[name]}"' not in html
    assert f'id="habit-{rows["Walk"]}"' in html
    assert 'id="day-progress"' in html
    assert _checkins() == 0


def test_without_javascript_it_is_a_redirect_back_with_the_message(client, rows):
    client.post(f"/habits/{rows['Read']}/archive")
    response = _row_change(client, rows, "Read", {})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "“Read” was archived" in page
    assert _checkins() == 0


def test_an_archived_habit_can_still_be_changed_from_its_own_page(client, rows):
    hid = rows["Read"]
    client.post(f"/habits/{hid}/archive")
    cell = client.post(f"/habits/{hid}/toggle", data={"view": "cell", "day": "2026-03-09"},
                       headers=HTMX)
    assert cell.status_code == 200
    form = client.post(f"/habits/{hid}/day", data={"form": "day", "day": "2026-03-08",
                                                   "state": "done", "note": "old"})
    assert form.status_code == 303
    assert _checkins() == 2


@pytest.mark.parametrize("name", ["Read", "Water"])
def test_a_row_of_a_deleted_habit_says_so_and_goes(client, rows, name):
    client.post(f"/habits/{rows[name]}/delete")  # the other tab
    response = _row_change(client, rows, name, HTMX)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "no longer exists" in html and "<html" not in html
    assert 'id="habit-list"' in html and f'id="habit-{rows[name]}"' not in html
    plain = _row_change(client, rows, name, {})
    assert plain.status_code == 404 and "<html" in plain.get_data(as_text=True)
    assert _checkins() == 0
