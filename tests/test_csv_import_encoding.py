"""A CSV in the code page of its writer's country (Shift_JIS, Windows-1250, Latin-2), or UTF-16
without a BOM, imports with its names as written; when the file leaves its encoding open, the
page says which one Habitory assumed, next to the names as read. The import also names every
column it leaves out, as the file spells it."""

from __future__ import annotations

import codecs

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit
from habitory.portability import Limits, read_import

from .test_csv_import import SHEET, Fields, counts, send, upload

GUESSED = "Habitory guessed that this file is in"
JAPANESE = "日付,習慣,値\n" + "".join(f"2026-03-0{day},{name},1\n" for day in range(1, 4)
                                   for name in ("読書", "ランニング", "早起き"))
CZECH = "datum,návyk\n" + "".join(f"2026-03-0{day},{name}\n" for day in range(1, 4) for name in (
    "Běhání", "Čtení knížky", "Příprava snídaně", "Úklid pokoje"))


def names(user_id):
    return set(db.session.scalars(sa.select(Habit.name).where(Habit.user_id == user_id)))


def imported(client, data: bytes, **changes):
    """The page the upload shows, after importing what it previewed."""
    page = upload(client, data).get_data(as_text=True)
    assert send(client, Fields(page).data, confirm="Import", **changes).status_code == 303
    return page


@pytest.mark.parametrize(("text", "encoding", "expected"), [
    (JAPANESE, "shift_jis", {"読書", "ランニング", "早起き"}),
    (CZECH, "cp1250", {"Běhání", "Čtení knížky", "Příprava snídaně", "Úklid pokoje"}),
    (CZECH, "iso8859_2", {"Běhání", "Čtení knížky", "Příprava snídaně", "Úklid pokoje"}),
])
def test_names_in_a_national_code_page_import_as_written(client, user, text, encoding,
                                                         expected):
    page = imported(client, text.encode(encoding))
    assert names(user.id) == expected
    assert GUESSED not in page  # the names leave no other reading open


def test_a_lone_japanese_name_is_read_and_the_page_says_the_encoding_it_assumed(client, user):
    # Four bytes: Cyrillic and Arabic code pages read them too, as words no one writes.
    page = imported(client, "date,habit\n2026-03-01,読書\n".encode("shift_jis"))
    assert f"{GUESSED} Shift_JIS (Japanese)" in page
    assert "<td class=\"py-1 pr-3\">読書</td>" in page  # the name as read, beside the note
    assert page.count(GUESSED) == 1  # once, not again among the preview's warnings
    assert names(user.id) == {"読書"}


def test_when_names_fit_more_than_one_code_page_the_page_says_which_was_assumed(client, user):
    # "Løbe" is Danish in Windows-1252 and as good Czech ("Lřbe") in Windows-1250.
    page = imported(client, "date,habit\n2026-03-01,Løbe tur\n".encode("cp1252"))
    assert f"{GUESSED} Windows-1252 (Western European)" in page and "Løbe tur" in page
    # French reads as nothing else: imported as before, without a note.
    page = imported(client, "date,habit\n2026-03-01,Crème brûlée\n2026-03-02,Café\n"
                    .encode("cp1252"))
    assert GUESSED not in page
    assert names(user.id) == {"Løbe tur", "Crème brûlée", "Café"}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_not_refused_as_binary(client, user, encoding):
    page = imported(client, JAPANESE.encode(encoding))
    assert names(user.id) == {"読書", "ランニング", "早起き"}
    assert f"{GUESSED} UTF-16" in page


def test_utf16_le_with_a_bom_keeps_its_names_and_names_its_unread_column(client, user):
    text = "日付\t習慣\t単位\n2026-03-01\t読書\tページ\n2026-03-02\t読書\tページ\n"
    page = imported(client, codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert names(user.id) == {"読書"}
    assert "1 column of the file is not imported: “単位”." in page
    assert GUESSED not in page  # the BOM said it


def test_utf8_with_a_bom_names_its_first_column_without_the_bom(client, user):
    text = "Zdroj,date,habit\nfirst,2026-03-01,Čtení\nsecond,2026-03-02,Čtení\n"
    page = imported(client, codecs.BOM_UTF8 + text.encode())
    assert names(user.id) == {"Čtení"}
    assert "1 column of the file is not imported: “Zdroj”." in page
    assert GUESSED not in page


def test_a_utf8_file_with_one_stray_byte_keeps_its_other_names(client, user):
    text = codecs.BOM_UTF8 + "date,habit\n2026-03-01,Běhání\n2026-03-02,Čtení\n".encode()
    page = imported(client, text + b"2026-03-03,Caf\xe9\n")
    assert names(user.id) == {"Běhání", "Čtení", "Caf\ufffd"}
    assert f"{GUESSED} UTF-8" in page


def test_a_utf8_bom_before_windows_1250_bytes_reads_the_names_as_written(client, user):
    page = imported(client, codecs.BOM_UTF8 + CZECH.encode("cp1250"))
    assert names(user.id) == {"Běhání", "Čtení knížky", "Příprava snídaně", "Úklid pokoje"}
    assert f"{GUESSED} Windows-1250 (Central European)" in page  # the BOM said otherwise


def test_own_checkins_csv_resaved_in_shift_jis_says_its_names(client, user):
    data = ("date,habit,state,amount,note\n2026-03-01,読書,done,,\n"
            "2026-03-02,ランニング,done,,朝\n").encode("shift_jis")
    bundle = read_import(data, Limits(today=None))
    assert bundle.source_format == "habitory_csv"
    assert [h.name for h in bundle.habits] == ["読書", "ランニング"]
    assert bundle.habits[1].checkins[0].note == "朝"


@pytest.mark.parametrize("content", [
    b"date,habit\n2026-03-01,\x81\x8d\x8f\x90\x9d\n",  # bytes most code pages leave undefined
    b"date,habit\n2026-03-01,\xff\xfe\xfd\n",
    b"date,habit\n2026-03-01,\x82\xa0\x82",  # Shift_JIS cut in the middle of a character
])
def test_bytes_no_code_page_reads_cleanly_show_the_encoding_assumed(client, user, content):
    response = upload(client, content)
    assert response.status_code == 200 and GUESSED in response.get_data(as_text=True)
    assert counts(user.id) == (0, 0)


def test_every_column_the_import_does_not_read_is_named_as_the_file_spells_it(client, user):
    page = upload(client, "date,habit,value\n2026-03-01,Read,1\n").get_data(as_text=True)
    assert "1 habit" in page and "not imported:" not in page  # all read: no warning
    csv = ("Date,Habit,Value,Unit (km),ARCHIVED,Habit Description\n"
           "2026-03-01,Run,5,km,no,Morning run\n2026-03-02,Run,7,km,no,Morning run\n"
           "2026-03-01,Read,1,,yes,\n")
    page = upload(client, csv).get_data(as_text=True)
    fields = Fields(page).data
    assert fields["description_column"] == ["Habit Description"]  # the guess reads it
    assert "2 columns of the file are not imported: “Unit (km)”, “ARCHIVED”." in page
    again = send(client, fields, description_column="", preview="Update the preview")
    assert ("3 columns of the file are not imported: “Unit (km)”, “ARCHIVED”, "
            "“Habit Description”.") in again.get_data(as_text=True)


def test_a_second_column_of_the_same_name_is_named_as_not_imported(client, user):
    csv = "date,habit,Note,Note\n2026-03-01,Read,first,second\n2026-03-02,Read,,\n"
    page = upload(client, csv).get_data(as_text=True)
    assert Fields(page).data["note_column"] == ["Note"]
    assert "1 column of the file is not imported: “Note”." in page


def test_a_column_per_habit_names_the_columns_not_ticked(client, user):
    page = upload(client, SHEET).get_data(as_text=True)  # Datum;Lesen;Laufen km;Leer
    assert "1 column of the file is not imported: “Leer”." in page
    again = send(client, Fields(page).data, habit_columns=["Lesen"], preview="Update")
    assert "2 columns of the file are not imported: “Laufen km”, “Leer”." in again.get_data(
        as_text=True)
