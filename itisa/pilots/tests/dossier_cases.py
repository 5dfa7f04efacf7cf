"""The named eligibility cases as dossier files (``pilots/eligibility/cases/*.json``) and what builds them.

A case names a base dossier, what the national office signed (``office_findings``: a findings object the
runner signs, with the office's test key or ``findings_key`` "other"/"none"), an RFC 6902 patch, which
agreement versions the parties sign again after the patch (``resign``: a text they really signed, with
test keys), whether the office's public key is configured (``office_key``: "office", "other", "none"),
and the exact results that are not a pass (with their reasons and facts where given).

The keys are test keys derived from fixed seeds, so that the committed base dossier's signed findings
verify without any private key in the repository.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import jsonpatch
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from itisa.agreements import crypto
from itisa.agreements.canonical import sha256_hex
from itisa.agreements.statement import parse_statement, statement_bytes
from itisa.dossier.office_findings import findings_sign

CASES = Path(__file__).resolve().parents[1] / "eligibility" / "cases"
CASE_FILES = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".dossier.json"))


def case_key(name: str) -> Ed25519PrivateKey:
    """A fixed Ed25519 key for tests: ``office``, ``other`` or a member's credit code."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"itisa test key: {name}".encode()).digest())


def public(name: str) -> bytes:
    return crypto.raw_public(case_key(name))


def office_key(case: dict[str, Any]) -> bytes | None:
    """The office's public key the case configures (default: the office's test key)."""
    which = case.get("office_key", "office")
    return None if which == "none" else public(which)


def resign(version: dict[str, Any]) -> None:
    """The parties sign the version's (patched) content again, each with its test key."""
    document = json.loads(base64.b64decode(version["canonical"]))
    document["content"] = version["content"]
    canonical = rfc8785.dumps(document)
    version["canonical"] = base64.b64encode(canonical).decode()
    version["digest"] = sha256_hex(canonical)
    message = bytes.fromhex(version["digest"])
    if version.get("statement"):  # statement format 2: the same PDF hash, the new digest
        old = parse_statement(base64.b64decode(version["statement"]))
        assert old is not None
        message = statement_bytes(
            label=old.label, canonical_sha256=version["digest"], pdf_sha256=old.pdf_sha256
        )
        version["statement"] = base64.b64encode(message).decode()
    for sig in version["signatures"]:
        key = case_key(sig["organisation"])
        raw = crypto.raw_public(key)
        sig["public_key"] = base64.b64encode(raw).decode()
        sig["key_id"] = crypto.key_id(raw)
        sig["signature"] = base64.b64encode(key.sign(message)).decode()


def signed_findings(findings: dict[str, Any], key: str | None = "office") -> dict[str, Any]:
    """The ``office_findings`` section: signed with a test key, or unsigned when ``key`` is None."""
    if key is None:
        return {"findings": findings, "key_id": None, "signature": None}
    return findings_sign(findings, case_key(key))


def materialise(case: dict[str, Any]) -> dict[str, Any]:
    """The case's dossier: its base, the office's findings, the patch, the versions signed again."""
    data = json.loads((CASES / case["dossier"]).read_text(encoding="utf-8"))
    if "office_findings" in case:
        which = case.get("findings_key", "office")
        data["office_findings"] = signed_findings(case["office_findings"], None if which == "none" else which)
    data = jsonpatch.apply_patch(copy.deepcopy(data), case["patch"])
    for i in case.get("resign", []):
        resign(data["agreements"][i])
    return data
