"""Facts for Article 8 read from a dossier file (``itisa dossier export``), without touching the database.

The dossier is checked as the import checks it, with the same functions, and more:
- it must be a valid dossier (``dossier_validate``: shape and cross-checks), or ``DossierInvalid``;
- every version stated to be in effect passes ``agreements.verification.check_version`` (the import's
  check): the text is the signed text, and each signature verifies, by the party's legal representative,
  with a key confirmed at the time. A version with a problem is not shown to be in effect (the problems
  are the facts of ``art8.2.agreement``); a signature that fails counts for nothing; one whose key was
  revoked at a time the file does not give leaves ``art8.2.signatures`` to review;
- ``funds`` (1.4) gives Article 8(4) the same facts the database builder reads from the ledger; without
  it (older files) supervision and government funds need review;
- ``office_findings`` (1.4) gives the national office's findings on Article 8(1) (backbone, frontier)
  only when signed by the office's key (``office_key``, ``ITISA_OFFICE_PUBLIC_KEY``) and made on or before
  the day checked; otherwise those criteria need review and say why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from itisa.agreements.verification import VersionCheck, check_version
from itisa.dossier.base import Problem
from itisa.dossier.office_findings import VERIFIED, findings_status
from itisa.dossier.services.export import dossier_validate
from itisa.ledger.choices import FundKind
from itisa.pilots.eligibility.facts import Facts, MemberFacts, agreement_facts, independent_legal_person
from itisa.registry.memberships import is_active_on

LATER = "later"  # the office's findings were made after the day checked


class DossierInvalid(ValueError):
    """The file is not a valid dossier; ``problems`` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _current(since: dt.date, until: dt.date | None, as_of: dt.date) -> bool:
    return since <= as_of and (until is None or until >= as_of)


@dataclass
class _Signed:
    """What the versions in effect show: who signed, whose signature is in doubt, what is wrong."""

    signers: set[str] = field(default_factory=set)
    in_doubt: set[str] = field(default_factory=set)
    covered: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def add(self, check: VersionCheck) -> None:
        self.problems += [f"{path}: {message}" for path, message in check.problems]


def _agreements(data: dict[str, Any]) -> tuple[dict[str, Any] | None, _Signed]:
    """The agreement shown to be in effect (or None) and what it and the effective accessions show."""
    code = data["alliance"]["code"]
    representatives = {
        o["uscc"]: (o.get("legal_representative") or {}).get("name_zh", "") for o in data["organisations"]
    }
    result = _Signed()
    agreement: dict[str, Any] | None = None
    for i, version in enumerate(data.get("agreements") or []):
        if version["status"] != "effective":
            continue
        check = check_version(
            version, alliance_code=code, representatives=representatives, path=f"$.agreements[{i}]"
        )
        result.add(check)
        doubts = {uscc for _path, uscc, _message in check.in_doubt}
        if version["kind"] != "accession":
            if check.ok and agreement is None:
                agreement = version
                result.signers |= check.signed
                result.in_doubt |= doubts
            continue
        org = version.get("acceding_organisation") or ""
        if not check.ok:
            continue
        if (version.get("content") or {}).get("task"):
            result.covered.add(org)
        if org in check.signed:
            result.signers.add(org)
        elif org in doubts:
            result.in_doubt.add(org)
    return agreement, result


def _funds(data: dict[str, Any]) -> dict[str, Any]:
    """Article 8(4) as the database builder reads it from the ledger; unknown without the section."""
    funds = data.get("funds")
    if not isinstance(funds, dict):
        return {
            "separation_of_duties": None,
            "fund_supervisor_appointed": None,
            "government_funds_separate": None,
            "ledger_known": False,
        }
    grants = [f["restricted"] for f in funds.get("funds") or [] if f["kind"] == FundKind.GOVERNMENT_GRANT]
    return {
        # the ledger's workflow separates preparer and approver: keeping a book is the separation
        "separation_of_duties": funds.get("book") is not None,
        "fund_supervisor_appointed": bool(funds.get("supervisors")),
        "government_funds_separate": all(grants) if grants else None,
        "ledger_known": True,
    }


def _findings(data: dict[str, Any], as_of: dt.date, office_key: bytes | None) -> tuple[str, dict[str, Any]]:
    """The status of the office's findings and, when they can be used, ``{question: {uscc: holds}}``."""
    section = data.get("office_findings")
    status = findings_status(section, office_key)
    if status != VERIFIED or not isinstance(section, dict):
        return status, {}
    findings = section["findings"]
    if dt.date.fromisoformat(findings["as_of"]) > as_of:
        return LATER, {}
    return status, {
        question: {f["organisation"]: f["holds"] for f in findings.get(question) or []}
        for question in ("backbone", "frontier")
    }


def dossier_facts(data: Any, *, as_of: dt.date, office_key: bytes | None) -> Facts:
    """The facts a dossier supports on ``as_of``; raises DossierInvalid for a file that is not a dossier.

    ``office_key`` is the national office's public key (``dossier.office_findings.office_public_key``);
    None when none is configured, so that signed findings cannot be verified.
    """
    problems = dossier_validate(data)
    if problems:
        raise DossierInvalid(problems)
    kinds = {o["uscc"]: o["kind"] for o in data["organisations"]}
    members = sorted(
        m["organisation"]
        for m in data["memberships"]
        if is_active_on(dt.date.fromisoformat(m["joined_on"]), _day(m.get("left_on")), as_of)
    )
    agreement, signed = _agreements(data)
    content: dict[str, Any] = agreement["content"] if agreement else {}
    covered = {t.get("party", "") for t in content.get("tasks") or []} | signed.covered
    staff = [
        s
        for s in data.get("staff") or []
        if s["full_time"] and _current(dt.date.fromisoformat(s["since"]), _day(s.get("until")), as_of)
    ]
    designations = sorted(
        (d for d in data.get("liability_designations") or [] if dt.date.fromisoformat(d["since"]) <= as_of),
        key=lambda d: d["since"],
    )
    status, found = _findings(data, as_of, office_key)
    alliance = data["alliance"]
    return Facts(
        alliance=alliance["code"],
        as_of=as_of,
        founded_on=_day(alliance.get("founded_on")),
        members=tuple(
            MemberFacts(
                uscc,
                kinds[uscc],
                independent_legal_person=independent_legal_person(uscc),
                backbone_enterprise=found.get("backbone", {}).get(uscc),
                frontier=found.get("frontier", {}).get(uscc),
            )
            for uscc in members
        ),
        effective_agreement=agreement is not None,
        agreement_problems=tuple(signed.problems),
        task_division_covers=frozenset(covered),
        signed_by_all_legal_representatives=bool(members) and set(members) <= signed.signers,
        unsigned_members=tuple(m for m in members if m not in signed.signers | signed.in_doubt),
        signatures_in_doubt=tuple(m for m in members if m in signed.in_doubt - signed.signers),
        body_kinds=frozenset(b["kind"] for b in data.get("bodies") or []),
        liability_member=designations[-1]["organisation"]
        if designations
        else content.get("liability_member") or None,
        full_time_staff=len(staff),
        findings_status=status,
        **_funds(data),
        **agreement_facts(content),
    )
