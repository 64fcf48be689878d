"""Numbers as people type them, in their language: "10,000" is ten thousand on an English page
and ten on a German one, and an amount shown in an input is saved back unchanged."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from habitory.domain.numbers import parse_number, plain
from habitory.extensions import db
from habitory.models import CheckIn, Habit

from .conftest import HTMX, TODAY

EN, DE, FR = (".", ","), (",", "."), (",", "\u202f")
FULL = {"form": "full", "schedule": "daily", "colour": "teal"}


@pytest.mark.parametrize(("text", "symbols", "value"), [
    ("10,000", EN, 10000), ("10,5", EN, 10.5), ("1,000.5", EN, 1000.5), ("1.000", EN, 1.0),
    ("1.000,5", DE, 1000.5), ("12.345", DE, 12345), ("1.5", DE, 1.5), ("1,000", DE, 1.0),
    ("0.500", DE, 0.5), ("12 345,5", DE, 12345.5), ("12\u202f345", FR, 12345),
    ("1.000.000", EN, 1e6), (",5", DE, 0.5), ("-2", EN, -2),
])
def test_a_number_is_read_with_the_readers_symbols(text, symbols, value):
    assert parse_number(text, *symbols) == value


@pytest.mark.parametrize("text", ["", "abc", "inf", "nan", "1e5", "0x10", "1,2,3", "1,23,456",
                                  "5e-324", "1..2", "--1", "1 5", "12 34", "1'5",
                                  "0 500", "1 0000"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(("value", "decimal", "text"), [
    (12345.5, ",", "12345,5"), (1e6, ".", "1000000"), (123456.7, ".", "123456.7"),
    (0.1 + 0.2, ".", "0.3"), (-0.0, ".", "0"), (8, ".", "8")])
def test_an_input_shows_every_digit_without_exponent_or_grouping(value, decimal, text):
    assert plain(value, decimal) == text


def _measurable(client, target="8"):
    response = client.post("/habits", data={**FULL, "name": "Steps", "kind": "measurable",
                                            "target": target, "direction": "at_least",
                                            "unit": "steps"})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return db.session.scalar(sa.select(Habit).where(Habit.name == "Steps"))


def _amount(habit_id):
    db.session.expire_all()
    return db.session.scalar(sa.select(CheckIn.amount).where(
        CheckIn.habit_id == habit_id, CheckIn.day == TODAY))


def _speak(client, language):
    assert client.post("/settings/language", data={"language": language,
                                                   "week_start": ""}).status_code == 303


def test_an_english_thousands_separator_is_not_a_decimal_point(client, user):
    habit = _measurable(client, target="10,000")
    assert habit.target == 10000
    client.post(f"/habits/{habit.id}/day", data={"day": TODAY.isoformat(), "amount": "10,500"},
                headers=HTMX)
    assert _amount(habit.id) == 10500  # was 10.5: not done, silently


@pytest.mark.parametrize("language", ["de", "fr", "es", "pt_BR", "en"])
def test_saving_the_shown_amount_unchanged_keeps_it(client, user, language):
    habit = _measurable(client, target="20000")
    _speak(client, language)
    client.post(f"/habits/{habit.id}/day", data={"day": TODAY.isoformat(), "amount":
                                                 "12345" if language != "en" else "123456.7"},
                headers=HTMX)
    stored = _amount(habit.id)
    html = client.get("/").get_data(as_text=True)
    shown = re.search(rf'id="amount-{habit.id}"[^>]*value="([^"]*)"', html).group(1)
    client.post(f"/habits/{habit.id}/day", data={"day": TODAY.isoformat(), "amount": shown},
                headers=HTMX)
    assert _amount(habit.id) == stored, (shown, stored)  # German showed "12.345" and saved 12.345


def test_a_german_decimal_comma_is_read_and_a_large_number_never_shown_as_an_exponent(
        client, user):
    habit = _measurable(client, target="1000000")
    page = client.get(f"/habits/{habit.id}/edit").get_data(as_text=True)
    assert 'value="1000000"' in page and "1e+06" not in client.get("/").get_data(as_text=True)
    _speak(client, "de")
    client.post(f"/habits/{habit.id}/day", data={"day": TODAY.isoformat(), "amount": "2,5"},
                headers=HTMX)
    assert _amount(habit.id) == 2.5


def test_a_target_too_small_to_show_is_refused(client, user):
    response = client.post("/habits", data={**FULL, "name": "Tiny", "kind": "measurable",
                                            "target": "5e-324", "direction": "at_least"})
    assert response.status_code == 422
    assert db.session.scalar(sa.select(Habit).where(Habit.name == "Tiny")) is None


def test_a_bad_amount_is_named_as_typed_in_the_readers_language(client, user):
    habit = _measurable(client)
    _speak(client, "de")
    response = client.post(f"/habits/{habit.id}/day", data={"day": TODAY.isoformat(),
                                                            "amount": "1.000,5x"}, headers=HTMX)
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "1.000,5x" in text and "is not a number" not in text  # German, and what was typed
