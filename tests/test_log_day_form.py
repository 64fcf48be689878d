"""The habit page's "Log a day" form refused: the habit page again (422) without JavaScript,
the form alone with htmx, each message at its field, the focus on the first, what was typed
kept and nothing saved; an emptied day is refused instead of read as today.

Found by an outside tester (2026-12-07).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit

from .conftest import HTMX, TODAY
from .test_core_probe_forms import _soup

FULL = {"form": "full", "kind": "yes_no", "schedule": "daily", "colour": "teal"}
RUN = {**FULL, "name": "Run", "kind": "measurable", "target": "5", "unit": "km",
       "direction": "at_least"}
# What the form sends, as a user fills it in on the habit page.
TYPED = {"form": "day", "day": "2026-11-20", "state": "done", "amount": "7",
         "note": "legs tired <but> fine"}


@pytest.fixture
def run(client, user) -> Habit:
    client.post("/habits", data=RUN)
    return db.session.scalar(sa.select(Habit).where(Habit.name == "Run"))


def _days(habit: Habit) -> list:
    db.session.expire_all()
    return db.session.scalars(sa.select(CheckIn.day).where(CheckIn.habit_id == habit.id)).all()


def _assert_refused_at(form, field: str, message: str, typed: dict) -> None:
    """The field in error says so and points at its message; the focus goes to it; the
    other fields hold what was typed."""
    element = form.find(id=f"log-{field}")
    assert element.get("aria-invalid") == "true"
    assert field in [e.get("id").removeprefix("log-") for e in form.select("[autofocus]")]
    described = element["aria-describedby"].split()
    assert f"log-{field}-error" in described
    assert message in form.find(id=f"log-{field}-error").get_text()
    assert form.find(id="log-day")["value"] == typed["day"]
    assert form.find(id="log-amount")["value"] == typed["amount"]
    assert form.find(id="log-note").get_text() == typed["note"]
    chosen = [o.get("value") for o in form.find(id="log-state").find_all("option")
              if o.has_attr("selected")]
    assert chosen == [typed["state"]]


REFUSED = [
    pytest.param({"day": "2027-01-01"}, "day", "That day has not happened yet", id="future"),
    pytest.param({"day": "2026-11-31"}, "day", "“2026-11-31” is not a date", id="no-such-day"),
    pytest.param({"day": "yesterday"}, "day", "is not a date", id="not-a-date"),
    pytest.param({"day": ""}, "day", "Choose a day.", id="empty-day"),
    pytest.param({"amount": "lots"}, "amount", "“lots” is not a number", id="bad-amount"),
    pytest.param({"amount": "-3"}, "amount", "between 0 and 1,000,000", id="negative-amount"),
]


@pytest.mark.parametrize(("change", "field", "message"), REFUSED)
def test_without_javascript_a_refused_day_redraws_the_habit_page_at_the_field(
        client, run, change, field, message):
    typed = {**TYPED, **change}
    response = client.post(f"/habits/{run.id}/day", data=typed)
    assert response.status_code == 422
    page = _soup(response)
    assert page.find("h1").get_text(strip=True) == "Run"  # the habit's page, not an error page
    assert page.find(id="log-title")  # with its "Log a day" form
    _assert_refused_at(page.find("form", id="day-form"), field, message, typed)
    assert len(page.find("main").select("[autofocus]")) == 1
    assert _days(run) == []


@pytest.mark.parametrize(("change", "field", "message"), REFUSED)
def test_with_htmx_a_refused_day_answers_with_the_form_to_swap_in(client, run, change, field,
                                                                    message):
    typed = {**TYPED, **change}
    response = client.post(f"/habits/{run.id}/day", data=typed, headers=HTMX)
    assert response.status_code == 422
    assert "<html" not in response.get_data(as_text=True)
    # The form replaces itself whatever element sent it, not a banner at the top of the page.
    assert response.headers["HX-Retarget"] == "#day-form"
    assert response.headers["HX-Reswap"] == "outerHTML"
    roots = [e for e in _soup(response).children if not isinstance(e, str)]
    assert [(e.tag, e.get("id")) for e in roots] == [("form", "day-form")]
    _assert_refused_at(roots[0], field, message, typed)
    assert _days(run) == []


def test_every_field_in_error_is_marked_at_once(client, run):
    """A wrong day and a wrong amount: both said, the focus on the first."""
    typed = {**TYPED, "day": "2027-01-01", "amount": "lots"}
    page = _soup(client.post(f"/habits/{run.id}/day", data=typed))
    form = page.find("form", id="day-form")
    assert form.find(id="log-day").get("aria-invalid") == "true"
    assert form.find(id="log-amount").get("aria-invalid") == "true"
    assert "is not a number" in form.find(id="log-amount-error").get_text()
    assert [e.get("id") for e in page.find("main").select("[autofocus]")] == ["log-day"]
    assert _days(run) == []


def test_an_emptied_day_is_not_saved_as_today(client, user):
    """Clearing the day and pressing Save used to tick today off as done."""
    client.post("/habits", data={**FULL, "name": "Read"})
    read = db.session.scalar(sa.select(Habit).where(Habit.name == "Read"))
    for headers in ({}, HTMX):
        response = client.post(f"/habits/{read.id}/day", headers=headers, data={
            "form": "day", "day": " ", "state": "done", "note": "chapter 3"})
        assert response.status_code == 422
        assert "Choose a day." in response.get_data(as_text=True)
    assert _days(read) == []


def test_a_day_left_out_is_still_today(client, run):
    """Not an emptied field: a request without a day at all (scripts, the shorthand the
    other tests use) keeps meaning today."""
    response = client.post(f"/habits/{run.id}/day", data={"amount": "3"})
    assert response.status_code == 303
    assert _days(run) == [TODAY]


def test_a_valid_day_saves_and_returns_to_the_form(client, run):
    page = f"/habits/{run.id}"
    response = client.post(f"/habits/{run.id}/day", data={**TYPED, "next": page})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{page}#log-title"
    assert _days(run) == [TODAY.replace(day=20)]
