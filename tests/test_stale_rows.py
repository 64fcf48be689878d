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


def _names() -> dict[int, str]:
    db.session.expire_all()
    return {h.id: h.name for h in db.session.scalars(sa.select(Habit))}


def _positions() -> dict[int, int]:
    db.session.expire_all()
    return {h.id: h.position for h in db.session.scalars(sa.select(Habit))}


ROW_ACTIONS = {
    "rename": lambda client, hid, headers: client.post(
        f"/habits/{hid}/rename", data={"name": "Read more"}, headers=headers),
    "move": lambda client, hid, headers: client.post(
        f"/habits/{hid}/move", data={"direction": "down"}, headers=headers),
    "inline rename form": lambda client, hid, headers: client.get(
        f"/habits/{hid}/edit", headers=headers),
    "row menu": lambda client, hid, headers: client.get(
        f"/habits/{hid}/actions", headers=headers),
}


@pytest.mark.parametrize("action", ROW_ACTIONS)
def test_renaming_or_moving_a_habit_archived_elsewhere_is_refused(client, rows, action):
    hid = rows["Read"]
    client.post(f"/habits/{hid}/archive")  # the other tab
    names, positions = _names(), _positions()
    response = ROW_ACTIONS[action](client, hid, HTMX)
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#messages"
    html = response.get_data(as_text=True)
    assert "<html" not in html and "“Read” was archived" in html
    # No row of it comes back; the list does, without it.
    assert f'id="habit-{hid}"' not in html
    assert 'id="habit-list"' in html and f'id="habit-{rows["Walk"]}"' in html
    assert _names() == names and _positions() == positions
    assert db.session.get(Habit, hid).archived


@pytest.mark.parametrize("action", ["rename", "move"])
def test_without_javascript_the_refusal_is_a_message_on_the_page(client, rows, action):
    hid = rows["Read"]
    client.post(f"/habits/{hid}/archive")
    names, positions = _names(), _positions()
    response = ROW_ACTIONS[action](client, hid, {})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "“Read” was archived" in page
    assert _names() == names and _positions() == positions


@pytest.mark.parametrize("action", ROW_ACTIONS)
def test_renaming_or_moving_a_deleted_habit_says_so_and_the_row_goes(client, rows, action):
    hid = rows["Read"]
    client.post(f"/habits/{hid}/delete")
    response = ROW_ACTIONS[action](client, hid, HTMX)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "no longer exists" in html and "<html" not in html
    assert 'id="habit-list"' in html and f'id="habit-{hid}"' not in html
    assert ROW_ACTIONS[action](client, hid, {}).status_code == 404


def test_an_archived_habit_can_still_be_edited_on_its_page_and_restored(client, rows):
    hid = rows["Read"]
    client.post(f"/habits/{hid}/archive")
    edited = client.post(f"/habits/{hid}/edit", data={
        "form": "full", "name": "Read more", "kind": "yes_no", "schedule": "daily",
        "colour": "teal"})
    assert edited.status_code == 303 and _names()[hid] == "Read more"
    restored = client.post(f"/habits/{hid}/unarchive", headers=HTMX)
    assert restored.status_code == 200
    assert not db.session.get(Habit, hid).archived
    moved = client.post(f"/habits/{hid}/move", data={"direction": "up"}, headers=HTMX)
    assert moved.status_code == 200 and f'id="habit-{hid}"' in moved.get_data(as_text=True)


def test_a_stale_row_on_a_filtered_list_redraws_that_list(client, rows):
    """The inline rename asks with the list's tag: the answer keeps the list filtered."""
    client.post(f"/habits/{rows['Walk']}/edit", data={
        "form": "full", "name": "Walk", "kind": "yes_no", "schedule": "daily", "colour": "teal",
        "tags": "outside"})
    hid = rows["Walk"]
    menu = client.get(f"/habits/{hid}/actions?tag=outside", headers=HTMX).get_data(as_text=True)
    assert f'hx-get="/habits/{hid}/edit?tag=outside"' in menu
    client.post(f"/habits/{hid}/archive")  # the other tab
    html = client.get(f"/habits/{hid}/edit?tag=outside", headers=HTMX).get_data(as_text=True)
    assert f'id="habit-{rows["Read"]}"' not in html  # Read has no #outside: still filtered


def test_without_javascript_an_archived_habits_actions_are_on_its_page(client, rows):
    hid = rows["Read"]
    client.post(f"/habits/{hid}/archive")
    response = client.get(f"/habits/{hid}/actions")
    assert response.status_code == 302 and response.headers["Location"] == f"/habits/{hid}"
