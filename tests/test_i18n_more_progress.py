"""Today's bar label counts its habits with the language's plural forms: "1 of 1 habit done
today", never "1 of 1 habits"."""

from __future__ import annotations

import re

import pytest

from .conftest import TODAY


def _label(html: str) -> str:
    return re.search(r'<progress class="bar"[^>]*aria-label="([^"]*)"', html).group(1)


def _speak(client, language: str) -> None:
    client.get("/settings")
    assert client.post("/settings/language", data={"language": language,
                                                   "week_start": ""}).status_code == 303


@pytest.mark.parametrize(("language", "done", "expected"), [
    ("", True, "1 of 1 habit done today"),
    ("", False, "0 of 1 habit done today"),
    ("de", True, "1 von 1 Gewohnheit heute erledigt"),
    ("de", False, "0 von 1 Gewohnheit heute erledigt"),
    ("fr", True, "1 habitude sur 1 faite aujourd’hui"),
    ("es", True, "1 hábito de 1 hecho hoy"),
    ("pt_BR", True, "1 hábito de 1 feito hoje"),
])
def test_one_habit_due_is_one_habit(client, user, make_habit, language, done, expected):
    make_habit(user, "Read", TODAY, [TODAY] if done else [])
    if language:
        _speak(client, language)
    assert _label(client.get("/").get_data(as_text=True)) == expected


def test_more_habits_due_keep_the_plural(client, user, make_habit):
    make_habit(user, "Read", TODAY, [TODAY])
    make_habit(user, "Walk", TODAY, [])
    assert _label(client.get("/").get_data(as_text=True)) == "1 of 2 habits done today"
    _speak(client, "de")
    assert _label(client.get("/").get_data(as_text=True)) == "1 von 2 Gewohnheiten heute erledigt"
