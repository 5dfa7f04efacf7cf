"""Signing keys: who registers, confirms and revokes; malformed keys; nothing written when refused."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from itisa.agreements import crypto
from itisa.agreements.models import SigningKey
from itisa.agreements.services import key_confirm, key_register, key_revoke
from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied


def _state() -> tuple[list[tuple[str, str]], int]:
    return list(SigningKey.objects.order_by("pk").values_list("key_id", "status")), AuditEntry.objects.count()


def _public() -> bytes:
    return crypto.raw_public(Ed25519PrivateKey.generate())


def test_register_binds_the_key_to_the_current_legal_representative(world: Any) -> None:
    raw = _public()
    key = key_register(
        by=world.user("legal_representative"),
        organisation=world.member_b,
        public_key=base64.b64encode(raw).decode(),
    )
    assert key.person_id == world.member_b.legal_representative_id
    assert (key.status, key.holder, key.key_id, bytes(key.public_key)) == (
        "pending",
        world.user("legal_representative"),
        crypto.key_id(raw),
        raw,
    )
    entry = AuditEntry.objects.filter(action="agreements.key.registered").get()
    assert (entry.action, entry.data["public_key"], entry.data["organisation"]) == (
        "agreements.key.registered",
        raw.hex(),
        world.member_b.uscc,
    )


@pytest.mark.parametrize(
    "public_key",
    [
        "",
        "not a key",
        base64.b64encode(b"x" * 31).decode(),
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
    ],
    ids=["empty", "text", "31-bytes", "bad-pem"],
)
def test_malformed_public_keys_are_refused(world: Any, public_key: str) -> None:
    before = _state()
    with pytest.raises(DomainError) as exc:
        key_register(
            by=world.user("legal_representative"), organisation=world.member_b, public_key=public_key
        )
    assert exc.value.fields == {
        "public_key": ["Paste the PEM or base64 public key your browser or `itisa keys new` made."]
    }
    assert _state() == before


@pytest.mark.parametrize("persona", ["secretariat", "member_contact", "national_officer", "outsider"])
def test_only_the_legal_representative_registers(world: Any, persona: str) -> None:
    before = _state()
    with pytest.raises(PermissionDenied):
        key_register(by=world.user(persona), organisation=world.member_b, public_key=_public())
    assert _state() == before


def test_the_same_key_cannot_be_registered_twice(world: Any) -> None:
    raw = _public()
    key_register(by=world.user("legal_representative"), organisation=world.member_b, public_key=raw)
    before = _state()
    with pytest.raises(Conflict):
        key_register(by=world.user("legal_representative"), organisation=world.member_b, public_key=raw)
    assert _state() == before


@pytest.mark.parametrize(
    "persona", ["legal_representative", "council_member", "national_officer", "provincial_officer"]
)
def test_only_another_persons_secretariat_confirms(world: Any, persona: str) -> None:
    key = key_register(
        by=world.user("legal_representative"), organisation=world.member_b, public_key=_public()
    )
    before = _state()
    with pytest.raises(PermissionDenied):
        key_confirm(by=world.user(persona), key=key, identity_check="查验身份证")
    assert _state() == before


def test_confirm_needs_an_identity_check_and_happens_once(world: Any) -> None:
    key = key_register(
        by=world.user("legal_representative"), organisation=world.member_b, public_key=_public()
    )
    with pytest.raises(DomainError) as exc:
        key_confirm(by=world.user("secretariat"), key=key, identity_check="  ")
    assert exc.value.fields == {"identity_check": ["This field is required."]}
    key = key_confirm(by=world.user("secretariat"), key=key, identity_check="查验身份证原件")
    assert (key.status, key.confirmed_by, key.identity_check) == (
        "confirmed",
        world.user("secretariat"),
        "查验身份证原件",
    )
    before = _state()
    with pytest.raises(InvalidTransition):
        key_confirm(by=world.user("secretariat"), key=key, identity_check="再次")
    assert _state() == before


def test_holder_and_secretariat_revoke_others_do_not(world: Any) -> None:
    first = key_register(
        by=world.user("legal_representative"), organisation=world.member_b, public_key=_public()
    )
    second = key_register(
        by=world.user("legal_representative"), organisation=world.member_b, public_key=_public()
    )
    before = _state()
    with pytest.raises(PermissionDenied):
        key_revoke(by=world.user("member_contact"), key=first, reason="x")
    assert _state() == before
    assert key_revoke(by=world.user("legal_representative"), key=first, reason="换新设备").status == "revoked"
    assert key_revoke(by=world.user("secretariat"), key=second, reason="法人变更").revoke_reason == "法人变更"
    before = _state()
    with pytest.raises(InvalidTransition):
        key_revoke(by=world.user("legal_representative"), key=first, reason="again")
    assert _state() == before
