"""Numbers in the reader's language: percentages and numbers without float noise, and the
numbers inside a subsystem's sentences (the health formulas) with the reader's decimal mark."""

from __future__ import annotations

import html as html_module
import re
from datetime import timedelta

import pytest
from flask_babel import force_locale

from habitory import locale_formats
from habitory.extensions import db
from habitory.i18n import in_language
from habitory.stats.health import OverallPart, OverallScore
from habitory.stats.phrases import N_, Msg, join

from .conftest import TODAY

NOISE = re.compile(r"\d[.,]\d{5,}")


def _every_other_day(user, make_habit, days: int = 400):
    start = TODAY - timedelta(days=days)
    return make_habit(user, "Lesen", start, [start + timedelta(days=i)
                                             for i in range(0, days + 1, 2)])


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "pt_BR"])
def test_percentages_and_numbers_carry_no_float_noise(app, language):
    with app.test_request_context(), force_locale(language):
        for value in (88.1, 48.7, 0.1 + 0.2, 14.000000000000002):
            assert not NOISE.search(locale_formats.percent(value)), value
            assert not NOISE.search(locale_formats.number(value)), value
        # What a number keeps is kept in every language ("1.2345" is not "1,235" in German).
        assert locale_formats.number(1.2345).replace(",", ".") == "1.2345"
    with app.test_request_context(), force_locale("de"):
        assert locale_formats.percent(88.1) == "88,1\xa0%"
        assert locale_formats.number(1234.5) == "1.234,5"


def test_the_strength_table_has_no_float_noise_in_german(client, user, make_habit):
    habit = _every_other_day(user, make_habit)
    user.language = "de"
    db.session.commit()
    html = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    figure = html.split('id="chart-strength-title"', 1)[1].split("</figure>", 1)[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", figure)
    assert len(cells) >= 30  # the last 30 days, then a row a week back to its start
    assert all(re.fullmatch(r"\d{1,3}(,\d)?\xa0%", cell) for cell in cells), cells


def test_numbers_in_a_sentence_take_the_readers_decimal_mark():
    sentence = join([0.5, " × ", N_("strength"), " ", 84, " = ", 42.0])
    assert sentence == "0.5 × strength 84 = 42"
    said = N_("Loop's habit strength %(score)s", score=0.835)
    assert said == "Loop's habit strength 0.835"
    assert Msg.from_json(sentence.to_json()) == sentence
    words = {"strength": "Stärke", "Loop's habit strength %(score)s":
             "Loops Gewohnheitsstärke %(score)s"}

    def comma(value: float) -> str:
        return str(value).replace(".", ",")

    def gettext(text: str) -> str:
        return words.get(text, text)

    assert sentence.render(gettext, None, comma) == "0,5 × Stärke 84 = 42,0"
    assert said.render(gettext, None, comma) == "Loops Gewohnheitsstärke 0,835"
    # English, or a renderer that does not say how: the English way, without float noise.
    assert N_("%(x)s", x=0.1 + 0.2) == "0.3"
    assert join([0.1 + 0.2]).render(gettext, None) == "0.3"


def test_a_sentence_sent_without_a_page_writes_its_numbers_in_its_language(app):
    sentence = N_("%(weeks)s weeks averaging %(mean)s%% with a spread of %(spread)s points: "
                  "%(arithmetic)s", weeks=12, mean=85.7, spread=13.0,
                  arithmetic=join(["100 × (1 - ", 13.0, " / ", 85.7, ")"]))
    with app.app_context():
        german = in_language(sentence, "de")
    assert "85,7" in german and "100 × (1 - 13 / 85,7)" in german
    assert "85.7" not in german


def test_the_overall_formula_writes_its_weights_the_readers_way(app):
    overall = OverallScore(75, (OverallPart(1, "Lesen", 3.5, 80), OverallPart(2, "Laufen", 1.0,
                                                                              40)))
    assert overall.formula == "(3.5 × Lesen 80 + 1 × Laufen 40) ÷ 4.5 = 75"
    with app.app_context():
        assert in_language(overall.formula, "de") == "(3,5 × Lesen 80 + 1 × Laufen 40) ÷ 4,5 = 75"


def test_the_health_formulas_on_a_german_habit_page(client, user, make_habit):
    habit = _every_other_day(user, make_habit)
    user.language = "de"
    db.session.commit()
    page = _text(client.get(f"/habits/{habit.id}").get_data(as_text=True))
    formula = page.split("Wie wird das berechnet?", 1)[1].split("Stärke im Zeitverlauf", 1)[0]
    assert "0,5 × Stärke" in formula and "0,3 × Trend" in formula
    assert re.search(r"Gewohnheitswertung 0,\d+", formula)
    assert re.search(r"100 × \(1 - \d+(,\d)? / \d+(,\d)?\)", formula)
    assert not re.search(r"\d\.\d", formula), formula
    insights = _text(client.get("/insights?period=all").get_data(as_text=True))
    assert "0,5 × Stärke" in insights and not re.search(r"\d\.\d × ", insights)


def test_the_target_limit_is_grouped_the_readers_way(client, user):
    user.language = "de"
    db.session.commit()
    response = client.post("/habits", data={
        "name": "Wasser", "kind": "measurable", "unit": "ml", "target": "2000000",
        "direction": "at_least", "schedule": "daily", "colour": "teal", "form": "full"})
    page = html_module.unescape(response.get_data(as_text=True))
    assert "1.000.000" in page and "1,000,000" not in page
