"""A habit page's calendar as a test reads it: each day's look and words, the key, and the
rates the API gives beside them (the period-target tests compare the two)."""

from __future__ import annotations

import html
import re

from .api_support import bearer

SPAN = re.compile(r'<span class="heat" data-level="(\d)" data-status="(\w+)"[^>]*>'
                  r'<span class="sr-only">([^<]*)</span>')


def calendar_cells(client, habit_id: int, year: int | None = None):
    """The habit page's calendar days by their words ("Tue 10 Nov 2026") as (look, words),
    and its legend."""
    query = f"?year={year}" if year else ""
    page = client.get(f"/habits/{habit_id}{query}").get_data(as_text=True)
    cells = {}
    for _level, look, label in SPAN.findall(page):
        day, _, words = html.unescape(label).partition(": ")
        cells[day] = (look, words)
    legend = re.search(r"<ul class=\"legend\" data-legend.*?</ul>", page, re.S)[0]
    return cells, html.unescape(legend)


def api_rates(client, user, habit_id: int) -> dict:
    return client.get(f"/api/v1/habits/{habit_id}/stats", headers=bearer(user.id)).get_json()
