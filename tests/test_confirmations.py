"""Without JavaScript, an action comes back to the page with a short flash saying what
happened ("Saved: Read (Wed 25 Nov): done."), dates in the reader's language. With htmx the
change shows in place: no flash now, and none left over for the next full page."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.models import Habit, Notification

from .conftest import HTMX

FULL = {"form": "full", "kind": "yes_no", "schedule": "daily", "colour": "teal"}


def _messages(html: str) -> str:
    """The messages in #messages' two live regions (base.html), without the regions' tags."""
    found = re.search(r'<div id="messages"[^>]*>(.*?)</div></div>', html, re.S)
    return re.sub(r"</?div[^>]*>", "", found.group(1)) if found else ""


def _flash_after(client, response) -> str:
    """What the page the action came back to says in #messages."""
    assert response.status_code == 303, response.get_data(as_text=True)
    return _messages(client.get(response.headers["Location"]).get_data(as_text=True))


@pytest.fixture
def habits(client, user):
    client.get("/")  # the welcome flashed at sign-up is shown (and done with)
    client.post("/habits", data={"name": "Read"})
    client.post("/habits", data={"name": "Walk"})
    client.post("/habits", data={**FULL, "name": "Water", "kind": "measurable",
                                 "target": "8", "unit": "glasses", "direction": "at_least"})
    client.get("/")
    return {h.name: h.id for h in db.session.scalars(sa.select(Habit))}


def test_ticking_a_day_on_today_says_what_the_day_is_now(client, habits):
    url = f"/habits/{habits['Read']}/toggle"
    said = [_flash_after(client, client.post(url, data={"day": "2026-11-25"}, headers={
        "Referer": "http://localhost/"})) for _ in range(3)]
    assert "Saved: Read (Wed 25 Nov): done." in said[0]
    assert "Saved: Read (Wed 25 Nov): skipped." in said[1]
    assert "Cleared: Read (Wed 25 Nov)." in said[2]


def test_saving_an_amount_or_a_note_says_so(client, habits):
    amount = client.post(f"/habits/{habits['Water']}/day",
                         data={"view": "row", "day": "2026-11-25", "amount": "3"})
    assert "Saved: Water (Wed 25 Nov)." in _flash_after(client, amount)
    note = client.post(f"/habits/{habits['Read']}/day", data={
        "form": "day", "day": "2026-11-24", "state": "done", "note": "a good chapter"})
    assert "Saved: Read (Tue 24 Nov)." in _flash_after(client, note)


def test_a_day_of_another_year_on_the_habit_page_names_its_year(client, habits):
    hid = habits["Read"]
    db.session.execute(sa.update(Habit).where(Habit.id == hid).values(
        created_on=date(2025, 1, 1)))
    db.session.commit()
    cell = client.post(f"/habits/{hid}/toggle", data={"view": "cell", "day": "2025-11-25"},
                       headers={"Referer": f"http://localhost/habits/{hid}?year=2025"})
    assert "Saved: Read (Tue 25 Nov 2025): done." in _flash_after(client, cell)


def test_the_date_is_in_the_readers_language(client, habits):
    client.post("/settings/language", data={"language": "de", "week_start": ""})
    client.get("/")
    response = client.post(f"/habits/{habits['Read']}/toggle", data={"day": "2026-11-25"})
    assert "Mi., 25. Nov." in _flash_after(client, response)


@pytest.mark.parametrize("language", ["de", "fr", "es", "pt_BR"])
def test_a_date_that_ends_in_a_full_stop_does_not_end_the_sentence(client, habits, language):
    """German abbreviates "Nov.": "Gespeichert: Wasser, Di., 24. Nov.." had two full stops."""
    client.post("/settings/language", data={"language": language, "week_start": ""})
    client.get("/")
    said = [_flash_after(client, client.post(f"/habits/{habits['Water']}/day", data={
                "view": "row", "day": "2026-11-24", "amount": "3"}))]
    said += [_flash_after(client, client.post(f"/habits/{habits['Read']}/toggle", data={
        "day": "2026-11-24"})) for _ in range(3)]
    assert all(re.search(r"Read|Water", text) for text in said)
    for text in said:
        assert not re.search(r"\.\s*\.", re.sub(r"<[^>]+>", "", text)), text


def test_moving_archiving_and_renaming_say_so(client, habits):
    hid = habits["Read"]
    moved = client.post(f"/habits/{hid}/move", data={"direction": "down"})
    assert "Moved “Read” down." in _flash_after(client, moved)
    moved = client.post(f"/habits/{hid}/move", data={"direction": "up"})
    assert "Moved “Read” up." in _flash_after(client, moved)
    edge = client.post(f"/habits/{hid}/move", data={"direction": "up"})
    said = _flash_after(client, edge)
    assert "“Read” is already at the top." in said
    assert "flash-info" in said and "flash-success" not in said  # nothing moved: no success
    last = habits["Water"]
    edge = client.post(f"/habits/{last}/move", data={"direction": "down"})
    assert "“Water” is already at the bottom." in _flash_after(client, edge)
    renamed = client.post(f"/habits/{hid}/rename", data={"name": "Read more"})
    assert "Renamed to “Read more”." in _flash_after(client, renamed)
    archived = client.post(f"/habits/{hid}/archive")
    assert "Archived “Read more”." in _flash_after(client, archived)


def test_marking_a_notification_read_says_so(client, user):
    insert_new(user.id, [NewNotification(kind="missed", category="alerts", title="Alert",
                                         body="Body", dedup_key="k:1")])
    db.session.commit()
    nid = db.session.scalar(sa.select(Notification.id))
    client.get("/notifications")
    response = client.post(f"/notifications/{nid}/read")
    assert "Notification marked as read." in _flash_after(client, response)


def test_flashed_names_are_escaped(client, user):
    client.get("/")
    client.post("/habits", data={"name": "<i>Read</i>"})
    client.get("/")
    hid = db.session.scalar(sa.select(Habit.id))
    said = _flash_after(client, client.post(f"/habits/{hid}/toggle", data={"day": "2026-11-25"}))
    assert "Saved: &lt;i&gt;Read&lt;/i&gt; (Wed 25 Nov): done." in said
    assert "<i>" not in said


def test_htmx_changes_leave_no_flash_for_the_next_page(client, habits):
    read, water = habits["Read"], habits["Water"]
    client.post(f"/habits/{read}/toggle", data={"day": "2026-11-25"}, headers=HTMX)
    client.post(f"/habits/{water}/day", data={"day": "2026-11-25", "amount": "3"},
                headers=HTMX)
    client.post(f"/habits/{read}/toggle", data={"view": "cell", "day": "2026-11-24"},
                headers=HTMX)
    client.post(f"/habits/{read}/move", data={"direction": "down"}, headers=HTMX)
    client.post(f"/habits/{read}/rename", data={"name": "Read more"}, headers=HTMX)
    client.post(f"/habits/{read}/archive", headers=HTMX)
    insert_new(db.session.get(Habit, read).user_id, [NewNotification(
        kind="missed", category="alerts", title="Alert", body="Body", dedup_key="k:1")])
    db.session.commit()
    nid = db.session.scalar(sa.select(Notification.id))
    client.post(f"/notifications/{nid}/read", headers=HTMX)
    assert _messages(client.get("/").get_data(as_text=True)).strip() == ""
