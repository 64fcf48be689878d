"""A change made on a habit's page through htmx (a calendar tick) leaves every section drawn
from its check-ins current: the tick's small answer announces the change (HX-Trigger), the
page listens and fetches /habits/<id>/summary, whose sections, swapped out of band, are those
a reload would draw."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from habitory.extensions import db

from .conftest import HTMX, TODAY

EVENT = "habitory:habit-changed"
SECTIONS = ("habit-numbers", "habit-insights", "habit-best", "habit-history")
YESTERDAY = TODAY - timedelta(days=1)


def section(html: str, section_id: str) -> str:
    """The element with that id as a reload draws it (without the out-of-band mark)."""
    found = re.search(rf'<(section|div) id="{section_id}".*?</\1>', html, re.S)
    assert found, section_id
    return found.group(0).replace(' hx-swap-oob="true"', "")


def key_number(html: str, label: str) -> str:
    return re.search(rf'{label}</p>\s*<p[^>]*>\s*([\d,]+)', html).group(1)


def tick(client, habit_id: int, day=YESTERDAY):
    return client.post(f"/habits/{habit_id}/toggle", headers=HTMX,
                       data={"day": day.isoformat(), "view": "cell"})


@pytest.fixture
def gym(user, make_habit):
    """A daily habit of three weeks, done four days in a row up to the day before yesterday."""
    habit = make_habit(user, "Gym", created=TODAY - timedelta(days=21),
                       done=[TODAY - timedelta(days=n) for n in (2, 3, 4, 5)])
    db.session.expunge_all()
    return habit.id


def test_the_page_listens_for_the_event_a_tick_answers_with(client, gym):
    page = client.get(f"/habits/{gym}").get_data(as_text=True)
    listener = re.search(r'<div hidden hx-get="([^"]+)" hx-trigger="([^"]+)"[^>]*>', page)
    assert listener and listener.group(1) == f"/habits/{gym}/summary"
    assert listener.group(2) == f"{EVENT} from:body"
    response = tick(client, gym)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == EVENT
    # Still the cell and the streak, not the sections: the tick stays as small as it was.
    assert len(response.get_data()) < 1_000
    assert "Best streaks" not in response.get_data(as_text=True)


def test_after_a_tick_the_summary_is_what_a_reload_draws(client, gym):
    before = client.get(f"/habits/{gym}").get_data(as_text=True)
    assert key_number(before, "Days done") == "4" and key_number(before, "Best streak") == "4"
    tick(client, gym)
    response = client.get(f"/habits/{gym}/summary", headers=HTMX)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and 'id="habit-calendar"' not in fragment
    assert fragment.count('hx-swap-oob="true"') == len(SECTIONS)  # the streak rides inside
    # Yesterday joins the four days before it: the user sees 5, and yesterday on top of the
    # history and the best streaks.
    assert key_number(fragment, "Days done") == "5" and key_number(fragment, "Best streak") == "5"
    history = section(fragment, "habit-history")
    assert history.index("Tue 24 Nov 2026") < history.index("Mon 23 Nov 2026")
    assert "Fri 20 Nov 2026 – Tue 24 Nov 2026" in section(fragment, "habit-best")
    reloaded = client.get(f"/habits/{gym}").get_data(as_text=True)
    # Save its chart: a page comes with the chart's table open and its canvas hidden until
    # charts.js draws it, the refresh (for htmx, so JavaScript runs) drawn as charts.js leaves
    # it, or the page would jump while the table shows.
    drawn = reloaded.replace("data-chart-canvas hidden>", "data-chart-canvas>").replace(
        '<details class="mt-2 text-sm" open data-chart-table>',
        '<details class="mt-2 text-sm" data-chart-table>')
    assert drawn != reloaded
    for section_id in SECTIONS:
        assert section(fragment, section_id) == section(drawn, section_id), section_id
        assert section(before, section_id) != section(reloaded, section_id), section_id


def test_the_summary_reads_a_bounded_number_of_statements(client, user, make_habit,
                                                          count_queries):
    """Years of check-ins cost no more statements than a few days (one history read)."""
    counts = []
    for name, days in (("Short", 3), ("Long", 900)):
        habit = make_habit(user, name, created=TODAY - timedelta(days=days),
                           done=[TODAY - timedelta(days=n) for n in range(1, days, 2)])
        hid = habit.id
        db.session.expunge_all()
        with count_queries() as statements:
            response = client.get(f"/habits/{hid}/summary", headers=HTMX)
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 6, counts


def test_the_summary_is_its_owners_only(client, auth, gym):
    assert client.get(f"/habits/{gym}/summary", headers=HTMX).status_code == 200
    auth.logout()
    auth.register(email="intruder@example.com")
    for headers in (HTMX, {}):
        response = client.get(f"/habits/{gym}/summary", headers=headers)
        assert response.status_code == 404
        assert "Gym" not in response.get_data(as_text=True)


def test_without_javascript_a_tick_redirects_and_the_summary_url_is_the_page(client, gym):
    response = client.post(f"/habits/{gym}/toggle", data={
        "day": YESTERDAY.isoformat(), "view": "cell", "next": f"/habits/{gym}"})
    assert response.status_code == 303 and "HX-Trigger" not in response.headers
    page = client.get(f"/habits/{gym}").get_data(as_text=True)
    assert key_number(page, "Days done") == "5"  # the reload draws it current, as before
    response = client.get(f"/habits/{gym}/summary")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/habits/{gym}")


def test_a_day_edited_through_htmx_announces_the_change_too(client, user, make_habit):
    habit = make_habit(user, "Water", kind="measurable", target=8, unit="glasses")
    response = client.post(f"/habits/{habit.id}/day", headers=HTMX,
                           data={"day": YESTERDAY.isoformat(), "amount": "8"})
    assert response.status_code == 200 and response.headers["HX-Trigger"] == EVENT
