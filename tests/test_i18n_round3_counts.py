"""Counts written the reader's way and agreeing with their number: an import's warnings say
"this habit" for one habit and "these habits" for several, in every language; a streak of
1,826 days in the Insights table, a preview of 1,200 habits and Today's bar for 1,000 habits
are grouped as the reader writes numbers ("1.826", "1 826")."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta

import pytest
from flask import render_template

from habitory.i18n import translate
from habitory.portability import Limits, read_import

from .conftest import TODAY, upload_body

NNBSP = "\u202f"
LIMITS = Limits(today=date(2026, 11, 25))


def _speak(user, language: str) -> None:
    from habitory.extensions import db

    user.language = language
    db.session.commit()


def _backup(*habits: dict) -> bytes:
    return json.dumps({"format": "habitory-backup", "schema_version": 1, "habits": [
        {"kind": "measurable", "target": 8.0, "checkins": [], **habit} for habit in habits
    ]}).encode()


def _said(app, data: bytes, language: str) -> list[str]:
    with app.test_request_context(headers={"Accept-Language": language}):
        return [translate(w) for w in read_import(data, LIMITS).warnings]


ONE = _backup({"name": "Water", "target": None, "colour": "chartreuse"})
TWO = _backup({"name": "Water", "target": None, "colour": "chartreuse"},
              {"name": "Juice", "target": 0.0, "colour": "mauve"})


@pytest.mark.parametrize(("language", "one", "two"), [
    ("en",
     ("Set the target of this habit with amounts, which the file does not give: Water.",
      "The colour of this habit is not one Habitory has, so it gets the default colour: "
      "Water."),
     ("Set the target of these habits with amounts, which the file does not give: "
      "Water, Juice.",
      "The colour of these habits is not one Habitory has, so they get the default colour: "
      "Water, Juice.")),
    ("de",
     ("Leg das Ziel dieser Gewohnheit mit Mengen fest, das die Datei nicht enthält: Water.",
      "Die Farbe dieser Gewohnheit gibt es in Habitory nicht, daher bekommt sie die "
      "Standardfarbe: Water."),
     ("Leg das Ziel dieser Gewohnheiten mit Mengen fest, das die Datei nicht enthält: "
      "Water, Juice.",
      "Die Farbe dieser Gewohnheiten gibt es in Habitory nicht, daher bekommen sie die "
      "Standardfarbe: Water, Juice.")),
    ("fr",
     (f"Réglez la cible de cette habitude à quantités, que le fichier ne donne pas{NNBSP}: "
      "Water.",
      f"La couleur de cette habitude n’existe pas dans Habitory{NNBSP}; elle prend la "
      f"couleur par défaut{NNBSP}: Water."),
     (f"Réglez la cible de ces habitudes à quantités, que le fichier ne donne pas{NNBSP}: "
      "Water, Juice.",
      f"La couleur de ces habitudes n’existe pas dans Habitory{NNBSP}; elles prennent la "
      f"couleur par défaut{NNBSP}: Water, Juice.")),
])
def test_an_imports_settled_habits_are_one_habit_or_several(app, language, one, two):
    assert _said(app, ONE, language) == list(one)
    assert _said(app, TWO, language) == list(two)


def test_a_streak_of_five_years_is_grouped_in_the_insights_table(client, user, make_habit):
    start = TODAY - timedelta(days=1825)
    make_habit(user, "Read", created=start,
               done=[start + timedelta(days=i) for i in range(1826)])
    for language, streak in (("en", "1,826"), ("de", "1.826"), ("fr", f"1{NNBSP}826")):
        _speak(user, language)
        page = client.get("/insights?period=all").get_data(as_text=True)
        (cell,) = re.findall(r'<td class="pr-3">([^<]*)<span class="text-muted" data-wide>',
                             page)
        assert cell.strip() == streak, (language, cell)


def test_a_preview_of_more_than_a_thousand_habits_groups_the_count(app, client, user):
    app.config["IMPORT_MAX_HABITS"] = 2000
    data = _backup(*({"name": f"Habit {i}", "kind": "yes_no", "target": None}
                     for i in range(1200)))
    for language, said in (("en", "1,200 habits"), ("de", "1.200 Gewohnheiten"),
                           ("fr", f"1{NNBSP}200 habitudes")):
        _speak(user, language)
        page = client.post("/settings/import", **upload_body({}, "b.json", data))
        text = html.unescape(page.get_data(as_text=True))
        assert f"<strong>{said}</strong>" in text, language


@pytest.mark.parametrize(("language", "said"), [
    ("en", "1,000 of 1,200"), ("de", "1.000 von 1.200"),
    ("fr", f"1{NNBSP}000 sur 1{NNBSP}200"),
])
def test_todays_bar_says_a_thousand_habits_the_readers_way(app, language, said):
    with app.test_request_context(headers={"Accept-Language": language}):
        text = render_template("partials/progress.html", done=1000, due=1200)
    (inside,) = re.findall(r"<progress [^>]*>([^<]*)</progress>", text)
    assert inside == said
