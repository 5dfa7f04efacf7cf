"""Signing keys: register the public half, confirm the binding to a person, revoke. All audited.

The server only ever receives public keys (Electronic Signature Law art. 13: the signature-creation
data is controlled by the signer alone).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.agreements import actions, crypto, notices
from itisa.agreements.choices import KeyStatus
from itisa.agreements.models import SigningKey
from itisa.agreements.permissions import can_confirm_key, can_register_key, can_revoke_key, key_actors
from itisa.agreements.workflows import KEY_TRANSITIONS
from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.core.values import is_blank, strip_text
from itisa.registry.models import Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User

ORIGINS = {"browser", "cli", "import", "demo"}


def key_register(
    *, by: User, organisation: Organisation, public_key: str | bytes, label: str = "", origin: str = "browser"
) -> SigningKey:
    """Register an Ed25519 public key for the organisation's current legal representative; it awaits confirmation."""
    decision = can_register_key(by, organisation)
    if not decision:
        raise PermissionDenied(decision.reason)
    try:
        raw = crypto.parse_public_key(public_key)
    except crypto.KeyFormatError as exc:
        raise DomainError(
            _("This is not an Ed25519 public key."),
            fields={
                "public_key": [_("Paste the PEM or base64 public key your browser or `itisa keys new` made.")]
            },
        ) from exc
    if origin not in ORIGINS:
        origin = "browser"
    person_id = organisation.legal_representative_id
    assert person_id is not None  # noqa: S101 (can_register_key requires a representative)
    key = SigningKey(
        key_id=crypto.key_id(raw),
        public_key=raw,
        person_id=person_id,
        organisation=organisation,
        holder=by,
        label=strip_text(label)[:100],
        origin=origin,
        registered_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            key.save()
            log_action(
                key,
                actions.KEY_REGISTERED,
                by=by,
                data={
                    "key_id": key.key_id,
                    "organisation": organisation.uscc,
                    "person": key.person_id,
                    "public_key": raw.hex(),
                    "origin": origin,
                },
            )
            notices.key_registered(key, by=by)
    except IntegrityError as exc:
        raise Conflict(
            _("This public key is already registered."), fields={"public_key": [_("Already registered.")]}
        ) from exc
    return key


def key_confirm(*, by: User, key: SigningKey, identity_check: str) -> SigningKey:
    """Confirm that the key belongs to the person, saying how identity was checked."""
    if is_blank(identity_check):
        raise DomainError(
            _("Say how you checked the holder's identity."),
            fields={"identity_check": [_("This field is required.")]},
        )
    with transaction.atomic():
        obj = SigningKey.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=key.pk)
        decision = can_confirm_key(by, obj)
        if not decision:
            if obj.status != KeyStatus.PENDING:
                raise InvalidTransition(decision.reason)
            raise PermissionDenied(decision.reason)
        obj.confirmed_at = timezone.now()
        obj.confirmed_by = by
        obj.identity_check = strip_text(identity_check)
        move(
            obj,
            KeyStatus.CONFIRMED,
            by=by,
            actors=key_actors(by, obj),
            table=KEY_TRANSITIONS,
            action=actions.KEY_CONFIRMED,
            data={"key_id": obj.key_id, "person": obj.person_id, "identity_check": obj.identity_check},
            fields=("confirmed_at", "confirmed_by", "identity_check"),
            denied=decision.reason,
        )
        notices.key_confirmed(obj, by=by)
    return obj


def key_revoke(*, by: User, key: SigningKey, reason: str) -> SigningKey:
    """Revoke a key: it signs nothing more. Signatures made before stay valid records."""
    if is_blank(reason):
        raise DomainError(
            _("Give the reason for revoking the key."), fields={"reason": [_("This field is required.")]}
        )
    with transaction.atomic():
        obj = SigningKey.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=key.pk)
        decision = can_revoke_key(by, obj)
        if not decision:
            if obj.status == KeyStatus.REVOKED:
                raise InvalidTransition(decision.reason)
            raise PermissionDenied(decision.reason)
        obj.revoked_at = timezone.now()
        obj.revoked_by = by
        obj.revoke_reason = strip_text(reason)
        move(
            obj,
            KeyStatus.REVOKED,
            by=by,
            actors=key_actors(by, obj),
            table=KEY_TRANSITIONS,
            action=actions.KEY_REVOKED,
            data={"key_id": obj.key_id, "from": obj.status, "reason": obj.revoke_reason},
            fields=("revoked_at", "revoked_by", "revoke_reason"),
            denied=decision.reason,
        )
    return obj
