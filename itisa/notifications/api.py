"""Inbox endpoints (the current user's notifications, mark one or all as read) and the to-do list."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import DomainError, NotFound
from itisa.core.inputs import Id
from itisa.core.responses import errors
from itisa.notifications import services
from itisa.notifications.schemas import (
    MarkedOut,
    NotificationFilterIn,
    NotificationOut,
    TodoFilterIn,
    TodoListOut,
)
from itisa.notifications.selectors import inbox_of, notification_get
from itisa.notifications.todo import todo_kinds, todos_for

router = Router(tags=["notifications"])


@router.get("/notifications", response={200: list[NotificationOut], **errors(401, 422)}, auth=AUTHENTICATED)
@paginate
def notification_list(request: HttpRequest, filters: Query[NotificationFilterIn]) -> Any:
    """The current user's notifications, newest first."""
    return inbox_of(viewer(request), unread=filters.unread)


@router.post(
    "/notifications/read-all", response={200: MarkedOut, **errors(401, 403, 413)}, auth=AUTHENTICATED
)
def notification_read_all(request: HttpRequest) -> Any:
    return {"marked": services.notifications_mark_all_read(by=viewer(request))}


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **errors(401, 403, 404, 413, 422)},
    auth=AUTHENTICATED,
)
def notification_read(request: HttpRequest, notification_id: Id) -> Any:
    """Someone else's notification is not found (404), as if it did not exist."""
    notification = notification_get(viewer(request), notification_id)
    if notification is None:
        raise NotFound(_("No such notification."))
    return services.notification_mark_read(by=viewer(request), notification=notification)


@router.get("/todo", response={200: TodoListOut, **errors(401, 422)}, auth=AUTHENTICATED)
def todo_list(request: HttpRequest, filters: Query[TodoFilterIn]) -> Any:
    """The current user's to-do list (待办), overdue first, then by due date; not paginated (it is
    what one person must do now). An unknown ``kind`` is a validation error (422)."""
    if filters.kind and filters.kind not in {k.code for k in todo_kinds()}:
        raise DomainError(
            _("Unknown kind of duty."),
            fields={
                "kind": [_("Use one of: %(kinds)s.") % {"kinds": ", ".join(k.code for k in todo_kinds())}]
            },
        )
    items = todos_for(viewer(request), kind=filters.kind)
    return {"count": len(items), "items": items}
