"""Every form on a habit page carries the page's view (the calendar's ?year=, the strength
chart's ?strength=): a day saved without JavaScript comes back to it, and a day refused
(the page drawn again at the POST's address, which has no query) still shows it, its links
and forms keeping it. Only this habit's own page lends its view: any other `next` gets the
default one, never an address of someone else's choosing."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import HTMX
from .test_core_probe_forms import _soup
from .test_habit_strength_range import _every_other_day

VIEW = {"year": ["2024"], "strength": ["all"]}
REFUSED_DAY = {"form": "day", "day": "2027-01-01", "state": "done", "note": "typed"}


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture
def reader(user, make_habit):
    """Three years of every other day: 2023 to 2026 in the calendar."""
    return _every_other_day(user, make_habit, 3 * 365).id


def _nexts(page) -> dict[str, str]:
    """Each form's `next`, by the form's id or else its action."""
    return {form.get("id") or form["action"]: form.find("input", attrs={"name": "next"})["value"]
            for form in page.find_all("form") if form.find("input", attrs={"name": "next"})}


def _links(page, nav_label: str) -> dict[str, tuple[str, bool]]:
    """A nav's links: text -> (href, whether it is the current one)."""
    nav = page.find("nav", attrs={"aria-label": nav_label})
    return {a.get_text(strip=True): (a["href"], a.get("aria-current") == "page")
            for a in nav.find_all("a")}


def _shown_view(page) -> tuple[str, str]:
    """(the calendar's year, the strength chart's range) as the page shows them."""
    return tuple(next(text for text, (_href, current) in _links(page, nav).items() if current)
                 for nav in ("Year", "Strength chart range"))


def test_a_day_saved_without_javascript_comes_back_to_the_same_view(client, reader):
    page = _soup(client.get(f"/habits/{reader}?year=2024&strength=all"))
    back = _nexts(page)["day-form"]
    assert _query(back) == VIEW
    response = client.post(f"/habits/{reader}/day", data={
        "form": "day", "day": "2024-06-03", "state": "done", "next": back})
    assert response.status_code == 303
    assert urlsplit(response.location).path == f"/habits/{reader}"
    assert _query(response.location) == VIEW
    assert urlsplit(response.location).fragment == "log-title"  # back at the form
    assert _shown_view(_soup(client.get(response.location))) == ("2024", "All time")


def test_a_day_refused_without_javascript_keeps_the_view_in_every_link_and_form(client,
                                                                                reader):
    page = _soup(client.get(f"/habits/{reader}?year=2024&strength=all"))
    response = client.post(f"/habits/{reader}/day",
                           data={**REFUSED_DAY, "next": _nexts(page)["day-form"]})
    assert response.status_code == 422
    refused = _soup(response)
    assert "That day has not happened yet" in refused.find(id="log-day-error").get_text()
    assert _shown_view(refused) == ("2024", "All time")
    assert refused.find("caption", string="Read in 2024")  # the calendar drawn is 2024's
    nexts = _nexts(refused)
    for form in ("day-form", "habit-calendar", f"/habits/{reader}/archive"):
        assert urlsplit(nexts[form]).path == f"/habits/{reader}", form
        assert _query(nexts[form]) == VIEW, form
    assert _query(_links(refused, "Year")["2025"][0]) == {"year": ["2025"], "strength": ["all"]}
    assert _query(_links(refused, "Strength chart range")["1 year"][0]) == {
        "year": ["2024"], "strength": ["1y"]}
    (summary,) = [e["hx-get"] for e in refused.select("[hx-get]") if "/summary" in e["hx-get"]]
    assert _query(summary) == VIEW


def test_a_day_refused_with_htmx_keeps_the_view_in_the_forms_next(client, reader):
    back = f"/habits/{reader}?year=2024&strength=all"
    response = client.post(f"/habits/{reader}/day", headers=HTMX,
                           data={**REFUSED_DAY, "next": back})
    assert response.status_code == 422 and "<html" not in response.get_data(as_text=True)
    assert _nexts(_soup(response)) == {"day-form": back}


def test_from_the_refused_page_archiving_and_a_calendar_tick_come_back_to_the_view(
        client, reader):
    refused = _soup(client.post(f"/habits/{reader}/day", data={
        **REFUSED_DAY, "next": f"/habits/{reader}?year=2024&strength=all"}))
    nexts = _nexts(refused)
    tick = client.post(f"/habits/{reader}/toggle", data={
        "day": "2024-06-04", "view": "cell", "next": nexts["habit-calendar"]})
    assert tick.status_code == 303 and _query(tick.location) == VIEW
    assert urlsplit(tick.location).fragment == "cell-2024-06-04"
    archived = client.post(f"/habits/{reader}/archive",
                           data={"next": nexts[f"/habits/{reader}/archive"]})
    assert archived.status_code == 303 and _query(archived.location) == VIEW
    page = _soup(client.get(archived.location))
    restore = _nexts(page)[f"/habits/{reader}/unarchive"]
    assert _query(restore) == VIEW
    restored = client.post(f"/habits/{reader}/unarchive", data={"next": restore})
    assert restored.status_code == 303 and _query(restored.location) == VIEW


@pytest.mark.parametrize("foreign", [
    "/habits/{other}?year=2024&strength=all",  # another habit's page
    "/habits/{reader}/day?year=2024&strength=all",  # not the page itself
    "//evil.example/habits/{reader}?year=2024&strength=all",
    "https://evil.example/habits/{reader}?year=2024&strength=all",
    "/\t/evil.example/habits/{reader}?year=2024&strength=all",
])
def test_only_this_habits_own_page_lends_the_refused_page_its_view(client, reader, user,
                                                                   make_habit, foreign):
    other = make_habit(user, "Run").id
    foreign = foreign.format(other=other, reader=reader)
    for sent, shown in ((foreign, ("2026", "1 year")),
                        (f"/habits/{reader}?year=2024&strength=all", ("2024", "All time"))):
        refused = _soup(client.post(f"/habits/{reader}/day",
                                    data={**REFUSED_DAY, "next": sent}))
        assert _shown_view(refused) == shown, sent
        for form, back in _nexts(refused).items():
            assert urlsplit(back).path == f"/habits/{reader}", (sent, form)
            assert "evil" not in back and f"/habits/{other}" not in back


def test_a_year_link_opens_the_page_at_the_calendar_not_at_its_top(client, reader):
    """Without JavaScript a year is a new page: it lands where the year was picked."""
    for url, anchor in ((f"/habits/{reader}?strength=all", "habit-calendar-title"),
                        ("/calendar", "calendar-year")):
        page = _soup(client.get(url))
        assert page.find(id=anchor), url
        links = page.find("nav", attrs={"aria-label": "Year"}).find_all("a")
        assert len(links) == 4  # 2023 to 2026
        for link in links:
            assert urlsplit(link["href"]).fragment == anchor, link["href"]
            # htmx's own request (the Calendar page swaps the year in place) asks no anchor.
            assert "#" not in link.get("hx-get", "")
