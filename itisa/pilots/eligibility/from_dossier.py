"""Facts for Article 8 read from a dossier file (``itisa dossier export``), without touching the database.

A dossier states its agreement texts and carries their signatures. A signature counts only when the
canonical bytes match the digest, the frozen text is the text the dossier states, and the Ed25519
signature verifies: a dossier whose text was changed after signing is not signed by anyone.

The dossier does not carry the books, so Art. 8(4)'s internal supervision and separate accounting of
government funds need review unless the caller supplies what the office learned (``ledger``); nor does
it say which enterprise is a backbone of its industry or which institute is at the frontier, which
reviewers find (``findings``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from itisa.agreements import crypto
from itisa.agreements.canonical import sha256_hex
from itisa.dossier.base import Problem
from itisa.dossier.services.export import dossier_validate
from itisa.pilots.eligibility.facts import Facts, MemberFacts, agreement_facts, independent_legal_person
from itisa.registry.memberships import is_active_on


class DossierInvalid(ValueError):
    """The file is not a valid dossier; ``problems`` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class LedgerFacts:
    """What the books say, when known from elsewhere than the dossier."""

    book: bool
    fund_supervisor: bool
    grants_restricted: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Findings:
    """What reviewers found where data cannot decide (Art. 8(1)): credit code -> backbone / frontier standing."""

    backbone: dict[str, bool] = field(default_factory=dict)
    frontier: dict[str, bool] = field(default_factory=dict)


def _b64(text: Any) -> bytes | None:
    try:
        return base64.b64decode(str(text), validate=True)
    except (binascii.Error, ValueError):
        return None


def _verified_signers(version: dict[str, Any]) -> set[str]:
    """Credit codes whose signature on this version verifies against the text the dossier states."""
    canonical = _b64(version.get("canonical"))
    if canonical is None or sha256_hex(canonical) != version.get("digest"):
        return set()
    try:
        frozen = json.loads(canonical)
    except ValueError:
        return set()
    if not isinstance(frozen, dict) or frozen.get("content") != version.get("content"):
        return set()
    message = bytes.fromhex(version["digest"])
    signers: set[str] = set()
    for sig in version.get("signatures") or []:
        raw, signature = _b64(sig.get("public_key")), _b64(sig.get("signature"))
        if raw is None or signature is None or len(raw) != crypto.RAW_KEY_BYTES:
            continue
        if crypto.verify(raw, signature, message):
            signers.add(sig["organisation"])
    return signers


def _current(since: dt.date, until: dt.date | None, as_of: dt.date) -> bool:
    return since <= as_of and (until is None or until >= as_of)


def dossier_facts(
    data: Any, *, as_of: dt.date, ledger: LedgerFacts | None = None, findings: Findings | None = None
) -> Facts:
    """The facts a dossier supports on ``as_of``; raises DossierInvalid for a file that is not a dossier."""
    problems = dossier_validate(data)
    if problems:
        raise DossierInvalid(problems)
    kinds = {o["uscc"]: o["kind"] for o in data["organisations"]}
    members = sorted(
        m["organisation"]
        for m in data["memberships"]
        if is_active_on(
            dt.date.fromisoformat(m["joined_on"]),
            dt.date.fromisoformat(m["left_on"]) if m.get("left_on") else None,
            as_of,
        )
    )
    versions = [v for v in data.get("agreements") or [] if v["status"] == "effective"]
    agreement = next((v for v in versions if v["kind"] != "accession"), None)
    content: dict[str, Any] = agreement["content"] if agreement else {}
    covered = {t.get("party", "") for t in content.get("tasks") or []}
    signers = _verified_signers(agreement) if agreement else set()
    for accession in (v for v in versions if v["kind"] == "accession"):
        org = accession.get("acceding_organisation")
        if (accession.get("content") or {}).get("task"):
            covered.add(org or "")
        if org in _verified_signers(accession):
            signers.add(org)
    staff = [
        s
        for s in data.get("staff") or []
        if s["full_time"]
        and _current(
            dt.date.fromisoformat(s["since"]),
            dt.date.fromisoformat(s["until"]) if s.get("until") else None,
            as_of,
        )
    ]
    designations = sorted(
        (d for d in data.get("liability_designations") or [] if dt.date.fromisoformat(d["since"]) <= as_of),
        key=lambda d: d["since"],
    )
    alliance = data["alliance"]
    founded = alliance.get("founded_on")
    return Facts(
        alliance=alliance["code"],
        as_of=as_of,
        founded_on=dt.date.fromisoformat(founded) if founded else None,
        members=tuple(
            MemberFacts(
                uscc,
                kinds[uscc],
                independent_legal_person=independent_legal_person(uscc),
                backbone_enterprise=findings.backbone.get(uscc) if findings else None,
                frontier=findings.frontier.get(uscc) if findings else None,
            )
            for uscc in members
        ),
        effective_agreement=agreement is not None,
        task_division_covers=frozenset(covered),
        signed_by_all_legal_representatives=bool(members) and set(members) <= signers,
        body_kinds=frozenset(b["kind"] for b in data.get("bodies") or []),
        liability_member=designations[-1]["organisation"]
        if designations
        else content.get("liability_member") or None,
        full_time_staff=len(staff),
        separation_of_duties=ledger.book if ledger else None,
        fund_supervisor_appointed=ledger.fund_supervisor if ledger else None,
        government_funds_separate=(all(ledger.grants_restricted) if ledger.grants_restricted else None)
        if ledger
        else None,
        ledger_known=ledger is not None,
        **agreement_facts(content),
    )
