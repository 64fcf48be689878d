"""Every page a user can open, error pages included, runs its vendored and own JavaScript
under the strict CSP without a single violation; and a habit named like an attack stays text
everywhere it is drawn, tooltips and charts included (a payload that became markup would be
blocked by the CSP and reported here as a violation, or would set the flag)."""

from __future__ import annotations

import pytest
from browser_support import settled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=window.__pwned=1>"
# Added by the browser itself (Playwright), so the CSP does not apply to it.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
});
"""


def test_every_page_runs_under_the_csp_and_hostile_names_stay_text(
        page, register, add_habit, browser_watch):
    page.context.add_init_script(RECORD_VIOLATIONS)
    register(page)
    habit_id = add_habit(page, f"Read {PAYLOAD}")
    page.locator(f"#habit-{habit_id} button[aria-pressed]").first.click()
    settled(page)
    browser_watch.allow_http_error(404, "/nowhere")
    browser_watch.allow_http_error(405, "/logout")
    pages = ["/", f"/habits/{habit_id}", f"/habits/{habit_id}/edit", "/calendar",
             "/insights", "/insights?period=all", "/notifications", "/settings",
             "/settings/account", "/settings/tokens", "/settings/import", "/habits/archived",
             "/offline", "/api/docs", "/nowhere", "/logout"]
    for path in pages:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__violations") == [], path
        assert page.evaluate("() => window.__pwned") is None, path
    # The name is shown as typed, where it is shown.
    page.goto("/")
    expect(page.get_by_role("link", name=f"Read {PAYLOAD}", exact=True)).to_be_visible()
