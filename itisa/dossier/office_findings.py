"""The dossier section ``office_findings`` (since 1.4): the national office's findings, signed by its key.

What data cannot decide in Article 8(1) — whether an enterprise holds a backbone position in its industry,
whether a university or institute is at the frontier of the field — the national office finds. In a
dossier such findings count only when the office signed them: ``findings`` (the alliance, the office, the
day they are as of, and per question the members found, yes or no, with the reason) is signed with the
office's Ed25519 key over its RFC 8785 canonical JSON (as audit checkpoints are), and ``key_id`` names
the key (the first 16 hex digits of the SHA-256 of its raw public half, as agreement keys are named).
The office's public key is configured here (``ITISA_OFFICE_PUBLIC_KEY``); the private key stays with
the office (``itisa eligibility sign-findings``). See docs/dossier.md, "Office findings (since 1.4)".

``findings_status`` says whether a section can be relied on; the import refuses a signed section that
does not verify here, the eligibility check leaves those criteria to review and says why.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from pydantic import Field

from itisa.agreements import crypto
from itisa.dossier.base import Problem, Strict, json_path, raw_dict, raw_items, raw_str

QUESTIONS = ("backbone", "frontier")

# What ``findings_status`` answers (stable codes; the criteria give the reasons in Chinese and English).
VERIFIED = "verified"
ABSENT = "absent"
UNSIGNED = "unsigned"
NO_OFFICE_KEY = "no_office_key"
WRONG_KEY = "wrong_key"
BAD_SIGNATURE = "bad_signature"


class FindingDoc(Strict):
    """One member found to hold (or not) what the question asks, with the office's reason."""

    organisation: str = Field(description="Credit code of an organisation in the dossier.")
    holds: bool
    reason: str = Field(min_length=1, max_length=2000)


class FindingsDoc(Strict):
    """What is signed: the office's findings on one alliance, as of a day."""

    alliance: str = Field(description="The alliance's code: findings hold for one alliance.")
    office: str = Field(min_length=1, max_length=200, description="The office that found.")
    as_of: dt.date
    backbone: list[FindingDoc] = Field(
        default_factory=list, description="Enterprises holding (or not) a backbone position in the industry."
    )
    frontier: list[FindingDoc] = Field(
        default_factory=list,
        description="Universities or institutes at (or not at) the frontier of the field.",
    )


class OfficeFindingsDoc(Strict):
    """The findings with the office's Ed25519 signature of their canonical JSON (null when unsigned)."""

    findings: FindingsDoc
    key_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{16}$")
    signature: str | None = Field(default=None, max_length=200, description="base64 of the 64-byte signature")


def findings_payload(findings: Mapping[str, Any]) -> bytes:
    """The exact bytes that are signed: RFC 8785 canonical JSON of the ``findings`` object."""
    return rfc8785.dumps(dict(findings))


def findings_sign(findings: Mapping[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """The section: ``findings`` signed with the office's private key."""
    return {
        "findings": dict(findings),
        "key_id": crypto.key_id(crypto.raw_public(key)),
        "signature": base64.b64encode(key.sign(findings_payload(findings))).decode("ascii"),
    }


def office_public_key() -> bytes | None:
    """The office's public key configured here (raw 32 bytes), or None when no file is there."""
    path = Path(settings.ITISA_OFFICE_PUBLIC_KEY)
    try:
        data = path.read_bytes()[:10000]
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ImproperlyConfigured(f"Cannot read the office's public key at {path}: {exc.strerror}") from exc
    try:
        return crypto.parse_public_key(data)
    except crypto.KeyFormatError as exc:
        raise ImproperlyConfigured(f"{path} is not an Ed25519 public key (ITISA_OFFICE_PUBLIC_KEY).") from exc


def findings_status(section: Any, public_key: bytes | None) -> str:
    """Whether the raw ``office_findings`` section can be relied on, checked against ``public_key``."""
    if not isinstance(section, dict):
        return ABSENT
    if not section.get("signature"):
        return UNSIGNED
    if public_key is None:
        return NO_OFFICE_KEY
    if section.get("key_id") != crypto.key_id(public_key):
        return WRONG_KEY
    try:
        signature = base64.b64decode(str(section["signature"]), validate=True)
        payload = findings_payload(section.get("findings") or {})
    except (binascii.Error, ValueError, TypeError, rfc8785.CanonicalizationError):
        return BAD_SIGNATURE
    return VERIFIED if crypto.verify(public_key, signature, payload) else BAD_SIGNATURE


def refusal(status: str, section: dict[str, Any], public_key: bytes | None) -> str | None:
    """Why an import refuses a signed section that does not verify here; None when it does not refuse."""
    if status == BAD_SIGNATURE:
        return _("The signature of the office's findings does not verify: they were changed after signing.")
    if status == WRONG_KEY:
        return _("The findings are signed with the key %(key_id)s, not with the office's key %(office)s.") % {
            "key_id": section.get("key_id"),
            "office": crypto.key_id(public_key) if public_key else "",
        }
    if status == NO_OFFICE_KEY:
        return _(
            "The office's public key is not configured here (ITISA_OFFICE_PUBLIC_KEY), so the signed "
            "findings cannot be verified."
        )
    return None


def office_findings_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """Problems of the raw section: findings about another alliance, an organisation not in the dossier,
    a member found twice on one question, a key id without a signature or the reverse."""
    section = raw_dict(data, "office_findings")
    if not section:
        return []
    problems: list[Problem] = []
    if bool(section.get("key_id")) != bool(section.get("signature")):
        problems.append(
            Problem("$.office_findings.signature", _("Give both the key id and the signature, or neither."))
        )
    findings = raw_dict(section, "findings")
    code = raw_str(raw_dict(data, "alliance"), "code")
    if raw_str(findings, "alliance") and code and raw_str(findings, "alliance") != code:
        problems.append(
            Problem(
                "$.office_findings.findings.alliance",
                _("These findings are about %(code)s, not about this alliance.")
                % {"code": raw_str(findings, "alliance")},
            )
        )
    for question in QUESTIONS:
        seen: set[str] = set()
        for i, item in raw_items(findings, question):
            uscc = raw_str(item, "organisation")
            path = json_path(("office_findings", "findings", question, i, "organisation"))
            if uscc and uscc not in usccs:
                problems.append(
                    Problem(
                        path, _("The organisation %(uscc)s is not among the organisations.") % {"uscc": uscc}
                    )
                )
            if uscc in seen:
                problems.append(Problem(path, _("A second finding on %(uscc)s.") % {"uscc": uscc}))
            seen.add(uscc)
    return problems
