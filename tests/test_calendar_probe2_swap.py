"""Toggling a day of a habit's calendar answers with the cells it redrew, not the year: the
page after htmx's swaps equals a fresh render, for random schedules and ticks."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest

from habitory.extensions import db

from .conftest import HTMX, TODAY

CSRF = re.compile(r'(name="csrf_token" value=")[^"]*"')
OOB = re.compile(r'<(button|p) ([^>]*?)hx-swap-oob="true"([^>]*)>(.*?)</\1>', re.S)
ID = re.compile(r'id="([^"]+)"')
FORM = re.compile(r'<form id="habit-calendar".*?</form>', re.S)


def swapped(page: str, response, toggled: date) -> str:
    """The page after htmx swaps `response` in, as a click on `toggled` would (the table's
    hx-target="closest td", hx-swap="outerHTML"; out-of-band elements by id)."""
    text = response.get_data(as_text=True)
    for match in OOB.finditer(text):
        tag = match.group(1)
        element = match.group(0).replace(' hx-swap-oob="true"', "")
        element_id = ID.search(match.group(0)).group(1)
        page, count = re.subn(rf'<{tag} [^>]*id="{element_id}".*?</{tag}>',
                              lambda _m, e=element: e, page, count=1, flags=re.S)
        assert count == 1, element_id
    main = OOB.sub("", text)  # as htmx keeps it: white space beside the cell would stay
    if response.headers.get("HX-Retarget") == "#habit-calendar":
        return FORM.sub(lambda _m: main, page, count=1)
    page, count = re.subn(rf'<td><button [^>]*id="cell-{toggled.isoformat()}".*?</td>',
                          lambda _m: main, page, count=1, flags=re.S)
    assert count == 1
    return page


def drawn(page: str, habit_id: int) -> str:
    """What a toggle may change: the calendar form and the streak."""
    streak = re.search(rf'<p id="habit-streak-{habit_id}".*?</p>', page, re.S).group(0)
    return CSRF.sub(r'\1"', FORM.search(page).group(0)) + streak


def schedules():
    """(columns, label) for the schedules a habit can have."""
    return [
        ({"freq_num": 1, "freq_den": 1}, "daily"),
        ({"freq_num": 3, "freq_den": 7}, "3 in 7"),
        ({"freq_num": 1, "freq_den": 7}, "weekly"),
        ({"freq_num": 2, "freq_den": 3}, "2 in 3"),
        ({"freq_num": 5, "freq_den": 31}, "5 a month"),
        ({"freq_num": 1, "freq_den": 30}, "monthly"),
        ({"freq_num": 1, "freq_den": 1, "weekdays": 0b0010101}, "Mon Wed Fri"),
        ({"freq_num": 1, "freq_den": 1, "kind": "quit"}, "quit"),
        ({"freq_num": 2, "freq_den": 7, "kind": "quit"}, "quit 2 in 7"),
    ]


@pytest.mark.parametrize("columns,label", schedules(), ids=[s[1] for s in schedules()])
def test_page_after_the_swaps_equals_a_fresh_render(client, user, make_habit, columns, label):
    rng = random.Random(label)
    created = TODAY - timedelta(days=rng.randint(20, 200))
    done = sorted({created + timedelta(days=rng.randint(0, (TODAY - created).days))
                   for _ in range(rng.randint(5, 60))})
    habit = make_habit(user, "Read", created=created, done=done, **columns)
    hid = habit.id
    db.session.expunge_all()
    url = f"/habits/{hid}?year={TODAY.year}"
    page = client.get(url).get_data(as_text=True)
    sizes = []
    for _ in range(12):
        # Mostly near the last ticks, where intervals slide; now and then before the start.
        day = rng.choice([TODAY - timedelta(days=rng.randint(0, 40)),
                          created - timedelta(days=rng.randint(1, 20)),
                          created + timedelta(days=rng.randint(0, 30))])
        if day.year != TODAY.year:
            continue
        state = rng.choice([None, None, "done", "skipped"])
        data = {"day": day.isoformat(), "view": "cell", **({"state": state} if state else {})}
        response = client.post(f"/habits/{hid}/toggle", data=data, headers=HTMX)
        assert response.status_code == 200
        sizes.append(len(response.get_data()))
        page = swapped(page, response, day)
        fresh = client.get(url).get_data(as_text=True)
        assert drawn(page, hid) == drawn(fresh, hid), (label, day, state)
        page = fresh
    assert sizes and max(sizes) < 6_000, sizes  # the year was about 80 KB


def test_ticking_a_3_in_7_habit_sends_the_cells_it_changed(client, user, make_habit):
    """Two ticks 2 days apart cover the days between them (Loop's automatic checkmarks): the
    third tick's answer redraws those days out of band, and no others."""
    habit = make_habit(user, "Gym", created=date(2026, 11, 1), freq_num=3, freq_den=7,
                       done=[date(2026, 11, 16), date(2026, 11, 18)])
    response = client.post(f"/habits/{habit.id}/toggle", data={"day": "2026-11-20",
                                                               "view": "cell"}, headers=HTMX)
    text = response.get_data(as_text=True)
    assert "HX-Retarget" not in response.headers and '<form id="habit-calendar"' not in text
    assert text.lstrip().startswith('<td><button type="submit" id="cell-2026-11-20"')
    redrawn = re.findall(r'id="(cell-[\d-]+)"[^>]*hx-swap-oob="true"', text)
    # 16..18 Nov were one interval; with the 20th a second one covers 14..20: the days the
    # intervals now cover show "covered" (auto).
    assert redrawn and all('data-status="auto"' in re.search(
        rf'<button [^>]*id="{cell}"[^>]*>', text).group(0) for cell in redrawn)
    assert len(text.encode()) < 3_000


def test_a_day_logged_before_the_start_redraws_the_days_since(client, user, make_habit):
    """A daily habit started on the 20th: logging the 10th moves its start back, so the days
    between become missed (the page used to keep them blank until reloaded)."""
    habit = make_habit(user, "Walk", created=date(2026, 11, 20))
    response = client.post(f"/habits/{habit.id}/toggle", data={"day": "2026-11-10",
                                                               "view": "cell"}, headers=HTMX)
    text = response.get_data(as_text=True)
    for day in range(11, 20):
        cell = re.search(rf'<button [^>]*id="cell-2026-11-{day:02d}"[^>]*>', text)
        assert cell and 'hx-swap-oob="true"' in cell.group(0), day
        assert 'data-status="missed"' in cell.group(0)


def test_without_javascript_a_calendar_toggle_still_redirects(client, user, make_habit):
    habit = make_habit(user, "Gym", created=date(2026, 11, 1), freq_num=3, freq_den=7)
    response = client.post(f"/habits/{habit.id}/toggle", data={
        "day": "2026-11-20", "view": "cell", "next": f"/habits/{habit.id}?year=2026"})
    assert response.status_code == 303
    # At the day's own cell: a phone's year opens scrolled sideways to it.
    assert response.headers["Location"].endswith(f"/habits/{habit.id}?year=2026#cell-2026-11-20")
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert 'id="cell-2026-11-20"' in page and "Saved: Gym (Fri 20 Nov): done." in page
