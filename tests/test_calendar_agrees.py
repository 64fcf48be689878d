"""The Calendar counts a day as Today does: a quit habit's clean day and a day its target
already covers are done, a skipped day is set aside, a day before the habit is not due; and
its percentages round half up like every other page's."""

from __future__ import annotations

import re
from datetime import timedelta

from .conftest import TODAY


def _progress(html: str) -> str:
    return re.search(r"<strong[^>]*>(\d+ of \d+)</strong> done", html).group(1)


def test_todays_cell_says_what_today_says(client, user, make_habit):
    make_habit(user, "No smoking", created=TODAY - timedelta(days=10), kind="quit")
    # Once a month, ticked two days ago: today is covered by the target (Loop's YES_AUTO).
    make_habit(user, "Call mum", created=TODAY - timedelta(days=40), freq_num=1, freq_den=30,
               done=[TODAY - timedelta(days=2)])
    walk = make_habit(user, "Walk", created=TODAY - timedelta(days=10))
    client.post(f"/habits/{walk.id}/toggle", data={"day": TODAY.isoformat(),
                                                   "state": "skipped"})
    assert _progress(client.get("/").get_data(as_text=True)) == "2 of 2"
    html = client.get("/calendar").get_data(as_text=True)
    assert "Wed 25 Nov 2026: 2 habits done out of 2" in html
    # Yesterday: the quit habit clean, the month covered, Walk missed.
    assert "Tue 24 Nov 2026: 2 habits done out of 3" in html
    # Before any habit existed nothing was due.
    assert "Thu 1 Oct 2026: no entry" in html


def test_a_month_share_rounds_half_up_like_the_other_pages(client, user, make_habit):
    # 1 of 8 due days in November is 12.5 %: 13 % on the habit page and Insights.
    make_habit(user, "Read", created=TODAY - timedelta(days=7), done=[TODAY])
    html = client.get("/calendar").get_data(as_text=True)
    assert "13%" in html and "12%" not in html
    habit_page = client.get("/insights").get_data(as_text=True)
    assert "13%" in habit_page


def test_a_quit_habits_page_counts_its_clean_days(client, user, make_habit):
    """Clean days need no check-in: 30 days since it began, one slip, today still open."""
    smoking = make_habit(user, "Smoking", created=TODAY - timedelta(days=30), kind="quit")
    client.post(f"/habits/{smoking.id}/toggle", data={
        "day": (TODAY - timedelta(days=5)).isoformat(), "state": "not_done"})
    html = client.get(f"/habits/{smoking.id}").get_data(as_text=True)
    clean = re.search(r"Clean days</p>\s*<p[^>]*>(\d+)</p>", html).group(1)
    assert clean == "29"
    assert "29 of 30 due days" in html  # the all-time rate agrees


def test_a_habit_made_tomorrow_counts_today_as_today_does(client, user, make_habit):
    """Its owner moved west since creating it: Today lists it and counts it as due."""
    make_habit(user, "Read", created=TODAY - timedelta(days=3), done=[TODAY])
    make_habit(user, "Stretch", created=TODAY + timedelta(days=1))
    make_habit(user, "Sugar", created=TODAY + timedelta(days=1), kind="quit")
    today = _progress(client.get("/").get_data(as_text=True))
    assert today == "1 of 3"  # nothing clean to count before the quit habit began
    html = client.get("/calendar").get_data(as_text=True)
    assert "Wed 25 Nov 2026: 1 habit done out of 3" in html
