"""Sentences a native reader of German or French met in the notifications and found wrong:
grammar that the English structure forced on the translation, the dot of an abbreviated day
doubled by the sentence's own, and a term that was not the one the pages use."""

from __future__ import annotations

import re
from datetime import date

import pytest
from babel.messages.pofile import read_po
from babel.numbers import format_percent

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.i18n import TRANSLATIONS, in_language
from habitory.rules.alerts import counted
from habitory.rules.core import short_day
from habitory.stats.phrases import N_, Msg


class _View:
    def __init__(self, kind: str) -> None:
        self.kind = kind


def _in(language: str, message, app) -> str:
    with app.test_request_context():
        return in_language(message, language)


@pytest.mark.parametrize("kind", ["yes_no", "measurable", "quit"])
def test_the_last_thirty_days_do_not_call_the_reader_done(app, kind):
    """German "warst du erledigt" says "you were exhausted"; French "vous étiez fait" is no
    French at all: the habit is what was done, not the reader."""
    said = counted(_View(kind), 15, 30)
    sentences = [
        N_("Over the last 30 days you were %(counted)s.", counted=said),
        N_("Over the last 30 days you were %(counted)s, down from %(previous)s in the 30 days "
           "before.", counted=said, previous="76%"),
        N_("Over the last 30 days you were %(counted)s, below your %(goal)s goal.",
           counted=said, goal="50%"),
    ]
    for sentence in sentences:
        german, french = _in("de", sentence, app), _in("fr", sentence, app)
        assert "warst du" not in german and "15 von 30" in german, german
        assert "vous étiez" not in french and "15 sur 30 jours" in french, french


def test_a_sentence_ending_on_an_abbreviated_day_has_one_full_stop(app):
    """"seit Fr., 23. Okt.." and "depuis le ven. 23 oct..": CLDR's abbreviation already ends
    the sentence."""
    day = short_day(date(2026, 10, 23))
    sentence = N_("%(name)s: %(length)s days in a row, unbroken since %(since)s.", name="Run",
                  length=10, since=day)
    for language in ("de", "fr"):
        text = _in(language, sentence, app)
        assert ".." not in text and text.endswith("."), text
    ellipsis = N_("%(name)s: %(length)s days in a row, unbroken since %(since)s.", name="Run...",
                  length=10, since=day)
    assert "Run..." in _in("de", ellipsis, app)  # a name's own dots are the user's


def test_french_titles_and_suggestions_agree_with_the_habit(app):
    """A French headline in the present needs no agreement with a name of either gender
    ("Journal est tombée"), and one sentence keeps one gender for the habit it speaks of."""
    assert _in("fr", N_("%(name)s dropped to %(rate)s", name="Journal", rate="50 %"),
               app) == "Journal tombe à 50 %"
    plan = _in("fr", N_("Over the last %(weeks)s weeks %(name)s happened on %(weak)s, but you "
                        "did it unplanned on %(added)s. Plan it for the days that work: "
                        "%(plan)s?", weeks=4, name="Gym", weak="x", added="y", plan="z"), app)
    assert "l’avez faite sans la prévoir" in plan, plan


def test_german_calls_strength_stärke_in_every_sentence(app):
    """The pages say "Stärke"; a prediction's reason and a milestone said "Wertung" or "hat
    über 80 % Stärke" (only Loop's own score keeps Loop's German name, "Wertung")."""
    reason = _in("de", N_("habit strength %(rate)s", rate="80 %"), app)
    title = _in("de", N_("%(name)s is over %(threshold)s strong", name="Read",
                         threshold="80 %"), app)
    assert "Stärke" in reason and "Wertung" not in reason, reason
    assert title == "Stärke von Read über 80 %", title


@pytest.mark.parametrize("language", ["de", "fr", "es", "pt_BR"])
def test_every_percent_sign_in_a_sentence_is_spaced_as_cldr_spaces_it(language):
    """A Spanish page said "Fuerza 67 %" in its stat block (CLDR) and "(54%)" in the sentence
    under it (the catalogue): every "%" after a number or a placeholder follows CLDR's
    spacing, a no-break space where it has one (which also keeps the sign on its line)."""
    spacing = {format_percent(0.5, locale=language)[len("50"):-1]}
    if language == "fr":  # French typography takes a narrow no-break space as well
        spacing.add("\u202f")
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale=language)
    wrong = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            for found in re.finditer(r"(?:\d|%\([a-z_]+\)[sd])(\s*)%%", text or ""):
                if found.group(1) not in spacing:
                    wrong.append(text)
    assert not wrong, wrong


def test_a_card_stored_with_a_sentence_since_reworded_still_reads_translated(client, user):
    """A milestone card stored before its sentence got a real plural ("(%(checks)s check-ins)"
    became "(1 check-in)" / "(%(num)s check-ins)") kept its old msgid, which the catalogue no
    longer has: a German reader got the whole body in English."""
    old = Msg("%(name)s: %(length)s days in a row, unbroken since %(since)s (%(checks)s "
              "check-ins).", params={"name": "Lesen", "length": 10, "checks": 4,
                                     "since": short_day(date(2026, 11, 13))})
    insert_new(user.id, [NewNotification(kind="milestone", category="milestones",
                                          dedup_key="k:old", title=N_("Habit"), body=old)])
    db.session.commit()
    user.language = "de"
    db.session.commit()
    page = client.get("/notifications").get_data(as_text=True)
    assert "Lesen: 10 Tage in Folge, ununterbrochen seit Fr., 13. Nov. (4 Häkchen)." in page
    assert "days in a row" not in page


def test_the_unreachable_server_message_comes_with_the_page_in_its_language(client, user):
    """static/js/app.js says it when a request cannot reach the server: it reads the words
    from the page, which is in the reader's language."""
    english = client.get("/").get_data(as_text=True)
    assert 'data-unreachable="Could not reach the server. Check your connection and try ' \
        'again."' in english
    client.post("/settings/language", data={"language": "de", "week_start": ""})
    german = client.get("/").get_data(as_text=True)
    assert 'data-unreachable="Der Server ist nicht erreichbar.' in german
