"""Reads of agreement versions, signatures and keys, scoped to what the viewer may see."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.agreements import statement
from itisa.agreements.choices import Capacity, VersionKind, VersionStatus
from itisa.agreements.models import AgreementVersion, Signatory, Signature, SigningCopy, SigningKey
from itisa.agreements.permissions import can_view_agreements
from itisa.agreements.rules import term_ends_on
from itisa.core.errors import NotFound
from itisa.registry.memberships import active_membership_q
from itisa.registry.models import Alliance, Organisation
from itisa.registry.selectors import access_alliance

LABEL_RE = re.compile(r"^(?P<code>[A-Z0-9-]{1,20})/v(?P<number>\d{1,6})$")


def versions_of(user: Any, alliance: Alliance) -> QuerySet[AgreementVersion]:
    """All versions of an alliance's agreement, newest first; none if the viewer may not read them."""
    if not can_view_agreements(user, alliance):
        return AgreementVersion.objects.none()
    return (
        AgreementVersion.objects.filter(alliance=alliance)
        .select_related("alliance", "based_on", "acceding_organisation")
        .order_by("-number")
    )


def version_get(user: Any, label: str) -> AgreementVersion | None:
    """The version named ``CODE/vN`` (e.g. ``CSA/v2``) if the viewer may read it."""
    match = LABEL_RE.match(label.strip().upper().replace("/V", "/v"))
    if match is None:
        return None
    version = (
        AgreementVersion.objects.select_related("alliance", "based_on", "acceding_organisation")
        .filter(alliance__code=match["code"], number=int(match["number"]))
        .first()
    )
    if version is None or not can_view_agreements(user, version.alliance):
        return None
    return version


def access_version(user: Any, code: str, number: int) -> AgreementVersion:
    """Find and check: version ``number`` of the alliance's agreement, for a viewer who may read them.

    NotFound when the alliance or the version is missing or hidden; PermissionDenied (with the reason)
    when the viewer sees the alliance but may not read its agreements (``access_alliance``).
    """
    alliance = access_alliance(user, code, need=can_view_agreements)
    version = version_get(user, f"{alliance.code}/v{number}")
    if version is None:
        raise NotFound(_("No version %(number)s of %(code)s's agreement.") % {"number": number, "code": code})
    return version


def effective_version(alliance: Alliance) -> AgreementVersion | None:
    """The alliance's effective agreement or amendment (at most one, by database constraint).

    Unscoped: for services and rules of other apps that must know what binds the alliance.
    """
    return (
        AgreementVersion.objects.filter(alliance=alliance, status=VersionStatus.EFFECTIVE)
        .exclude(kind=VersionKind.ACCESSION)
        .select_related("alliance")
        .first()
    )


def founding_entry_into_force() -> Subquery:
    """For a queryset of versions: when the agreement they belong to entered into force.

    An amendment keeps the term of the agreement it amends, so the term counts from the entry into force
    of the latest founding agreement (kind ``agreement``) up to the version, not from the amendment's.
    """
    return Subquery(
        AgreementVersion.objects.filter(
            alliance=OuterRef("alliance"),
            kind=VersionKind.AGREEMENT,
            effective_at__isnull=False,
            number__lte=OuterRef("number"),
        )
        .order_by("-number")
        .values("effective_at")[:1]
    )


def version_term_ends_on(version: AgreementVersion) -> dt.date | None:
    """The last day of the term of the agreement ``version`` states (agreements.rules.term_ends_on).

    Reads ``in_force_at`` when the queryset annotated it (``founding_entry_into_force``); one query otherwise.
    """
    if version.kind == VersionKind.ACCESSION:
        return None
    if hasattr(version, "in_force_at"):
        in_force_at = version.in_force_at
    else:
        in_force_at = (
            AgreementVersion.objects.filter(pk=version.pk)
            .annotate(in_force_at=founding_entry_into_force())
            .values_list("in_force_at", flat=True)
            .first()
        )
    in_force_from = timezone.localdate(in_force_at) if in_force_at is not None else None
    return term_ends_on((version.content or {}).get("term"), in_force_from)


def party_organisations(version: AgreementVersion) -> QuerySet[Organisation]:
    """The parties bound by an agreement version: its signatories and every member that acceded to it."""
    signed_as_party = Signatory.objects.filter(version=version, capacity=Capacity.PARTY).values(
        "organisation_id"
    )
    acceded = AgreementVersion.objects.filter(
        based_on=version, kind=VersionKind.ACCESSION, status=VersionStatus.EFFECTIVE
    ).values("acceding_organisation_id")
    return Organisation.objects.filter(Q(pk__in=signed_as_party) | Q(pk__in=acceded)).order_by("name_zh")


@dataclass(frozen=True)
class SignatoryStatus:
    """One signatory of a version, its signature if any, and whether its representative has changed since."""

    signatory: Signatory
    signature: Signature | None
    current_representative: str
    representative_changed: bool


def signature_status(version: AgreementVersion) -> list[SignatoryStatus]:
    """Each signatory with its signature, in signing-block order. Three queries whatever the party count."""
    signatures = {
        s.organisation_id: s
        for s in Signature.objects.filter(version=version).select_related("key", "signer")
    }
    rows = []
    signatories = Signatory.objects.filter(version=version).select_related(
        "organisation__legal_representative", "representative"
    )
    for signatory in signatories:
        current = signatory.organisation.legal_representative
        signature = signatures.get(signatory.organisation_id)
        # who signed, or who was recorded when the version was frozen, against who is on record now
        reference = signature.signer_id if signature else signatory.representative_id
        rows.append(
            SignatoryStatus(
                signatory=signatory,
                signature=signature,
                current_representative=current.name_zh if current else "",
                representative_changed=reference is not None and (current is None or current.pk != reference),
            )
        )
    return rows


def keys_visible_to(user: Any) -> QuerySet[SigningKey]:
    """Keys the viewer holds, and keys of member organisations of alliances where the viewer is secretariat."""
    s = role_summary(user)
    if not s.authenticated:
        return SigningKey.objects.none()
    base = SigningKey.objects.select_related("person", "organisation", "holder", "confirmed_by")
    if s.national:
        return base
    alliances = s.alliances_with(Role.SECRETARIAT)
    q = Q(holder_id=getattr(user, "pk", None))
    if alliances:
        q |= Q(organisation__memberships__alliance_id__in=alliances) & active_membership_q(
            "organisation__memberships"
        )
    return base.filter(q).distinct()


def key_get(user: Any, key_id: str) -> SigningKey | None:
    return keys_visible_to(user).filter(key_id=key_id.strip().lower()).first()


def access_key(user: Any, key_id: str) -> SigningKey:
    """Find and check: key ``key_id`` if the viewer may see it; NotFound whether it is missing or hidden."""
    found = key_get(user, key_id)
    if found is None:
        raise NotFound(_("No signing key with the id %(key_id)s.") % {"key_id": key_id})
    return found


def versions_with_signatories(user: Any, alliance: Alliance) -> QuerySet[AgreementVersion]:
    """Versions with their signatories and signatures prefetched, for lists and exports; ``in_force_at``
    annotated so that ``version_term_ends_on`` needs no query."""
    return (
        versions_of(user, alliance)
        .annotate(in_force_at=founding_entry_into_force())
        .prefetch_related(
            Prefetch("signatories", queryset=Signatory.objects.order_by("position")),
            Prefetch("signatures", queryset=Signature.objects.select_related("signer")),
        )
    )


@dataclass(frozen=True)
class SigningTerms:
    """What the parties of a frozen version sign: the statement format and the exact bytes (the message),
    with the statement text and the PDF's SHA-256 for format 2 (empty for format 1)."""

    statement_format: int
    message: bytes
    statement: bytes | None
    pdf_sha256: str


def signing_terms(version: AgreementVersion) -> SigningTerms:
    """The message a party of ``version`` signs; format 1 (the digest) for versions opened before
    signing copies existed. The PDF itself is not loaded."""
    copy = (
        SigningCopy.objects.filter(version=version)
        .values_list("statement_format", "statement", "pdf_sha256")
        .first()
    )
    if copy is None:
        return SigningTerms(
            statement.DIGEST_ONLY,
            statement.signed_message(
                statement_format=statement.DIGEST_ONLY, digest=version.digest, statement=None
            ),
            None,
            "",
        )
    fmt, text, pdf_sha256 = copy[0], bytes(copy[1]), copy[2]
    return SigningTerms(
        fmt,
        statement.signed_message(statement_format=fmt, digest=version.digest, statement=text),
        text,
        pdf_sha256,
    )
