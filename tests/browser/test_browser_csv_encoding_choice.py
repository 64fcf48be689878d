"""The CSV import's encoding select in a real browser: a Shift_JIS file that Habitory read as
Windows-1252 is read again as Shift_JIS and imported without JavaScript; the page, with the
select, is accessible and pictured at 390 and 1280 px in both themes; on a phone the closed
select shows the whole name of the encoding chosen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import TODAY_URL
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
MEDITATION = "date,habit\n2026-03-01,瞑想\n2026-03-02,瞑想\n".encode("cp932")
SHOTS = Path(os.environ.get("ENCODING_SHOTS", "test-artifacts"))


def upload(page, content: bytes) -> None:
    page.goto("/settings/import")
    page.set_input_files("#file", files=[{"name": "瞑想.csv", "mimeType": "text/csv",
                                          "buffer": content}])
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Check how Habitory reads this file")).to_be_visible()


def test_choose_shift_jis_read_again_and_import_without_javascript(new_page, register):
    page = new_page(java_script_enabled=False)
    register(page)
    upload(page, MEDITATION)
    select = page.get_by_label("Encoding of the file")
    expect(select).to_have_value("cp1252")
    select.select_option(label="Shift_JIS (Japanese)")
    page.get_by_role("button", name="Read again").click()
    expect(page.locator("table")).to_contain_text("瞑想")
    expect(page.locator("#csv-result")).to_contain_text("瞑想 · yes/no · 2 days")
    expect(page.get_by_label("Encoding of the file")).to_have_value("cp932")
    page.get_by_role("button", name="Import").click()
    expect(page).to_have_url(TODAY_URL)
    expect(page.locator("#messages")).to_contain_text("Imported 1 new habit")
    expect(page.get_by_role("link", name="瞑想", exact=True)).to_be_visible()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_encoding_select_pictured_and_accessible(size, new_page, register, live_server,
                                                     axe_check, browser_watch):
    mobile = size != "1280"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    register(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for theme in ("light", "dark"):
        page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        upload(page, MEDITATION)
        expect(page.locator("html")).to_have_attribute("data-theme", theme)
        expect(page.locator("#csv-encoding")).to_contain_text("Windows-1252 (Western European)")
        page.screenshot(path=SHOTS / f"encoding-guessed-{theme}-{size}.png", full_page=True)
    # A choice that cannot read the bytes: the message at the select.
    browser_watch.allow_http_error(422, "/settings/import/csv")
    page.get_by_label("Encoding of the file").select_option("utf-8")
    page.get_by_role("button", name="Read again").click()
    expect(page.locator("#encoding-error")).to_contain_text("cannot be read as UTF-8")
    page.screenshot(path=SHOTS / f"encoding-error-dark-{size}.png", full_page=True)
    axe_check(page)


def test_every_encoding_is_named_whole_in_the_closed_select_on_a_phone(new_page, register):
    page = new_page(viewport=VIEWPORTS["390"], is_mobile=True, has_touch=True)
    register(page)
    upload(page, MEDITATION)
    select = page.get_by_label("Encoding of the file")
    expect(select).to_have_value("cp1252")
    assert cut_options(select) == []  # "Windows-1252 (Western European)" lost its bracket


def test_every_mapping_choice_is_named_whole_on_a_desktop(new_page, register):
    page = new_page(viewport=VIEWPORTS["1280"])
    register(page)
    upload(page, MEDITATION)
    cut = {page.evaluate("s => s.labels[0]?.textContent.trim() || s.name", s.element_handle()):
           cut_options(s) for s in page.locator("select:visible").all()}
    assert {label: options for label, options in cut.items() if options} == {}
    # was: Value column's "None: every row is a done day" cut in the two-column grid


def cut_options(select) -> list[str]:
    """The options of a <select> whose text would be cut in it when chosen. A select's
    scrollWidth never exceeds its clientWidth (its text is cut, not overflowed), so each option
    is measured alone in a copy of the select sized to its content (text, padding and arrow),
    beside the select, and that width must fit the select's."""
    return select.evaluate("""select => [...select.options].filter(option => {
        const alone = select.cloneNode(false);
        for (const name of ["id", "name", "form"]) alone.removeAttribute(name);
        alone.append(option.cloneNode(true));
        alone.style.position = "absolute";
        alone.style.width = "auto";
        select.after(alone);
        const needed = alone.getBoundingClientRect().width;
        alone.remove();
        return needed > select.getBoundingClientRect().width;
    }).map(option => option.text)""")
