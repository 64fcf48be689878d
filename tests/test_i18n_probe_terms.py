"""One word for one thing in each language, the word Loop Habit Tracker uses where it has one
(its Android strings for de, fr, es and pt-BR): a reader who meets "validation" on one page
and "pointage" on the next wonders whether they are two things."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from habitory.i18n import TRANSLATIONS

# English word (a regex on the msgid) -> the word every translation of it must use.
TERMS = {
    "de": {r"(?i)check-?ins?\b": r"Häkchen|abgehakt|abhaken|Eintr|Check-in",
           r"(?i)streak": r"Serie|in Folge", r"\bquit\b": r"[Aa]ufhör|aufzuhören"},
    "fr": {r"(?i)check-?ins?\b": r"validation|coch", r"(?i)streak": r"série|d’affilée",
           r"\bquit\b": r"arrêt", r"(?i)strength": r"force"},
    "es": {r"(?i)check-?ins?\b": r"registro|marca", r"(?i)streak": r"racha|seguid",
           r"\bquit\b": r"dej", r"(?i)strength": r"fuerza"},
    "pt_BR": {r"(?i)check-?ins?\b": r"marcaç|marca", r"(?i)streak": r"corrente|seguid",
              r"\bquit\b": r"largar|largando", r"(?i)strength": r"estabilidade"},
}
# Sentences naming a file format or a field of code keep the English there.
TECHNICAL = re.compile(r"checkins\.csv|\bdone, skipped\b|not_done|Loop Habit Tracker|"
                       r"Habitify, Streaks")


@pytest.mark.parametrize("language", TERMS)
def test_each_habit_tracking_word_has_one_translation(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale=language)
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        said = " ".join(message.string) if isinstance(message.string, tuple) else message.string
        for word, term in TERMS[language].items():
            if re.search(word, TECHNICAL.sub("", english)) and not re.search(term, said, re.I):
                wrong.append((english, said))
    assert not wrong, wrong
