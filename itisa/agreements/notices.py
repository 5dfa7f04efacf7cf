"""Notifications of agreements: a version opened for signature (to the parties' legal representatives),
a signing key awaiting confirmation (to the secretariat), a key confirmed (to its holder).

Each recipient reads the notice in their own language (``notify`` renders the callables per language).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.agreements.choices import VersionKind, VersionStatus
from itisa.agreements.models import AgreementVersion, SigningKey
from itisa.notifications.services import link, notify
from itisa.registry.memberships import active_membership_q

if TYPE_CHECKING:
    from itisa.accounts.models import User


def _users(rows: Any) -> list[Any]:
    return [ra.user for ra in rows.select_related("user").order_by("user_id", "pk")]


def version_opened(version: AgreementVersion, organisation_ids: list[int], *, by: User) -> None:
    """Tell every legal representative of a signatory that the version awaits their signature."""
    representatives = _users(
        RoleAssignment.objects.filter(role=Role.LEGAL_REPRESENTATIVE, organisation_id__in=organisation_ids)
    )
    notify(
        recipients=representatives,
        kind="agreements.version.opened",
        subject=lambda: _("Please sign %(version)s") % {"version": version.label},
        body=lambda: (
            _("%(kind)s %(version)s of %(alliance)s is open for signature. Its SHA-256 digest is %(digest)s.")
            % {
                "kind": version.get_kind_display(),
                "version": version.label,
                "alliance": version.alliance.name_zh,
                "digest": version.digest,
            }
        ),
        url=link("agreements:version_sign", version.alliance.code, version.number),
        alliance=version.alliance,
        by=by,
    )


def key_registered(key: SigningKey, *, by: User) -> None:
    """Tell the secretariat of each alliance the key's organisation belongs to (or is acceding to)
    that a key awaits their confirmation (``permissions.can_confirm_key``)."""
    acceding = AgreementVersion.objects.filter(
        kind=VersionKind.ACCESSION, status=VersionStatus.OPEN, acceding_organisation=key.organisation_id
    ).values("alliance_id")
    secretariat = _users(
        RoleAssignment.objects.filter(role=Role.SECRETARIAT)
        .filter(
            Q(alliance__memberships__organisation=key.organisation_id)
            & active_membership_q("alliance__memberships")
            | Q(alliance_id__in=acceding)
        )
        .exclude(user=by)
        .distinct()
    )
    notify(
        recipients=secretariat,
        kind="agreements.key.registered",
        subject=lambda: _("Signing key to confirm: %(person)s") % {"person": key.person.name_zh},
        body=lambda: (
            _(
                "%(person)s registered key %(key_id)s for %(organisation)s; confirm it after checking identity."
            )
            % {"person": key.person.name_zh, "key_id": key.key_id, "organisation": key.organisation.name_zh}
        ),
        url=link("agreements:key_confirm", key.key_id),
        by=by,
    )


def key_confirmed(key: SigningKey, *, by: User) -> None:
    """Tell the key's holder that it now signs."""
    notify(
        recipients=[key.holder],
        kind="agreements.key.confirmed",
        subject=lambda: _("Your signing key %(key_id)s is confirmed") % {"key_id": key.key_id},
        body=lambda: _("You can now sign the agreement versions open for your organisation's signature."),
        url=link("notifications:todo"),
        by=by,
    )
