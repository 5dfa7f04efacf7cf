"""The facts Article 8 is checked against, built from the database (``build``) or a dossier (``from_dossier``).

Plain data, no ORM: every criterion is a pure function of these facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# GB 32100-2015 table 1: registration authority 9 (market regulation, 工商), institution category 2: 个体工商户.
INDIVIDUAL_BUSINESS_PREFIX = "92"


def independent_legal_person(uscc: str) -> bool:
    """Whether the credit code leaves the organisation an independent legal person (Art. 8(1)).

    The code's first two characters say who registered the organisation and as what (GB 32100-2015,
    table 1). ``92`` is an individual business (个体工商户): under the Civil Code (民法典第五十四条, in the
    chapter on natural persons) it is a natural person trading, not a legal person. The other categories
    cannot be told apart by the code: an enterprise branch (分公司) or a partnership is registered under
    ``91`` like a company, and the registry holds no other record of legal-person status, so they count as
    legal persons (see docs/eligibility.md, "What art8.1.legal_persons can check").
    """
    return not uscc.startswith(INDIVIDUAL_BUSINESS_PREFIX)


@dataclass(frozen=True)
class MemberFacts:
    uscc: str
    kind: str  # enterprise | university | research_institute | other
    independent_legal_person: bool = True  # the builders set it from the credit code
    backbone_enterprise: bool | None = None  # data cannot decide: None asks for review
    frontier: bool | None = (
        None  # a university or institute at the frontier of the field; None asks for review
    )


@dataclass(frozen=True)
class Facts:
    alliance: str
    as_of: dt.date
    founded_on: dt.date | None = None
    members: tuple[MemberFacts, ...] = ()
    # Art. 8(2): the agreement
    effective_agreement: bool = False
    # why a version the dossier states to be in effect is not shown to be ("path: message"); a database
    # holds only versions its services made effective, so there are none from the database
    agreement_problems: tuple[str, ...] = ()
    goals_present: bool = False
    goals_without_target: tuple[str, ...] = ()  # goals (title_zh) lacking a measurable target or a date
    task_division_covers: frozenset[str] = frozenset()  # credit codes with tasks
    signed_by_all_legal_representatives: bool = False
    unsigned_members: tuple[str, ...] = ()  # current members without a signature that counts
    # members whose signature verifies, by their representative, but whose key is not shown valid then
    signatures_in_doubt: tuple[str, ...] = ()
    # Art. 8(3): bodies, liability, staff
    body_kinds: frozenset[str] = frozenset()
    liability_member: str | None = None
    full_time_staff: int = 0
    # Art. 8(4): funds
    fund_rules_in_agreement: bool = False
    # None: not known (a dossier without its funds section, e.g. before format 1.4), which needs review
    separation_of_duties: bool | None = False  # entries approved by someone other than the preparer
    fund_supervisor_appointed: bool | None = False
    government_funds_separate: bool | None = None  # None: the alliance has no government funds
    ledger_known: bool = True
    # Art. 8(1) findings: None when they are the national office's own records here (the database); from a
    # dossier, what its signed section is worth (``dossier.office_findings``: verified, absent, unsigned…)
    findings_status: str | None = None
    # Art. 8(5): interests
    ip_ownership_agreed: bool = False
    licensing_agreed: bool = False
    revenue_split_agreed: bool = False
    breach_liability_agreed: bool = False
    # Art. 8(6): openness
    admission_procedure: bool = False
    diffusion_mechanism: bool = False
    diffusion_obligation_for_public_funds: bool = False


def agreement_facts(content: dict[str, Any]) -> dict[str, Any]:
    """What the effective agreement's content (``agreements.content.AgreementContent``) settles.

    A goal counts as clear only with a measurable target and a date, as the agreement editor requires
    (``agreements.content.content_problems``); the builders from the database and from a dossier both
    read the content through this one function.
    """
    ip = content.get("ip") or {}
    breach = content.get("breach") or {}
    diffusion = content.get("diffusion") or {}
    goals = [g for g in content.get("goals") or [] if isinstance(g, dict)]
    return {
        "goals_present": bool(goals),
        "goals_without_target": tuple(
            str(g.get("title_zh") or "")
            for g in goals
            if not str(g.get("target") or "").strip() or not g.get("due")
        ),
        "fund_rules_in_agreement": bool((content.get("fund_rules_zh") or "").strip()),
        "ip_ownership_agreed": bool(ip.get("default_ownership")),
        "licensing_agreed": bool(ip.get("member_licence") and ip.get("non_member_licence")),
        "revenue_split_agreed": bool(ip.get("revenue_split")),
        "breach_liability_agreed": bool(breach.get("breaches")),
        "admission_procedure": bool((content.get("admission_rules_zh") or "").strip()),
        "diffusion_mechanism": bool((diffusion.get("mechanism_zh") or "").strip()),
        "diffusion_obligation_for_public_funds": bool(diffusion.get("public_results")),
    }
