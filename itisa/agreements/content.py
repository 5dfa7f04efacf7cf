"""The structured content of an agreement version and of an accession instrument.

The shape follows the agreement template seen in practice (../shared/DOMAIN.md, "Agreements and
charters seen in practice"). Pydantic checks the shape; ``content_problems`` checks what is there
against the parties; ``completeness_problems`` says what must still be filled in before a version
is sent for signature. Later apps read these fields as data (exit notice, IP terms, breach rules).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from itisa.agreements.choices import (
    Beneficiary,
    BodyKind,
    CommitmentKind,
    LicenceTerms,
    Matter,
    Ownership,
)

Text = Annotated[str, Field(max_length=4000)]
Line = Annotated[str, Field(max_length=300)]
Money = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
Days = Annotated[int, Field(ge=0, le=365)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Goal(_Strict):
    """A technology-innovation goal with a measurable target and a date (Art. 8(2))."""

    title_zh: Line
    title_en: Line = ""
    target: Line = ""
    due: dt.date | None = None


class Commitment(_Strict):
    """What a member commits to its task: money (CNY), staff, equipment or other."""

    kind: CommitmentKind
    description: Line = ""
    amount_cny: Money | None = None
    quantity: Annotated[int, Field(ge=0, le=100000)] | None = None


class Task(_Strict):
    """One member's share of the work (the division of tasks, Art. 8(2))."""

    party: Annotated[str, Field(max_length=18)]
    description_zh: Text
    commitments: list[Commitment] = []


class Body(_Strict):
    """A body of the alliance and its duties (Art. 8(3))."""

    kind: BodyKind
    name_zh: Line
    duties_zh: Text = ""


class RevenueShare(_Strict):
    beneficiary: Beneficiary
    percent: Percent


class IntellectualProperty(_Strict):
    """Ownership, licensing and revenue sharing of results, agreed in advance (Art. 8(5))."""

    default_ownership: Ownership | None = None
    ownership_note_zh: Text = ""
    background_ip_zh: Text = ""
    member_licence: LicenceTerms | None = None
    non_member_licence: LicenceTerms | None = None
    revenue_split: list[RevenueShare] = []
    # the members' costs of a result are paid back out of a receipt before the shares (licensing.rules)
    cost_recovery_first: StrictBool = False
    # the days the other joint owners have to object to a transfer of a share to a third party
    transfer_objection_days: Days = 45


class BreachLiability(_Strict):
    """Listed breaches and their remedies, suspension of rights, expulsion, and recovery of grants (Art. 8(5)).

    The three flags say which remedies the council may decide on a breach not cured within the
    procedures' ``breach_cure_days`` (membership's breach procedure refuses the others).
    """

    breaches: list[Line] = []
    remedies: list[Line] = []
    suspension: StrictBool = False
    expulsion: StrictBool = False
    grant_recovery: StrictBool = False


class Diffusion(_Strict):
    """How results spread beyond the alliance, and the duty to diffuse publicly funded results (Art. 8(6))."""

    mechanism_zh: Text = ""
    public_results: StrictBool = False
    # months after the project's acceptance within which a publicly funded result is diffused
    # (itisa.diffusion; 12 by default, the Horizon Results Platform's year)
    deadline_months: Annotated[int, Field(ge=1, le=60)] = 12


class Arbitration(_Strict):
    institution: Line


class Litigation(_Strict):
    court: Line


class Disputes(_Strict):
    """Arbitration with the institution named, or litigation with the court named; never both."""

    arbitration: Arbitration | None = None
    litigation: Litigation | None = None


class Term(_Strict):
    """How long the agreement runs and when it enters into force."""

    years: Annotated[int, Field(ge=1, le=50)] | None = None
    until: dt.date | None = None
    entry_into_force_zh: Text = ""


class Annex(_Strict):
    title_zh: Line
    text_zh: Text = ""


# an exact share written as a fraction: "2/3", "1/2"
Share = Annotated[str, Field(pattern=r"^[1-9][0-9]{0,2}/[1-9][0-9]{0,2}$")]


class VoteRule(_Strict):
    """How one decision body decides one kind of matter (Art. 8(3): an effective decision mechanism).

    ``body_zh`` names a body of the agreement. The threshold counts all seats, the seats present, or
    the votes cast for or against (abstentions count for the quorum only). Within ``veto_days`` of a
    passed motion a seat may veto it and the resolution waits (0: no veto).
    """

    body_zh: Line
    matter: Matter = Matter.ORDINARY
    quorum: Share = "2/3"
    quorum_comparison: Literal["at_least", "more_than"] = "at_least"
    threshold: Share = "2/3"
    threshold_comparison: Literal["at_least", "more_than"] = "at_least"
    threshold_base: Literal["seats", "present", "cast"] = "cast"
    abstentions_count_as_present: StrictBool = True
    chair_casting_vote: StrictBool = False
    veto_days: Days = 0


class Procedures(_Strict):
    """The alliance's procedures as numbers, so that the software can hold everyone to them.

    The defaults are those of the DESCA model consortium agreement (meeting notice 45/15 days, agenda
    21/7, additions 14/2, quorum 2/3 re-called within 15 days, 2/3 of votes cast, 15-day veto, minutes
    accepted unless objected to within 15 days, 30-day cure, publication notice 45 and objection 30
    days with at most 90 days' delay, joint-owner notice 45 days, access requests up to 12 months after
    a project, confidentiality 4 years). The secretariat changes them before the agreement is signed;
    afterwards a change is an amendment.
    """

    votes: list[VoteRule] = []
    notice_ordinary_days: Days = 45
    notice_extraordinary_days: Days = 15
    agenda_ordinary_days: Days = 21
    agenda_extraordinary_days: Days = 7
    additions_ordinary_days: Days = 14
    additions_extraordinary_days: Days = 2
    recall_days: Days = 15
    minutes_draft_days: Days = 10
    minutes_objection_days: Days = 15
    breach_cure_days: Days = 30
    publication_notice_days: Days = 45
    publication_objection_days: Days = 30
    publication_delay_max_days: Days = 90
    joint_owner_notice_days: Days = 45
    access_request_months: Annotated[int, Field(ge=0, le=120)] = 12
    confidentiality_years: Annotated[int, Field(ge=0, le=50)] = 4


def default_procedures(bodies: list[Body]) -> Procedures:
    """The template's procedures for these bodies: every decision body decides ordinary matters by 2/3
    of the votes cast with a quorum of 2/3, and important matters by 2/3 of all seats with a 15-day veto."""
    votes: list[VoteRule] = []
    for body in bodies:
        if body.kind != BodyKind.DECISION:
            continue
        votes.append(VoteRule(body_zh=body.name_zh))
        votes.append(
            VoteRule(body_zh=body.name_zh, matter=Matter.IMPORTANT, threshold_base="seats", veto_days=15)
        )
    return Procedures(votes=votes)


class AgreementContent(_Strict):
    """The content of an agreement or amendment version; the parties are kept beside it."""

    title_zh: Line = ""
    title_en: Line = ""
    purpose_zh: Text = ""
    principles_zh: Text = ""
    goals: list[Goal] = []
    tasks: list[Task] = []
    bodies: list[Body] = []
    liability_member: Annotated[str, Field(max_length=18)] = ""
    admission_rules_zh: Text = ""
    exit_rules_zh: Text = ""
    exit_notice_days: Annotated[int, Field(ge=1, le=365)] = 30
    fund_rules_zh: Text = ""
    ip: IntellectualProperty = IntellectualProperty()
    breach: BreachLiability = BreachLiability()
    diffusion: Diffusion = Diffusion()
    dissolution_zh: Text = ""
    disputes: Disputes = Disputes()
    term: Term = Term()
    # absent in agreements made before procedures were stated; their bodies keep the rules they adopted
    procedures: Procedures | None = None
    annexes: list[Annex] = []


class AccessionContent(_Strict):
    """An accession instrument (补充协议): the new member accepts the effective agreement."""

    undertaking_zh: Text = ""
    task: Task | None = None
    effective_from_zh: Text = ""


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind.startswith("string_too_long"):
        return _("Too long (at most %(n)s characters).") % {"n": error.get("ctx", {}).get("max_length", "")}
    if kind.startswith("date"):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind.startswith("decimal") or kind in {"greater_than_equal", "less_than_equal"}:
        return _("Enter a number in the allowed range.")
    if kind.startswith("int"):
        return _("Enter a whole number in the allowed range.")
    if kind == "enum":
        return _("Choose one of: %(options)s.") % {"options": error.get("ctx", {}).get("expected", "")}
    if kind.startswith("bool"):
        return _("Enter true or false.")
    return _("Enter a valid value.")


def shape_errors(exc: ValidationError) -> dict[str, list[str]]:
    """Pydantic errors as ``{dotted.path: [translated message]}``."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors():
        path = ".".join(str(p) for p in error["loc"]) or "__all__"
        fields.setdefault(path, []).append(_message(error))
    return fields


def parse_agreement(data: Any) -> tuple[AgreementContent | None, dict[str, list[str]]]:
    try:
        return AgreementContent.model_validate(data or {}), {}
    except ValidationError as exc:
        return None, shape_errors(exc)


def parse_accession(data: Any) -> tuple[AccessionContent | None, dict[str, list[str]]]:
    try:
        return AccessionContent.model_validate(data or {}), {}
    except ValidationError as exc:
        return None, shape_errors(exc)


def _add(problems: dict[str, list[str]], path: str, message: str) -> None:
    problems.setdefault(path, []).append(message)


def _task_problems(task: Task, path: str, parties: set[str], problems: dict[str, list[str]]) -> None:
    if task.party not in parties:
        _add(
            problems, f"{path}.party", _("%(code)s is not a party to this agreement.") % {"code": task.party}
        )
    if not task.description_zh:
        _add(problems, f"{path}.description_zh", _("Say what this member does."))
    for j, commitment in enumerate(task.commitments):
        if commitment.kind == CommitmentKind.MONEY and commitment.amount_cny is None:
            _add(
                problems,
                f"{path}.commitments.{j}.amount_cny",
                _("A money commitment needs an amount in CNY."),
            )
        if commitment.kind == CommitmentKind.STAFF and not commitment.quantity:
            _add(
                problems,
                f"{path}.commitments.{j}.quantity",
                _("A staff commitment needs a number of people."),
            )


def content_problems(content: AgreementContent, parties: set[str]) -> dict[str, list[str]]:
    """What is filled in but wrong, checked against the parties' credit codes. Empty when all is well."""
    problems: dict[str, list[str]] = {}
    for i, goal in enumerate(content.goals):
        if not goal.target:
            _add(problems, f"goals.{i}.target", _("Every goal needs a measurable target."))
        if goal.due is None:
            _add(problems, f"goals.{i}.due", _("Every goal needs a date by which it is reached."))
    for i, task in enumerate(content.tasks):
        _task_problems(task, f"tasks.{i}", parties, problems)
    if content.liability_member and content.liability_member not in parties:
        _add(
            problems,
            "liability_member",
            _("The member bearing external liability must be a party: %(code)s is not.")
            % {"code": content.liability_member},
        )
    if content.disputes.arbitration and content.disputes.litigation:
        _add(
            problems,
            "disputes",
            _("Choose arbitration or litigation, not both (an arbitration clause excludes the courts)."),
        )
    if content.disputes.arbitration and not content.disputes.arbitration.institution:
        _add(problems, "disputes.arbitration.institution", _("Name the arbitration institution."))
    if content.disputes.litigation and not content.disputes.litigation.court:
        _add(problems, "disputes.litigation.court", _("Name the court."))
    split = content.ip.revenue_split
    if split:
        total = sum((s.percent for s in split), Decimal("0"))
        if total != Decimal("100"):
            _add(
                problems,
                "ip.revenue_split",
                _("The revenue shares add up to %(total)s%%, not 100%%.") % {"total": total},
            )
        seen: set[str] = set()
        for i, share in enumerate(split):
            if share.beneficiary in seen:
                _add(problems, f"ip.revenue_split.{i}.beneficiary", _("Each beneficiary appears once."))
            seen.add(share.beneficiary)
    if content.term.years and content.term.until:
        _add(problems, "term", _("Give the term in years or an end date, not both."))
    if content.procedures is not None:
        _procedure_problems(content, content.procedures, problems)
    return problems


def _procedure_problems(
    content: AgreementContent, procedures: Procedures, problems: dict[str, list[str]]
) -> None:
    decision_bodies = {b.name_zh for b in content.bodies if b.kind == BodyKind.DECISION}
    seen: set[tuple[str, str]] = set()
    for i, rule in enumerate(procedures.votes):
        path = f"procedures.votes.{i}"
        if rule.body_zh not in decision_bodies:
            _add(
                problems,
                f"{path}.body_zh",
                _("%(name)s is not a decision body of this agreement.") % {"name": rule.body_zh},
            )
        if (rule.body_zh, rule.matter) in seen:
            _add(problems, f"{path}.matter", _("Each body has one rule per kind of matter."))
        seen.add((rule.body_zh, rule.matter))
        for name in ("quorum", "threshold"):
            value = Fraction(getattr(rule, name))
            if value > 1:
                _add(problems, f"{path}.{name}", _("A share between 0 and 1, such as 1/2 or 2/3."))
    if procedures.notice_extraordinary_days > procedures.notice_ordinary_days:
        _add(
            problems,
            "procedures.notice_extraordinary_days",
            _("An extraordinary meeting's notice is not longer than an ordinary one's."),
        )


def completeness_problems(content: AgreementContent, parties: set[str]) -> dict[str, list[str]]:
    """What must be filled in before the version can be sent for signature (Art. 8(2), 8(3), 8(5))."""
    required = _("This must be filled in before the agreement is sent for signature.")
    problems: dict[str, list[str]] = {}
    if len(parties) < 2:
        _add(problems, "parties", _("An alliance agreement needs at least two parties."))
    for path, value in (
        ("title_zh", content.title_zh),
        ("purpose_zh", content.purpose_zh),
        ("goals", content.goals),
        ("tasks", content.tasks),
        ("bodies", content.bodies),
        ("liability_member", content.liability_member),
        ("fund_rules_zh", content.fund_rules_zh),
        ("ip.default_ownership", content.ip.default_ownership),
        ("breach.breaches", content.breach.breaches),
        ("dissolution_zh", content.dissolution_zh),
    ):
        if not value:
            _add(problems, path, required)
    if not (content.disputes.arbitration or content.disputes.litigation):
        _add(problems, "disputes", _("Name an arbitration institution or a court."))
    if not (content.term.years or content.term.until):
        _add(problems, "term", _("Give the term in years or an end date."))
    if content.procedures is None:
        _add(problems, "procedures", _("State the procedures: start from the template's and adjust them."))
    else:
        # a decision body without a rule for ordinary matters could not decide anything
        stated = {(rule.body_zh, rule.matter) for rule in content.procedures.votes}
        for name in sorted({b.name_zh for b in content.bodies if b.kind == BodyKind.DECISION}):
            if (name, Matter.ORDINARY) not in stated:
                _add(
                    problems,
                    "procedures.votes",
                    _("Say how %(name)s decides ordinary matters.") % {"name": name},
                )
    return problems


def accession_problems(content: AccessionContent, acceding: str) -> dict[str, list[str]]:
    """What is wrong or missing in an accession instrument before it is sent for signature."""
    problems: dict[str, list[str]] = {}
    if not content.undertaking_zh:
        _add(problems, "undertaking_zh", _("State that the new member accepts the agreement."))
    if content.task is not None:
        _task_problems(content.task, "task", {acceding}, problems)
    return problems
