"""The canonical form: what is frozen at opening, byte for byte, and its digest."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from itisa.agreements.canonical import canonical_bytes
from itisa.agreements.tests.fixtures import MEMBER_A, MEMBER_B, complete_content


def test_canonical_bytes_are_rfc8785() -> None:
    assert canonical_bytes({"b": [1, "乙"], "a": {"d": None, "c": True}}) == (
        '{"a":{"c":true,"d":null},"b":[1,"乙"]}'.encode()
    )


def test_an_opened_version_freezes_its_document_and_digest(agreement_world: Any) -> None:
    version = agreement_world.open_version()
    data = bytes(version.canonical)
    assert version.digest == hashlib.sha256(data).hexdigest()
    document = json.loads(data)
    assert canonical_bytes(document) == data
    assert sorted(document) == ["alliance", "based_on", "content", "format", "kind", "signatories", "version"]
    assert document["format"] == "itisa-agreement/1"
    assert document["alliance"] == {"code": "CSA", "name_zh": "半导体照明产业技术创新战略联盟"}
    assert (document["version"], document["kind"], document["based_on"]) == (1, "agreement", None)
    a, b = agreement_world.world.member_a, agreement_world.world.member_b
    assert document["signatories"] == [
        {
            "capacity": "party",
            "uscc": MEMBER_A,
            "name_zh": "甲公司",
            "address": a.address,
            "legal_representative": a.legal_representative.name_zh,
        },
        {
            "capacity": "party",
            "uscc": MEMBER_B,
            "name_zh": "乙大学",
            "address": b.address,
            "legal_representative": b.legal_representative.name_zh,
        },
    ]
    content = document["content"]
    assert content["tasks"][0]["commitments"][0]["amount_cny"] == "5000000.00"
    assert content["ip"]["revenue_split"][0] == {"beneficiary": "creator", "percent": "60"}
    assert content["goals"][0] == {
        "title_zh": "突破大功率LED芯片关键技术",
        "title_en": "",
        "target": "光效达到200 lm/W",
        "due": "2027-12-31",
    }
    assert content == version.content
    assert complete_content()["liability_member"] == content["liability_member"] == MEMBER_A
