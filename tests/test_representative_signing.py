"""A change of legal representative named by the organisation's appointed representative flows to the
agreements (issue 22, item 3): who must sign next is the new person (to-do list, signing key, signature),
the old one is refused with nothing written, and signatures already made stay exactly as they were."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from itisa.accounts.models import User
from itisa.agreements import crypto
from itisa.agreements.models import Signature, SigningKey
from itisa.agreements.services import (
    key_confirm,
    key_register,
    signature_submit,
    version_create,
    version_open,
    version_update,
)
from itisa.agreements.services.signing import SignatureRejected
from itisa.agreements.tests.fixtures import build_agreement_world, complete_content, sign_b64
from itisa.audit.models import AuditEntry
from itisa.core.errors import PermissionDenied
from itisa.notifications.todo import todos_for
from itisa.registry.models import Organisation
from itisa.representatives import services
from tests.factories import UserFactory

SIGN = "agreements.version.sign"


def _snapshot(sig: Signature) -> tuple[Any, ...]:
    row = Signature.objects.get(pk=sig.pk)
    return (row.pk, row.version_id, row.organisation_id, row.signer_id, row.signer_name, row.key_id,
            row.signed_at, bytes(row.signature), row.submitted_by_id)  # fmt: skip


def test_the_new_legal_representative_signs_next_and_past_signatures_stay(world: Any) -> None:
    aw = build_agreement_world(world)
    secretariat = world.user("secretariat")
    first = aw.open_version()
    aw.sign(first, "a")
    signed_by_old = aw.sign(first, "b")
    before_change = _snapshot(signed_by_old)
    old_person = signed_by_old.signer
    amendment = version_create(by=secretariat, alliance=world.csa)
    amendment = version_update(
        by=secretariat, version=amendment, content=complete_content(exit_notice_days=60)
    )
    amendment = version_open(by=secretariat, version=amendment)
    aw.sign(amendment, "a")
    assert [t.subject for t in todos_for(aw.rep_b, kind=SIGN)] == ["CSA/v2"]

    # 乙大学's appointed representative names a new legal representative
    lear = UserFactory(username="lear")
    services.appointment_confirm(
        by=secretariat, appointment=services.appointment_apply(by=lear, organisation=world.member_b)
    )
    new_rep = UserFactory(username="newrep", display_name="王新")
    services.function_name(
        by=lear, organisation=world.member_b, function="legal_representative", person=new_rep
    )

    # who must sign next: the new person, not the old one (each read with its roles as a new request has them)
    old_rep = User.objects.get(pk=aw.rep_b.pk)
    assert todos_for(old_rep, kind=SIGN) == []
    assert [(t.subject, t.url) for t in todos_for(new_rep, kind=SIGN)] == [
        ("CSA/v2", "/en/alliances/CSA/agreements/v2/compare/")
    ]

    # the old legal representative is refused, with nothing written
    counts = (Signature.objects.count(), SigningKey.objects.count(), AuditEntry.objects.count())
    with pytest.raises(SignatureRejected) as exc:
        signature_submit(
            by=old_rep, version=amendment, key_id=aw.key_b.key_id, signature=sign_b64(aw.private_b, amendment)
        )
    assert exc.value.reason == "not_representative"
    with pytest.raises(PermissionDenied):
        key_register(by=old_rep, organisation=world.member_b,
                     public_key=crypto.public_pem(crypto.raw_public(Ed25519PrivateKey.generate())))  # fmt: skip
    assert (Signature.objects.count(), SigningKey.objects.count(), AuditEntry.objects.count()) == counts

    # the new one registers a key (bound to the new person), the secretariat confirms it, and it signs
    private = Ed25519PrivateKey.generate()
    member_b = Organisation.objects.get(pk=world.member_b.pk)
    key = key_register(
        by=new_rep, organisation=member_b, public_key=crypto.public_pem(crypto.raw_public(private))
    )
    assert (key.person_id, key.person.name_zh) == (member_b.legal_representative_id, "王新")
    assert key.person_id != old_person.pk
    key = key_confirm(by=secretariat, key=key, identity_check="身份证核验")
    signed_by_new = signature_submit(
        by=new_rep, version=amendment, key_id=key.key_id, signature=sign_b64(private, amendment)
    )
    assert (signed_by_new.signer_id, signed_by_new.signer_name, signed_by_new.organisation_id) == (
        member_b.legal_representative_id, "王新", member_b.pk)  # fmt: skip
    amendment.refresh_from_db()
    assert amendment.status == "effective"
    assert todos_for(new_rep, kind=SIGN) == []

    # the signature the old legal representative made is untouched: same row, signer, time and bytes
    assert _snapshot(signed_by_old) == before_change
    assert Signature.objects.get(pk=signed_by_old.pk).signer.name_zh == old_person.name_zh
