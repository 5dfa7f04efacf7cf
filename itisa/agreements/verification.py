"""What a frozen agreement version carried in a file must show, wherever it is read: one pure function.

The dossier import (``services.imports``) refuses a version with any problem; the eligibility check of a
dossier (``pilots.eligibility.from_dossier``) counts only the signatures that pass, and treats a version
with problems as not shown to be in effect. Both call ``check_version``, so they cannot drift apart.

A signature counts when:
- the canonical bytes hash to the digest, are this alliance's version with the listed signatories (and
  their legal representatives as frozen), number and kind, and the content stated is the signed content;
- it is by a signatory, once, with a key whose id matches its public key, and verifies over what was
  signed: the signing statement when the file carries one (statement format 2; it must name this version
  and the digest), else the digest;
- the signer is that party's legal representative: the one the signed text names (the representative
  when the version was opened) or, where the representative changed before signing, the one the file
  states for the organisation (the signing service accepts only the current representative);
- the key was confirmed when it signed: a pending key never signs; with the key's dates (dossier 1.4)
  it was confirmed before and not revoked before the signature. A revoked key without its date (older
  files) leaves the signature *in doubt*: the check leaves it to review, the import refuses it.
A version recorded as effective or superseded must be signed by every signatory.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from itisa.agreements import crypto, statement
from itisa.agreements.canonical import sha256_hex
from itisa.agreements.choices import KeyStatus, VersionStatus


@dataclass(frozen=True)
class VersionCheck:
    """The outcome for one version: problems ``(path, message)``; the parties whose signature counts; the
    parties whose signature verifies but whose key is not shown to have been valid then ``(path, party,
    why)``: the eligibility check leaves them to review, the import refuses them (it cannot record a
    revocation without its date)."""

    problems: tuple[tuple[str, str], ...] = ()
    signed: frozenset[str] = frozenset()
    in_doubt: tuple[tuple[str, str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def _b64(value: Any) -> bytes | None:
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        return None


def _when(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _frozen_parties(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (s.get("uscc"), s.get("capacity"), s.get("name_zh"), s.get("address"), s.get("legal_representative"))
        for s in document.get("signatories") or []
        if isinstance(s, dict)
    ]


def _listed_parties(doc: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            s.get("organisation"),
            s.get("capacity"),
            s.get("name_zh"),
            s.get("address"),
            s.get("representative"),
        )
        for s in doc.get("signatories") or []
    ]


def _document(doc: Mapping[str, Any], path: str, label: str, alliance_code: str) -> tuple[Any, list]:
    """The signed document, or None with the problem that stops every further check."""
    canonical = _b64(doc.get("canonical"))
    if canonical is None:
        return None, [(f"{path}.canonical", _("Not valid base64."))]
    if sha256_hex(canonical) != doc.get("digest"):
        return None, [
            (
                f"{path}.canonical",
                _("%(version)s: the canonical bytes do not match the digest.") % {"version": label},
            )
        ]
    try:
        document = json.loads(canonical)
    except ValueError:
        return None, [
            (f"{path}.canonical", _("%(version)s: the canonical bytes are not JSON.") % {"version": label})
        ]
    if not isinstance(document, dict) or (document.get("alliance") or {}).get("code") != alliance_code:
        return None, [
            (
                f"{path}.canonical",
                _("%(version)s: the canonical document belongs to another alliance.") % {"version": label},
            )
        ]
    if (
        _frozen_parties(document) != _listed_parties(doc)
        or document.get("version") != doc.get("number")
        or document.get("kind") != doc.get("kind")
    ):
        return None, [
            (
                f"{path}.signatories",
                _("%(version)s: the signatories, number or kind differ from the canonical document.")
                % {"version": label},
            )
        ]
    return document, []


def _key_problem(sig: Mapping[str, Any], label: str) -> tuple[str, str] | None:
    """Whether the key could sign when it did: (kind, message), kind ``problem`` or ``doubt``; None if so."""
    uscc = sig.get("organisation")
    signed_at = _when(sig.get("signed_at"))
    confirmed_at, revoked_at = _when(sig.get("key_confirmed_at")), _when(sig.get("key_revoked_at"))
    status = sig.get("key_status")
    values = {"version": label, "uscc": uscc}
    if status == KeyStatus.PENDING:
        return "problem", _("%(version)s: the key of %(uscc)s was never confirmed.") % values
    if status == KeyStatus.CONFIRMED and revoked_at is not None:
        return "problem", _(
            "%(version)s: the key of %(uscc)s is stated as confirmed and as revoked."
        ) % values
    if confirmed_at is not None and signed_at is not None and confirmed_at > signed_at:
        return "problem", _("%(version)s: the key of %(uscc)s was confirmed only after it signed.") % values
    if status == KeyStatus.REVOKED:
        if revoked_at is None:
            return "doubt", _(
                "%(version)s: the key of %(uscc)s was revoked, and the file does not say when, so it is "
                "not shown that the key could still sign."
            ) % values
        if signed_at is not None and revoked_at <= signed_at:
            return "problem", _("%(version)s: the key of %(uscc)s was revoked before it signed.") % values
    return None


def signed_message_of(doc: Mapping[str, Any], label: str) -> tuple[bytes, str | None]:
    """What the signatures of a version carried in a file are over: its signing statement (format 2),
    which must name this version and its digest, or the digest's 32 bytes (format 1, no statement)."""
    if doc.get("statement") is None:
        return bytes.fromhex(str(doc["digest"])), None
    text = _b64(doc.get("statement"))
    parsed = statement.parse_statement(text) if text is not None else None
    if text is None or parsed is None:
        return b"", _("%(version)s: the signing statement is not one.") % {"version": label}
    if parsed.label != label or parsed.canonical_sha256 != doc.get("digest"):
        return b"", _("%(version)s: the signing statement names another version or text.") % {
            "version": label
        }
    return text, None


def check_version(
    doc: Mapping[str, Any], *, alliance_code: str, representatives: Mapping[str, str], path: str
) -> VersionCheck:
    """Check one version as a file states it (the dossier's ``agreements[i]`` as plain JSON data).

    ``representatives`` maps each organisation's credit code to the name of its legal representative as
    the file states it. Pure: no database.
    """
    label = f"{alliance_code}/v{doc.get('number')}"
    document, problems = _document(doc, path, label, alliance_code)
    if document is None:
        return VersionCheck(problems=tuple(problems))
    if document.get("content") != doc.get("content"):
        problems.append(
            (
                f"{path}.content",
                _("%(version)s: the content differs from the signed text.") % {"version": label},
            )
        )
    named = {s[0]: s[4] for s in _frozen_parties(document)}
    message, problem = signed_message_of(doc, label)
    if problem is not None:
        return VersionCheck(problems=(*problems, (f"{path}.statement", problem)))
    signed: set[str] = set()
    doubts: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    signers_of_key: dict[str, str] = {}
    for j, sig in enumerate(doc.get("signatures") or []):
        spath = f"{path}.signatures[{j}]"
        uscc = sig.get("organisation")
        values = {"version": label, "uscc": uscc}
        if uscc not in named:
            problems.append(
                (f"{spath}.organisation", _("%(version)s: %(uscc)s signed but is not a signatory.") % values)
            )
            continue
        if uscc in seen:
            problems.append((f"{spath}.organisation", _("%(version)s: %(uscc)s signed twice.") % values))
            continue
        seen.add(uscc)
        raw = _b64(sig.get("public_key"))
        if raw is None or len(raw) != crypto.RAW_KEY_BYTES or crypto.key_id(raw) != sig.get("key_id"):
            problems.append(
                (
                    f"{spath}.public_key",
                    _("%(version)s: the key of %(uscc)s does not match its key id.") % values,
                )
            )
            continue
        signature = _b64(sig.get("signature"))
        if signature is None or not crypto.verify(raw, signature, message):
            problems.append(
                (f"{spath}.signature", _("%(version)s: the signature of %(uscc)s does not verify.") % values)
            )
            continue
        signer = sig.get("signer")
        if signer not in {named[uscc], representatives.get(uscc)}:
            problems.append(
                (
                    f"{spath}.signer",
                    _(
                        "%(version)s: %(signer)s, who signed for %(uscc)s, is not its legal representative "
                        "(the signed text names %(named)s)."
                    )
                    % {**values, "signer": signer, "named": named[uscc]},
                )
            )
            continue
        if signers_of_key.setdefault(str(sig.get("key_id")), str(signer)) != signer:
            problems.append(
                (
                    f"{spath}.key_id",
                    _("%(version)s: the key %(key_id)s signs for more than one person.")
                    % {**values, "key_id": sig.get("key_id")},
                )
            )
            continue
        key = _key_problem(sig, label)
        if key is None:
            signed.add(uscc)
        elif key[0] == "doubt":
            doubts.append((f"{spath}.key_revoked_at", uscc, key[1]))
        else:
            problems.append((f"{spath}.key_status", key[1]))
    # a party whose signature is there but fails is a problem of its own above
    if doc.get("status") in (VersionStatus.EFFECTIVE, VersionStatus.SUPERSEDED) and set(named) - seen:
        problems.append(
            (
                f"{path}.signatures",
                _("%(version)s is recorded as effective but not every party signed.") % {"version": label},
            )
        )
    return VersionCheck(problems=tuple(problems), signed=frozenset(signed), in_doubt=tuple(doubts))
