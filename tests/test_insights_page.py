"""GET /insights and the habit page's own numbers, for new, young and long-lived accounts."""

from __future__ import annotations

import dataclasses
import html as html_module
import json
import re
from datetime import date, timedelta

import sqlalchemy as sa

from habitory.domain.habits import habits_of
from habitory.domain.history import entries_for, histories, history_of
from habitory.extensions import db
from habitory.models import CheckIn
from habitory.stats.daily import EntryArrays

from .conftest import HTMX, TODAY
from .page_text import without_tokens


def chart_specs(html):
    return [json.loads(html_module.unescape(block))
            for block in re.findall(r"data-chart-spec='(.*?)'", html, re.S)]


def test_new_user_sees_what_will_appear(client, user):
    html = without_tokens(client.get("/insights").get_data(as_text=True))
    assert "Nothing to analyse yet." in html and "Add your first habit" in html
    assert "NaN" not in html and "None" not in html


def test_one_day_of_data(client, user, make_habit):
    make_habit(user, "Read", TODAY, [TODAY])
    response = client.get("/insights")
    html = without_tokens(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Needs a week of history" in html
    assert "NaN" not in html and "None" not in html


def test_numbers_on_a_hand_built_history(client, user, make_habit):
    # Done on 20 of the last 30 days (every day except each third day).
    done = [TODAY - timedelta(days=d) for d in range(30) if d % 3]
    make_habit(user, "Read", TODAY - timedelta(days=29), done)
    html = client.get("/insights?period=30").get_data(as_text=True)
    assert "20 of 30 due days" in html or "20 of 29 due days" in html
    specs = chart_specs(html)
    per_habit = specs[0]
    assert per_habit["labels"] == ["Read"] and per_habit["unit"] == "%"
    assert per_habit["datasets"][0]["data"] in ([67], [69])
    # The table fallback carries the same numbers.
    assert re.search(r"<th scope=\"row\"[^>]*>Read</th><td[^>]*>20</td>", html)


def test_archived_habits_are_left_out(client, user, make_habit):
    make_habit(user, "Read", TODAY - timedelta(days=10), [TODAY])
    make_habit(user, "Old", TODAY - timedelta(days=10), [TODAY], archived=True)
    html = without_tokens(client.get("/insights").get_data(as_text=True))
    assert ">Read</a>" in html and "Old" not in html


def test_period_selector_swaps_the_section_and_works_as_links(client, user, make_habit):
    make_habit(user, "Read", date(2025, 1, 1), [date(2026, 11, 24)])
    page = client.get("/insights").get_data(as_text=True)
    for key in ("30", "90", "365", "all"):
        assert f'href="/insights?period={key}"' in page
    fragment = client.get("/insights?period=365", headers=HTMX)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="insights-period"')
    assert 'aria-current="page">1 year' in html
    assert client.get("/insights?period=bogus").status_code == 200


def test_the_page_loads_what_entries_for_loads(client, user, make_habit):
    """domain/history.py has the database pack the check-ins; they must read back exactly."""
    start = TODAY - timedelta(days=50)
    hids = [make_habit(user, "Run", start).id,
            make_habit(user, "Water", start, kind="measurable", target=2.5, unit="l").id,
            make_habit(user, "Sugar", start, kind="quit").id,
            make_habit(user, "Nothing yet", start).id]
    # Amounts travel packed as text: each must read back to the very same float.
    amounts = [None, 0.1 + 0.2, 1 / 3, 2.4995, 1e-7, 123456.789012345, 2.5, 0.0, -7.25,
               2 / 3 * 1e-5, 999999.9999999999, 1e306, 5e-324]
    rows = [{"habit_id": hid, "day": start + timedelta(days=d),
             "state": ("done", "skipped", "not_done")[d % 3 if d % 5 else 0],
             "amount": amounts[d % len(amounts)] if i == 1 else None}
            for i, hid in enumerate(hids[:3]) for d in range(-3, 53) if d % 4]
    db.session.execute(sa.insert(CheckIn), rows)
    db.session.commit()
    habits = habits_of(user.id)
    expected = entries_for(hids)
    loaded = histories(habits)
    assert list(loaded) == [h.id for h in habits]
    for habit in habits:
        history = loaded[habit.id]
        assert history == dataclasses.replace(history_of(habit, expected.get(habit.id, {})),
                                              entries=history.entries)
        assert dict(history.entries) == expected.get(habit.id, {}), habit.name
    html = without_tokens(client.get("/insights").get_data(as_text=True))
    assert ">Water</a>" in html and "NaN" not in html


def test_the_page_reads_check_ins_as_arrays(client, user, make_habit, monkeypatch):
    """The statistics read the loaded arrays directly: no {day: Entry} dict is built."""
    make_habit(user, "Gym", TODAY - timedelta(days=400),
               [TODAY - timedelta(days=d) for d in range(400) if d % 3], freq_num=3, freq_den=7)
    make_habit(user, "Water", TODAY - timedelta(days=40), [TODAY], kind="measurable",
               target=2.0, unit="l")

    def no_dict(self):
        raise AssertionError("EntryArrays read as a mapping on the Insights page")

    monkeypatch.setattr(EntryArrays, "_entries", no_dict)
    for period in ("30", "all"):
        assert client.get(f"/insights?period={period}").status_code == 200


def test_five_years_render_with_a_fixed_number_of_queries(client, user, make_habit,
                                                          count_queries):
    start = TODAY - timedelta(days=5 * 365)
    for i in range(3):
        make_habit(user, f"Habit {i}", start,
                   [start + timedelta(days=d) for d in range(5 * 365) if (d + i) % 4])
    with count_queries() as few:
        assert client.get("/insights?period=all").status_code == 200
    for i in range(3, 8):
        make_habit(user, f"Habit {i}", start,
                   [start + timedelta(days=d) for d in range(5 * 365) if (d + i) % 3])
    with count_queries() as many:
        html = client.get("/insights?period=all").get_data(as_text=True)
    assert len(many) == len(few) <= 6
    assert "How is this computed?" in html and "÷" in html


def test_habit_page_shows_its_health_formula_and_strength_chart(client, user, make_habit):
    hid = make_habit(user, "Read", TODAY - timedelta(days=60),
                     [TODAY - timedelta(days=d) for d in range(60) if d % 2]).id
    html = client.get(f"/habits/{hid}").get_data(as_text=True)
    assert "Health score" in html and "0.5 × strength" in html
    specs = chart_specs(html)
    assert specs and specs[0]["type"] == "line" and len(specs[0]["labels"]) == 61


def test_insights_need_login(client):
    assert client.get("/insights").status_code == 302
