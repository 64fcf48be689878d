"""Without JavaScript a row's action reloads the whole page: it comes back at that row (or,
when the row has left the list, at the row that took its place), not at the top of a long list."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit

NAMES = ("Read", "Walk", "Stretch", "Write", "Run")


@pytest.fixture
def ids(client, user):
    """Five daily habits (added without JavaScript), in order: name -> id."""
    for name in NAMES:
        client.post("/habits", data={"name": name})
    return {h.name: h.id for h in db.session.scalars(sa.select(Habit))}


def landing(client, response) -> tuple[str, str, str]:
    """(path with query, fragment, the page it serves) of a 303 without JavaScript."""
    assert response.status_code == 303, response.status_code
    location = response.headers["Location"]
    where, _, fragment = location.partition("#")
    assert not urlsplit(where).netloc and where.startswith("/") and not where.startswith("//")
    page = client.get(where)
    assert page.status_code == 200
    return where, fragment, page.get_data(as_text=True)


def has_id(html: str, element_id: str) -> bool:
    return f'id="{element_id}"' in html


def row_order(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li id="habit-(\d+)" data-habit-row', html)]


@pytest.mark.parametrize(("name", "direction", "place"),
                         [("Stretch", "up", 1), ("Stretch", "down", 3), ("Read", "up", 0)])
def test_a_move_comes_back_at_the_moved_row(client, ids, name, direction, place):
    """Also when it could not move (already at the top): the user is where they were."""
    moved = client.post(f"/habits/{ids[name]}/move", data={"direction": direction, "next": "/"})
    where, fragment, html = landing(client, moved)
    assert where == "/" and fragment == f"habit-{ids[name]}"
    assert has_id(html, fragment)
    assert row_order(html).index(ids[name]) == place  # the row it points at is where it went


def test_a_move_on_a_filtered_list_comes_back_to_that_list_at_the_row(client, user):
    for name in ("Read", "Walk", "Run"):
        client.post("/habits", data={"form": "full", "name": name, "kind": "yes_no",
                                     "schedule": "daily", "colour": "teal",
                                     "tags": "morning" if name != "Walk" else ""})
    run = db.session.scalar(sa.select(Habit.id).where(Habit.name == "Run"))
    moved = client.post(f"/habits/{run}/move",
                        data={"direction": "up", "next": "/?tag=morning", "tag": "morning"})
    where, fragment, html = landing(client, moved)
    assert where == "/?tag=morning" and fragment == f"habit-{run}"
    assert has_id(html, fragment) and run in row_order(html)


@pytest.mark.parametrize(("name", "heir"), [("Stretch", "Write"), ("Run", "Write")])
def test_an_archived_row_leaves_the_user_at_the_row_that_took_its_place(client, ids, name, heir):
    """The next row, or the one above when the last row went; the message says what happened."""
    archived = client.post(f"/habits/{ids[name]}/archive", data={"next": "/"})
    where, fragment, html = landing(client, archived)
    assert where == "/" and fragment == f"habit-{ids[heir]}" and has_id(html, fragment)
    assert not has_id(html, f"habit-{ids[name]}")
    assert f"Archived “{name}”." in html


def test_the_last_habit_archived_leaves_the_user_at_the_empty_list(client, user):
    client.post("/habits", data={"name": "Read"})
    hid = db.session.scalar(sa.select(Habit.id))
    where, fragment, html = landing(client, client.post(f"/habits/{hid}/archive",
                                                        data={"next": "/"}))
    assert where == "/" and fragment == "habit-list" and has_id(html, fragment)
    assert "No habits yet." in html


def test_an_archive_on_a_filtered_list_lands_at_the_next_row_of_that_list(client, user):
    for name, tagged in (("Read", True), ("Walk", False), ("Run", True)):
        client.post("/habits", data={"form": "full", "name": name, "kind": "yes_no",
                                     "schedule": "daily", "colour": "teal",
                                     "tags": "morning" if tagged else ""})
    found = {h.name: h.id for h in db.session.scalars(sa.select(Habit))}
    archived = client.post(f"/habits/{found['Read']}/archive",
                           data={"next": "/?tag=morning", "tag": "morning"})
    where, fragment, html = landing(client, archived)
    # Walk is next on the whole list but not on this one.
    assert where == "/?tag=morning" and fragment == f"habit-{found['Run']}"
    assert has_id(html, fragment)


def test_archive_instead_of_delete_lands_where_the_row_was(client, ids):
    """The delete page's "Archive instead" (its form goes back to Today)."""
    archived = client.post(f"/habits/{ids['Walk']}/archive", data={"next": "/"},
                           headers={"Referer": f"http://localhost/habits/{ids['Walk']}/delete"})
    where, fragment, html = landing(client, archived)
    assert where == "/" and fragment == f"habit-{ids['Stretch']}" and has_id(html, fragment)


def test_a_deleted_row_leaves_the_user_at_the_row_that_took_its_place(client, ids):
    deleted = client.post(f"/habits/{ids['Write']}/delete",
                          headers={"Referer": f"http://localhost/habits/{ids['Write']}/delete"})
    where, fragment, html = landing(client, deleted)
    assert where == "/" and fragment == f"habit-{ids['Run']}" and has_id(html, fragment)
    assert "Deleted “Write” and its history." in html


def test_a_restore_comes_back_to_the_archived_list_at_the_next_one(client, ids):
    for name in ("Read", "Walk", "Write"):
        client.post(f"/habits/{ids[name]}/archive", data={"next": "/"})
    restored = client.post(f"/habits/{ids['Walk']}/unarchive",
                           data={"next": "/habits/archived"})
    where, fragment, html = landing(client, restored)
    assert where == "/habits/archived" and fragment == f"archived-{ids['Write']}"
    assert has_id(html, fragment) and not has_id(html, f"archived-{ids['Walk']}")
    assert "Restored “Walk”." in html


def test_the_last_archived_habit_restored_lands_at_the_empty_archived_list(client, ids):
    client.post(f"/habits/{ids['Read']}/archive", data={"next": "/"})
    restored = client.post(f"/habits/{ids['Read']}/unarchive",
                           data={"next": "/habits/archived"})
    where, fragment, html = landing(client, restored)
    assert where == "/habits/archived" and fragment == "archived-list"
    assert has_id(html, fragment) and "Nothing archived." in html


def test_a_tick_on_a_row_archived_in_another_tab_lands_where_it_was(client, ids):
    """Nothing is saved; the message says why, and the list is not scrolled back to its top."""
    client.post(f"/habits/{ids['Walk']}/archive", data={"next": "/"})  # the other tab
    ticked = client.post(f"/habits/{ids['Walk']}/toggle", data={"view": "row"},
                         headers={"Referer": "http://localhost/"})
    where, fragment, html = landing(client, ticked)
    assert where == "/" and fragment == f"habit-{ids['Stretch']}" and has_id(html, fragment)
    assert "“Walk” was archived" in html


def test_a_habit_added_without_javascript_is_shown_at_its_new_row(client, ids):
    added = client.post("/habits", data={"name": "Swim"})
    swim = db.session.scalar(sa.select(Habit.id).where(Habit.name == "Swim"))
    where, fragment, html = landing(client, added)
    assert where == "/" and fragment == f"habit-{swim}" and has_id(html, fragment)
    assert row_order(html)[-1] == swim


def test_a_rename_back_to_today_comes_back_at_the_row(client, ids):
    renamed = client.post(f"/habits/{ids['Write']}/rename", data={"name": "Journal"},
                          headers={"Referer": "http://localhost/"})
    where, fragment, html = landing(client, renamed)
    assert where == "/" and fragment == f"habit-{ids['Write']}" and has_id(html, fragment)


@pytest.mark.parametrize("sent", ["//evil.example/", "https://evil.example/", "/#elsewhere",
                                  "/\t/evil.example"])
def test_the_fragment_is_the_server_s_and_next_stays_on_the_site(client, ids, sent):
    """A `next` from elsewhere is ignored (Today instead), and its fragment is replaced."""
    moved = client.post(f"/habits/{ids['Walk']}/move", data={"direction": "up", "next": sent})
    assert moved.headers["Location"] == f"/#habit-{ids['Walk']}"


def test_a_calendar_day_comes_back_at_its_cell(client, ids):
    """The habit page's year is wider than a phone: at the cell, it opens scrolled to it."""
    hid = ids["Walk"]
    ticked = client.post(f"/habits/{hid}/toggle", data={
        "day": "2026-11-20", "view": "cell", "next": f"/habits/{hid}?year=2026"})
    where, fragment, html = landing(client, ticked)
    assert where == f"/habits/{hid}?year=2026" and fragment == "cell-2026-11-20"
    cell = re.search(r'<button [^>]*id="cell-2026-11-20"[^>]*>', html)
    assert cell and 'data-status="done"' in cell.group(0)


def test_the_actions_page_leads_back_to_its_row(client, ids):
    """Opened from a row's ⋯ without JavaScript, its "← Today" goes back to that row."""
    hid = ids["Write"]
    page = client.get(f"/habits/{hid}/actions").get_data(as_text=True)
    back = re.search(r'<a class="link-line" href="([^"]+)">← Today</a>', page)
    assert back and back.group(1) == f"/#habit-{hid}"
    assert has_id(client.get("/").get_data(as_text=True), f"habit-{hid}")
