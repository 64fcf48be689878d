"""GET /manifest.webmanifest, /sw.js and /state-words.json; POST /push/subscriptions (and delete,
and a test)."""

from __future__ import annotations

import os

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    send_from_directory,
    url_for,
)
from flask.globals import request_ctx
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from habitory.domain import push
from habitory.errors import error_response
from habitory.extensions import limiter
from habitory.i18n import browser_locale, locale_name
from habitory.pwa import bp, delivery
from habitory.pwa.forms import EndpointForm, SubscriptionForm
from habitory.wording import offline_state_words

# DESIGN.md's light page background: the splash screen and the browser's bar (the dark theme's
# colour is set per page: partials/pwa_head.html).
LIGHT_BACKGROUND = "#FFFFFF"
ICON_SIZES = (192, 512)


def _icon(name: str, size: int, purpose: str) -> dict:
    return {"src": url_for("static", filename=f"icons/{name}"), "sizes": f"{size}x{size}",
            "type": "image/png", "purpose": purpose}


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest: name, icons, colours; what makes Habitory installable."""
    body = {
        "id": "/",
        # The language of the words below (the request's, as <html lang> says it); every
        # language Habitory speaks is written left to right.
        "lang": locale_name().replace("_", "-"),
        "dir": "ltr",
        "name": "Habitory",
        "short_name": "Habitory",
        "description": _("Your habits, day by day, on your own server."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": LIGHT_BACKGROUND,
        "theme_color": LIGHT_BACKGROUND,
        "icons": [*(_icon(f"icon-{size}.png", size, "any") for size in ICON_SIZES),
                  _icon("maskable-512.png", 512, "maskable")],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    # The words follow the reader's language (i18n.py adds this to HTML pages only).
    response.vary.add("Accept-Language")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker, from the root so that its scope is the whole app."""
    response = send_from_directory(os.path.join(current_app.static_folder, "js"), "sw.js",
                                   mimetype="text/javascript", max_age=0)
    # Always revalidated: a new version must reach browsers on their next visit.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/state-words.json")
def state_words():
    """A day's states in the reader's language, for a label drawn offline (offline_words.js):
    fetched once per language while online and kept, so that a state no page has shown yet
    ("skipped" on a new account) is not said in English offline."""
    response = jsonify({"lang": locale_name().replace("_", "-"), "states": offline_state_words()})
    # The language is the account's or the browser's: never one reader's for another.
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.post("/push/subscriptions")
@login_required
def subscribe():
    """Remember this browser's push subscription for the current user."""
    form = SubscriptionForm()
    if not form.validate_on_submit():
        return error_response(422, _("Not subscribed"), form.first_error())
    push.subscribe(current_user.id, form.endpoint.data, form.p256dh.data, form.auth.data,
                   browser_locale())
    return "", 204


@bp.post("/push/subscriptions/delete")
@login_required
def unsubscribe():
    """Forget this browser's subscription (only the current user's own)."""
    form = EndpointForm()
    if not form.validate_on_submit():
        return error_response(422, _("Not unsubscribed"), str(form.endpoint.errors[0]))
    push.unsubscribe(current_user.id, form.endpoint.data)
    return "", 204


def _per_account() -> str:
    return f"push-test:{current_user.get_id()}"


@bp.post("/push/test")
@login_required
# Each press posts to push services the user chose, and waits for them: a script pressing it
# in a loop would keep a web worker busy with other people's servers.
@limiter.limit(lambda: current_app.config["PUSH_TEST_LIMIT"], key_func=_per_account)
def test_push():
    """Send a test notification to every browser the user subscribed (a plain form)."""
    # No fields: CSRFProtect checks the token of every POST before this runs.
    # The result is flashed as push-*: Settings shows it beside the button, where the page
    # comes back to (partials/push_settings.html), not at the top.
    devices = push.count_of(current_user.id)
    sent = delivery.deliver(current_user.id, {
        "title": _("Habitory"), "body": _("Notifications reach this device."), "url": "/",
        "tag": "test",
    })
    if not devices:
        flash(_("No device received it: turn notifications on for this device first."),
              "push-error")
    elif sent == devices:
        flash(ngettext("A test notification went to %(num)d device.",
                       "A test notification went to %(num)d devices.", sent), "push-success")
    elif devices == 1:
        flash(_("Your device's push service did not take the test notification. Try again in "
                "a minute; if it still fails, turn notifications off and on again on that "
                "device."), "push-error")
    else:
        # Said so that a user with a dead old phone among their devices knows which is which.
        flash(ngettext("A test notification went to %(sent)d of your %(num)d device; the "
                       "others' push services did not take it.",
                       "A test notification went to %(sent)d of your %(num)d devices; the "
                       "others' push services did not take it.", devices, sent=sent),
              "push-error" if not sent else "push-success")
    return redirect(url_for("settings.preferences") + "#push-title", code=303)


@bp.get("/offline")
def offline():
    """What the service worker shows for a page it has not saved, in the user's language."""
    # The worker fetches this in the background (as it installs, often while the user signs
    # in or out): the page must leave the messages waiting for the page the user sees ("You
    # are logged out", "Welcome"), and so the session untouched (no Set-Cookie that could
    # arrive after the sign-in's and undo it).
    request_ctx.flashes = []
    return render_template("pwa/offline.html")
