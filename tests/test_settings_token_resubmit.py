"""Settings → API tokens: one rendering of the form makes at most one token. Reloading the page
that showed a new token (the browser sends the form again) or a double click says the form was
already sent instead of making a second token silently, from whichever browser or session it
comes; a new rendering makes a new token, whatever tokens look like it."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.domain import tokens as token_domain
from habitory.extensions import db
from habitory.models import ApiToken

from .conftest import PASSWORD, AuthActions, client_with, cookies_of

CREATE_FORM = re.compile(r'<form method="post" action="/settings/tokens".*?</form>', re.S)
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'\b(name|value|type)="([^"]*)"')
SECRET = re.compile(r'id="new-token"[^>]*value="(hab_[A-Za-z0-9_-]{43})"'
                    r'|value="(hab_[A-Za-z0-9_-]{43})"[^>]*id="new-token"')
REVOKE = re.compile(r'action="/settings/tokens/(\d+)/revoke"')
ALREADY_SENT = "This form was already sent"


def form_body(html: str, **fields: str) -> dict[str, str]:
    """What a browser sends from the page's create form: its hidden inputs, and `fields`."""
    body = {}
    for tag in INPUT.findall(CREATE_FORM.search(html).group(0)):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden":
            body[attributes["name"]] = attributes.get("value", "")
    return {"scope": "read", "expires": "", **body, **fields}


def listed(client) -> list[int]:
    """The ids of the tokens the listing shows."""
    return [int(i) for i in REVOKE.findall(client.get("/settings/tokens").get_data(as_text=True))]


def secret_in(html: str) -> str | None:
    found = SECRET.search(html)
    return found and (found.group(1) or found.group(2))


def test_sending_the_same_form_twice_makes_one_token_and_says_so(client, user):
    body = form_body(client.get("/settings/tokens").get_data(as_text=True), name="Home Assistant")
    first = client.post("/settings/tokens", data=body)
    assert first.status_code == 201 and secret_in(first.get_data(as_text=True))

    again = client.post("/settings/tokens", data=body)  # the reload of the answer
    html = again.get_data(as_text=True)
    assert again.status_code == 409
    assert (f"{ALREADY_SENT}: the token “Home Assistant” was created then. Its secret was shown "
            "only once; if you did not copy it, revoke it and create a new one.") in html
    assert secret_in(html) is None
    tokens = listed(client)
    assert len(tokens) == 1
    # The notice offers that token's revoke, and a blank form for a new one.
    assert f'action="/settings/tokens/{tokens[0]}/revoke"' in html.split('id="tokens-title"')[0]
    assert form_body(html)["once"] != body["once"]
    assert 'value="Home Assistant"' not in CREATE_FORM.search(html).group(0)

    # A script that never sent the field keeps making a token per request, as before.
    for _ in range(2):
        assert client.post("/settings/tokens", data={"name": "Script", "scope": "read"}
                           ).status_code == 201
    assert len(listed(client)) == 3


def test_a_double_click_whose_first_answer_never_arrived_makes_one_token(app, client, user):
    body = form_body(client.get("/settings/tokens").get_data(as_text=True), name="Phone")
    # Both requests leave with the cookies of before: the second click cancelled the first
    # page, and its answer (with the session that noted the token) was never read.
    before = client_with(app, cookies_of(client))
    assert client.post("/settings/tokens", data=body).status_code == 201
    second = before.post("/settings/tokens", data=body)
    assert second.status_code == 409
    assert f"{ALREADY_SENT}: the token “Phone” was created then." in second.get_data(as_text=True)
    assert len(listed(client)) == 1


def test_the_same_form_sent_many_times_at_once_makes_one_token(app, client, user):
    body = form_body(client.get("/settings/tokens").get_data(as_text=True), name="Laptop")
    browsers = [client_with(app, cookies_of(client)) for _ in range(6)]
    barrier, statuses = threading.Barrier(len(browsers)), []

    def send(browser):
        barrier.wait()
        statuses.append(browser.post("/settings/tokens", data=body).status_code)

    threads = [threading.Thread(target=send, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] + [409] * (len(browsers) - 1)
    assert len(listed(client)) == 1


def test_each_rendering_of_the_form_makes_its_own_token(client, user):
    first_tab = form_body(client.get("/settings/tokens").get_data(as_text=True), name="Phone")
    second_tab = form_body(client.get("/settings/tokens").get_data(as_text=True), name="Phone")
    assert first_tab.get("once") != second_tab.get("once")
    made = client.post("/settings/tokens", data=second_tab)
    assert made.status_code == 201
    # Two pages shown before either was sent: both make their token, even with the same name.
    assert client.post("/settings/tokens", data=first_tab).status_code == 201
    assert len(listed(client)) == 2
    # The form on the answer's page is a new rendering too.
    after = form_body(made.get_data(as_text=True), name="Watch")
    assert client.post("/settings/tokens", data=after).status_code == 201
    assert client.post("/settings/tokens", data=after).status_code == 409
    assert client.post("/settings/tokens", data=first_tab).status_code == 409
    assert len(listed(client)) == 3


def test_a_value_used_by_one_user_does_not_block_another(app, client, auth, user):
    body = form_body(client.get("/settings/tokens").get_data(as_text=True), name="Shared")
    assert client.post("/settings/tokens", data=body).status_code == 201
    assert client.post("/settings/tokens", data=body).status_code == 409
    auth.logout()
    auth.register(email="bob@example.com")
    made = client.post("/settings/tokens", data=body)
    assert made.status_code == 201 and secret_in(made.get_data(as_text=True))
    assert len(listed(client)) == 1
    # Another person's browser, which never saw Ada's session, too.
    elsewhere = app.test_client()
    AuthActions(elsewhere).register(email="cy@example.com")
    assert elsewhere.post("/settings/tokens", data=body).status_code == 201
    auth.logout()
    auth.login()
    assert len(listed(client)) == 1


def test_a_form_sent_again_after_its_token_was_revoked_makes_none(client, user):
    body = form_body(client.get("/settings/tokens").get_data(as_text=True), name="Old laptop")
    assert client.post("/settings/tokens", data=body).status_code == 201
    (token_id,) = listed(client)
    assert client.post(f"/settings/tokens/{token_id}/revoke").status_code == 303
    again = client.post("/settings/tokens", data=body)
    assert again.status_code == 409
    assert (f"{ALREADY_SENT}, and the token created then has been revoked since. Create a new one "
            "below if you need it.") in again.get_data(as_text=True)
    assert listed(client) == []


def test_the_new_secret_takes_the_focus_and_says_it_is_shown_once(client, user):
    body = form_body(client.get("/settings/tokens").get_data(as_text=True), name="Phone")
    html = client.post("/settings/tokens", data=body).get_data(as_text=True)
    secret_box = re.search(r'<input id="new-token"[^>]*>', html).group(0)
    # Focused on arrival (Ctrl+A, Ctrl+C copy it), and its focus reads out the warning.
    assert " autofocus" in secret_box and "readonly" in secret_box
    described = re.search(r'aria-describedby="([^"]+)"', secret_box).group(1)
    assert re.search(rf'id="{described}"[^>]*>Copy it now: it is not shown again', html)
    # Enter in the form below does not make another token: it is blank, of a new rendering.
    form = CREATE_FORM.search(html).group(0)
    assert 'value="Phone"' not in form and form_body(html)["once"] != body["once"]


def test_a_reload_with_csrf_on_is_refused_as_already_sent(make_app):
    browser = make_app(WTF_CSRF_ENABLED=True).test_client()
    page = browser.get("/register").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert browser.post("/register", data={
        "csrf_token": csrf, "email": "ada@example.com", "password": PASSWORD,
        "confirm": PASSWORD, "timezone": "UTC"}).status_code == 303
    body = form_body(browser.get("/settings/tokens").get_data(as_text=True), name="Home")
    assert body["csrf_token"]
    assert browser.post("/settings/tokens", data=body).status_code == 201
    assert browser.post("/settings/tokens", data=body).status_code == 409
    assert len(listed(browser)) == 1


def logged_in_elsewhere(app):
    """Ada's other browser: a session of its own, which never saw the first one's forms."""
    browser = app.test_client()
    assert AuthActions(browser).login().status_code == 303
    return browser


def test_two_browsers_each_make_their_token_with_the_same_fields(app, client, user):
    laptop, phone = client, logged_in_elsewhere(app)
    on_laptop = form_body(laptop.get("/settings/tokens").get_data(as_text=True), name="Home")
    on_phone = form_body(phone.get("/settings/tokens").get_data(as_text=True), name="Home")
    first = laptop.post("/settings/tokens", data=on_laptop)
    assert first.status_code == 201
    # The same name, access and expiry a moment later, from a fresh form in another browser:
    # not the first form sent again, so a token of its own, shown with its secret.
    second = phone.post("/settings/tokens", data=on_phone)
    html = second.get_data(as_text=True)
    assert second.status_code == 201 and ALREADY_SENT not in html
    assert secret_in(html) and secret_in(html) != secret_in(first.get_data(as_text=True))
    assert len(listed(laptop)) == len(listed(phone)) == 2


def test_a_form_sent_again_from_a_new_session_names_its_token(app, client, user):
    body = form_body(client.get("/settings/tokens").get_data(as_text=True), name="Phone")
    assert client.post("/settings/tokens", data=body).status_code == 201
    (token_id,) = listed(client)
    assert client.post("/settings/tokens", data=body).status_code == 409
    # An hour later, logged in anew (the session that saw the form sent is gone), the page from
    # the browser's history is sent again: still that form, still no second token.
    made = db.session.get(ApiToken, token_id)
    made.created_at -= timedelta(hours=1)
    db.session.commit()
    later = logged_in_elsewhere(app)
    again = later.post("/settings/tokens", data=body)
    html = again.get_data(as_text=True)
    assert again.status_code == 409 and secret_in(html) is None
    assert f"{ALREADY_SENT}: the token “Phone” was created then." in html
    assert f'action="/settings/tokens/{token_id}/revoke"' in html.split('id="tokens-title"')[0]
    assert listed(later) == [token_id]
    # A fresh form there still makes one, named like it or not.
    fresh = form_body(html, name="Phone")
    assert later.post("/settings/tokens", data=fresh).status_code == 201
    assert len(listed(client)) == 2


@pytest.mark.parametrize("once", ["1764072000." + "A" * 22 + "x" * 5_000,
                                  "1764072000.\x00" + "A" * 21, "", "%00" * 40])
def test_a_junk_value_is_taken_for_no_value(client, user, once):
    """A value the page never drew (mangled, huge, unprintable) makes a token each time, as a
    script's request without one does, and is kept nowhere."""
    for _ in range(2):
        answer = client.post("/settings/tokens", data={"name": "Script", "scope": "read",
                                                       "once": once})
        assert answer.status_code == 201
    assert len(listed(client)) == 2
    assert db.session.scalars(sa.select(ApiToken.form_once)).all() == [None, None]


def test_only_a_sane_value_is_kept_and_only_as_a_hash(user):
    assert token_domain.form_mark("x" * 65) is None
    assert token_domain.form_mark("abc\u200bdef") is None
    assert token_domain.form_mark("abc\ndef") is None
    assert token_domain.form_mark(None) is None
    token, _secret = token_domain.create(user.id, "Phone", "read", form_once="a" * 64)
    assert token.form_once == token_domain.form_mark("a" * 64)
    assert len(token.form_once) == 64 and token.form_once != "a" * 64
    assert token_domain.made_by_form([token], "a" * 64) is token
    assert token_domain.made_by_form([token], "a" * 63) is None
