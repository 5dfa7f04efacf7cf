"""Signing: every rejection leaves nothing stored; the last signature makes the version effective."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import IntegrityError, transaction

from itisa.agreements import crypto
from itisa.agreements.models import AgreementVersion, Signature, VersionStatusChange
from itisa.agreements.selectors import effective_version, party_organisations, signature_status
from itisa.agreements.services import (
    accession_create,
    key_confirm,
    key_register,
    key_revoke,
    signature_submit,
    version_create,
    version_open,
    version_update,
    version_withdraw,
)
from itisa.agreements.services.signing import SignatureRejected
from itisa.agreements.tests.fixtures import MEMBER_A, MEMBER_B, complete_content, sign_b64
from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory


def _counts() -> tuple[int, int, int]:
    return Signature.objects.count(), AuditEntry.objects.count(), VersionStatusChange.objects.count()


def test_two_parties_sign_and_the_version_takes_effect(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    assert version.status == "open"
    assert version.label == "CSA/v1"
    assert [s.uscc for s in version.signatories.all()] == [MEMBER_A, MEMBER_B]
    assert len(version.digest) == 64
    aw.sign(version, "b")
    version.refresh_from_db()
    assert version.status == "open"
    aw.sign(version, "a")
    version.refresh_from_db()
    assert version.status == "effective"
    assert version.effective_at is not None
    assert effective_version(aw.world.csa) == version
    assert sorted(o.uscc for o in party_organisations(version)) == sorted([MEMBER_A, MEMBER_B])
    statuses = signature_status(version)
    assert [(r.signatory.uscc, r.signature is not None, r.representative_changed) for r in statuses] == [
        (MEMBER_A, True, False),
        (MEMBER_B, True, False),
    ]
    assert list(version.status_changes.values_list("old_status", "new_status")) == [
        ("", "draft"),
        ("draft", "open"),
        ("open", "effective"),
    ]
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))[-5:]
    assert actions == [
        "agreements.version.opened",
        "notifications.sent",  # the parties' legal representatives are asked to sign
        "agreements.signature.signed",
        "agreements.signature.signed",
        "agreements.version.effective",
    ]


def _rejected(call: Any, reason: str) -> None:
    before = _counts()
    with pytest.raises(SignatureRejected) as exc:
        call()
    assert exc.value.reason == reason
    assert _counts() == before


def test_rejects_a_signer_who_is_not_a_current_legal_representative(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    # 乙大学 gets a new legal representative: the old one's key no longer signs for it
    member_b = aw.world.member_b
    member_b.legal_representative = PersonFactory(name_zh="新法人")
    member_b.save(update_fields=["legal_representative"])
    _rejected(lambda: aw.sign(version, "b"), "not_representative")


def test_rejects_an_unconfirmed_key(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    private = Ed25519PrivateKey.generate()
    key = key_register(by=aw.rep_b, organisation=aw.world.member_b, public_key=crypto.raw_public(private))
    _rejected(
        lambda: signature_submit(
            by=aw.rep_b, version=version, key_id=key.key_id, signature=sign_b64(private, version)
        ),
        "key_unconfirmed",
    )


def test_rejects_a_revoked_key(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    key_revoke(by=aw.rep_b, key=aw.key_b, reason="设备丢失")
    _rejected(lambda: aw.sign(version, "b"), "key_revoked")


def test_rejects_a_key_held_by_another_account(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    _rejected(
        lambda: signature_submit(
            by=aw.rep_a, version=version, key_id=aw.key_b.key_id, signature=sign_b64(aw.private_b, version)
        ),
        "not_holder",
    )


def test_rejects_a_draft_and_a_withdrawn_version(agreement_world: Any) -> None:
    aw = agreement_world
    secretariat = aw.world.user("secretariat")
    draft = version_create(by=secretariat, alliance=aw.world.csa, content=complete_content())
    draft.digest = "00" * 32  # what a client might have computed; the draft has no digest yet
    _rejected(lambda: aw.sign(draft, "b"), "not_open")
    version_withdraw(by=secretariat, version=draft, reason="重新起草")
    opened = aw.open_version()
    version_withdraw(by=secretariat, version=opened, reason="条款有误")
    opened.refresh_from_db()
    _rejected(lambda: aw.sign(opened, "b"), "not_open")


def test_rejects_a_superseded_version(agreement_world: Any) -> None:
    aw = agreement_world
    first = aw.open_version()
    aw.sign(first, "a")
    aw.sign(first, "b")
    secretariat = aw.world.user("secretariat")
    amendment = version_create(by=secretariat, alliance=aw.world.csa)
    assert amendment.kind == "amendment"
    assert amendment.based_on == first
    amendment = version_update(
        by=secretariat, version=amendment, content=complete_content(exit_notice_days=60)
    )
    amendment = version_open(by=secretariat, version=amendment)
    aw.sign(amendment, "a")
    aw.sign(amendment, "b")
    first.refresh_from_db()
    amendment.refresh_from_db()
    assert (first.status, amendment.status) == ("superseded", "effective")
    assert first.superseded_by == amendment
    _rejected(lambda: aw.sign(first, "b"), "superseded")


def test_rejects_a_signature_that_does_not_verify(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    wrong = base64.b64encode(Ed25519PrivateKey.generate().sign(bytes.fromhex(version.digest))).decode()
    _rejected(
        lambda: signature_submit(by=aw.rep_b, version=version, key_id=aw.key_b.key_id, signature=wrong),
        "bad_signature",
    )
    # a signature of other bytes (the canonical JSON instead of its digest) is refused too
    other = base64.b64encode(aw.private_b.sign(bytes(version.canonical))).decode()
    _rejected(
        lambda: signature_submit(by=aw.rep_b, version=version, key_id=aw.key_b.key_id, signature=other),
        "bad_signature",
    )


def test_rejects_a_second_signature_of_the_same_party(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "b")
    _rejected(lambda: aw.sign(version, "b"), "already_signed")


def test_the_database_allows_one_signature_per_party_and_refuses_changes(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    signature = aw.sign(version, "b")
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(
            version=version,
            organisation=signature.organisation,
            signer=signature.signer,
            signer_name="x",
            key=signature.key,
            digest=version.digest,
            signature=bytes(64),
            signed_at=signature.signed_at,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.filter(pk=signature.pk).update(signer_name="篡改")
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.filter(pk=signature.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementVersion.objects.filter(pk=version.pk).update(content={"title_zh": "篡改"})
    assert Signature.objects.get(pk=signature.pk).signer_name == signature.signer_name


def test_a_change_of_legal_representative_after_signing_is_shown_not_invalidating(
    agreement_world: Any,
) -> None:
    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "a")
    aw.sign(version, "b")
    member_b = aw.world.member_b
    member_b.legal_representative = PersonFactory(name_zh="新法人")
    member_b.save(update_fields=["legal_representative"])
    version.refresh_from_db()
    assert version.status == "effective"
    rows = {r.signatory.uscc: r for r in signature_status(version)}
    assert rows[MEMBER_B].representative_changed is True
    assert rows[MEMBER_B].current_representative == "新法人"
    assert rows[MEMBER_A].representative_changed is False


def test_accession_makes_a_new_member_a_party_without_everyone_re_signing(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "a")
    aw.sign(version, "b")
    newcomer = OrganisationFactory(name_zh="丙研究院", kind="research_institute", ownership="")
    MembershipFactory(alliance=aw.world.csa, organisation=newcomer, rank="ordinary")
    from itisa.accounts.models import RoleAssignment
    from tests.factories import UserFactory

    rep_c = UserFactory(username="rep_c")
    RoleAssignment.objects.create(
        user=rep_c, role="legal_representative", alliance=aw.world.csa, organisation=newcomer
    )
    private_c = Ed25519PrivateKey.generate()
    key_c = key_register(by=rep_c, organisation=newcomer, public_key=crypto.raw_public(private_c))
    key_confirm(by=aw.world.user("secretariat"), key=key_c, identity_check="营业执照与身份证")
    secretariat = aw.world.user("secretariat")
    accession = accession_create(by=secretariat, alliance=aw.world.csa, organisation=newcomer)
    accession = version_open(by=secretariat, version=accession)
    assert [(s.uscc, s.capacity) for s in accession.signatories.all()] == [
        (newcomer.uscc, "acceding"),
        (MEMBER_A, "for_alliance"),
    ]
    signature_submit(
        by=rep_c, version=accession, key_id=key_c.key_id, signature=sign_b64(private_c, accession)
    )
    accession.refresh_from_db()
    assert accession.status == "open"
    aw.sign(accession, "a")
    accession.refresh_from_db()
    version.refresh_from_db()
    assert (accession.status, version.status) == ("effective", "effective")
    assert sorted(o.uscc for o in party_organisations(version)) == sorted([MEMBER_A, MEMBER_B, newcomer.uscc])
    # 乙大学 is not a signatory of the accession
    _rejected(lambda: aw.sign(accession, "b"), "not_open")


def test_open_refuses_incomplete_and_inconsistent_content(agreement_world: Any) -> None:
    aw = agreement_world
    secretariat = aw.world.user("secretariat")
    draft = version_create(by=secretariat, alliance=aw.world.csa, content={"title_zh": "草案"})
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError) as exc:
        version_open(by=secretariat, version=draft)
    assert sorted(exc.value.fields) == sorted(
        [
            "purpose_zh",
            "goals",
            "tasks",
            "bodies",
            "liability_member",
            "fund_rules_zh",
            "ip.default_ownership",
            "breach.breaches",
            "dissolution_zh",
            "disputes",
            "term",
            "procedures",
        ]
    )
    assert exc.value.fields["procedures"] == [
        "State the procedures: start from the template's and adjust them."
    ]
    draft.refresh_from_db()
    assert (draft.status, draft.digest, draft.signatories.count()) == ("draft", "", 0)
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "path", "message"),
    [
        (
            {"goals": [{"title_zh": "目标", "due": "2027-01-01"}]},
            "goals.0.target",
            "Every goal needs a measurable target.",
        ),
        (
            {"tasks": [{"party": "91350100M000100Y43", "description_zh": "x"}]},
            "tasks.0.party",
            "91350100M000100Y43 is not a party to this agreement.",
        ),
        (
            {"liability_member": "91350100M000100Y43"},
            "liability_member",
            "The member bearing external liability must be a party: 91350100M000100Y43 is not.",
        ),
        (
            {
                "disputes": {
                    "arbitration": {"institution": "贸仲"},
                    "litigation": {"court": "北京市海淀区人民法院"},
                }
            },
            "disputes",
            "Choose arbitration or litigation, not both (an arbitration clause excludes the courts).",
        ),
        (
            {"ip": {"revenue_split": [{"beneficiary": "creator", "percent": "70"}]}},
            "ip.revenue_split",
            "The revenue shares add up to 70%, not 100%.",
        ),
        (
            {"goals": [{"title_zh": "目标", "target": "x", "due": "2027-02-30"}]},
            "goals.0.due",
            "Enter a valid date (YYYY-MM-DD).",
        ),
        ({"surprise": 1}, "surprise", "Unknown field."),
    ],
    ids=[
        "goal-without-target",
        "task-to-non-party",
        "liability-non-party",
        "both-disputes",
        "split-not-100",
        "bad-date",
        "unknown-field",
    ],
)
def test_draft_validation_names_the_field(
    agreement_world: Any, overrides: dict, path: str, message: str
) -> None:
    aw = agreement_world
    before = (AgreementVersion.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        version_create(
            by=aw.world.user("secretariat"), alliance=aw.world.csa, content=complete_content(**overrides)
        )
    assert exc.value.fields[path] == [message]
    assert (AgreementVersion.objects.count(), AuditEntry.objects.count()) == before


def test_an_accession_drafted_in_english_still_reads_in_chinese(agreement_world: Any) -> None:
    from django.utils import translation

    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "a")
    aw.sign(version, "b")
    newcomer = OrganisationFactory(name_zh="丁研究院", kind="research_institute", ownership="")
    with translation.override("en"):
        accession = accession_create(
            by=aw.world.user("secretariat"), alliance=aw.world.csa, organisation=newcomer
        )
    assert accession.content["undertaking_zh"] == f"丁研究院 接受 {version.label} 的全部条款，成为其协议方。"
