"""Helpers shared by the pilot-program services: hostile PDF uploads, labels, telling the alliance."""

from __future__ import annotations

import hashlib
import unicodedata
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.core.decisions import Decision
from itisa.core.errors import DomainError, PermissionDenied
from itisa.notifications.services import Text, link, notify

if TYPE_CHECKING:
    from itisa.accounts.models import User

PDF_MAGIC = b"%PDF-"
PDF_MAX_BYTES = 10 * 1024 * 1024


def require(decision: Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def checked_pdf(*, name: str, data: bytes, field: str = "file") -> tuple[str, str]:
    """Refuse anything but a PDF of at most 10 MB; return (a printable original name, SHA-256).

    Uploads are hostile: the type is read from the first bytes and the extension, never from the
    declared content type; the stored name is the content's digest, never the user's file name.
    """
    clean = "".join(
        c for c in unicodedata.normalize("NFC", name or "") if c.isprintable() and c not in "/\\\x00"
    )
    clean = clean.strip()[-200:]
    if not data:
        raise DomainError(_("The file is empty."), fields={field: [_("Choose a file.")]})
    if len(data) > PDF_MAX_BYTES:
        raise DomainError(_("The file is larger than 10 MB."), fields={field: [_("At most 10 MB.")]})
    if not data.startswith(PDF_MAGIC) or not clean.lower().endswith(".pdf"):
        raise DomainError(_("Only PDF files are accepted."), fields={field: [_("Upload a PDF file (.pdf).")]})
    return clean, hashlib.sha256(data).hexdigest()


def site_path(name: str, *args: Any) -> str:
    """A path on the site in the default language (no language prefix), to store or send."""
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def tell_secretariat(application: Any, subject: Text, body: Text, *, by: User) -> None:
    """Put a notice in the inbox of the applying alliance's secretariat, each in their own language
    (``subject`` and ``body`` may be callables, rendered per recipient language by ``notify``)."""
    users = [
        ra.user
        for ra in RoleAssignment.objects.filter(
            alliance_id=application.alliance_id, role=Role.SECRETARIAT
        ).select_related("user")
    ]
    notify(
        recipients=users,
        kind="pilots.application.moved",
        subject=(lambda: str(subject())[:200]) if callable(subject) else subject[:200],
        body=body,
        url=link("pilots:application", application.pk),
        alliance=application.alliance,
        by=by,
    )


def tell_officers(application: Any, *, by: User) -> None:
    """An application was submitted (or resubmitted): tell the national office, which checks and
    decides, and the competent officers in its scope, who may recommend it
    (``permissions.recommender_capacity``). For a provincial call: the department of the call's province,
    which checks and decides, and the association of the alliance's industry, which recommends."""
    alliance = application.alliance
    provinces = [
        p for p in (alliance.province, alliance.host_unit.province if alliance.host_unit_id else "") if p
    ]
    if application.call.is_provincial:
        scope = Q(role=Role.PROVINCIAL_OFFICER, province=application.call.province) | Q(
            role=Role.ASSOCIATION_OFFICER, industry=alliance.industry
        )
    else:
        scope = (
            Q(role=Role.NATIONAL_OFFICER)
            | Q(role=Role.PROVINCIAL_OFFICER, province__in=provinces)
            | Q(role__in=[Role.MINISTRY_OFFICER, Role.ASSOCIATION_OFFICER], industry=alliance.industry)
        )
    officers = [
        ra.user
        for ra in RoleAssignment.objects.filter(scope).select_related("user").order_by("user_id", "pk")
    ]
    notify(
        recipients=officers,
        kind="pilots.application.submitted",
        subject=lambda: (
            (
                _("Provincial programme application submitted: %(alliance)s")
                if application.call.is_provincial
                else _("Pilot application submitted: %(alliance)s")
            )
            % {"alliance": alliance.code}
        ),
        body=lambda: (
            _("%(alliance)s applied to the call “%(call)s”.")
            % {"alliance": alliance.name_zh, "call": application.call.title_zh}
        ),
        url=link("pilots:application", application.pk),
        alliance=alliance,
        by=by,
    )


def zh(text_fn: Any) -> str:
    """Render a text that is stored once for every reader (a status comment) in Chinese."""
    with translation.override("zh-hans"):
        return str(text_fn())
