"""Who may read and mark a notification: its recipient only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from itisa.core.decisions import Decision
from itisa.notifications.models import Notification

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer


def can_read_notification(user: Viewer, notification: Notification) -> Decision:
    """A notification is private to its recipient; not even national officers read other inboxes."""
    if user is None or not user.is_authenticated:
        return Decision.deny(_("You must log in first."))
    if notification.recipient_id == user.pk:
        return Decision.allow(_("This notification was sent to you."))
    return Decision.deny(_("Only its recipient may read a notification."))
