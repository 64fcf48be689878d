"""An import's warnings agree with their counts in every language: "1 repeated row was counted
once", "2 repeated rows were counted once", never "1 repeated row(s)" nor German "Zeile(n)" or
French "ligne(s)"; the catalogues hedge no plural with brackets."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from habitory.i18n import TRANSLATIONS, translate
from habitory.portability import Limits, read_import
from habitory.stats.schedule import Schedule

from .test_loop_frequency import DAYS, GYM, export, loop_cells
from .test_loop_frequency import LIMITS as LOOP_CSV_LIMITS
from .test_portability import loop_v25

LIMITS = Limits(today=date(2026, 11, 25))
NNBSP = "\u202f"
# A word with its plural ending in brackets: row(s), entr(ies), Zeile(n), Tag(e), Notiz(en),
# automatique(s), cantidad(es), marcação(ões).
HEDGED = re.compile(r"[^\W\d_]\((?:s|n|e|en|es|ies|x|ões|is)\)")


def _warnings(app, data: bytes, language: str, limits: Limits = LIMITS) -> list[str]:
    """The preview's warnings as a reader of `language` sees them."""
    with app.test_request_context(headers={"Accept-Language": language}):
        return [translate(w) for w in read_import(data, limits).warnings]


def _csv(n: int) -> bytes:
    rows = ["HabitName,CalendarDate,Value",
            "Pushups,2026-03-15,30", "Pushups,2026-03-16,100", "Pushups,2026-03-17,40"]
    rows += [f"Pushups,2026-04-0{i + 1},lots" for i in range(n)]  # amounts that are no number
    rows += [f",2026-03-2{i},1" for i in range(n)]  # no habit name
    rows += ["Read,2026-03-15,1"] * (n + 1)  # n repeats
    return ("\n".join(rows) + "\n").encode()


CSV = {
    "en": ("1 repeated row was counted once.",
           "2 repeated rows were counted once.",
           "1 row without a habit name was left out.",
           "2 rows without a habit name were left out.",
           "1 amount cell that is not a number (or is below 0) was left out.",
           "2 amount cells that are not numbers (or are below 0) were left out."),
    "de": ("1 doppelte Zeile wurde einmal gezählt.",
           "2 doppelte Zeilen wurden einmal gezählt.",
           "1 Zeile ohne Gewohnheitsnamen wurde weggelassen.",
           "2 Zeilen ohne Gewohnheitsnamen wurden weggelassen.",
           "1 Zelle mit einer Menge, die keine Zahl ist (oder unter 0 liegt), wurde weggelassen.",
           "2 Zellen mit Mengen, die keine Zahlen sind (oder unter 0 liegen), wurden "
           "weggelassen."),
    "fr": ("1 ligne en double a été comptée une seule fois.",
           "2 lignes en double ont été comptées une seule fois.",
           "1 ligne sans nom d’habitude a été laissée de côté.",
           "2 lignes sans nom d’habitude ont été laissées de côté.",
           "1 cellule de quantité qui n’est pas un nombre (ou est inférieure à 0) a été "
           "laissée de côté.",
           "2 cellules de quantités qui ne sont pas des nombres (ou sont inférieures à 0) ont "
           "été laissées de côté."),
}


@pytest.mark.parametrize("language", CSV)
def test_a_csvs_left_out_rows_and_cells_agree_with_their_count(app, language):
    one_repeat, two_repeats, one_unnamed, two_unnamed, one_cell, two_cells = CSV[language]
    one, two = _warnings(app, _csv(1), language), _warnings(app, _csv(2), language)
    assert {one_repeat, one_unnamed, one_cell} <= set(one)
    assert {two_repeats, two_unnamed, two_cells} <= set(two)


def _loop_backup(tmp_path, n: int) -> bytes:
    habits = [dict(Id=1, name="Meditate", freq_num=1, freq_den=1, color=8, position=0,
                   archived=0)]
    start = date(2024, 3, 1)
    reps = [(1, (start + timedelta(days=i)).isoformat(), 2, None) for i in range(3)]
    reps += [(1, (start + timedelta(days=10 + i)).isoformat(), 1, None) for i in range(n)]
    reps += [(1, (start + timedelta(days=20 + i)).isoformat(), 7, None) for i in range(n)]
    reps += [(9, (start + timedelta(days=i)).isoformat(), 2, None) for i in range(n)]
    return loop_v25(tmp_path / f"loop{n}.db", habits=habits, reps=reps)


LOOP = {
    "en": ("1 automatic checkmark was not imported as a check-in: Habitory fills it in from "
           "its habit's frequency, as Loop does.",
           "2 automatic checkmarks were not imported as check-ins: Habitory fills them in from "
           "each habit's frequency, as Loop does.",
           "1 entry with a value Loop does not use was skipped.",
           "2 entries with values Loop does not use were skipped.",
           "1 check-in of a habit missing from the backup was skipped.",
           "2 check-ins of habits missing from the backup were skipped."),
    "de": ("1 automatisches Häkchen wurde nicht als Häkchen importiert: Habitory ergänzt es wie "
           "Loop aus der Häufigkeit seiner Gewohnheit.",
           "2 automatische Häkchen wurden nicht als Häkchen importiert: Habitory ergänzt sie "
           "wie Loop aus der Häufigkeit jeder Gewohnheit.",
           "1 Eintrag mit einem Wert, den Loop nicht verwendet, wurde übersprungen.",
           "2 Einträge mit Werten, die Loop nicht verwendet, wurden übersprungen.",
           "1 Häkchen einer Gewohnheit, die in der Sicherung fehlt, wurde übersprungen.",
           "2 Häkchen von Gewohnheiten, die in der Sicherung fehlen, wurden übersprungen."),
    "fr": (f"1 coche automatique n’a pas été importée comme validation{NNBSP}: Habitory la "
           "déduit de la fréquence de son habitude, comme Loop.",
           f"2 coches automatiques n’ont pas été importées comme validations{NNBSP}: Habitory "
           "les déduit de la fréquence de chaque habitude, comme Loop.",
           "1 entrée avec une valeur que Loop n’utilise pas a été ignorée.",
           "2 entrées avec des valeurs que Loop n’utilise pas ont été ignorées.",
           "1 validation d’une habitude absente de la sauvegarde a été ignorée.",
           "2 validations d’habitudes absentes de la sauvegarde ont été ignorées."),
}


@pytest.mark.parametrize("language", LOOP)
def test_what_a_loop_backup_leaves_out_agrees_with_its_count(app, tmp_path, language):
    one_auto, two_autos, one_odd, two_odd, one_orphan, two_orphans = LOOP[language]
    one = _warnings(app, _loop_backup(tmp_path, 1), language)
    two = _warnings(app, _loop_backup(tmp_path, 2), language)
    assert {one_auto, one_odd, one_orphan} <= set(one)
    assert {two_autos, two_odd, two_orphans} <= set(two)


def _backup(n: int) -> bytes:
    """Two habits with `n` of each thing a backup's check is said to leave or change."""
    long_note = "x" * 600
    water = [{"day": f"2024-03-0{i + 1}", "state": "not_done", "amount": 9.0}
             for i in range(n)]  # the amount meets the target: done, whatever the state
    water += [{"day": "2024-03-09", "state": "done", "amount": 9.0}] * (n + 1)  # n repeats
    water += [{"day": f"2024-04-0{i + 1}", "state": "done", "amount": 9.0, "note": long_note}
              for i in range(n)]
    tea = [{"day": f"2024-03-0{i + 1}", "state": "done", "amount": 2.0} for i in range(n)]
    habits = [{"name": "Water", "kind": "measurable", "target": 8.0, "direction": "at_least",
               "checkins": water},
              {"name": "Tea", "kind": "yes_no", "checkins": tea}]
    return json.dumps({"format": "habitory-backup", "schema_version": 1,
                       "habits": habits}).encode()


BACKUP = {
    "en": ('"Water" had 1 repeated day; the last one was kept.',
           '"Water" had 2 repeated days; the last one of each was kept.',
           '1 note of "Water" was cut to 500 characters.',
           '2 notes of "Water" were cut to 500 characters.',
           '1 amount on a day of "Tea", which is not a measurable habit, was left out; the day '
           "was kept.",
           '2 amounts on days of "Tea", which is not a measurable habit, were left out; the '
           "days were kept.",
           '1 day of "Water" had a state that its amount contradicts (a measurable day is done '
           "when its amount meets the target); it was imported as its amount says.",
           '2 days of "Water" had a state that their amount contradicts (a measurable day is '
           "done when its amount meets the target); they were imported as their amount says."),
    "de": ("„Water“ hatte 1 doppelten Tag; der letzte Eintrag wurde behalten.",
           "„Water“ hatte 2 doppelte Tage; jeweils der letzte wurde behalten.",
           "1 Notiz von „Water“ wurde auf 500 Zeichen gekürzt.",
           "2 Notizen von „Water“ wurden auf 500 Zeichen gekürzt.",
           "1 Menge an einem Tag von „Tea“, keiner messbaren Gewohnheit, wurde weggelassen; der "
           "Tag bleibt erhalten.",
           "2 Mengen an Tagen von „Tea“, keiner messbaren Gewohnheit, wurden weggelassen; die "
           "Tage bleiben erhalten.",
           "1 Tag von „Water“ hatte einen Status, dem seine Menge widerspricht (ein messbarer "
           "Tag ist erledigt, wenn seine Menge das Ziel erreicht); er wurde so importiert, wie "
           "seine Menge sagt.",
           "2 Tage von „Water“ hatten einen Status, dem ihre Menge widerspricht (ein messbarer "
           "Tag ist erledigt, wenn seine Menge das Ziel erreicht); sie wurden so importiert, "
           "wie ihre Menge sagt."),
    "fr": (f"«{NNBSP}Water{NNBSP}» avait 1 jour en double{NNBSP}; le dernier a été gardé.",
           f"«{NNBSP}Water{NNBSP}» avait 2 jours en double{NNBSP}; le dernier de chacun a été "
           "gardé.",
           f"1 note de «{NNBSP}Water{NNBSP}» a été coupée à 500 caractères.",
           f"2 notes de «{NNBSP}Water{NNBSP}» ont été coupées à 500 caractères.",
           f"1 quantité sur un jour de «{NNBSP}Tea{NNBSP}», qui n’est pas une habitude "
           f"mesurable, a été ignorée{NNBSP}; le jour est conservé.",
           f"2 quantités sur des jours de «{NNBSP}Tea{NNBSP}», qui n’est pas une habitude "
           f"mesurable, ont été ignorées{NNBSP}; les jours sont conservés.",
           f"1 jour de «{NNBSP}Water{NNBSP}» avait un état que sa quantité contredit (un jour "
           f"mesurable est fait quand sa quantité atteint l’objectif){NNBSP}; il a été importé "
           "selon sa quantité.",
           f"2 jours de «{NNBSP}Water{NNBSP}» avaient un état que leur quantité contredit (un "
           f"jour mesurable est fait quand sa quantité atteint l’objectif){NNBSP}; ils ont été "
           "importés selon leur quantité."),
}


@pytest.mark.parametrize("language", BACKUP)
def test_what_a_backups_check_changes_agrees_with_its_count(app, language):
    expected = BACKUP[language]
    one, two = _warnings(app, _backup(1), language), _warnings(app, _backup(2), language)
    assert set(expected[0::2]) <= set(one)
    assert set(expected[1::2]) <= set(two)


LOST = {
    "en": ("The automatic checkmarks of Odd fit no frequency Habitory can set, so it was "
           "imported as a daily habit: set its frequency in its settings.",
           "automatic checkmarks will show as missed days."),
    "de": ("daher wurde sie als tägliche Gewohnheit importiert: Leg ihre Häufigkeit in ihren "
           "Einstellungen fest.",
           "automatische Häkchen als verpasste Tage."),
    "fr": (f"elle a donc été importée comme habitude quotidienne{NNBSP}: réglez sa fréquence "
           "dans ses réglages.",
           "coches automatiques apparaîtront comme jours manqués."),
}


@pytest.mark.parametrize("language", LOST)
def test_checkmarks_no_frequency_explains_are_counted_in_real_plurals(app, language):
    odd = loop_cells({d for d in GYM if d.month != 2}, Schedule(3, 7))
    for day in (date(2024, 2, 15), date(2024, 2, 16)):
        odd[day] = 1
    extra = sum(1 for d in DAYS if odd[d] == 1)
    text = " ".join(_warnings(app, export({"Odd": odd}), language, LOOP_CSV_LIMITS))
    habit, checkmarks = LOST[language]
    assert habit in text and f"{extra} {checkmarks}" in text
    assert not HEDGED.search(text)


def _messages(path: Path):
    with path.open("rb") as f:
        return [m for m in read_po(f) if m.id]


def test_no_message_hedges_its_plural_with_brackets():
    """Neither the English (messages.pot) nor any translation says "row(s)": a count has
    its plural forms (ngettext), each translated."""
    hedged = []
    for path in [TRANSLATIONS / "messages.pot",
                 *sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))]:
        for message in _messages(path):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            hedged += [(path.parts[-3], text) for text in (*ids, *strings)
                       if text and HEDGED.search(text)]
    assert hedged == []

