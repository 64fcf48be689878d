"""GET /notifications and the card actions: read, read all, dismiss; the badge poll."""

from __future__ import annotations

import json

from flask import abort, flash, g, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from habitory.domain import notifications
from habitory.errors import error_response
from habitory.htmx import fragment_only, is_htmx, page_or_fragment, redirect_back
from habitory.i18n import notification_text
from habitory.notifications import bp

ID_MAX = 2**31 - 1  # PostgreSQL's INTEGER, like the <int:...> URL converter


def id_arg(name: str) -> int | None:
    """An id from the query string: None when absent or blank, a 400 with a message when it is
    anything but a whole number an id column can hold (a larger one overflows the database)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 10 and int(raw) <= ID_MAX):
        abort(make_response(error_response(
            400, _("Bad address"), _("“%(name)s” must be a whole number from 0 to %(most)s.",
                                     name=name, most=ID_MAX))))
    return int(raw)


def _owned_or_404(notification_id: int):
    notification = notifications.owned(current_user.id, notification_id)
    if notification is None:
        abort(404)
    return notification


@bp.get("/notifications")
@login_required
def index():
    """Cards, unread first then newest first, fifty at a time with "load more"."""
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), 1_000_000)
    items, more = notifications.page_of(current_user.id, page)
    fragment = "partials/notification_page.html" if page > 1 else "partials/notification_list.html"
    return page_or_fragment(
        "notifications/index.html", fragment, items=items, more=more, page=page,
        unread=notifications.unread_count(current_user.id),
    )


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    """Mark one card read; htmx swaps the card and the badge."""
    notification = _owned_or_404(notification_id)
    notifications.mark_read(notification)
    if not is_htmx():
        flash(_("Notification marked as read."), "success")
        return redirect_back("notifications.index")
    return _with_badge("partials/notification_card.html", n=notification)


@bp.post("/notifications/<int:notification_id>/delete")
@login_required
def delete(notification_id: int):
    """Dismiss a card for good."""
    notifications.dismiss(_owned_or_404(notification_id))
    if not is_htmx():
        flash(_("Notification dismissed."), "success")
        return redirect_back("notifications.index")
    if not notifications.has_any(current_user.id):  # the last card went: say what will come
        return _with_badge("partials/notification_list.html", items=[], more=False, page=1,
                           unread=0, list_oob=True)
    return _with_badge(None)


@bp.post("/notifications/read-all")
@login_required
def read_all():
    """Mark every card read."""
    count = notifications.mark_all_read(current_user.id)
    message = ngettext("Marked %(num)d notification read.", "Marked %(num)d notifications read.",
                       count)
    if not is_htmx():
        flash(message, "success")
        return redirect_back("notifications.index")
    g.pop("notification_summary", None)
    items, more = notifications.page_of(current_user.id, 1)
    return _with_badge("partials/notification_list.html", items=items, more=more, page=1,
                       unread=0, message=message)


@bp.get("/notifications/badge")
@fragment_only
@login_required
def badge():
    """The unread badge, polled every minute; new cards since `after` ride along as an event
    so the tab can show them as desktop notifications when the user allowed it."""
    response = make_response(render_template(
        "partials/notification_badge.html", unread=notifications.unread_count(current_user.id)))
    after = id_arg("after")
    if after is not None:
        fresh = notifications.newer_unread(current_user.id, after)
        if fresh:
            response.headers["HX-Trigger"] = json.dumps({"habitory:new-notifications": [
                {"id": n.id, **dict(zip(("title", "body"), notification_text(n), strict=True))}
                for n in fresh]})
    return response


def _with_badge(template: str | None, **context):
    g.pop("notification_summary", None)  # the badge counts again after a change
    body = render_template(template, **context) if template else ""
    unread = notifications.unread_count(current_user.id)
    body += render_template("partials/notification_badge.html", oob=True, unread=unread)
    if template != "partials/notification_list.html":  # the list holds its own
        body += render_template("partials/notification_read_all.html", oob=True, unread=unread)
    return body
