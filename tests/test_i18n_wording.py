"""Words that depend on the language beyond the catalogue's sentences: plurals by the right
count, French spacing around its punctuation, colour names, the weekdays in the user's
week."""

from __future__ import annotations

import html as html_module
import re
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.i18n import TRANSLATIONS
from habitory.stats.phrases import N_

from .conftest import TODAY

NNBSP = "\u202f"  # French puts a narrow no-break space before : ; ! ? and inside « »


def _speak(user, language: str, week_start: str | None = None) -> None:
    user.language, user.week_start = language, week_start
    db.session.commit()


def _visible(html: str) -> str:
    """The text a reader meets: between tags, and in the labels screen readers read."""
    html = re.sub(r'<select[^>]*id="timezone".*?</select>', " ", html, flags=re.S)
    html = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", html, flags=re.S)
    said = re.findall(r'(?:aria-label|title)="([^"]*)"', html)
    body = re.sub(r"<[^>]+>", "", html)
    return html_module.unescape("\n".join([body, *said]))


def _progress_line(html: str) -> str:
    line = re.search(r'<div id="day-progress".*?<p[^>]*>(.*?)</p>', html, re.S).group(1)
    return html_module.unescape(re.sub(r"<[^>]+>", "", line))


def _bar_label(html: str) -> str:
    return html_module.unescape(re.search(r'<progress class="bar"[^>]*aria-label="([^"]*)"',
                                          html).group(1))


@pytest.mark.parametrize(("language", "one", "two"), [
    ("fr", "1 sur 1 faite", "2 sur 2 faites"),
    ("es", "1 de 1 hecho", "2 de 2 hechos"),
    ("pt_BR", "1 de 1 feito", "2 de 2 feitos"),
    ("en", "1 of 1 done", "2 of 2 done"),
])
def test_todays_count_agrees_with_the_habits_done(client, user, make_habit, language, one,
                                                   two):
    _speak(user, language)
    make_habit(user, "Lire", TODAY - timedelta(days=3), [TODAY])
    assert _progress_line(client.get("/").get_data(as_text=True)).split(" · ")[0] == one
    make_habit(user, "Courir", TODAY - timedelta(days=3), [TODAY])
    assert _progress_line(client.get("/").get_data(as_text=True)).split(" · ")[0] == two


def test_todays_bar_label_agrees_with_the_habits_done_in_french(client, user, make_habit):
    _speak(user, "fr")
    make_habit(user, "Lire", TODAY - timedelta(days=3), [TODAY])
    make_habit(user, "Courir", TODAY - timedelta(days=3))
    make_habit(user, "Nager", TODAY - timedelta(days=3))
    assert _bar_label(client.get("/").get_data(as_text=True)) == (
        "1 habitude sur 3 faite aujourd’hui")


def test_the_calendar_says_habit_for_one_habit(client, user, make_habit):
    make_habit(user, "Read", TODAY - timedelta(days=3), [TODAY, TODAY - timedelta(days=1)])
    make_habit(user, "Walk", TODAY - timedelta(days=3), [TODAY])
    html = client.get("/calendar").get_data(as_text=True)
    assert "Wed 25 Nov 2026: 2 habits done out of 2" in html
    assert "Tue 24 Nov 2026: 1 habit done out of 2" in html
    assert "Sun 22 Nov 2026: 0 habits done out of 2" in html
    _speak(user, "fr")
    french = html_module.unescape(client.get("/calendar").get_data(as_text=True))
    assert f"mar. 24 nov. 2026{NNBSP}: 1 habitude faite sur 2" in french


def _french_catalogue():
    with Path(TRANSLATIONS / "fr/LC_MESSAGES/messages.po").open("rb") as f:
        return read_po(f)


# What French writes without a space before its colon: times, URLs, HTTP headers, JSON.
TECHNICAL = re.compile(r'\d:\d|https?://|Content-Type:|Authorization:|"format":')


def test_french_translations_space_their_punctuation_narrowly():
    """A narrow no-break space before : ; ! ? » and after «: never a plain or no-break space,
    and never none ("Lire:", "«Lire»")."""
    wrong = []
    for message in _french_catalogue():
        if not message.id:
            continue
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            if re.search(r"[ \u00a0][:;!?»]|«[ \u00a0]", text):
                wrong.append(text)
            if re.search(r"[^\s\u202f][:;!?»]|«[^\s\u202f]", TECHNICAL.sub(" ", text)):
                wrong.append(text)
    assert wrong == []


# A colon right after a word: English spacing in a French page (times, URLs and code aside).
BARE = re.compile(r"[^\s/][ \u00a0]?[:;!?](?=\s|$)")


def _bare_punctuation(text: str) -> list[str]:
    found = []
    for match in BARE.finditer(text):
        around = text[max(0, match.start() - 30):match.end() + 20]
        if not re.search(r"https?:|Authorization|Content-Type|Bearer", around):
            found.append(around)
    return found


def test_french_pages_space_colons_written_in_templates(client, user, make_habit):
    start = TODAY - timedelta(days=120)
    habit = make_habit(user, "Lire", start, [start + timedelta(days=i) for i in range(0, 120, 2)])
    insert_new(user.id, [NewNotification(kind="missed", category="alerts",
                                         title=N_("Missed yesterday: %(name)s", name="Lire"),
                                         body="Corps", dedup_key="k:1")])
    _speak(user, "fr")
    for page in ("/", f"/habits/{habit.id}", "/settings", "/notifications", "/calendar",
                 "/insights?period=all"):
        text = _visible(client.get(page).get_data(as_text=True))
        assert _bare_punctuation(text) == [], page


COLOURS = {"de": ("Rot", "Grün", "Blau", "Grau"), "fr": ("Rouge", "Vert", "Bleu", "Gris"),
           "es": ("Rojo", "Verde", "Azul", "Gris"), "pt_BR": ("Vermelho", "Verde", "Azul",
                                                              "Cinza")}


@pytest.mark.parametrize("language", COLOURS)
def test_colour_names_are_in_the_readers_language(client, user, language):
    _speak(user, language)
    html = client.get("/habits/new").get_data(as_text=True)
    for word in COLOURS[language]:
        assert f'title="{word}"' in html
    for english in ("Red", "Green", "Blue", "Grey", "Teal", "Slate"):
        assert f'title="{english}"' not in html


def _weekday_boxes(html: str) -> list[str]:
    group = html.split('aria-labelledby="days-label"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'name="days"[^>]*value="(\d)"|value="(\d)"[^>]*name="days"', group)


def _days(html: str) -> list[str]:
    return [a or b for a, b in _weekday_boxes(html)]


@pytest.mark.parametrize(("language", "week_start", "first"), [
    ("en", None, "0"), ("en", "sunday", "6"), ("en", "saturday", "5"), ("pt_BR", None, "6"),
    ("de", None, "0"),
])
def test_the_weekday_boxes_start_on_the_users_first_day(client, user, make_habit, language,
                                                        week_start, first):
    _speak(user, language, week_start)
    days = _days(client.get("/habits/new").get_data(as_text=True))
    assert days[0] == first and sorted(days) == list("0123456")
    habit = make_habit(user, "Gym", weekdays=0b1010101)
    edit = _days(client.get(f"/habits/{habit.id}/edit").get_data(as_text=True))
    assert edit == days
