"""A habit page's view (the calendar's ?year=, the strength chart's ?strength=) survives every
way of moving around the page: the links that change one part keep the other, on the page as
loaded, on the sections a tick redraws (/summary), and through the forms a browser without
JavaScript posts and comes back from."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import HTMX, TODAY
from .test_habit_strength_range import _every_other_day, _range_links, _strength


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _year_links(page: str) -> dict[str, str]:
    """The calendar's year links: year -> href."""
    nav = re.search(r'<nav[^>]*aria-label="Year">(.*?)</nav>', page, re.S).group(1)
    return {year: html.unescape(href)
            for href, year in re.findall(r'<a class="navlink num" href="([^"]*)"[^>]*>(\d+)</a>',
                                         nav)}


def _summary_url(page: str) -> str:
    return html.unescape(re.search(r'hx-get="([^"]*/summary[^"]*)"', page).group(1))


def _next(page: str, form_id_or_action: str) -> str:
    """The `next` field of the form with that id (or action)."""
    form = re.search(rf'<form[^>]*"{re.escape(form_id_or_action)}".*?</form>', page, re.S)
    return html.unescape(re.search(r'name="next" value="([^"]*)"', form.group(0)).group(1))


@pytest.fixture
def reader(user, make_habit):
    """Three years of every other day: 2023 to 2026 in the calendar, 1 year / All time."""
    return _every_other_day(user, make_habit, 3 * 365).id


def test_after_a_tick_the_range_links_keep_the_calendars_year(client, reader):
    page = client.get(f"/habits/{reader}?year=2024&strength=all").get_data(as_text=True)
    summary = _summary_url(page)
    assert urlsplit(summary).path == f"/habits/{reader}/summary"
    assert _query(summary) == {"year": ["2024"], "strength": ["all"]}
    client.post(f"/habits/{reader}/toggle", headers=HTMX,
                data={"day": (TODAY - timedelta(days=1)).isoformat(), "view": "cell"})
    fragment = client.get(summary, headers=HTMX).get_data(as_text=True)
    links = _range_links(fragment)
    # The user still sees 2024 in the calendar: "1 year" must not send them back to 2026.
    assert links["1 year"][0] == f"/habits/{reader}?year=2024&strength=1y#habit-strength"
    assert links["All time"][1]
    assert "/summary" not in "".join(href for href, _current in links.values())


@pytest.mark.parametrize("query", ["year=2024&strength=all", "strength=all&year=2024"])
def test_every_view_link_keeps_the_other_part_page_and_fragment(client, reader, query):
    page = client.get(f"/habits/{reader}?{query}").get_data(as_text=True)
    fragment = client.get(_summary_url(page), headers=HTMX).get_data(as_text=True)
    for drawn in (page, fragment):
        for label, (href, _current) in _range_links(drawn).items():
            assert _query(href)["year"] == ["2024"], label
    for year, href in _year_links(page).items():
        assert _query(href) == {"year": [year], "strength": ["all"]}


def test_without_javascript_a_calendar_tick_comes_back_to_the_same_view(client, reader):
    page = client.get(f"/habits/{reader}?year=2025&strength=all").get_data(as_text=True)
    back = _next(page, "habit-calendar")
    assert _query(back) == {"year": ["2025"], "strength": ["all"]}
    response = client.post(f"/habits/{reader}/toggle",
                           data={"day": "2025-06-02", "view": "cell", "next": back})
    assert response.status_code == 303
    assert _query(response.location) == {"year": ["2025"], "strength": ["all"]}
    landed = client.get(response.location).get_data(as_text=True)
    assert _range_links(landed)["All time"][1]
    assert 'aria-current="page">2025</a>' in landed


def test_archiving_without_javascript_comes_back_to_the_same_view(client, reader):
    page = client.get(f"/habits/{reader}?year=2024&strength=all").get_data(as_text=True)
    back = _next(page, f"/habits/{reader}/archive")
    response = client.post(f"/habits/{reader}/archive", data={"next": back})
    assert _query(response.location) == {"year": ["2024"], "strength": ["all"]}


def test_the_summary_address_opened_as_a_page_is_the_same_view(client, reader):
    response = client.get(f"/habits/{reader}/summary?year=2024&strength=all")
    assert response.status_code == 302
    assert urlsplit(response.location).path == f"/habits/{reader}"
    assert _query(response.location) == {"year": ["2024"], "strength": ["all"]}


@pytest.mark.parametrize("query", ["year=abc&strength=bogus", "year=&strength=",
                                   "strength=%E2%88%9E&year=20x4", "strength=2024"])
def test_what_the_page_does_not_understand_is_not_passed_on(client, reader, query):
    response = client.get(f"/habits/{reader}?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert _year_links(page)["2025"] == f"/habits/{reader}?year=2025#habit-calendar-title"
    assert _range_links(page)["All time"][0] == f"/habits/{reader}?strength=all#habit-strength"
    assert _summary_url(page) == f"/habits/{reader}/summary"


def test_a_year_before_the_habit_is_its_first_year_in_every_link(client, reader):
    page = client.get(f"/habits/{reader}?year=1999&strength=all").get_data(as_text=True)
    assert 'aria-current="page">2023</a>' in page  # the habit began on 26 Nov 2023
    assert _query(_summary_url(page)) == {"year": ["2023"], "strength": ["all"]}
    assert _query(_range_links(page)["1 year"][0])["year"] == ["2023"]


def test_the_year_range_follows_the_calendar_from_year_to_year(client, reader):
    spec, _rows, page = _strength(client, f"/habits/{reader}?year=2024&strength=year")
    assert spec["labels"][0] == "1 Jan 2024" and spec["labels"][-1] == "31 Dec 2024"
    next_year = _year_links(page)["2025"]
    assert _query(next_year) == {"year": ["2025"], "strength": ["year"]}
    spec, _rows, page = _strength(client, next_year)
    assert spec["labels"][0] == "1 Jan 2025" and spec["labels"][-1] == "31 Dec 2025"
    assert _range_links(page)["2025"][1]
