"""The CSV import's mapping preview and the notice before a Loop export, in a real browser:
corrected and imported without JavaScript, accessible, and pictured at 390 and 1280 px in both
themes (test-artifacts/)."""

from __future__ import annotations

import pytest
from browser_support import TODAY_URL
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
HABITBULL = (
    "HabitName,HabitDescription,HabitCategory,CalendarDate,Value,CommentText\n"
    "Breed dragons,with love and fire,Diet & Food,2026-03-18,1,text\n"
    "Breed dragons,with love and fire,Diet & Food,2026-03-19,1,\n"
    "Pushups,,Fitness,2026-03-15,30,\n"
    "Pushups,,Fitness,2026-03-16,100,\n"
    "No-arms pushup,Become like water,Fitness,2026-03-15,1,\n"
    "No-arms pushup,Become like water,Fitness,2026-03-15,1,\n"
)


def upload(page, content: str, name: str = "habitbull.csv") -> None:
    page.goto("/settings/import")
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv",
                                          "buffer": content.encode()}])
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Check how Habitory reads this file")).to_be_visible()


def test_correct_the_mapping_and_import_without_javascript(new_page, register):
    page = new_page(java_script_enabled=False)
    register(page)
    upload(page, "date;habit\n03/04/2026;Read\n05/04/2026;Read\n", "sheet.csv")
    expect(page.locator("#separator")).to_have_value(";")
    expect(page.locator("#csv-result")).to_contain_text("2026-04-03 – 2026-04-05")
    page.locator("#date_format").select_option("%m/%d/%Y")
    page.get_by_role("button", name="Update the preview").click()
    expect(page.locator("#csv-result")).to_contain_text("2026-03-04 – 2026-05-04")
    page.get_by_role("button", name="Import").click()
    expect(page).to_have_url(TODAY_URL)
    expect(page.locator("#messages")).to_contain_text("Imported 1 new habit")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_import_mapping_and_loop_notice_screenshots(size, new_page, register, give_habits,
                                                    screenshot, live_server, axe_check):
    mobile = size != "1280"
    page = new_page(viewport=VIEWPORTS[size], is_mobile=mobile, has_touch=mobile)
    email = register(page)
    give_habits(email, [{"name": "Gym", "weekdays": 0b10101, "icon": "🏋️"},
                        {"name": "No sugar", "kind": "quit"}, {"name": "Read", "icon": "📚"}])
    for theme in ("light", "dark"):
        page.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
        upload(page, HABITBULL)
        expect(page.locator("html")).to_have_attribute("data-theme", theme)
        expect(page.locator("#csv-result")).to_contain_text("3 habits")
        page.locator("body").click(position={"x": 2, "y": 200})
        assert screenshot(page, f"import-mapping-{theme}-{size}").stat().st_size > 0
        page.goto("/settings/export/loop")
        expect(page.locator("#loop-losses")).to_contain_text("“Mon, Wed, Fri” becomes “3× a week”")
        page.locator("body").click(position={"x": 2, "y": 200})
        assert screenshot(page, f"export-loop-notice-{theme}-{size}").stat().st_size > 0
    upload(page, HABITBULL)
    axe_check(page)
    page.goto("/settings/export/loop")
    axe_check(page)
