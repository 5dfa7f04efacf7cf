"""Agreement endpoints: drafting to effective over the API; every signature rejection stores nothing."""

from __future__ import annotations

import base64
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from itisa.agreements import crypto
from itisa.agreements.models import AgreementVersion, Signature, SigningKey
from itisa.agreements.selectors import signing_terms
from itisa.agreements.tests.fixtures import MEMBER_A, MEMBER_B, complete_content, sign_b64
from itisa.api.tests.conftest import Api
from itisa.audit.models import AuditEntry


def _state() -> tuple[int, int, int, int]:
    return (
        AgreementVersion.objects.count(),
        Signature.objects.count(),
        SigningKey.objects.count(),
        AuditEntry.objects.count(),
    )


def test_draft_open_sign_until_effective(agreement_world: Any) -> None:
    aw = agreement_world
    secretariat = Api(aw.world.user("secretariat"))
    created = secretariat.post("/alliances/CSA/agreements", {"content": {"title_zh": "草案"}})
    assert created.status_code == 201, created.content
    draft = secretariat.get("/alliances/CSA/agreements/1/statement")
    assert (draft.status_code, draft.json()["message"]) == (
        422,
        "A draft has no canonical form yet; send it for signature first.",
    )
    assert (created.json()["label"], created.json()["kind"], created.json()["status"]) == (
        "CSA/v1",
        "agreement",
        "draft",
    )
    bad = secretariat.call(
        "put",
        "/alliances/CSA/agreements/1/content",
        {"content": complete_content(liability_member="91350100M000100Y43")},
    )
    assert bad.status_code == 422
    assert bad.json()["fields"] == {
        "liability_member": [
            "The member bearing external liability must be a party: 91350100M000100Y43 is not."
        ]
    }
    updated = secretariat.call("put", "/alliances/CSA/agreements/1/content", {"content": complete_content()})
    assert updated.status_code == 200
    opened = secretariat.post("/alliances/CSA/agreements/1/open")
    assert opened.status_code == 200
    body = opened.json()
    assert body["status"] == "open"
    assert [(s["uscc"], s["signed"]) for s in body["signatory_list"]] == [
        (MEMBER_A, False),
        (MEMBER_B, False),
    ]
    version = AgreementVersion.objects.get(alliance=aw.world.csa, number=1)

    canonical = secretariat.get("/alliances/CSA/agreements/1/canonical")
    assert canonical.status_code == 200
    assert canonical.content == bytes(version.canonical)
    assert canonical["Content-Type"] == "application/json"

    # the exact statement a signer signs, for clients holding only a token: signed as fetched
    rep_b = Api(aw.rep_b)
    statement = rep_b.get("/alliances/CSA/agreements/1/statement")
    assert (statement.status_code, statement["Content-Type"], statement["Content-Disposition"]) == (
        200,
        "text/plain; charset=us-ascii",
        'attachment; filename="CSA-v1-statement.txt"',
    )
    assert statement.content == signing_terms(version).message
    assert statement.content.decode("ascii").splitlines()[:2] == [
        "itisa-signature-statement/2",
        "version: CSA/v1",
    ]
    first = rep_b.post(
        "/alliances/CSA/agreements/1/signatures",
        {
            "key_id": aw.key_b.key_id,
            "signature": base64.b64encode(aw.private_b.sign(statement.content)).decode(),
        },
    )
    assert first.status_code == 201, first.content
    assert (first.json()["organisation"], first.json()["version_status"]) == (MEMBER_B, "open")
    last = Api(aw.rep_a).post(
        "/alliances/CSA/agreements/1/signatures",
        {"key_id": aw.key_a.key_id, "signature": sign_b64(aw.private_a, version)},
    )
    assert last.status_code == 201
    assert last.json()["version_status"] == "effective"
    detail = Api(aw.world.user("council_member")).get("/alliances/CSA/agreements/1").json()
    assert detail["status"] == "effective"
    assert detail["parties"] == sorted([MEMBER_A, MEMBER_B])
    assert [h["new_status"] for h in detail["history"]] == ["draft", "open", "effective"]
    signature_b = next(s for s in detail["signatory_list"] if s["uscc"] == MEMBER_B)
    assert base64.b64decode(signature_b["signature"]) == bytes(
        Signature.objects.get(organisation=aw.world.member_b).signature
    )
    listed = secretariat.get("/alliances/CSA/agreements").json()
    assert [(v["label"], v["status"], v["signatures"], v["signatories"]) for v in listed["items"]] == [
        ("CSA/v1", "effective", 2, 2)
    ]
    pdf = secretariat.get("/alliances/CSA/agreements/1/pdf")
    assert (pdf.status_code, pdf.content[:5], pdf["Content-Disposition"]) == (
        200,
        b"%PDF-",
        'attachment; filename="CSA-v1.pdf"',
    )
    bundle = secretariat.get("/alliances/CSA/agreements/1/bundle")
    assert (bundle.status_code, bundle["Content-Type"], bundle.content[:2]) == (200, "application/zip", b"PK")


def _submit(api: Api, key_id: str, signature: str) -> Any:
    return api.post("/alliances/CSA/agreements/1/signatures", {"key_id": key_id, "signature": signature})


def test_every_rejection_names_its_reason_and_stores_nothing(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    rep_b = Api(aw.rep_b)
    cases = []
    # does not verify
    wrong = base64.b64encode(Ed25519PrivateKey.generate().sign(bytes.fromhex(version.digest))).decode()
    cases.append((rep_b, aw.key_b.key_id, wrong, 422, "bad_signature"))
    # not 64 bytes
    cases.append((rep_b, aw.key_b.key_id, "AAAA", 422, "malformed"))
    # a key held by another account
    cases.append((Api(aw.rep_a), aw.key_b.key_id, sign_b64(aw.private_b, version), 403, "not_holder"))
    for api, key_id, signature, status, reason in cases:
        before = _state()
        response = _submit(api, key_id, signature)
        assert response.status_code == status, response.content
        assert response.json()["fields"]["reason"] == [reason]
        assert _state() == before
    # an unknown key
    before = _state()
    unknown = _submit(rep_b, "0" * 16, sign_b64(aw.private_b, version))
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")
    assert _state() == before
    # already signed
    assert _submit(rep_b, aw.key_b.key_id, sign_b64(aw.private_b, version)).status_code == 201
    before = _state()
    again = _submit(rep_b, aw.key_b.key_id, sign_b64(aw.private_b, version))
    assert (again.status_code, again.json()["fields"]["reason"]) == (409, ["already_signed"])
    assert _state() == before


def test_keys_over_the_api(world: Any) -> None:
    rep = Api(world.user("legal_representative"))
    raw = crypto.raw_public(Ed25519PrivateKey.generate())
    created = rep.post(
        "/keys", {"organisation": MEMBER_B, "public_key": base64.b64encode(raw).decode(), "label": "笔记本"}
    )
    assert created.status_code == 201, created.content
    key_id = created.json()["key_id"]
    assert created.json() | {"registered_at": None} == {
        "key_id": crypto.key_id(raw),
        "public_key": base64.b64encode(raw).decode(),
        "person": world.member_b.legal_representative.name_zh,
        "organisation": MEMBER_B,
        "holder": "legal_representative",
        "label": "笔记本",
        "origin": "browser",
        "status": "pending",
        "registered_at": None,
        "confirmed_at": None,
        "revoked_at": None,
    }
    before = _state()
    denied = Api(world.user("member_contact")).post(
        "/keys",
        {
            "organisation": MEMBER_B,
            "public_key": base64.b64encode(crypto.raw_public(Ed25519PrivateKey.generate())).decode(),
        },
    )
    assert denied.status_code == 403
    self_confirm = rep.post(f"/keys/{key_id}/confirm", {"identity_check": "自己"})
    assert self_confirm.status_code == 403
    assert _state() == before
    secretariat = Api(world.user("secretariat"))
    assert [k["key_id"] for k in secretariat.get("/keys").json()["items"]] == [key_id]
    confirmed = secretariat.post(f"/keys/{key_id}/confirm", {"identity_check": "核验身份证原件"})
    assert (confirmed.status_code, confirmed.json()["status"]) == (200, "confirmed")
    revoked = rep.post(f"/keys/{key_id}/revoke", {"reason": "更换设备"})
    assert (revoked.status_code, revoked.json()["status"]) == (200, "revoked")
    assert Api(world.user("outsider")).get("/keys").json()["items"] == []


def test_reads_need_a_role_in_the_alliance_or_an_officer(agreement_world: Any) -> None:
    aw = agreement_world
    aw.open_version()
    assert Api(None).get("/alliances/CSA/agreements/1").status_code == 401
    assert Api(aw.world.user("outsider")).get("/alliances/CSA/agreements/1").status_code == 403
    assert Api(aw.world.user("association_officer")).get("/alliances/CSA/agreements").status_code == 403
    assert Api(aw.world.user("national_officer")).get("/alliances/CSA/agreements/1").status_code == 200
    assert Api(aw.world.user("expert")).get("/alliances/CSA/agreements/9").status_code == 404
