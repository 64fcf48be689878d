"""Settings → Import is a series of full pages (no htmx): each one starts the focus at what
it says (the preview's title, the error, the flash after the import), not at <body>, where
a screen reader or keyboard user would have to look for it from the top of the page."""

from __future__ import annotations

from html.parser import HTMLParser

from .conftest import upload_body
from .test_csv_import import HABITBULL, Fields, send

FOCUSABLE = {"input", "select", "textarea", "button", "a"}


class Autofocus(HTMLParser):
    """The elements of <main> that ask for the focus when the page loads."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.main = False
        self.found: list[tuple[str, dict]] = []
        self.texts: dict[int, str] = {}
        self._open: list[int] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "main":
            self.main = True
        if self.main and "autofocus" in a:
            self.found.append((tag, a))
            self._open.append(len(self.found) - 1)

    def handle_endtag(self, tag):
        if tag == "main":
            self.main = False
        if self._open and tag == self.found[self._open[-1]][0]:
            self._open.pop()

    def handle_data(self, data):
        for index in self._open:
            self.texts[index] = self.texts.get(index, "") + data


def focused(html: str) -> tuple[str, dict, str]:
    """The one element the page focuses, its attributes and its text."""
    page = Autofocus(html)
    assert len(page.found) == 1, page.found
    tag, attrs = page.found[0]
    # A heading or message takes the focus only with a tabindex: else autofocus does nothing.
    assert tag in FOCUSABLE or attrs.get("tabindex") == "-1", (tag, attrs)
    return tag, attrs, page.texts.get(0, "").strip()


def backup(client) -> bytes:
    client.post("/habits", data={"name": "Read"})
    return client.get("/settings/export?format=json").get_data()


def test_after_preview_the_focus_is_on_check_before_importing(client, user):
    response = client.post("/settings/import", **upload_body({}, "b.json", backup(client)))
    assert response.status_code == 200
    tag, _, text = focused(response.get_data(as_text=True))
    assert (tag, text) == ("h1", "Check before importing")


def test_after_import_the_page_opens_at_the_flash_saying_what_was_imported(client, user):
    html = client.post("/settings/import", **upload_body({}, "b.json", backup(client)))
    token = html.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    done = client.post("/settings/import/confirm", data={"token": token, "on_conflict": "rename"})
    assert done.status_code == 303
    # #main: focusable (tabindex=-1), and the flash is the first thing in it.
    assert done.headers["Location"].endswith("/#main")
    page = client.get("/").get_data(as_text=True)
    main = page.split('<main id="main" class="page" tabindex="-1">', 1)[1]
    assert main.split('class="flash', 1)[0].count("<h1") == 0
    assert "Imported 1 new habit" in main.split("</div></div>", 1)[0]


def test_a_refused_file_puts_the_focus_on_the_field_its_error_describes(client, user):
    response = client.post("/settings/import", **upload_body({}, "x.json", b"\x00\x01 nothing"))
    assert response.status_code == 422
    tag, attrs, _ = focused(response.get_data(as_text=True))
    assert (tag, attrs["id"]) == ("input", "file")
    assert attrs["aria-describedby"] == "file-error" and attrs["aria-invalid"] == "true"


def test_an_expired_upload_puts_the_focus_on_the_file_field_too(client, user):
    response = client.post("/settings/import/confirm", data={"token": "gone"})
    assert response.status_code == 422
    _, attrs, _ = focused(response.get_data(as_text=True))
    assert attrs["id"] == "file" and attrs["aria-describedby"] == "file-error"


def test_a_csv_opens_at_its_title_then_at_the_preview_it_updated(client, user):
    first = client.post("/settings/import", **upload_body({}, "export.csv", HABITBULL.encode()))
    html = first.get_data(as_text=True)
    assert focused(html)[0::2] == ("h1", "Check how Habitory reads this file")
    again = send(client, Fields(html).data, done_values="1", preview="Update the preview")
    assert again.status_code == 200
    assert focused(again.get_data(as_text=True))[0::2] == ("h2", "What would be imported")


def test_a_csv_mapping_in_error_opens_at_the_field_to_correct(client, user):
    html = client.post("/settings/import", **upload_body({}, "export.csv", HABITBULL.encode()))
    fields = Fields(html.get_data(as_text=True)).data
    response = send(client, fields, date_column="", preview="Update the preview")
    assert response.status_code == 422
    tag, attrs, _ = focused(response.get_data(as_text=True))
    assert (tag, attrs["id"], attrs["aria-invalid"]) == ("select", "date_column", "true")
