"""Habits and check-ins: every route as a plain form and as htmx."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit

from .conftest import HTMX
from .page_text import without_tokens


def add(client, name, htmx=False):
    return client.post("/habits", data={"name": name}, headers=HTMX if htmx else {})


def habit_id(name):
    return db.session.scalar(sa.select(Habit.id).where(Habit.name == name))


def states(hid):
    rows = db.session.execute(
        sa.select(CheckIn.day, CheckIn.state).where(CheckIn.habit_id == hid).order_by(CheckIn.day)
    )
    return {day.isoformat(): state for day, state in rows}


def names(client):
    html = client.get("/").get_data(as_text=True)
    found = [n for n in ("Read", "Run", "Write", "Stretch") if f">{n}</a>" in html]
    return sorted(found, key=lambda n: html.index(f">{n}</a>")), html


# --- adding -------------------------------------------------------------------------------

def test_add_plain_redirects_and_lists_the_habit(client, user):
    response = add(client, "  Read  ")
    assert response.status_code == 303 and response.location == f"/#habit-{habit_id('Read')}"
    html = client.get("/").get_data(as_text=True)
    assert f'id="habit-{habit_id("Read")}"' in html
    assert "Added “Read”." in html


def test_add_htmx_returns_the_form_and_the_list_out_of_band(client, user):
    response = add(client, "Read", htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="new-habit"' in html
    assert 'id="habit-list" class' in html and 'hx-swap-oob="true"' in html
    assert f'id="habit-{habit_id("Read")}"' in html
    assert "0 of 1" in html


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the habit a name."),
        ("   ", "Give the habit a name."),
        ("x" * 81, "Keep the name to 80 characters or fewer (this one has 81)."),
        ("READ", "You already have a habit called “READ”."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_names_get_an_inline_message_and_nothing_is_saved(client, user, name, message, htmx):
    add(client, "Read")
    response = add(client, name, htmx=htmx)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html
    assert ("<html" in html) is (not htmx)
    assert db.session.scalar(sa.select(sa.func.count(Habit.id))) == 1


def test_eighty_characters_is_fine(client, user):
    assert add(client, "y" * 80).status_code == 303


def test_names_are_escaped(client, user):
    add(client, "<script>alert(1)</script>")
    html = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- renaming -----------------------------------------------------------------------------

def test_inline_rename_htmx(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    edit = client.get(f"/habits/{hid}/edit", headers=HTMX).get_data(as_text=True)
    assert f'id="rename-{hid}"' in edit and "<html" not in edit
    response = client.post(f"/habits/{hid}/rename", data={"name": "Read books"}, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="habit-{hid}"' in html and "Read books" in html
    assert db.session.get(Habit, hid).name == "Read books"


def test_rename_plain_form_page_and_redirect(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    page = client.get(f"/habits/{hid}/edit").get_data(as_text=True)
    assert "<html" in page and 'name="name"' in page
    response = client.post(f"/habits/{hid}/rename", data={"name": "Journal"},
                           headers={"Referer": "http://localhost/"})
    assert response.status_code == 303 and response.location == f"/#habit-{hid}"
    assert db.session.get(Habit, hid).name == "Journal"


@pytest.mark.parametrize("htmx", [False, True])
def test_rename_to_a_taken_name_is_refused(client, user, htmx):
    add(client, "Read")
    add(client, "Run")
    hid = habit_id("Run")
    response = client.post(f"/habits/{hid}/rename", data={"name": " read "},
                           headers=HTMX if htmx else {})
    assert response.status_code == 422
    assert "You already have a habit called “read”." in response.get_data(as_text=True)
    assert db.session.get(Habit, hid).name == "Run"


def test_rename_keeping_the_same_name_with_other_case(client, user):
    add(client, "read")
    hid = habit_id("read")
    assert client.post(f"/habits/{hid}/rename", data={"name": "Read"}).status_code == 303
    assert db.session.get(Habit, hid).name == "Read"


# --- toggling -----------------------------------------------------------------------------

def test_toggle_cycles_done_skipped_clear(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    seen = []
    for _ in range(4):
        client.post(f"/habits/{hid}/toggle")
        seen.append(states(hid).get("2026-11-25"))
    assert seen == ["done", "skipped", None, "done"]


def test_toggle_htmx_swaps_the_row_and_progress(client, user):
    add(client, "Read")
    add(client, "Run")
    hid = habit_id("Read")
    response = client.post(f"/habits/{hid}/toggle", data={"view": "row"}, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith(f'<li id="habit-{hid}"')
    assert f'id="toggle-{hid}"' in html and 'aria-pressed="true"' in html
    assert 'id="day-progress"' in html and 'hx-swap-oob="true"' in html
    assert "1 of 2" in html
    assert "1-day streak" in html


def test_toggle_plain_redirects_back_to_where_it_came_from(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    response = client.post(f"/habits/{hid}/toggle", headers={"Referer": f"http://localhost/habits/{hid}"})
    assert response.status_code == 303 and response.location == f"/habits/{hid}"
    html = client.get("/").get_data(as_text=True)
    assert 'aria-pressed="true"' in html and "1 of 1" in html


def test_toggle_a_past_day_and_an_explicit_state(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    client.post(f"/habits/{hid}/toggle", data={"day": "2019-02-03"})
    client.post(f"/habits/{hid}/toggle", data={"day": "2026-11-24", "state": "not_done"})
    client.post(f"/habits/{hid}/toggle", data={"day": "2026-11-23", "state": "skipped"})
    assert states(hid) == {"2019-02-03": "done", "2026-11-23": "skipped", "2026-11-24": "not_done"}
    # History before the habit was added moves its start back, so it counts.
    assert db.session.get(Habit, hid).created_on == date(2019, 2, 3)
    client.post(f"/habits/{hid}/toggle", data={"day": "2026-11-23", "state": "clear"})
    assert "2026-11-23" not in states(hid)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-11-26", "has not happened yet"),
        ("2026-13-01", "is not a date"),
        ("yesterday", "is not a date"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_toggle_refuses_bad_days(client, user, day, message, htmx):
    add(client, "Read")
    hid = habit_id("Read")
    response = client.post(f"/habits/{hid}/toggle", data={"day": day}, headers=HTMX if htmx else {})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    if htmx:
        assert response.headers["HX-Retarget"] == "#messages" and "<html" not in html
    assert states(hid) == {}


def test_toggle_refuses_an_unknown_state(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    response = client.post(f"/habits/{hid}/toggle", data={"state": "maybe"})
    assert response.status_code == 422 and states(hid) == {}


def test_today_is_the_users_today(client, auth, frozen_now):
    # 23:30 UTC on 24 Nov is already the 25th in Tokyo, still the 24th in Los Angeles.
    frozen_now(2026, 11, 24, 23, 30)
    auth.register(email="tokyo@example.com", timezone="Asia/Tokyo")
    add(client, "Read")
    client.post(f"/habits/{habit_id('Read')}/toggle")
    tokyo = states(habit_id("Read"))
    auth.logout()
    auth.register(email="la@example.com", timezone="America/Los_Angeles")
    add(client, "Run")
    client.post(f"/habits/{habit_id('Run')}/toggle")
    assert tokyo == {"2026-11-25": "done"}
    assert states(habit_id("Run")) == {"2026-11-24": "done"}
    # And Tokyo cannot tick the 26th yet, LA cannot tick the 25th.
    response = client.post(f"/habits/{habit_id('Run')}/toggle", data={"day": "2026-11-25"})
    assert response.status_code == 422


def test_day_start_hour_keeps_late_night_on_the_previous_day(client, auth, frozen_now):
    frozen_now(2026, 11, 25, 1, 30)  # 01:30 UTC
    auth.register(timezone="UTC")
    client.post("/settings", data={"timezone": "UTC", "day_start_hour": "3"})
    add(client, "Read")
    client.post(f"/habits/{habit_id('Read')}/toggle")
    assert states(habit_id("Read")) == {"2026-11-24": "done"}


def test_streak_counts_consecutive_days_and_survives_an_unticked_today(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    for day in ("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"):
        client.post(f"/habits/{hid}/toggle", data={"day": day})
    html = client.get("/").get_data(as_text=True)
    assert "4-day streak" in html
    client.post(f"/habits/{hid}/toggle")
    assert "5-day streak" in client.get("/").get_data(as_text=True)


# --- moving, archiving, deleting ----------------------------------------------------------

def test_move_up_and_down_is_kept_across_reloads(client, user):
    for name in ("Read", "Run", "Write"):
        add(client, name)
    response = client.post(f"/habits/{habit_id('Write')}/move", data={"direction": "up"},
                           headers=HTMX)
    assert response.status_code == 200 and 'id="habit-list"' in response.get_data(as_text=True)
    order, _ = names(client)
    assert order == ["Read", "Write", "Run"]
    client.post(f"/habits/{habit_id('Read')}/move", data={"direction": "down"})
    order, _ = names(client)
    assert order == ["Write", "Read", "Run"]
    # Moving the first one up changes nothing.
    client.post(f"/habits/{habit_id('Write')}/move", data={"direction": "up"})
    assert names(client)[0] == ["Write", "Read", "Run"]


def test_move_rejects_an_unknown_direction(client, user):
    add(client, "Read")
    response = client.post(f"/habits/{habit_id('Read')}/move", data={"direction": "left"})
    assert response.status_code == 422


@pytest.mark.parametrize("htmx", [False, True])
def test_archive_and_unarchive(client, user, htmx):
    add(client, "Read")
    add(client, "Run")
    hid = habit_id("Read")
    client.post(f"/habits/{hid}/toggle")
    response = client.post(f"/habits/{hid}/archive", headers=HTMX if htmx else {})
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        html = response.get_data(as_text=True)
        assert f'id="habit-{hid}"' not in html and "Archived “Read”." in html
    order, html = names(client)
    assert order == ["Run"] and "Archived habits (1)" in html
    archived = client.get("/habits/archived").get_data(as_text=True)
    assert "Read" in archived
    client.post(f"/habits/{hid}/unarchive")
    assert names(client)[0] == ["Read", "Run"]  # back in its place, as in Loop
    assert states(hid) == {"2026-11-25": "done"}  # history kept


def test_delete_asks_first_then_removes_the_habit_and_its_checkins(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    client.post(f"/habits/{hid}/toggle", data={"day": "2026-11-20"})
    client.post(f"/habits/{hid}/toggle")
    page = client.get(f"/habits/{hid}/delete").get_data(as_text=True)
    assert "2 days of history" in page and "<html" in page
    fragment = client.get(f"/habits/{hid}/delete", headers=HTMX).get_data(as_text=True)
    assert f'id="confirm-delete-{hid}"' in fragment and "<html" not in fragment
    response = client.post(f"/habits/{hid}/delete")
    assert response.status_code == 303 and response.location == "/#habit-list"  # now empty
    assert db.session.get(Habit, hid) is None
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0
    assert client.get(f"/habits/{hid}").status_code == 404


@pytest.mark.parametrize("action", ["archive", "delete"])
def test_a_removed_row_goes_with_htmx_and_the_rest_comes_out_of_band(client, user, action):
    """The row's form swaps it away (hx-swap="delete"); the answer brings the progress line,
    the message and the archived link, and the whole list only once it is empty."""
    add(client, "Read")
    add(client, "Run")
    client.post(f"/habits/{habit_id('Run')}/toggle")
    html = client.post(f"/habits/{habit_id('Read')}/{action}", headers=HTMX).get_data(as_text=True)
    assert "<html" not in html and 'id="habit-list"' not in html
    assert 'id="day-progress" class="mt-4" hx-swap-oob="true"' in html and "1 of 1" in html
    assert '<div hx-swap-oob="innerHTML:#messages>[role=status]">' in html and "“Read”" in html
    assert 'id="archived-link" class="mt-6 text-sm" hx-swap-oob="true"' in html
    last = client.post(f"/habits/{habit_id('Run')}/{action}", headers=HTMX).get_data(as_text=True)
    assert 'id="habit-list"' in last and 'hx-swap-oob="true"' in last
    assert "No habits yet." in last and not re.search(r'id="habit-\d', last)


# --- the ⋯ menu ---------------------------------------------------------------------------

def test_today_rows_link_their_menu_and_carry_none_of_its_forms(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    html = client.get("/").get_data(as_text=True)
    assert (f'<a id="menu-{hid}" href="/habits/{hid}/actions" hx-get="/habits/{hid}/actions" '
            'hx-target="this" aria-label="Actions for Read">') in html
    assert f"/habits/{hid}/move" not in html and f"/habits/{hid}/archive" not in html


def test_the_menu_arrives_open_with_every_action(client, user):
    for name in ("Walk", "Read", "Run"):
        add(client, name)
    hid = habit_id("Read")  # the middle one: it can go up and down
    html = client.get(f"/habits/{hid}/actions", headers=HTMX).get_data(as_text=True)
    assert "<html" not in html
    # It takes the ⋯ link's place and id: focus stays on the menu's button.
    assert html.lstrip().startswith(f'<details data-menu open><summary id="menu-{hid}"')
    assert f'id="rename-link-{hid}" hx-get="/habits/{hid}/edit"' in html
    assert f'hx-post="/habits/{hid}/move" hx-target="#habit-list"' in html
    assert f'id="move-up-{hid}"' in html and f'id="move-down-{hid}"' in html
    assert f'hx-post="/habits/{hid}/archive" hx-swap="delete"' in html
    assert f'href="/habits/{hid}/delete" hx-get="/habits/{hid}/delete"' in html


def test_the_menu_offers_no_move_past_either_end_of_the_list(client, user):
    for name in ("Walk", "Read", "Run"):
        add(client, name)
    first, last = habit_id("Walk"), habit_id("Run")
    for headers in (HTMX, {}):  # the row's menu and the page without JavaScript
        top = client.get(f"/habits/{first}/actions", headers=headers).get_data(as_text=True)
        bottom = client.get(f"/habits/{last}/actions", headers=headers).get_data(as_text=True)
        assert f'id="move-up-{first}"' not in top and f'id="move-down-{first}"' in top
        assert f'id="move-down-{last}"' not in bottom and f'id="move-up-{last}"' in bottom
    # Moving the last habit up makes it movable down, and the one it passed the last.
    client.post(f"/habits/{last}/move", data={"direction": "up", "next": "/"})
    moved = client.get(f"/habits/{last}/actions", headers=HTMX).get_data(as_text=True)
    read = habit_id("Read")
    passed = client.get(f"/habits/{read}/actions", headers=HTMX).get_data(as_text=True)
    assert f'id="move-down-{last}"' in moved and f'id="move-up-{last}"' in moved
    assert f'id="move-down-{read}"' not in passed


def test_the_actions_page_without_javascript_has_plain_forms_that_work(client, user):
    for name in ("Read", "Run"):
        add(client, name)
    hid = habit_id("Read")
    page = without_tokens(client.get(f"/habits/{hid}/actions").get_data(as_text=True))
    assert "<html" in page and "hx-" not in page.split("<main", 1)[1]
    assert f'href="/habits/{hid}/edit"' in page and f'href="/habits/{hid}/delete"' in page
    moved = client.post(f"/habits/{hid}/move", data={"direction": "down", "next": "/"})
    assert moved.status_code == 303 and moved.location == f"/#habit-{hid}"
    assert names(client)[0] == ["Run", "Read"]
    assert client.get(f"/habits/{hid}/edit").status_code == 200  # rename: the settings form
    archived = client.post(f"/habits/{hid}/archive", data={"next": "/"})
    assert archived.status_code == 303 and names(client)[0] == ["Run"]
    assert "Delete “Run”?" in client.get(f"/habits/{habit_id('Run')}/delete").get_data(as_text=True)


def test_the_menu_keeps_a_filtered_list_filtered(client, user):
    client.post("/habits", data={"name": "Read", "form": "full", "schedule": "daily",
                                 "tags": "evening"})
    hid = habit_id("Read")
    html = client.get("/?tag=evening").get_data(as_text=True)
    assert f'href="/habits/{hid}/actions?tag=evening"' in html
    menu = client.get(f"/habits/{hid}/actions?tag=evening", headers=HTMX).get_data(as_text=True)
    assert menu.count('<input type="hidden" name="tag" value="evening">') == 2  # move, archive


def test_focus_goes_back_to_the_menu_after_a_move_a_cancel_or_a_rename(client, user):
    """htmx focuses [autofocus] in what it swaps in: the moved habit's ⋯, the row brought
    back by Cancel, the renamed row (no script repairs focus)."""
    for name in ("Read", "Run"):
        add(client, name)
    hid = habit_id("Read")
    menu = f'<a id="menu-{hid}" '
    moved = client.post(f"/habits/{hid}/move", data={"direction": "down"}, headers=HTMX)
    html = moved.get_data(as_text=True)
    assert html.count("autofocus") == 1 and 'autofocus>⋯</a>' in html.split(menu, 1)[1][:300]
    row = client.get(f"/habits/{hid}/row", headers=HTMX).get_data(as_text=True)
    assert 'autofocus>⋯</a>' in row
    renamed = client.post(f"/habits/{hid}/rename", data={"name": "Read more"}, headers=HTMX)
    assert 'autofocus>⋯</a>' in renamed.get_data(as_text=True)
    today = client.get("/").get_data(as_text=True)
    assert "autofocus" not in today.split('id="habit-list"')[1].split("</ul>")[0]


# --- pages --------------------------------------------------------------------------------

def test_dashboard_empty_state_offers_the_next_step(client, user):
    html = client.get("/").get_data(as_text=True)
    assert "No habits yet." in html and 'id="new-habit-name"' in html


def test_dashboard_shows_date_progress_week_cells_and_links(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    html = client.get("/").get_data(as_text=True)
    assert "Wednesday, 25 November 2026" in html
    assert f'href="/habits/{hid}"' in html
    assert html.count(f'id="day-{hid}-') == 7
    assert f'id="day-{hid}-2026-11-19"' in html and f'id="day-{hid}-2026-11-25"' in html
    assert "0 of 1" in html


def test_habit_page_shows_its_calendar(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    client.post(f"/habits/{hid}/toggle", data={"day": "2026-11-20"})
    html = client.get(f"/habits/{hid}").get_data(as_text=True)
    assert "<h1" in html and "Read" in html
    assert 'aria-label="Fri 20 Nov 2026: done"' in html
    assert 'id="cell-2026-11-25"' in html
    assert 'id="cell-2026-11-26"' not in html  # no button for a future day


def test_calendar_cell_toggle_swaps_the_cell_and_the_streak(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    response = client.post(f"/habits/{hid}/toggle", data={"day": "2026-11-25", "view": "cell"},
                           headers=HTMX)
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith("<td>")
    assert 'id="cell-2026-11-25"' in html and 'data-status="done"' in html
    assert f'id="habit-streak-{hid}"' in html and 'hx-swap-oob="true"' in html
    assert 'id="habit-list"' not in html


def test_habit_page_year_switcher_goes_back_to_the_first_checkin(client, user):
    add(client, "Read")
    hid = habit_id("Read")
    client.post(f"/habits/{hid}/toggle", data={"day": "2024-03-01"})
    html = client.get(f"/habits/{hid}?year=2024").get_data(as_text=True)
    assert 'aria-label="Fri 1 Mar 2024: done"' in html
    for year in (2024, 2025, 2026):
        # At the calendar, where the year was picked: not back at the page's top.
        assert f'href="/habits/{hid}?year={year}#habit-calendar-title"' in html
    for out_of_range, shown in (("1", "2024"), ("99999", "2026"), ("-3", "2024")):
        page = client.get(f"/habits/{hid}?year={out_of_range}").get_data(as_text=True)
        assert f"Read in {shown}" in page and "in 1900" not in page


def test_a_toggled_row_keeps_its_own_chance_for_tomorrow(client, user):
    """The redrawn row shows the habit's stored prediction (not another habit's, not
    yesterday's) and the day's progress, as the dashboard would."""
    from habitory.models import Prediction, User

    add(client, "Read")
    add(client, "Run")
    owner = db.session.scalar(sa.select(User.id))
    db.session.add_all([
        Prediction(habit_id=habit_id("Read"), user_id=owner, for_day=date(2026, 11, 26),
                   probability=0.73, source="model", reasons="", at_risk=False),
        Prediction(habit_id=habit_id("Run"), user_id=owner, for_day=date(2026, 11, 26),
                   probability=0.12, source="model", reasons="", at_risk=True),
    ])
    db.session.commit()
    response = client.post(f"/habits/{habit_id('Read')}/toggle", data={"view": "row"},
                           headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "73% chance you do it tomorrow" in html and "12%" not in html
    assert "1 of 2" in html
    db.session.execute(sa.update(Prediction).values(for_day=date(2026, 11, 25)))
    db.session.commit()
    html = client.post(f"/habits/{habit_id('Read')}/toggle", data={"view": "row"},
                       headers=HTMX).get_data(as_text=True)
    assert "chance you do it tomorrow" not in html  # a stale day's prediction is not shown


def test_a_habit_skipped_today_is_not_due(client, user):
    """Skipping sets the day aside: with one habit done and the other skipped, all is done."""
    add(client, "Read")
    add(client, "Run")
    client.post(f"/habits/{habit_id('Read')}/toggle", data={"state": "done"})
    html = client.post(f"/habits/{habit_id('Run')}/toggle", data={"state": "skipped",
                       "view": "row"}, headers=HTMX).get_data(as_text=True)
    assert "1 of 1" in html and "all done today" in html
    assert "1 of 1" in client.get("/").get_data(as_text=True)
