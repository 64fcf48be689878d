"""axe-core at every impact (minor and moderate too: heading order, landmarks, regions) on every
page a user reaches, on a phone, in German (long words), for an account with a long address
and a long habit name (none may make the page scroll sideways), and their contrast in the dark
theme too. tests/browser/test_browser_accessibility.py holds the serious and critical rules on
Today's states; this one holds the rest of the pages to all of them."""

from __future__ import annotations

import pytest
from browser_support import WATER, choose_language, scroll_width
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
EMAIL = "marie-christine.vandenberghe-oppenheimer@sehr-lange-domain.example.com"
LONG_NAME = "Donaudampfschifffahrtsgesellschaftskapitänsmützenreinigung"
# The checks a page must have been put through (not only "found nothing"): every control
# labelled, images named or hidden, headings in order, landmarks, the page's language.
REQUIRED_RULES = {"label", "select-name", "image-alt", "svg-img-alt", "heading-order", "region",
                  "landmark-one-main", "landmark-unique", "html-has-lang", "html-lang-valid",
                  "color-contrast", "link-name", "button-name", "page-has-heading-one"}
# The dark theme changes colours only: its run checks contrast alone, and leaves out the
# pages of a year's cells (a habit's, the calendar), which test_browser_accessibility.py
# checks in both themes (axe takes ~15 s over their hundreds of buttons).
CONTRAST = {"runOnly": ["color-contrast"]}

def axe_everything(page, options=None) -> tuple[list[str], set[str]]:
    from axe_playwright_python.sync_playwright import Axe

    if not page.evaluate("() => typeof window.axe === 'object' && !!window.axe.run"):
        page.evaluate(Axe().axe_script)
    result = page.evaluate("options => axe.run(document, options || {})", options)
    found = [f"{v['id']} ({v['impact']}): {v['help']} on "
             + ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
             for v in result["violations"]]
    ran = {r["id"] for kind in ("violations", "passes", "incomplete", "inapplicable")
           for r in result[kind]}
    return found, ran


def test_every_page_passes_every_axe_rule(new_page, register, give_habits, live_server,
                                          browser_watch):
    browser_watch.allow_http_error(404, r"/no-such-page")
    visitor = new_page(**PHONE)
    page = new_page(**PHONE)
    register(page, EMAIL)
    ids = give_habits(EMAIL, [{"name": LONG_NAME, "colour": "violet"}, WATER,
                              {"name": "Laufen", "kind": "quit"}])
    choose_language(page, "de")

    pages = [(visitor, p) for p in ("/login", "/register")] + [(page, p) for p in (
        "/", "/calendar", "/insights", f"/habits/{ids[1]}",
        f"/habits/{ids[0]}/edit", f"/habits/{ids[0]}/actions", f"/habits/{ids[0]}/delete",
        "/habits/new", "/habits/archived", "/notifications", "/settings", "/settings/account",
        "/settings/import", "/settings/tokens", "/offline", "/no-such-page")]
    heavy = ("/calendar", f"/habits/{ids[1]}")
    problems, ran = [], set()
    for theme in ("light", "dark"):
        for who, path in pages:
            if theme == "dark" and path in heavy:
                continue
            who.context.add_cookies([{"name": "theme", "value": theme, "url": live_server}])
            who.goto(path)
            expect(who.locator("html")).to_have_attribute("data-theme", theme)
            found, checked = axe_everything(who, None if theme == "light" else CONTRAST)
            ran |= checked
            if theme == "light" and scroll_width(who) > PHONE["viewport"]["width"]:
                problems.append(f"{path}: the page scrolls sideways ({scroll_width(who)} px)")
            problems += [f"[{theme}] {path}: {line}" for line in found]
    assert not problems, "\n".join(problems)
    assert ran >= REQUIRED_RULES, f"not run: {REQUIRED_RULES - ran}"
