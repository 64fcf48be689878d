"""/api/v1/notifications and /api/v1/export: the bell's cards, and your data as files."""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask import current_app, request, stream_with_context
from flask_babel import gettext as _
from spectree import Response

from habitory.api import bp, paging
from habitory.api.access import user
from habitory.api.problems import ApiProblem
from habitory.api.spec import spec
from habitory.api.summaries import (
    ExportQuery,
    NotificationList,
    NotificationOut,
    NotificationsQuery,
)
from habitory.clock import user_today
from habitory.domain import notifications
from habitory.models import Notification
from habitory.portability import exports

NOTIFICATION = "<int:notification_id>"


def notification_out(item: Notification) -> NotificationOut:
    return NotificationOut(
        id=item.id, kind=item.kind, category=item.category, severity=item.severity,
        title=item.title, body=item.body, habit_id=item.habit_id,
        created_at=item.created_at.isoformat(timespec="seconds") + "Z",
        read=item.read_at is not None)


@bp.get("/v1/notifications")
@spec.validate(query=NotificationsQuery, resp=Response(HTTP_200=NotificationList),
               tags=["notifications"])
def list_notifications():
    """Your notifications, unread first, newest first within each (`?unread=true`: only the
    unread); the first 50 unless `?limit=` and `?offset=` take them a page at a time, the
    next page named by the Link header."""
    query = request.context.query
    items, more = notifications.window_of(user().id, query.offset,
                                          query.limit or notifications.PAGE_SIZE, query.unread)
    page = NotificationList([notification_out(n) for n in items])
    return paging.answer(page, paging.page_links("api.list_notifications", query, more))


@bp.post(f"/v1/notifications/{NOTIFICATION}/read")
@spec.validate(resp=Response(HTTP_200=NotificationOut), tags=["notifications"])
def read_notification(notification_id: int):
    """Mark a notification read (again is harmless)."""
    item = notifications.owned(user().id, notification_id)
    if item is None:
        raise ApiProblem(404, _("Not found"), _("You have no notification with id %(id)s.",
                                                id=notification_id))
    notifications.mark_read(item)
    return notification_out(item)


@bp.get("/v1/export")
@spec.validate(query=ExportQuery, tags=["export"])
def export():
    """The same files as Settings → export: `json` (Habitory backup), `csv` (check-ins),
    `loop` (Loop Habit Tracker's zip) or `loop_db` (the backup the Loop app imports)."""
    owner = user()
    fmt = request.context.query.format
    today = user_today(owner)
    folder = exports.working_folder(current_app.config, current_app.instance_path)
    response = FlaskResponse(
        stream_with_context(exports.export_stream(owner.id, fmt, today, folder)),
        mimetype=exports.EXPORTS[fmt][0])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{exports.file_name(fmt, today)}"')
    return response
