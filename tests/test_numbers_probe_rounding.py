"""Insights' "per week" rounds half up, as every other number of Habitory does (Rate.percent,
the health score): 1 completion in 28 days is 0.25 a week, shown 0.3, not Python's
round-half-even 0.2."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from habitory.stats.rates import habit_days, weekly_average
from habitory.stats.schedule import Entry, HabitHistory

from .conftest import TODAY


@pytest.mark.parametrize(("completions", "expected"), [(1, 0.3), (5, 1.3), (3, 0.8), (9, 2.3)])
def test_a_weekly_average_on_a_half_rounds_up(completions, expected):
    created = TODAY - timedelta(days=28)  # 28 days elapsed: today is still open
    entries = {created + timedelta(days=2 * i): Entry("done") for i in range(completions)}
    days = habit_days(HabitHistory(created, entries), TODAY)
    assert weekly_average(days, TODAY, 90) == expected


def test_the_insights_table_shows_it_rounded_half_up(client, user, make_habit):
    make_habit(user, "Read", created=TODAY - timedelta(days=28),
               done=[TODAY - timedelta(days=10)])
    html = client.get("/insights").get_data(as_text=True)
    row = re.search(r'href="/habits/\d+"[^>]*>.*?</tr>', html, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    assert cells[4] == "0.3"  # 7 d, 30 d, 90 d, All, Per week


@pytest.mark.parametrize(("share", "shown"), [(0.125, "13%"), (0.005, "1%"), (0.9949, "99%"),
                                              (1.0, "100%")])
def test_a_strength_on_a_half_rounds_up_like_the_health_formula(app, share, shown):
    """The habit page's "Strength" and the health score's "strength 13" round alike (Jinja's
    round sent 12.5 to 12)."""
    with app.test_request_context("/"):
        html = app.jinja_env.from_string("{{ s|whole_percent|percent }}").render(s=share)
    assert html.replace("\u00a0", "") == shown
