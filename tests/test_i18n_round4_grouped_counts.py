"""Counts that pass 999 are grouped the reader's way ("1,826", "1.826", "1 826" in French):
Today's "1,000 of 1,200 done" and its bar label, a five-year streak on Today and on the habit
page, and the coach's "has held for 1,826 days in a row", in the card as it is stored."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

import pytest
from flask import render_template

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.i18n import in_language, translate
from habitory.rules.findings import evaluate
from habitory.stats.phrases import Msg
from habitory.stats.schedule import Entry, HabitHistory

from .conftest import TODAY

N = "\u202f"  # French groups digits with a narrow no-break space


def _speak(user, language: str) -> None:
    user.language = language
    db.session.commit()


@pytest.mark.parametrize(("language", "line", "label"), [
    ("en", "1,000 of 1,200 done", "1,000 of 1,200 habits done today"),
    ("de", "1.000 von 1.200 erledigt", "1.000 von 1.200 Gewohnheiten heute erledigt"),
    ("fr", f"1{N}000 sur 1{N}200 faites", f"1{N}000 habitudes sur 1{N}200 faites aujourd’hui"),
])
def test_todays_line_and_bar_label_group_a_thousand_habits(app, language, line, label):
    with app.test_request_context(headers={"Accept-Language": language}):
        text = render_template("partials/progress.html", done=1000, due=1200)
    said = re.search(r'<p class="num[^"]*">(.*?)</p>', text, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", said) == line
    assert html.unescape(re.search(r'aria-label="([^"]*)"', text).group(1)) == label


def test_the_words_for_other_counts_keep_the_grouped_number_of_habits(app):
    """offline_progress.js takes the label for another count from data-count-forms."""
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        text = render_template("partials/progress.html", done=1, due=1200)
    forms = json.loads(html.unescape(re.search(r'data-count-forms="([^"]*)"', text).group(1)))
    assert forms["one"][1] == f"0 habitude sur 1{N}200 faite aujourd’hui"
    assert forms["other"][1] == f"2 habitudes sur 1{N}200 faites aujourd’hui"


@pytest.fixture
def five_years(user, make_habit):
    start = TODAY - timedelta(days=1825)
    return make_habit(user, "Read", created=start,
                      done=[start + timedelta(days=i) for i in range(1826)])


@pytest.mark.parametrize(("language", "number", "days"), [
    ("en", "1,826", "days"), ("de", "1.826", "Tage"), ("fr", f"1{N}826", "jours"),
])
def test_a_five_year_streak_is_grouped_on_today_and_the_habit_page(client, user, five_years,
                                                                   language, number, days):
    _speak(user, language)
    today = client.get("/").get_data(as_text=True)
    streak = re.search(rf'<span id="streak-{five_years.id}"[^>]*>([^<]*)</span>', today, re.S)
    assert streak.group(1).strip() == number

    page = html.unescape(client.get(f"/habits/{five_years.id}").get_data(as_text=True))
    current = re.search(rf'<p id="habit-streak-{five_years.id}"[^>]*>(.*?)</p>', page, re.S)
    said = re.sub(r"[ \n]+", " ", re.sub(r"<[^>]+>", "", current.group(1))).strip()
    assert said == f"{number} {days}"
    best = re.search(r'<p class="num mt-1 text-2xl font-semibold">([^ <]+) <span[^>]*>(\w+)</span>',
                     page)
    assert best.groups() == (number, days)  # the best streak, beside the current one
    (listed,) = re.findall(r"<strong>([^<]*)</strong></li>", page)  # "Best streaks"
    assert listed == f"{number} {days}"


def _welcome():
    """The coach's invitation to a second habit, after five years of one."""
    start = TODAY - timedelta(days=1826)
    history = HabitHistory(start, {start + timedelta(days=i): Entry("done") for i in range(1826)})
    (found,) = [f for f in evaluate({1: history}, {1: "Lesen"}, TODAY) if f.kind == "welcome"]
    return found


@pytest.mark.parametrize(("language", "said"), [
    ("en", "Lesen has held for 1,826 days in a row"),
    ("de", "Lesen hält seit 1.826 Tagen in Folge"),
    ("fr", f"Lesen tient depuis 1{N}826 jours d’affilée"),
])
def test_the_coachs_streak_is_grouped_now_and_once_stored(app, language, said):
    found = _welcome()
    stored = Msg.from_json(found.body.to_json())  # a notification keeps its words as JSON
    with app.test_request_context():
        assert in_language(found.body, language).startswith(said)
        assert in_language(stored, language).startswith(said)
    with app.test_request_context(headers={"Accept-Language": language}):
        assert translate(stored).startswith(said)


def test_the_coachs_card_says_the_streak_the_readers_way(client, user):
    found = _welcome()
    insert_new(user.id, [NewNotification(kind=found.kind, category=found.category,
                                         title=found.title, body=found.body,
                                         dedup_key=found.key, severity=found.severity)])
    db.session.commit()
    for language, said in (("de", "Lesen hält seit 1.826 Tagen in Folge"),
                           ("fr", f"Lesen tient depuis 1{N}826 jours d’affilée"),
                           ("en", "Lesen has held for 1,826 days in a row")):
        _speak(user, language)
        page = html.unescape(client.get("/notifications").get_data(as_text=True))
        assert said in page, language



@pytest.mark.parametrize(("language", "said"), [
    ("en", "its current streak 1,399 becomes 1,400."),
    ("de", "die aktuelle Serie 1.399 wird zu 1.400."),
    ("fr", f"sa série en cours 1{N}399 devient 1{N}400."),
])
def test_the_loop_exports_notice_groups_the_streak_it_changes(client, user, make_habit,
                                                             language, said):
    """Years of Monday-Wednesday-Friday, read by Loop as 3 times a week."""
    days = [TODAY - timedelta(days=n) for n in range(1400)
            if (TODAY - timedelta(days=n)).weekday() in (0, 2, 4)]
    make_habit(user, "Gym", created=TODAY - timedelta(days=1400), done=days, weekdays=0b10101)
    _speak(user, language)
    page = html.unescape(client.get("/settings/export/loop").get_data(as_text=True))
    assert said in page


@pytest.mark.parametrize(("language", "streak", "clean"), [
    ("en", "1,826-day streak", "clean for 1,826 days"),
    ("de", "Serie von 1.826 Tagen", "seit 1.826 Tagen sauber"),
    ("fr", "série de 1\u202f826 jours", "sans écart depuis 1\u202f826 jours"),
])
def test_a_screen_reader_hears_a_long_streak_grouped(app, language, streak, clean):
    from habitory.habits.rows import _streak_words

    with app.test_request_context(headers={"Accept-Language": language}):
        assert _streak_words(language, False, 1826) == streak
        assert _streak_words(language, True, 1826) == clean
