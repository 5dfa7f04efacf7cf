"""Fixtures for agreement tests: complete content, signer keys held by the test (never the server).

``agreement_world`` extends ``world`` with a legal-representative account for member A (甲公司,
the chair unit) next to the persona ``legal_representative`` (乙大学), one confirmed Ed25519 key for
each, and a helper to sign a version as either of them.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from itisa.accounts.models import RoleAssignment
from itisa.agreements import crypto
from itisa.agreements.content import Body, default_procedures
from itisa.agreements.models import AgreementVersion, Signature, SigningKey
from itisa.agreements.selectors import signing_terms
from itisa.agreements.services import (
    key_confirm,
    key_register,
    signature_submit,
    version_create,
    version_open,
)
from tests.factories import UserFactory

MEMBER_A = "914403001922038216"  # 甲公司, chair unit, bears external liability
MEMBER_B = "12100000400000624D"  # 乙大学


def complete_content(**overrides: Any) -> dict[str, Any]:
    """Agreement content that passes every check for the two CSA members of ``world``."""
    content: dict[str, Any] = {
        "title_zh": "半导体照明产业技术创新战略联盟协议",
        "title_en": "Agreement of the China Solid State Lighting Alliance",
        "purpose_zh": "围绕半导体照明产业技术创新链开展联合攻关。",
        "principles_zh": "自愿、平等、互利、共赢。",
        "goals": [
            {"title_zh": "突破大功率LED芯片关键技术", "target": "光效达到200 lm/W", "due": "2027-12-31"},
        ],
        "tasks": [
            {
                "party": MEMBER_A,
                "description_zh": "负责芯片产业化",
                "commitments": [{"kind": "money", "description": "研发经费", "amount_cny": "5000000.00"}],
            },
            {
                "party": MEMBER_B,
                "description_zh": "负责外延材料基础研究",
                "commitments": [{"kind": "staff", "description": "研究人员", "quantity": 12}],
            },
        ],
        "bodies": [
            {"kind": "decision", "name_zh": "理事会", "duties_zh": "决定联盟重大事项"},
            {"kind": "advisory", "name_zh": "专家委员会", "duties_zh": "提供技术咨询"},
            {"kind": "executive", "name_zh": "秘书处", "duties_zh": "负责日常工作，配备专职人员"},
        ],
        "liability_member": MEMBER_A,
        "admission_rules_zh": "申请—秘书处初审—理事会批准—签署补充协议。",
        "exit_rules_zh": "提前三十日书面通知，结清会费。",
        "exit_notice_days": 30,
        "fund_rules_zh": "经费由依托单位代管，专款专用，接受内部监督。",
        "ip": {
            "default_ownership": "creator",
            "background_ip_zh": "背景知识产权在联盟项目范围内按公平合理条件使用。",
            "member_licence": "preferential",
            "non_member_licence": "separate_agreement",
            "revenue_split": [
                {"beneficiary": "creator", "percent": "60"},
                {"beneficiary": "inventors", "percent": "30"},
                {"beneficiary": "alliance", "percent": "10"},
            ],
        },
        "breach": {
            "breaches": ["泄露联盟保密信息", "未履行任务分工"],
            "remedies": ["赔偿损失"],
            "expulsion": True,
            "grant_recovery": True,
        },
        "diffusion": {
            "mechanism_zh": "联盟成果通过成果发布会和技术转让向行业扩散。",
            "public_results": True,
        },
        "dissolution_zh": "经成员大会三分之二以上成员同意可解散，依法清算。",
        "disputes": {"arbitration": {"institution": "中国国际经济贸易仲裁委员会"}},
        "term": {"years": 5, "entry_into_force_zh": "自全体成员法定代表人签字之日起生效。"},
        "annexes": [{"title_zh": "成员名单", "text_zh": "见附件。"}],
    }
    content.update(overrides)
    if "procedures" not in overrides:
        # the template's procedures for the decision bodies named (理事会 unless overridden)
        bodies = [Body.model_validate(b) for b in content["bodies"]]
        content["procedures"] = default_procedures(bodies).model_dump(mode="json")
    return content


def sign_b64(private: Ed25519PrivateKey, version: AgreementVersion) -> str:
    """What the signer's browser or ``itisa agreement sign`` sends: base64 of Ed25519(the signing statement)."""
    return base64.b64encode(private.sign(signing_terms(version).message)).decode("ascii")


@dataclass
class AgreementWorld:
    world: Any
    rep_a: Any  # legal representative account of 甲公司
    rep_b: Any  # legal representative account of 乙大学 (the persona)
    private_a: Ed25519PrivateKey
    private_b: Ed25519PrivateKey
    key_a: SigningKey
    key_b: SigningKey

    def open_version(self, **overrides: Any) -> AgreementVersion:
        secretariat = self.world.user("secretariat")
        version = version_create(
            by=secretariat, alliance=self.world.csa, content=complete_content(**overrides)
        )
        return version_open(by=secretariat, version=version)

    def sign(self, version: AgreementVersion, who: str) -> Signature:
        user, private, key = (
            (self.rep_a, self.private_a, self.key_a)
            if who == "a"
            else (self.rep_b, self.private_b, self.key_b)
        )
        return signature_submit(
            by=user, version=version, key_id=key.key_id, signature=sign_b64(private, version)
        )


@pytest.fixture
def agreement_world(world: Any) -> AgreementWorld:
    return build_agreement_world(world)


def build_agreement_world(world: Any) -> AgreementWorld:
    """Both CSA members' legal representatives with confirmed keys (the private halves held here)."""
    rep_a = UserFactory(username="rep_a", display_name="甲公司法人")
    RoleAssignment.objects.create(
        user=rep_a, role="legal_representative", alliance=world.csa, organisation=world.member_a
    )
    rep_b = world.user("legal_representative")
    private_a, private_b = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    key_a = key_register(
        by=rep_a, organisation=world.member_a, public_key=crypto.public_pem(crypto.raw_public(private_a))
    )
    key_b = key_register(
        by=rep_b, organisation=world.member_b, public_key=crypto.public_pem(crypto.raw_public(private_b))
    )
    secretariat = world.user("secretariat")
    key_a = key_confirm(by=secretariat, key=key_a, identity_check="身份证核验")
    key_b = key_confirm(by=secretariat, key=key_b, identity_check="身份证核验")
    return AgreementWorld(world, rep_a, rep_b, private_a, private_b, key_a, key_b)


def legacy_effective_version(aw: AgreementWorld) -> AgreementVersion:
    """CSA/v1 as a version opened before signing copies existed (statement format 1): frozen by writing
    its canonical bytes directly, as the rows of that time are, and signed over the digest alone."""
    from django.utils import timezone

    from itisa.agreements.canonical import canonical_bytes, canonical_document, sha256_hex
    from itisa.agreements.models import Signatory

    secretariat = aw.world.user("secretariat")
    version = version_create(by=secretariat, alliance=aw.world.csa, content=complete_content())
    rows = []
    for position, org in enumerate([aw.world.member_a, aw.world.member_b], start=1):
        rep = org.legal_representative
        rows.append(Signatory.objects.create(
            version=version, organisation=org, name_zh=org.name_zh, uscc=org.uscc, address=org.address,
            representative=rep, representative_name=rep.name_zh if rep else "", position=position,
        ))  # fmt: skip
    document = canonical_document(
        alliance_code=aw.world.csa.code,
        alliance_name_zh=aw.world.csa.name_zh,
        number=version.number,
        kind=version.kind,
        based_on=None,
        signatories=[
            {
                "capacity": r.capacity,
                "uscc": r.uscc,
                "name_zh": r.name_zh,
                "address": r.address,
                "legal_representative": r.representative_name,
            }
            for r in rows
        ],  # fmt: skip
        content=version.content,
    )
    canonical = canonical_bytes(document)
    AgreementVersion.objects.filter(pk=version.pk).update(
        status="open", canonical=canonical, digest=sha256_hex(canonical), opened_at=timezone.now()
    )
    version.refresh_from_db()
    for who in ("a", "b"):
        aw.sign(version, who)
    version.refresh_from_db()
    return version
