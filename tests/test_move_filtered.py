"""Moving a habit on Today filtered by a tag: it passes the habit above or below it in the list
the user sees, not one the filter hides (which looked like nothing happened); the habits the
filter hides keep their order. Also the habit page's way back to its row on Today."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit

from .conftest import HTMX

# The whole list, top to bottom; the capitals wear the tag "evening", the rest are hidden
# by the filter (two of them between A and B).
ORDER = ("h1", "A", "h2", "h3", "B", "h4", "C", "h5")


def add(client, name: str, tags: str = "") -> None:
    client.post("/habits", data={"form": "full", "name": name, "kind": "yes_no",
                                 "schedule": "daily", "colour": "teal", "tags": tags})


@pytest.fixture
def ids(client, user):
    for name in ORDER:
        add(client, name, "evening" if name.isupper() else "")
    return {h.name: h.id for h in db.session.scalars(sa.select(Habit))}


def full_order(ids) -> list[str]:
    """Every habit, as Today shows the list without a filter."""
    names = {v: k for k, v in ids.items()}
    return [names[h] for h in db.session.scalars(
        sa.select(Habit.id).where(Habit.archived.is_(False)).order_by(Habit.position, Habit.id))]


def row_order(html: str, ids) -> list[str]:
    names = {v: k for k, v in ids.items()}
    return [names[int(n)] for n in re.findall(r'<li id="habit-(\d+)" data-habit-row', html)]


def move(client, hid: int, direction: str, htmx: bool, tag: str | None = "evening"):
    data = {"direction": direction, "next": f"/?tag={tag}" if tag else "/"}
    if tag:
        data["tag"] = tag
    return client.post(f"/habits/{hid}/move", data=data, headers=HTMX if htmx else {})


def hidden(order: list[str]) -> list[str]:
    return [n for n in order if not n.isupper()]


@pytest.mark.parametrize("htmx", [True, False])
def test_a_move_up_passes_the_visible_habit_above_over_hidden_ones(client, ids, htmx):
    response = move(client, ids["B"], "up", htmx)
    if htmx:
        assert response.status_code == 200 and "<html" not in response.get_data(as_text=True)
        shown = row_order(response.get_data(as_text=True), ids)
    else:
        assert response.status_code == 303
        assert response.location == f"/?tag=evening#habit-{ids['B']}"
        page = client.get("/?tag=evening").get_data(as_text=True)
        assert "Moved “B” up." in page
        shown = row_order(page, ids)
    assert shown == ["B", "A", "C"]  # one press, one visible step
    order = full_order(ids)
    assert order == ["h1", "B", "A", "h2", "h3", "h4", "C", "h5"]
    assert hidden(order) == hidden(list(ORDER))


@pytest.mark.parametrize("htmx", [True, False])
def test_a_move_down_passes_the_visible_habit_below(client, ids, htmx):
    response = move(client, ids["A"], "down", htmx)
    html = (response.get_data(as_text=True) if htmx
            else client.get("/?tag=evening").get_data(as_text=True))
    assert row_order(html, ids) == ["B", "A", "C"]
    assert full_order(ids) == ["h1", "h2", "h3", "B", "A", "h4", "C", "h5"]
    # Twice more down: past C, then already at the bottom of this list (h5 is hidden).
    move(client, ids["A"], "down", htmx)
    last = move(client, ids["A"], "down", htmx)
    assert full_order(ids) == ["h1", "h2", "h3", "B", "h4", "C", "A", "h5"]
    if not htmx:
        assert "“A” is already at the bottom." in client.get(last.location).get_data(as_text=True)


@pytest.mark.parametrize("htmx", [True, False])
def test_the_top_of_the_filtered_list_is_the_top(client, ids, htmx):
    """A is first under the filter though h1 is above it: nothing moves, and the user is told."""
    response = move(client, ids["A"], "up", htmx)
    assert full_order(ids) == list(ORDER)
    if not htmx:
        page = client.get(response.location).get_data(as_text=True)
        assert "“A” is already at the top." in page and "Moved “A” up." not in page
    else:
        assert row_order(response.get_data(as_text=True), ids) == ["A", "B", "C"]


@pytest.mark.parametrize("htmx", [True, False])
def test_the_menu_offers_moves_as_the_filtered_list_allows(client, ids, htmx):
    headers = HTMX if htmx else {}
    top = client.get(f"/habits/{ids['A']}/actions?tag=evening", headers=headers)
    bottom = client.get(f"/habits/{ids['C']}/actions?tag=evening", headers=headers)
    top, bottom = top.get_data(as_text=True), bottom.get_data(as_text=True)
    assert f'id="move-up-{ids["A"]}"' not in top and f'id="move-down-{ids["A"]}"' in top
    assert f'id="move-down-{ids["C"]}"' not in bottom and f'id="move-up-{ids["C"]}"' in bottom
    # Unfiltered, both have hidden neighbours to pass.
    whole = client.get(f"/habits/{ids['A']}/actions", headers=headers).get_data(as_text=True)
    assert f'id="move-up-{ids["A"]}"' in whole


def test_without_a_filter_a_move_swaps_with_the_next_habit(client, ids):
    move(client, ids["B"], "up", htmx=True, tag=None)
    assert full_order(ids) == ["h1", "A", "h2", "B", "h3", "h4", "C", "h5"]
    move(client, ids["h1"], "up", htmx=False, tag=None)
    assert full_order(ids) == ["h1", "A", "h2", "B", "h3", "h4", "C", "h5"]


@pytest.mark.parametrize("htmx", [True, False])
def test_another_users_habit_cannot_be_moved_on_a_filtered_list(client, auth, htmx):
    auth.register(email="victim@example.com")
    for name in ("Secret", "Diary"):
        add(client, name, "evening")
    theirs = {h.name: h.id for h in db.session.scalars(sa.select(Habit))}
    auth.logout()
    auth.register(email="intruder@example.com")
    add(client, "Mine", "evening")
    response = move(client, theirs["Diary"], "up", htmx)
    assert response.status_code == 404
    assert "Secret" not in response.get_data(as_text=True)
    their_order = db.session.scalars(
        sa.select(Habit.name).where(Habit.id.in_(theirs.values()))
        .order_by(Habit.position, Habit.id))
    assert list(their_order) == ["Secret", "Diary"]


def test_the_habit_page_links_back_to_its_row_on_today(client, ids):
    page = client.get(f"/habits/{ids['B']}").get_data(as_text=True)
    assert f'href="/#habit-{ids["B"]}">← Today</a>' in page
    assert f'id="habit-{ids["B"]}"' in client.get("/").get_data(as_text=True)


def test_an_archived_habits_page_links_back_to_its_row_on_the_archived_list(client, ids):
    client.post(f"/habits/{ids['B']}/archive", data={"next": "/"})
    page = client.get(f"/habits/{ids['B']}").get_data(as_text=True)
    assert f'href="/habits/archived#archived-{ids["B"]}">← Archived habits</a>' in page
    assert "← Today" not in page
    archived = client.get("/habits/archived").get_data(as_text=True)
    assert f'id="archived-{ids["B"]}"' in archived
