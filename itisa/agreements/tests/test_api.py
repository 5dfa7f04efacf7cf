"""Agreement endpoints, beyond the happy path in ``itisa/api/tests/test_agreements.py``.

Every persona against every version and key endpoint (a refusal writes nothing), each signature
rejection the service knows as it reaches an API client, withdrawal, accession and the downloads.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client

from conftest import PERSONAS
from itisa.agreements import crypto
from itisa.agreements.models import AgreementVersion, Signature, SigningKey, VersionStatusChange
from itisa.agreements.services import (
    key_register,
    key_revoke,
    version_create,
    version_open,
    version_withdraw,
)
from itisa.agreements.tests.fixtures import MEMBER_A, MEMBER_B, AgreementWorld, complete_content, sign_b64
from itisa.audit.models import AuditEntry
from tests.factories import PersonFactory


class Api:
    """A JSON client of /api/ as one user, in English (agreements sits below the api layer, so no import)."""

    def __init__(self, user: Any) -> None:
        self.client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            self.client.force_login(user)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {}
        if body is not None:
            kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        return getattr(self.client, method)(f"/api{path}", **kwargs)

    def get(self, path: str) -> Any:
        return self.call("get", path)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("post", path, body if body is not None else {})


READERS = {
    "secretariat",
    "council_member",
    "member_contact",
    "legal_representative",
    "fund_supervisor",
    "expert",
    "national_officer",
}


def _state() -> tuple[Any, ...]:
    """Everything an agreement endpoint could write."""
    return (
        sorted(AgreementVersion.objects.values_list("number", "status", "content", "digest")),
        Signature.objects.count(),
        sorted(SigningKey.objects.values_list("key_id", "status")),
        VersionStatusChange.objects.count(),
        AuditEntry.objects.count(),
    )


def _table(allowed: set[str], ok: int = 200, denied: int = 403, **overrides: int) -> dict[str, int]:
    """The status for every persona; anonymous callers are always asked to log in (401)."""
    table = {p: ok if p in allowed else denied for p in PERSONAS}
    table["anonymous"] = 401
    table.update(overrides)
    return table


def _draft(aw: AgreementWorld) -> dict[str, Any]:
    version_create(by=aw.world.user("secretariat"), alliance=aw.world.csa, content=complete_content())
    return {}


def _open(aw: AgreementWorld) -> dict[str, Any]:
    version = aw.open_version()
    return {"sig_b": sign_b64(aw.private_b, version)}


def _effective(aw: AgreementWorld) -> dict[str, Any]:
    version = aw.open_version()
    aw.sign(version, "a")
    aw.sign(version, "b")
    return {}


def _pending_key(aw: AgreementWorld) -> dict[str, Any]:
    raw = crypto.raw_public(Ed25519PrivateKey.generate())
    key = key_register(by=aw.rep_b, organisation=aw.world.member_b, public_key=raw)
    return {"pending": key.key_id}


# (name, setup, method, path, body, {persona: status}); {kb} is 乙大学's confirmed key (held by the
# persona legal_representative), {pending} a key of 乙大学 awaiting confirmation, {sig_b} its signature.
MATRIX: list[tuple[str, Callable[[AgreementWorld], dict[str, Any]], str, str, Any, dict[str, int]]] = [
    ("detail", _open, "get", "/alliances/CSA/agreements/1", None, _table(READERS)),
    ("canonical", _open, "get", "/alliances/CSA/agreements/1/canonical", None, _table(READERS)),
    (
        "update",
        _draft,
        "put",
        "/alliances/CSA/agreements/1/content",
        {"content": complete_content(exit_notice_days=60)},
        _table({"secretariat"}),
    ),
    ("open", _draft, "post", "/alliances/CSA/agreements/1/open", {}, _table({"secretariat"})),
    (
        "withdraw",
        _open,
        "post",
        "/alliances/CSA/agreements/1/withdraw",
        {"reason": "条款有误"},
        _table({"secretariat"}),
    ),
    (
        "accession",
        _effective,
        "post",
        "/alliances/CSA/accessions",
        {"organisation": "{sd}"},
        _table({"secretariat"}, ok=201),
    ),
    (
        "sign",
        _open,
        "post",
        "/alliances/CSA/agreements/1/signatures",
        {"key_id": "{kb}", "signature": "{sig_b}"},
        _table({"legal_representative"}, ok=201),
    ),
    (
        "key_confirm",
        _pending_key,
        "post",
        "/keys/{pending}/confirm",
        {"identity_check": "核验身份证原件"},
        # only the holder, the secretariat of a member's alliance and national officers see the key
        _table({"secretariat"}, denied=404, legal_representative=403, national_officer=403),
    ),
    (
        "key_revoke",
        lambda aw: {},
        "post",
        "/keys/{kb}/revoke",
        {"reason": "更换设备"},
        _table({"secretariat", "legal_representative"}, denied=404, national_officer=403),
    ),
]

CASES = [
    pytest.param(name, setup, method, path, body, persona, table[persona], id=f"{name}-{persona}")
    for name, setup, method, path, body, table in MATRIX
    for persona in PERSONAS
]


def _fill(value: Any, keys: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**keys) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill(v, keys) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("name", "setup", "method", "path", "body", "persona", "status"), CASES)
def test_permission_matrix(
    agreement_world: AgreementWorld,
    name: str,
    setup: Any,
    method: str,
    path: str,
    body: Any,
    persona: str,
    status: int,
) -> None:
    aw = agreement_world
    keys = {"kb": aw.key_b.key_id, "sd": aw.world.sd_org.uscc, **setup(aw)}
    before = _state()
    response = Api(aw.world.user(persona)).call(method, _fill(path, keys), _fill(body, keys))
    assert response.status_code == status, response.content
    if status >= 400:
        # a refusal writes nothing: no row, no status change, no audit entry
        assert _state() == before
        assert set(response.json()) == {"code", "message", "fields"}


def _rejection(code: str, message: str, reason: str) -> dict[str, Any]:
    return {"code": code, "message": message, "fields": {"signature": [message], "reason": [reason]}}


def _not_representative(aw: AgreementWorld) -> tuple[Any, str, str]:
    version = aw.open_version()
    member_b = aw.world.member_b
    member_b.legal_representative = PersonFactory(name_zh="新法人")
    member_b.save(update_fields=["legal_representative"])
    return aw.rep_b, aw.key_b.key_id, sign_b64(aw.private_b, version)


def _unconfirmed(aw: AgreementWorld) -> tuple[Any, str, str]:
    version = aw.open_version()
    private = Ed25519PrivateKey.generate()
    key = key_register(by=aw.rep_b, organisation=aw.world.member_b, public_key=crypto.raw_public(private))
    return aw.rep_b, key.key_id, sign_b64(private, version)


def _revoked(aw: AgreementWorld) -> tuple[Any, str, str]:
    version = aw.open_version()
    key_revoke(by=aw.rep_b, key=aw.key_b, reason="设备丢失")
    return aw.rep_b, aw.key_b.key_id, sign_b64(aw.private_b, version)


def _draft_version(aw: AgreementWorld) -> tuple[Any, str, str]:
    _draft(aw)
    # a client signing the digest it computed itself: the draft has no digest yet
    signature = base64.b64encode(aw.private_b.sign(bytes(32))).decode()
    return aw.rep_b, aw.key_b.key_id, signature


def _withdrawn(aw: AgreementWorld) -> tuple[Any, str, str]:
    version = aw.open_version()
    version_withdraw(by=aw.world.user("secretariat"), version=version, reason="条款有误")
    return aw.rep_b, aw.key_b.key_id, sign_b64(aw.private_b, version)


def _superseded(aw: AgreementWorld) -> tuple[Any, str, str]:
    first = aw.open_version()
    aw.sign(first, "a")
    aw.sign(first, "b")
    secretariat = aw.world.user("secretariat")
    amendment = version_create(
        by=secretariat, alliance=aw.world.csa, content=complete_content(exit_notice_days=60)
    )
    amendment = version_open(by=secretariat, version=amendment)
    aw.sign(amendment, "a")
    aw.sign(amendment, "b")
    return aw.rep_b, aw.key_b.key_id, sign_b64(aw.private_b, first)


@pytest.mark.parametrize(
    ("setup", "status", "expected"),
    [
        (
            _not_representative,
            403,
            _rejection(
                "permission_denied",
                "The key's holder is not the current legal representative of a party to this version.",
                "not_representative",
            ),
        ),
        (
            _unconfirmed,
            403,
            _rejection(
                "permission_denied",
                "This key has not been confirmed by the secretariat yet.",
                "key_unconfirmed",
            ),
        ),
        (
            _revoked,
            403,
            _rejection("permission_denied", "This key was revoked; it signs nothing more.", "key_revoked"),
        ),
        (
            _draft_version,
            409,
            _rejection("invalid_transition", "This version is not open for signature.", "not_open"),
        ),
        (
            _withdrawn,
            409,
            _rejection("invalid_transition", "This version is not open for signature.", "not_open"),
        ),
        (
            _superseded,
            409,
            _rejection(
                "invalid_transition",
                "This version has been superseded; it can no longer be signed.",
                "superseded",
            ),
        ),
    ],
    ids=["not-representative", "key-unconfirmed", "key-revoked", "draft", "withdrawn", "superseded"],
)
def test_signature_rejections_over_the_api_store_nothing(
    agreement_world: AgreementWorld, setup: Any, status: int, expected: dict[str, Any]
) -> None:
    user, key_id, signature = setup(agreement_world)
    before = _state()
    response = Api(user).post(
        "/alliances/CSA/agreements/1/signatures", {"key_id": key_id, "signature": signature}
    )
    assert response.status_code == status, response.content
    assert response.json() == expected
    assert _state() == before


def test_a_signature_names_its_party_by_credit_code(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    rep_b = Api(aw.rep_b)
    before = _state()
    unknown = rep_b.post(
        "/alliances/CSA/agreements/1/signatures",
        {"key_id": aw.key_b.key_id, "signature": sign_b64(aw.private_b, version), "organisation": "X" * 18},
    )
    assert (unknown.status_code, unknown.json()["fields"]) == (
        422,
        {"organisation": ["No organisation with this credit code."]},
    )
    # 甲公司 is a party, but the key's person does not represent it
    other = rep_b.post(
        "/alliances/CSA/agreements/1/signatures",
        {"key_id": aw.key_b.key_id, "signature": sign_b64(aw.private_b, version), "organisation": MEMBER_A},
    )
    assert (other.status_code, other.json()["fields"]["reason"]) == (403, ["not_representative"])
    assert _state() == before
    named = rep_b.post(
        "/alliances/CSA/agreements/1/signatures",
        {"key_id": aw.key_b.key_id, "signature": sign_b64(aw.private_b, version), "organisation": MEMBER_B},
    )
    assert named.status_code == 201
    body = named.json()
    signature = Signature.objects.get(version=version)
    assert body == {
        "version": "CSA/v1",
        "version_status": "open",
        "organisation": MEMBER_B,
        "signer": aw.world.member_b.legal_representative.name_zh,
        "key_id": aw.key_b.key_id,
        "digest": version.digest,
        "signed_at": body["signed_at"],
    }
    assert (bytes(signature.signature), signature.imported, signature.submitted_by) == (
        base64.b64decode(sign_b64(aw.private_b, version)),
        False,
        aw.rep_b,
    )


def test_detail_shows_a_representative_who_changed_after_signing(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "b")
    old_name = aw.world.member_b.legal_representative.name_zh
    member_b = aw.world.member_b
    member_b.legal_representative = PersonFactory(name_zh="新法人")
    member_b.save(update_fields=["legal_representative"])
    detail = Api(aw.world.user("council_member")).get("/alliances/CSA/agreements/1").json()
    rows = [
        (s["uscc"], s["signed"], s["signer"], s["current_representative"], s["representative_changed"])
        for s in detail["signatory_list"]
    ]
    assert rows == [
        (MEMBER_A, False, None, aw.world.member_a.legal_representative.name_zh, False),
        (MEMBER_B, True, old_name, "新法人", True),
    ]
    assert (detail["signatures"], detail["signatories"], detail["status"]) == (1, 2, "open")


def test_withdraw_over_the_api(agreement_world: Any) -> None:
    aw = agreement_world
    aw.open_version()
    secretariat = Api(aw.world.user("secretariat"))
    before = _state()
    blank = secretariat.post("/alliances/CSA/agreements/1/withdraw", {"reason": "  "})
    assert blank.json() == {
        "code": "validation_error",
        "message": "Give the reason for withdrawing.",
        "fields": {"reason": ["This field is required."]},
    }
    assert blank.status_code == 422
    assert _state() == before
    withdrawn = secretariat.post("/alliances/CSA/agreements/1/withdraw", {"reason": "条款有误"})
    assert withdrawn.status_code == 200
    body = withdrawn.json()
    assert (body["status"], body["label"]) == ("withdrawn", "CSA/v1")
    assert [(h["old_status"], h["new_status"], h["by"], h["comment"]) for h in body["history"]] == [
        ("", "draft", "secretariat", ""),
        ("draft", "open", "secretariat", ""),
        ("open", "withdrawn", "secretariat", "条款有误"),
    ]
    before = _state()
    again = secretariat.post("/alliances/CSA/agreements/1/withdraw", {"reason": "再次撤回"})
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    assert _state() == before


def test_accession_over_the_api(agreement_world: Any) -> None:
    aw = agreement_world
    secretariat = Api(aw.world.user("secretariat"))
    sd = aw.world.sd_org
    before = _state()
    early = secretariat.post("/alliances/CSA/accessions", {"organisation": sd.uscc})
    assert (early.status_code, early.json()["message"]) == (
        422,
        "CSA has no effective agreement to accede to.",
    )
    unknown = secretariat.post("/alliances/CSA/accessions", {"organisation": "X" * 18})
    assert (unknown.status_code, unknown.json()["fields"]) == (
        422,
        {"organisation": ["No organisation with this credit code."]},
    )
    assert _state() == before
    _effective(aw)
    party = secretariat.post("/alliances/CSA/accessions", {"organisation": MEMBER_B})
    assert (party.status_code, party.json()["message"]) == (409, "乙大学 is already a party to CSA/v1.")
    created = secretariat.post(
        "/alliances/CSA/accessions",
        {"organisation": sd.uscc.lower(), "content": {"undertaking_zh": "接受协议"}},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert {
        k: body[k] for k in ("label", "kind", "status", "based_on", "acceding_organisation", "content")
    } == {
        "label": "CSA/v2",
        "kind": "accession",
        "status": "draft",
        "based_on": "CSA/v1",
        "acceding_organisation": sd.uscc,
        "content": {"undertaking_zh": "接受协议", "task": None, "effective_from_zh": ""},
    }
    opened = secretariat.post("/alliances/CSA/agreements/2/open").json()
    assert [(s["uscc"], s["capacity"]) for s in opened["signatory_list"]] == [
        (sd.uscc, "acceding"),
        (MEMBER_A, "for_alliance"),
    ]


def test_canonical_bytes_hash_to_the_digest_and_a_draft_has_none(agreement_world: Any) -> None:
    aw = agreement_world
    _draft(aw)
    secretariat = Api(aw.world.user("secretariat"))
    draft = secretariat.get("/alliances/CSA/agreements/1/canonical")
    assert (draft.status_code, draft.json()["message"]) == (
        422,
        "A draft has no canonical form yet; send it for signature first.",
    )
    secretariat.post("/alliances/CSA/agreements/1/open")
    version = AgreementVersion.objects.get(number=1)
    response = secretariat.get("/alliances/CSA/agreements/1/canonical")
    assert response["Content-Disposition"] == 'attachment; filename="CSA-v1.json"'
    assert hashlib.sha256(response.content).hexdigest() == version.digest
    detail = secretariat.get("/alliances/CSA/agreements/1").json()
    assert detail["digest"] == version.digest


@pytest.mark.parametrize("suffix", ["pdf", "bundle"])
@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 401), ("outsider", 403), ("association_officer", 403)]
)
def test_downloads_are_refused_to_those_who_may_not_read(
    agreement_world: Any, suffix: str, persona: str, status: int
) -> None:
    agreement_world.open_version()
    before = _state()
    response = Api(agreement_world.world.user(persona)).get(f"/alliances/CSA/agreements/1/{suffix}")
    assert response.status_code == status
    assert _state() == before


def test_keys_register_as_pem_and_refuse_bad_or_repeated_keys(world: Any) -> None:
    rep = Api(world.user("legal_representative"))
    raw = crypto.raw_public(Ed25519PrivateKey.generate())
    created = rep.post("/keys", {"organisation": MEMBER_B, "public_key": crypto.public_pem(raw)})
    assert created.status_code == 201, created.content
    assert (created.json()["key_id"], created.json()["public_key"], created.json()["status"]) == (
        crypto.key_id(raw),
        base64.b64encode(raw).decode(),
        "pending",
    )
    before = _state()
    again = rep.post("/keys", {"organisation": MEMBER_B, "public_key": base64.b64encode(raw).decode()})
    assert (again.status_code, again.json()["fields"]) == (409, {"public_key": ["Already registered."]})
    bad = rep.post("/keys", {"organisation": MEMBER_B, "public_key": "not a key"})
    assert (bad.status_code, bad.json()["message"]) == (422, "This is not an Ed25519 public key.")
    unknown = rep.post("/keys/0000000000000000/confirm", {"identity_check": "x"})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")
    assert _state() == before


def test_a_key_made_with_the_cli_is_recorded_as_such(world: Any) -> None:
    from itisa.agreements.models import SigningKey

    rep = Api(world.user("legal_representative"))
    raw = crypto.raw_public(Ed25519PrivateKey.generate())
    created = rep.post(
        "/keys", {"organisation": MEMBER_B, "public_key": crypto.public_pem(raw), "origin": "cli"}
    )
    assert created.status_code == 201, created.content
    assert SigningKey.objects.get(key_id=crypto.key_id(raw)).origin == "cli"
    before = _state()
    forged = rep.post(
        "/keys", {"organisation": MEMBER_B, "public_key": crypto.public_pem(raw), "origin": "demo"}
    )
    assert forged.status_code == 422
    assert _state() == before


def test_the_content_api_takes_the_procedures_and_names_each_wrong_field(
    agreement_world: AgreementWorld,
) -> None:
    aw = agreement_world
    secretariat = Api(aw.world.user("secretariat"))
    created = secretariat.post("/alliances/CSA/agreements", {})
    assert created.status_code == 201
    # a founding draft starts with the template's procedures (no rule yet: it names no body)
    assert created.json()["content"]["procedures"] == {**complete_content()["procedures"], "votes": []}

    content = complete_content()
    content["procedures"]["votes"][0]["threshold_base"] = "present"
    content["procedures"]["recall_days"] = 20
    response = secretariat.call("put", "/alliances/CSA/agreements/1/content", {"content": content})
    assert response.status_code == 200, response.content
    assert response.json()["content"]["procedures"] == content["procedures"]

    before = (AgreementVersion.objects.get(number=1).content, AuditEntry.objects.count())
    shape = complete_content()
    shape["procedures"]["votes"][0].update(abstentions_count_as_present="false", quorum="0.66")
    shape["procedures"]["breach_cure_days"] = 400
    response = secretariat.call("put", "/alliances/CSA/agreements/1/content", {"content": shape})
    assert (response.status_code, response.json()["fields"]) == (
        422,
        {
            "procedures.votes.0.quorum": ["Enter a valid value."],
            "procedures.votes.0.abstentions_count_as_present": ["Enter true or false."],
            "procedures.breach_cure_days": ["Enter a number in the allowed range."],
        },
    )
    wrong = complete_content()
    wrong["procedures"]["votes"].append({"body_zh": "秘书处", "threshold": "3/2"})
    response = secretariat.call("put", "/alliances/CSA/agreements/1/content", {"content": wrong})
    assert (response.status_code, response.json()["fields"]) == (
        422,
        {
            "procedures.votes.2.body_zh": ["秘书处 is not a decision body of this agreement."],
            "procedures.votes.2.threshold": ["A share between 0 and 1, such as 1/2 or 2/3."],
        },
    )
    assert (AgreementVersion.objects.get(number=1).content, AuditEntry.objects.count()) == before

    # sending it for signature without procedures is refused with the field named
    response = secretariat.call(
        "put", "/alliances/CSA/agreements/1/content", {"content": complete_content(procedures=None)}
    )
    assert response.status_code == 200
    response = secretariat.post("/alliances/CSA/agreements/1/open")
    assert (response.status_code, response.json()["fields"]) == (
        422,
        {"procedures": ["State the procedures: start from the template's and adjust them."]},
    )
    assert AgreementVersion.objects.get(number=1).status == "draft"
