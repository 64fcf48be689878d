"""When Habitory's guess of a CSV's code page reads the names wrong, the user picks the
encoding on the mapping page, sees the names read again, and imports them as written; a post
without a choice (an older page) is read as detected, as before."""

from __future__ import annotations

import re

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit, User

from .test_csv_import import Fields, counts, send, upload

GUESSED = "Habitory guessed that this file is in"
# Two ideographs that read as Windows-1252 ("áÒ‘z"), which Habitory keeps unless another
# reading is clearly better: a wrong guess.
MEDITATION = "date,habit\n2026-03-01,瞑想\n2026-03-02,瞑想\n".encode("cp932")
CZECH = "datum,návyk\n2026-03-01,Běhání\n2026-03-02,Běhání\n".encode("cp1250")


class BrowserFields(Fields):
    """The form's fields, and those outside it that name it (form="csv-mapping"), as a
    browser sends them."""

    _borrowed = False

    def handle_starttag(self, tag, attrs):
        if not self._in_form and dict(attrs).get("form") == "csv-mapping":
            self._in_form = self._borrowed = True
        super().handle_starttag(tag, attrs)
        if self._borrowed and tag not in ("select", "option"):
            self._in_form = self._borrowed = False

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        if self._borrowed and tag == "select":
            self._in_form = self._borrowed = False


def fields_of(response) -> dict[str, list[str]]:
    html = response if isinstance(response, str) else response.get_data(as_text=True)
    return BrowserFields(html).data


def names(user_id):
    return set(db.session.scalars(sa.select(Habit.name).where(Habit.user_id == user_id)))


def encoding_options(html: str) -> dict[str, str]:
    select = re.search(r'<select[^>]*name="encoding".*?</select>', html, re.S).group()
    return dict(re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select))


def test_a_wrong_guess_is_corrected_by_choosing_shift_jis_and_read_again(client, user):
    page = upload(client, MEDITATION)
    html = page.get_data(as_text=True)
    assert f"{GUESSED} Windows-1252 (Western European)" in html and "瞑想" not in html
    options = encoding_options(html)
    assert options["cp932"] == "Shift_JIS (Japanese)" and options["utf-8"] == "UTF-8"
    assert len(options) == 18  # UTF-8 and the 17 code pages
    fields = fields_of(page)
    assert fields["encoding"] == ["cp1252"]  # the select says what the page shows

    again = send(client, fields, encoding="cp932", reread="Read again")
    html = again.get_data(as_text=True)
    assert again.status_code == 200
    assert '<td class="py-1 pr-3">瞑想</td>' in html  # the file's rows, read again
    assert "<li>瞑想 · yes/no · 2 days" in html  # and what the import would create
    assert GUESSED not in html  # the user said it
    fields = fields_of(again)
    assert fields["encoding"] == ["cp932"]
    assert counts(user.id) == (0, 0)

    assert send(client, fields, confirm="Import").status_code == 303
    assert names(user.id) == {"瞑想"}


def test_a_column_named_in_the_other_reading_takes_the_new_name(client, user):
    # One column per habit: the column's name is the habit's, and changes with the reading.
    page = upload(client, "date,瞑想\n2026-03-01,1\n2026-03-02,1\n".encode("cp932"))
    again = send(client, fields_of(page), encoding="cp932", reread="Read again")
    assert again.status_code == 200 and "<li>瞑想 · yes/no · 2 days" in again.get_data(
        as_text=True)
    assert fields_of(again)["habit_columns"] == ["瞑想"]
    assert send(client, fields_of(again), confirm="Import").status_code == 303
    assert names(user.id) == {"瞑想"}


def test_import_pressed_just_after_changing_the_encoding_shows_the_names_first(client, user):
    fields = fields_of(upload(client, MEDITATION))
    first = send(client, fields, encoding="cp932", confirm="Import")
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and "nothing was imported yet" in html and "瞑想" in html
    assert counts(user.id) == (0, 0)
    assert send(client, fields_of(first), confirm="Import").status_code == 303
    assert names(user.id) == {"瞑想"}


def test_an_encoding_outside_the_list_is_a_message_at_the_field(client, user):
    fields = fields_of(upload(client, MEDITATION))
    for button in ({"reread": "Read again"}, {"confirm": "Import"}):
        response = send(client, fields, encoding="utf-7", **button)
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert ('<p class="field-error" id="encoding-error">Choose one of the encodings in '
                "the list.</p>") in html
        assert 'aria-describedby="encoding-error"' in html
        assert len(encoding_options(html)) == 18
        assert fields_of(html)["encoding"] == ["cp1252"]  # the reading the page shows
    assert counts(user.id) == (0, 0)


def test_an_encoding_that_cannot_read_the_bytes_says_so_and_keeps_the_rest(client, user):
    page = upload(client, CZECH)
    fields = fields_of(page)
    assert fields["encoding"] == ["cp1250"] and GUESSED not in page.get_data(as_text=True)
    response = send(client, fields, encoding="utf-8", done_values="1, ano",
                    reread="Read again")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ("This file cannot be read as UTF-8: some of its bytes are not text in it. Choose "
            "another encoding.") in html.replace("\n", " ")
    assert '<td class="py-1 pr-3">Běhání</td>' in html  # the file as the page showed it
    sent = fields_of(response)
    assert sent["done_values"] == ["1, ano"] and sent["encoding"] == ["utf-8"]
    assert len(encoding_options(html)) == 18
    assert 'name="confirm"' not in html  # nothing to import in a reading that failed
    assert send(client, sent, confirm="Import").status_code == 422
    assert counts(user.id) == (0, 0)
    # The other choices still work from this page.
    fixed = send(client, sent, encoding="cp1250", reread="Read again")
    assert fixed.status_code == 200 and "<li>Běhání · yes/no · 2 days" in fixed.get_data(
        as_text=True)


def test_a_post_without_the_encoding_is_read_as_detected(client, user):
    page = upload(client, MEDITATION)
    assert "encoding" in fields_of(page)  # offered, but an older page never sent it
    old = {k: v for k, v in Fields(page.get_data(as_text=True)).data.items()
           if k not in ("encoding", "read_in")}
    preview = send(client, old, preview="Update the preview")
    assert preview.status_code == 200
    assert f"{GUESSED} Windows-1252" in preview.get_data(as_text=True)
    assert send(client, old, confirm="Import").status_code == 303
    assert names(user.id) == {MEDITATION.decode("cp1252").split("\n")[1].split(",")[1]}
    # UTF-8 leaves nothing to choose: no select, and the import as before.
    html = upload(client, "date,habit\n2026-03-01,Café\n2026-03-02,Café\n").get_data(
        as_text=True)
    assert 'name="encoding"' not in html and 'name="reread"' not in html
    assert send(client, fields_of(html), confirm="Import").status_code == 303
    assert "Café" in names(user.id)


def test_another_users_upload_cannot_be_read_again(client, auth, user):
    page = upload(client, MEDITATION)
    fields = fields_of(page)
    assert fields["encoding"] == ["cp1252"]
    auth.logout()
    auth.register(email="bob@example.com")
    bob = db.session.scalar(sa.select(User).where(User.email == "bob@example.com"))
    for button in ({"reread": "Read again"}, {"confirm": "Import"}):
        response = send(client, fields, encoding="cp932", **button)
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and "expired" in html and "瞑想" not in html
    assert counts(bob.id) == (0, 0) and counts(user.id) == (0, 0)
