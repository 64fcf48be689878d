"""Set for HTTPS (HABITORY_SECURE_COOKIES), every cookie Habitory writes is Secure, as the
README promises: none of them may travel over plain HTTP."""

from __future__ import annotations

from .conftest import PASSWORD, AuthActions


def test_every_cookie_is_secure_when_the_app_is_set_for_https(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    browser = app.test_client()
    written = []
    written += AuthActions(browser).register().headers.getlist("Set-Cookie")
    written += browser.post("/settings/language", data={
        "language": "de", "week_start": ""}).headers.getlist("Set-Cookie")
    written += browser.post("/settings/theme", data={"theme": "dark"}).headers.getlist(
        "Set-Cookie")
    browser.post("/logout")
    written += AuthActions(browser).login(password=PASSWORD, remember=True).headers.getlist(
        "Set-Cookie")
    names = {cookie.split("=", 1)[0] for cookie in written}
    assert {"session", "language", "theme", "remember_token"} <= names
    assert [cookie for cookie in written if "; Secure" not in cookie] == []
