"""CSV and JSON import for readers and files in every language (outside tester): a file whose
columns are named in Portuguese, German, French or Spanish has its value column read (a 0 day
was imported as done), "sim", "ja", "oui", "sí" mean done, whatever the reader's own language;
the preview names the separator in the reader's language; a damaged file's message has no
English in it."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.pofile import read_po

from habitory.extensions import db
from habitory.i18n import TRANSLATIONS
from habitory.models import CheckIn, Habit
from habitory.portability.csv_mapping import guess_mapping
from habitory.portability.csv_table import read_table
from habitory.portability.csv_words import DONE, fold

from .test_csv_import import Fields, send, upload

NNBSP = "\u202f"
# (the reader's language, a check-in and two in it, "1 column ... is not imported")
WORDING = {
    "pt_BR": ("1 marcação", "2 marcações", "não é importada"),
    "de": ("1 Häkchen", "2 Häkchen", "wird nicht importiert"),
    "fr": ("1 validation", "2 validations", "n’est pas importée"),
    "es": ("1 registro", "2 registros", "no se importa"),
    "en": ("1 check-in", "2 check-ins", "is not imported"),
}
DAYS = ("17/11/2026", "16/11/2026", "15/11/2026")  # the tests' today: 2026-11-25


def speak(client, language: str) -> None:
    response = client.post("/settings/language", data={"language": language, "week_start": ""})
    assert response.status_code in (302, 303)


def page(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def done_days(user_id) -> dict[str, list[date]]:
    days: dict[str, list[date]] = {}
    for name, day in db.session.execute(sa.select(Habit.name, CheckIn.day).join(CheckIn).where(
            Habit.user_id == user_id, CheckIn.state == "done").order_by(CheckIn.day)):
        days.setdefault(name, []).append(day)
    return days


def long_file(header: str, values: tuple[str, str, str]) -> str:
    rows = "".join(f"{day},Meditar,{value}\n" for day, value in zip(DAYS, values, strict=True))
    return f"{header}\n{rows}"


@pytest.mark.parametrize(("language", "header"), [
    ("pt_BR", "data,hábito,valor"),
    ("de", "Datum,Gewohnheit,Wert"),
    ("fr", "date,habitude,valeur"),
    ("es", "fecha,hábito,valor"),
    ("en", "date,habit,value"),
    ("de", "Datum,Aktivität,Menge"),
    ("fr", "Date,Activité,Quantité"),
    ("pt_BR", "Data,Atividade,Quantidade"),
    ("es", "FECHA,ACTIVIDAD,CANTIDAD"),
])
def test_a_value_column_named_in_any_language_keeps_the_zero_day_out(client, user, language,
                                                                     header):
    speak(client, language)
    response = upload(client, long_file(header, ("1", "0", "1")))
    html = page(response)
    assert response.status_code == 200
    fields = Fields(html).data
    value = header.split(",")[2]
    assert fields["value_column"] == [value] and fields["done_values"] == ["1"]
    _one, two, unused = WORDING[language]
    assert two in html
    assert unused not in html  # the value column is read, not left out

    assert send(client, fields, confirm="Import").status_code == 303
    assert done_days(user.id) == {"Meditar": [date(2026, 11, 15), date(2026, 11, 17)]}


@pytest.mark.parametrize(("language", "header", "yes", "no"), [
    ("pt_BR", "data,hábito,valor", "sim", "não"),
    ("de", "Datum,Gewohnheit,Wert", "ja", "nein"),
    ("fr", "date,habitude,valeur", "oui", "non"),
    ("es", "fecha,hábito,valor", "Sí", "No"),
    ("de", "date,habitude,valeur", "Oui", "Non"),  # a German reader's French file
    ("pt_BR", "Datum,Gewohnheit,Wert", "erledigt", "offen"),  # and a German file
    ("en", "fecha,hábito,valor", "hecho", "pendiente"),
    ("fr", "data,hábito,valor", "Verdadeiro", "Falso"),
    ("es", "date,habit,value", "vrai", "faux"),
    ("pt_BR", "data,hábito,valor", "concluído", ""),
])
def test_done_words_of_every_language_are_done_days(client, user, language, header, yes, no):
    speak(client, language)
    response = upload(client, long_file(header, (yes, no, yes)))
    html = page(response)
    fields = Fields(html).data
    assert fields["done_values"] == [yes.casefold()]
    assert WORDING[language][1] in html

    assert send(client, fields, confirm="Import").status_code == 303
    assert done_days(user.id) == {"Meditar": [date(2026, 11, 15), date(2026, 11, 17)]}


def test_done_values_match_without_accents_or_case(client, user):
    """The hint says "any case"; a Spanish "si" typed without its accent matches "Sí" too."""
    speak(client, "es")
    fields = Fields(page(upload(client, long_file("fecha,hábito,valor", ("Sí", "no", "SÍ"))))).data
    html = page(send(client, fields, done_values="si", preview="preview"))
    assert "2 registros" in html
    fields = Fields(html).data
    assert send(client, fields, confirm="Import").status_code == 303
    assert done_days(user.id) == {"Meditar": [date(2026, 11, 15), date(2026, 11, 17)]}


@pytest.mark.parametrize(("header", "yes", "no"), [
    ("date,Read,Run", "yes", "no"),
    ("Datum,Lesen,Laufen", "ja", "nein"),
    ("data,Ler,Correr", "Sim", "Não"),
    ("fecha,Leer,Correr", "sí", "no"),
])
def test_a_column_per_habit_of_yes_and_no_is_not_taken_for_the_habits_names(
        client, user, header, yes, no):
    """Six days or more of yes/no in a habit's column looked like names repeated over the
    rows: the file was read as a row per habit, "Read" the habits' names, nothing done."""
    days = [f"2026-03-{d:02}" for d in range(1, 9)]
    rows = "".join(f"{day},{yes if n % 2 else no},{no if n % 2 else yes}\n"
                   for n, day in enumerate(days))
    response = upload(client, f"{header}\n{rows}")
    fields = Fields(page(response)).data
    assert fields["layout"] == ["wide"]
    assert fields["habit_columns"] == header.split(",")[1:]
    assert "8 check-ins" in page(response)


def _hint_words(language: str) -> list[str]:
    """The example values of the "Values that mean done" hint in the reader's language."""
    with open(Path(TRANSLATIONS) / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        message = next(m for m in read_po(po) if isinstance(m.id, str)
                       and m.id.startswith("Separated by commas, any case"))
    quoted = re.search(r"[“„«]\s*(.+?)\s*[”“»]", message.string).group(1)
    return [word.strip() for word in quoted.split(",")]


@pytest.mark.parametrize(("language", "example"), [
    ("de", "ja"), ("fr", "oui"), ("es", "sí"), ("pt_BR", "sim")])
def test_the_hints_example_words_are_the_ones_recognised(client, user, language, example):
    words = _hint_words(language)
    assert words == ["1", example, "x"]
    assert all(fold(word) in DONE for word in words)
    speak(client, language)
    response = upload(client, long_file("date,habit,value", (example, "0", "x")))
    html = page(response)
    assert f"1, {example}, x" in html  # the hint, as the page shows it
    assert Fields(html).data["done_values"] == [f"x, {example}"]
    assert WORDING[language][1] in html


def test_each_language_s_words_are_known_to_the_guess():
    table = read_table("Fecha;Hábito;Cantidad;Observación;Descripción;Categoría\n"
                       "2026-03-01;Leer;1;bien;libros;Mente\n".encode())
    mapping = guess_mapping(table)
    assert (mapping.habit_column, mapping.value_column, mapping.note_column,
            mapping.description_column, mapping.category_column) == (
        "Hábito", "Cantidad", "Observación", "Descripción", "Categoría")
    table = read_table("Datum,Gewohnheit,Anzahl,Bemerkung,Beschreibung,Kategorie\n"
                       "2026-03-01,Lesen,1,gut,Bücher,Kopf\n".encode())
    mapping = guess_mapping(table)
    assert (mapping.value_column, mapping.note_column, mapping.description_column,
            mapping.category_column) == ("Anzahl", "Bemerkung", "Beschreibung", "Kategorie")
    table = read_table("data,hábito,quantidade,observação,descrição,categoria\n"
                       "2026-03-01,Ler,1,bem,livros,Mente\n".encode())
    mapping = guess_mapping(table)
    assert (mapping.value_column, mapping.note_column, mapping.description_column,
            mapping.category_column) == ("quantidade", "observação", "descrição", "categoria")
    table = read_table("date,habitude,quantité,remarque,description,catégorie\n"
                       "2026-03-01,Lire,1,bien,livres,Esprit\n".encode())
    mapping = guess_mapping(table)
    assert (mapping.value_column, mapping.note_column, mapping.category_column) == (
        "quantité", "remarque", "catégorie")


def test_a_german_tag_column_of_dates_is_the_day_and_of_words_a_tag():
    table = read_table(b"Tag,Gewohnheit,Wert\n2026-03-01,Lesen,1\n2026-03-02,Lesen,0\n")
    assert guess_mapping(table).date_column == "Tag"
    table = read_table(b"when,habit,tag\n2026-03-01,Read,books\n2026-03-02,Read,books\n")
    mapping = guess_mapping(table)
    assert (mapping.date_column, mapping.category_column) == ("when", "tag")


@pytest.mark.parametrize(("language", "said", "english"), [
    ("de", "getrennt durch Semikolons", "semicolon"),
    ("fr", "séparé par des points-virgules", "semicolon"),
    ("es", "separado por punto y coma", "semicolon"),
    ("pt_BR", "separado por ponto e vírgula", "semicolon"),
    ("en", "separated by semicolons", "semicolon-separated"),
])
def test_the_preview_names_the_separator_in_the_readers_language(client, user, language, said,
                                                                english):
    speak(client, language)
    html = page(upload(client, "Datum;Lesen\n2026-03-01;x\n2026-03-02;\n"))
    assert said in html
    if language != "en":
        assert english not in html
    # Habitory's own check-ins CSV, saved again by a spreadsheet with semicolons
    html = page(upload(client, "date;habit;state;amount;note\n2026-03-01;Read;done;;\n",
                       "habitory-checkins.csv"))
    assert said in html


@pytest.mark.parametrize(("language", "said"), [
    ("pt_BR", "Este arquivo JSON está danificado (linha 1, coluna 2: é esperado um nome entre "
              "aspas duplas)."),
    ("de", "Diese JSON-Datei ist beschädigt (Zeile 1, Spalte 2: ein Name in doppelten "
           "Anführungszeichen wird erwartet)."),
    ("fr", f"Ce fichier JSON est endommagé (ligne 1, colonne 2{NNBSP}: un nom entre guillemets "
           "doubles est attendu)."),
    ("es", "Este archivo JSON está dañado (línea 1, columna 2: se espera un nombre entre "
           "comillas dobles)."),
    ("en", "This JSON file is damaged (line 1, column 2: a name in double quotes is "
           "expected)."),
])
def test_a_damaged_json_file_is_explained_without_pythons_english(client, user, language,
                                                                   said):
    speak(client, language)
    response = upload(client, "{'format': 'habitory-backup'}", "backup.json")
    html = page(response)
    assert response.status_code == 422
    assert said in html
    assert "Expecting" not in html
    if language != "en":
        assert "double quotes" not in html


@pytest.mark.parametrize(("text", "reason"), [
    ('{"format": "habitory-backup" "habits": []}', "ein Komma fehlt"),
    ('{"format": "habitory-backup", "habits": [1,]}', None),  # 3.11 and 3.13 differ
    ('{"format": "habitory-backup", "name": "Lesen}', "ein Text in Anführungszeichen ist nicht"
                                                     " geschlossen"),
    ('{"format": "habitory-backup"} {}', "nach dem Ende der Daten folgt noch etwas"),
    ('{"format": "habitory-backup", "habits": tru}', "ein Wert fehlt oder ist kein gültiges "
                                                     "JSON"),
])
def test_the_usual_json_mistakes_are_named_in_the_readers_language(client, user, text, reason):
    speak(client, "de")
    html = page(upload(client, text, "backup.json"))
    assert "Diese JSON-Datei ist beschädigt (Zeile 1, Spalte " in html
    if reason:
        assert reason in html
    assert not re.search(r"Expecting|Extra data|Unterminated|Illegal|delimiter", html)


def test_an_unreadable_csv_says_why_in_the_readers_language(client, user):
    speak(client, "de")
    html = page(upload(client, 'date,habit\n"2026-01-01,Read\n'))
    assert ("Die Datei ist keine CSV, die Habitory lesen kann (Zeile 2: ein Anführungszeichen "
            "ist nicht geschlossen).") in html
    html = page(upload(client, 'date,habit\n2026-01-01,"Read"ing\n'))
    assert ("(Zeile 2: nach dem schließenden Anführungszeichen einer Zelle folgt noch Text)"
            in html)
    assert "unexpected end of data" not in html and "expected after" not in html
