"""Every plain form's POST that redirects answers 303 See Other (the README's contract): a 302
lets a client repeat the POST at the new address."""

from __future__ import annotations

import pytest


def test_posting_login_or_register_while_signed_in_is_a_303(client, user):
    for path in ("/login", "/register"):
        response = client.post(path, data={"email": "x@example.com", "password": "whatever"})
        assert response.status_code == 303, path
        assert response.headers["Location"].endswith("/")


def test_the_push_test_answers_303_back_to_its_settings(client, user):
    response = client.post("/push/test")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/settings#push-title")


def test_a_signed_out_post_goes_to_the_login_page_with_a_303(client):
    response = client.post("/habits", data={"name": "Read"})
    assert response.status_code == 303
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("signed_in", [False, True])
def test_no_post_route_answers_302(app, client, auth, frozen_now, signed_in):
    """Each POST rule of the web pages, posted empty: whatever it says, never a 302."""
    if signed_in:
        auth.register()
    rules = [rule for rule in app.url_map.iter_rules()
             if "POST" in rule.methods and not rule.rule.startswith("/api/")
             and rule.rule != "/logout"]
    assert len(rules) > 20
    for rule in rules:
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", "1").replace(f"<{name}>", "x")
        response = client.post(path, data={})
        assert response.status_code != 302, (path, response.status_code)
