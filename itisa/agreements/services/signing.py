"""Signing: the server verifies every signature before it stores it, and never sees a private key.

A version becomes effective when its last signatory signs; the version it replaces is then
superseded, with any accession still open against that version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.agreements import actions, crypto
from itisa.agreements.canonical import sha256_hex
from itisa.agreements.choices import KeyStatus, VersionKind, VersionStatus
from itisa.agreements.models import AgreementVersion, Signatory, Signature, SigningKey, VersionStatusChange
from itisa.agreements.selectors import signing_terms
from itisa.agreements.signals import version_effective
from itisa.agreements.workflows import VERSION_TRANSITIONS
from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import Conflict, DomainError, ErrorCode, InvalidTransition, NotFound, PermissionDenied
from itisa.core.workflows import SYSTEM

if TYPE_CHECKING:
    from itisa.accounts.models import User


class SignatureRejected(DomainError):
    """The signature was refused; nothing was stored. ``reason`` is a stable code for tests and clients."""

    def __init__(self, message: str, *, reason: str, code: ErrorCode = ErrorCode.VALIDATION) -> None:
        super().__init__(message, code=code, fields={"signature": [message]})
        self.reason = reason


def _reject(message: str, reason: str, code: ErrorCode = ErrorCode.VALIDATION) -> SignatureRejected:
    return SignatureRejected(message, reason=reason, code=code)


def _check_key(by: User, key: SigningKey) -> None:
    if key.status == KeyStatus.REVOKED:
        raise _reject(
            _("This key was revoked; it signs nothing more."), "key_revoked", ErrorCode.PERMISSION_DENIED
        )
    if key.status != KeyStatus.CONFIRMED:
        raise _reject(
            _("This key has not been confirmed by the secretariat yet."),
            "key_unconfirmed",
            ErrorCode.PERMISSION_DENIED,
        )
    if key.holder_id is None or key.holder_id != getattr(by, "pk", None):
        raise _reject(_("This key is held by another account."), "not_holder", ErrorCode.PERMISSION_DENIED)


def _signatory_for(version: AgreementVersion, key: SigningKey, organisation_id: int | None) -> Signatory:
    """The signatory the key's person currently represents (the named one, if given)."""
    candidates = [
        s
        for s in Signatory.objects.filter(version=version).select_related("organisation")
        if s.organisation.legal_representative_id == key.person_id
        and (organisation_id is None or s.organisation_id == organisation_id)
    ]
    if not candidates:
        raise _reject(
            _("The key's holder is not the current legal representative of a party to this version."),
            "not_representative",
            ErrorCode.PERMISSION_DENIED,
        )
    if len(candidates) > 1:
        unsigned = [
            s
            for s in candidates
            if not Signature.objects.filter(version=version, organisation=s.organisation).exists()
        ]
        if len(unsigned) == 1:
            return unsigned[0]
        raise _reject(_("Name the party you sign for: you represent several."), "ambiguous_party")
    return candidates[0]


def signature_submit(
    *,
    by: User,
    version: AgreementVersion,
    key_id: str,
    signature: str | bytes,
    organisation_id: int | None = None,
) -> Signature:
    """Verify and store one party's signature of ``version``'s signing statement (format 2: the text naming
    the SHA-256 of the canonical bytes and of the PDF; format 1: the digest); make the version effective
    if it was the last.

    Rejected, with nothing stored, when the version is not open (or superseded), the key is unknown,
    unconfirmed, revoked or held by someone else, the signer is not the current legal representative
    of a party, the party has signed already, or the signature does not verify.
    """
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(_("You must log in first."))
    try:
        sig = signature if isinstance(signature, bytes) else crypto.parse_signature(signature)
    except crypto.KeyFormatError as exc:
        raise _reject(_("The signature is not 64 bytes of base64."), "malformed") from exc
    if len(sig) != crypto.SIGNATURE_BYTES:
        raise _reject(_("The signature is not 64 bytes of base64."), "malformed")
    with transaction.atomic():
        obj = (
            AgreementVersion.objects.select_for_update(of=("self",))
            .select_related("alliance", "based_on")
            .get(pk=version.pk)
        )
        if obj.status == VersionStatus.SUPERSEDED:
            raise _reject(
                _("This version has been superseded; it can no longer be signed."),
                "superseded",
                ErrorCode.INVALID_TRANSITION,
            )
        if obj.status != VersionStatus.OPEN:
            raise _reject(
                _("This version is not open for signature."), "not_open", ErrorCode.INVALID_TRANSITION
            )
        key = SigningKey.objects.filter(key_id=key_id.strip().lower()).first()
        if key is None:
            raise NotFound(
                _("No signing key with the id %(key_id)s.") % {"key_id": key_id},
                fields={"key_id": [_("Unknown key.")]},
            )
        _check_key(by, key)
        signatory = _signatory_for(obj, key, organisation_id)
        if Signature.objects.filter(version=obj, organisation=signatory.organisation).exists():
            raise _reject(
                _("%(org)s has already signed this version.") % {"org": signatory.name_zh},
                "already_signed",
                ErrorCode.CONFLICT,
            )
        canonical = bytes(obj.canonical or b"")
        if sha256_hex(canonical) != obj.digest:
            # the stored bytes no longer match their digest: refuse rather than sign something else
            raise _reject(
                _("The stored version does not match its digest; contact the administrator."), "corrupt"
            )
        terms = signing_terms(obj)
        if not crypto.verify(bytes(key.public_key), sig, terms.message):
            raise _reject(
                _("The signature does not verify against this version's signing statement with this key."),
                "bad_signature",
            )
        person = signatory.organisation.legal_representative
        assert person is not None  # noqa: S101 (the key's person is the current representative)
        record = Signature(
            version=obj,
            organisation=signatory.organisation,
            signer=person,
            signer_name=person.name_zh,
            key=key,
            digest=obj.digest,
            signature=sig,
            signed_at=timezone.now(),
            submitted_by=by,
        )
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError as exc:
            raise _reject(
                _("%(org)s has already signed this version.") % {"org": signatory.name_zh},
                "already_signed",
                ErrorCode.CONFLICT,
            ) from exc
        log_action(
            record,
            actions.SIGNED,
            by=by,
            data={
                "version": obj.label,
                "digest": obj.digest,
                "organisation": signatory.uscc,
                "signer": person.name_zh,
                "key_id": key.key_id,
                "statement_format": terms.statement_format,
                "signature": sig.hex(),
            },
            object_repr=f"{obj.label} · {signatory.name_zh}",
            sealed=[record],
        )
        _take_effect_if_complete(obj, by=by)
    return record


def _take_effect_if_complete(version: AgreementVersion, *, by: User) -> None:
    signed = Signature.objects.filter(version=version).count()
    needed = Signatory.objects.filter(version=version).count()
    if signed < needed:
        return
    now = timezone.now()
    if version.kind != VersionKind.ACCESSION:
        # the version it replaces, and accessions still open against that version, stop binding now
        replaced = AgreementVersion.objects.select_for_update(of=("self",)).filter(
            Q(alliance=version.alliance, status=VersionStatus.EFFECTIVE) & ~Q(kind=VersionKind.ACCESSION)
            | Q(alliance=version.alliance, status=VersionStatus.OPEN, kind=VersionKind.ACCESSION)
        )
        for old in replaced.select_related("alliance"):
            old.superseded_at = now
            old.superseded_by = version
            move(
                old,
                VersionStatus.SUPERSEDED,
                by=None,
                actors={SYSTEM},
                table=VERSION_TRANSITIONS,
                history=VersionStatusChange,
                action=actions.VERSION_SUPERSEDED,
                data={"by_version": version.label, "from": old.status},
                comment=version.label,
                fields=("superseded_at", "superseded_by"),
                object_repr=old.label,
            )
    elif version.based_on is None or version.based_on.status != VersionStatus.EFFECTIVE:
        raise InvalidTransition(_("The agreement this accession joins is no longer effective."))
    version.effective_at = now
    move(
        version,
        VersionStatus.EFFECTIVE,
        by=None,
        actors={SYSTEM},
        table=VERSION_TRANSITIONS,
        history=VersionStatusChange,
        action=actions.VERSION_EFFECTIVE,
        data={"digest": version.digest, "signatures": signed},
        comment=_("Every signatory has signed."),
        fields=("effective_at",),
        object_repr=version.label,
    )
    version_effective.send(sender=AgreementVersion, version=version, by=by)


def verify_stored(version: AgreementVersion) -> list[str]:
    """Re-check every stored signature of a version; returns the problems (empty when all verify)."""
    problems = []
    canonical = bytes(version.canonical or b"")
    if sha256_hex(canonical) != version.digest:
        problems.append(f"{version}: canonical bytes do not match the digest")
    message = signing_terms(version).message
    for signature in Signature.objects.filter(version=version).select_related("key"):
        if signature.digest != version.digest:
            problems.append(f"{version}: signature of {signature.organisation_id} is over another digest")
        elif not crypto.verify(bytes(signature.key.public_key), bytes(signature.signature), message):
            problems.append(f"{version}: signature of {signature.organisation_id} does not verify")
    return problems


__all__ = ["Conflict", "SignatureRejected", "signature_submit", "verify_stored"]
