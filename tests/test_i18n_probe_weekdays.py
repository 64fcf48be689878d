"""A weekday schedule ("Mon, Wed, Fri" on Today) and a suggestion's list of days write the
short weekday as CLDR does, as the calendar rows and the weekday chart beside them do: Spanish
and Portuguese in lower case ("lun, mié, vie"; "seg., qua., sex."), not "Lun, Mié, Vie" in the
middle of a sentence."""

from __future__ import annotations

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from habitory.i18n import TRANSLATIONS
from habitory.stats.phrases import DAY_WORDS


@pytest.mark.parametrize("language", ["de", "fr", "es", "pt_BR"])
def test_short_weekdays_are_cldrs(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale=language)
    days = Locale.parse(language).days
    for index, word in enumerate(DAY_WORDS):
        cldr = {days[form]["abbreviated"][index] for form in ("format", "stand-alone")}
        assert catalogue[str(word)].string in cldr, (word, catalogue[str(word)].string, cldr)
