"""The import checks every agreement version with ``agreements.verification.check_version`` (the function
the eligibility check of a dossier calls too): a signature must be by the party's legal representative,
with a key confirmed when it signed, over the text the dossier states; refused, nothing is written."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from itisa.agreements import crypto
from itisa.agreements.models import AgreementVersion, Signature, SigningKey
from itisa.audit.models import AuditEntry
from itisa.dossier.services import dossier_export_json, dossier_import
from itisa.registry.models import Alliance, Organisation, Person
from tests.factories import OrganisationFactory

SAMPLE = Path(__file__).parent / "data" / "csa-governance.json"
V = "$.agreements[0]"


def sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_bytes())


def rows() -> tuple[int, ...]:
    models = (Alliance, Organisation, Person, AgreementVersion, Signature, SigningKey, AuditEntry)
    return tuple(m.objects.count() for m in models)


def _sig(i: int, **values: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["agreements"][0]["signatures"][i].update(values)


def _duplicate(d: dict[str, Any]) -> None:
    d["agreements"][0]["signatures"].append(copy.deepcopy(d["agreements"][0]["signatures"][0]))


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (
            _sig(0, signer="冒名者"),
            [f"{V}.signatures[0].signer: CSA/v1: 冒名者, who signed for 12100000400000624D, is not its legal "
             "representative (the signed text names 法人1)."],
        ),
        (
            _sig(1, key_status="pending"),
            [f"{V}.signatures[1].key_status: CSA/v1: the key of 914403001922038216 was never confirmed."],
        ),
        (
            _sig(1, key_status="revoked", key_revoked_at="2026-01-05T00:59:59Z"),
            [f"{V}.signatures[1].key_status: CSA/v1: the key of 914403001922038216 was revoked before it signed."],
        ),
        (
            _sig(1, key_status="revoked", key_revoked_at=None),
            [f"{V}.signatures[1].key_revoked_at: CSA/v1: the key of 914403001922038216 was revoked, and the file "
             "does not say when, so it is not shown that the key could still sign."],
        ),
        (
            _sig(1, key_confirmed_at="2026-01-05T01:00:01Z"),
            [f"{V}.signatures[1].key_status: CSA/v1: the key of 914403001922038216 was confirmed only after it "
             "signed."],
        ),
        (
            _sig(1, key_revoked_at="2026-02-01T00:00:00Z"),
            [f"{V}.signatures[1].key_status: CSA/v1: the key of 914403001922038216 is stated as confirmed and as "
             "revoked."],
        ),
        (
            lambda d: d["agreements"][0]["content"]["goals"].clear(),
            [f"{V}.content: CSA/v1: the content differs from the signed text."],
        ),
        (
            lambda d: d["agreements"][0]["signatures"].pop(),
            [f"{V}.signatures: CSA/v1 is recorded as effective but not every party signed."],
        ),
        (
            lambda d: d["agreements"][0]["signatories"][1].update(representative="法人9"),
            [f"{V}.signatories: CSA/v1: the signatories, number or kind differ from the canonical document."],
        ),
        (_duplicate, [f"{V}.signatures[2].organisation: CSA/v1: 12100000400000624D signed twice."]),
    ],
    ids=[
        "impostor", "pending-key", "revoked-before", "revoked-undated", "confirmed-after", "confirmed-and-revoked",
        "content-not-signed", "effective-missing-signature", "representative-not-frozen", "signed-twice",
    ],
)  # fmt: skip
def test_a_version_failing_the_shared_check_is_refused_and_nothing_is_written(
    db: Any, change: Callable[[dict[str, Any]], None], problems: list[str]
) -> None:
    data = sample()
    change(data)
    before = rows()
    result = dossier_import(data)
    assert [str(p) for p in result.problems] == problems
    # not even a person for the impostor, a key or the alliance
    assert rows() == before == (0, 0, 0, 0, 0, 0, 0)


def test_a_signer_appointed_before_signing_counts_and_a_key_revoked_later_keeps_its_signature(
    db: Any,
) -> None:
    data = sample()
    # 乙大学's representative changed after the version was opened and before signing: the new one signed
    data["organisations"][0]["legal_representative"]["name_zh"] = "新法人"
    data["agreements"][0]["signatures"][0]["signer"] = "新法人"
    # 甲公司's key was revoked after it signed
    data["agreements"][0]["signatures"][1].update(key_status="revoked", key_revoked_at="2026-03-01T00:00:00Z")
    assert dossier_import(data).problems == []
    signature = Signature.objects.select_related("signer", "key").get(organisation__uscc="12100000400000624D")
    assert (signature.signer_name, signature.signer.name_zh, signature.signer.pk) == (
        "新法人",
        "新法人",
        Organisation.objects.get(uscc="12100000400000624D").legal_representative_id,
    )
    revoked = SigningKey.objects.get(organisation__uscc="914403001922038216")
    assert (revoked.status, revoked.revoked_at.isoformat(), revoked.confirmed_at.isoformat()) == (
        "revoked",
        "2026-03-01T00:00:00+00:00",
        "2026-01-05T01:00:00+00:00",
    )
    # the keys' dates travel back out as they came in
    exported = json.loads(dossier_export_json(Alliance.objects.get(code="CSA")))
    assert [
        (s["key_status"], s["key_confirmed_at"], s["key_revoked_at"])
        for s in exported["agreements"][0]["signatures"]
    ] == [
        ("confirmed", "2026-01-05T01:00:00Z", None),
        ("revoked", "2026-01-05T01:00:00Z", "2026-03-01T00:00:00Z"),
    ]


def test_a_key_registered_here_to_someone_else_is_refused(db: Any) -> None:
    signature = sample()["agreements"][0]["signatures"][1]
    other = OrganisationFactory()
    SigningKey.objects.create(
        key_id=signature["key_id"],
        public_key=base64.b64decode(signature["public_key"]),
        person=Person.objects.create(name_zh="别人"),
        organisation=other,
        status="confirmed",
        registered_at="2026-01-01T00:00:00Z",
        confirmed_at="2026-01-01T00:00:00Z",
    )
    before = rows()
    result = dossier_import(sample())
    assert [str(p) for p in result.problems] == [
        f"{V}.signatures[1].key_id: The key {signature['key_id']} is registered here to another person."
    ]
    assert rows() == before
    assert crypto.key_id(base64.b64decode(signature["public_key"])) == signature["key_id"]
