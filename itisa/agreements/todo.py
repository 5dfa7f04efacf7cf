"""The agreements' duties in the to-do list: versions a legal representative must sign, signing keys
the secretariat must confirm. Two queries at most, whatever the number of items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.agreements.choices import KeyStatus, VersionKind, VersionStatus
from itisa.agreements.models import AgreementVersion, Signatory, Signature, SigningKey
from itisa.notifications.todo import Todo, todo_kind
from itisa.registry.memberships import active_membership_q
from itisa.registry.models import Alliance
from itisa.ui.labels import as_name, local_text, names_joined

SIGN = todo_kind("agreements.version.sign", _("Sign"), _("Agreement versions to sign"))
CONFIRM_KEY = todo_kind("agreements.key.confirm", _("Confirm signing key"), _("Signing keys to confirm"))


def _to_sign(user: Any) -> Iterator[Todo]:
    """Open versions with a party this user is legal representative of, that has not signed yet."""
    summary = role_summary(user)
    organisations = [o for o in summary.organisations if summary.acts_for(o, Role.LEGAL_REPRESENTATIVE)]
    if not organisations:
        return
    signed = Signature.objects.filter(version=OuterRef("version"), organisation=OuterRef("organisation"))
    rows = (
        Signatory.objects.filter(version__status=VersionStatus.OPEN, organisation_id__in=organisations)
        .exclude(Exists(signed))
        .select_related("version__alliance")
        .order_by("version__alliance__code", "version__number", "position")
    )
    for row in rows:
        version = row.version
        yield Todo(
            kind=SIGN,
            ref=f"version:{version.pk}:party:{row.organisation_id}",
            subject=version.label,
            detail=as_name(row.name_zh),
            # an amendment opens on its comparison with the version in force, which links to signing
            url=reverse(
                "agreements:version_compare"
                if version.kind == VersionKind.AMENDMENT
                else "agreements:version_sign",
                args=[version.alliance.code, version.number],
            ),
            alliance=version.alliance.code,
        )


def _to_confirm(user: Any) -> Iterator[Todo]:
    """Keys awaiting confirmation, registered for a member (or an acceding organisation) of an alliance
    whose secretariat this user is; never the user's own key."""
    alliances = role_summary(user).alliances_with(Role.SECRETARIAT)
    if not alliances:
        return
    member_of = (
        Alliance.objects.filter(
            Q(pk__in=alliances, memberships__organisation=OuterRef("organisation_id"))
            & active_membership_q("memberships")
        )
        .order_by("code")
        .values("code")[:1]
    )
    acceding_to = (
        AgreementVersion.objects.filter(
            alliance_id__in=alliances,
            kind=VersionKind.ACCESSION,
            status=VersionStatus.OPEN,
            acceding_organisation=OuterRef("organisation_id"),
        )
        .order_by("alliance__code")
        .values("alliance__code")[:1]
    )
    keys = (
        SigningKey.objects.filter(status=KeyStatus.PENDING)
        .exclude(holder=user)
        .annotate(alliance_code=Coalesce(Subquery(member_of), Subquery(acceding_to)))
        .filter(alliance_code__isnull=False)
        .select_related("person", "organisation")
        .order_by("registered_at", "pk")
    )
    for key in keys:
        yield Todo(
            kind=CONFIRM_KEY,
            ref=f"key:{key.key_id}",
            subject=names_joined([key.person.name_zh, key.key_id]),
            detail=as_name(local_text(key.organisation)),
            url=reverse("agreements:key_confirm", args=[key.key_id]),
            alliance=key.alliance_code,
        )


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    """The agreement duties of ``user`` (no deadlines: agreements set none for signing)."""
    return [*_to_sign(user), *_to_confirm(user)]
