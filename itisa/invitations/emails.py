"""The invitation e-mail, in the invitation's language, with the link that carries the secret.

It is sent after the transaction commits (``transaction.on_commit``), not through the worker's task
queue: a queued task keeps its arguments in the database, and the secret must never be stored (only its
digest is). The invitee may have no account yet, so ``notifications.notify`` (an inbox row per user)
does not fit.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from itisa.core.formats import daytime
from itisa.invitations.models import Invitation

logger = logging.getLogger(__name__)


def accept_url(secret: str, language: str) -> str:
    """The absolute address of the accept page in ``language`` (``/en/…`` for English)."""
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse("invitations:accept", args=[secret])


def invitation_message(invitation: Invitation, secret: str) -> tuple[str, str]:
    """The subject and body, in the invitation's language."""
    with translation.override(invitation.language):
        inviter = invitation.invited_by
        values = {
            "role": invitation.get_role_display(),
            "scope": invitation.scope_label(),
            "inviter": (inviter.person_name or inviter.username) if inviter else _("The ITISA administrator"),
            "expires": daytime(invitation.expires_at),
            "link": accept_url(secret, invitation.language),
        }
        subject = _("Invitation: %(role)s, %(scope)s") % values
        body = (
            _(
                "%(inviter)s invites you to take the role of %(role)s (%(scope)s) on the Industrial Technology "
                "Innovation Strategic Alliance Management Platform.\n\n"
                "To accept, open this link before %(expires)s (Beijing time); you may sign in or create an "
                "account there:\n\n%(link)s\n\n"
                "The link works once. If you did not expect this invitation, ignore this message."
            )
            % values
        )
    return subject, body


def send_invitation(invitation_id: int, secret: str) -> bool:
    """E-mail the invitation's link to its address; False (logged) when the mail server refuses."""
    invitation = Invitation.objects.select_related("alliance", "organisation", "invited_by").get(
        pk=invitation_id
    )
    subject, body = invitation_message(invitation, secret)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("invitation %s: e-mail failed", invitation_id)
        return False
    return True
