"""The numbers under the overall calendar when no day needs every habit."""

from __future__ import annotations

import re
from datetime import timedelta

from .conftest import TODAY


def test_only_flexible_habits_show_no_perfect_days_count_rather_than_0_of_0(
        client, user, make_habit):
    """A "3 times in 7 days" habit is needed on no single day, so no day can be "everything
    done": the card says so with a dash, as its neighbours do, not "0 of 0"."""
    start = TODAY - timedelta(days=20)
    make_habit(user, "Gym", created=start, freq_num=3, freq_den=7,
               done=[start + timedelta(days=n) for n in (1, 3, 5, 9, 11)])
    html = client.get("/calendar").get_data(as_text=True)
    card = re.search(r"Days with everything done</p>(.*?)</div>", html, re.S).group(1)
    assert "of 0" not in card and "–" in card
    assert "Best month" in html and "November" in html  # the month's share still counts it
