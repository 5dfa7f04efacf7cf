"""The financing section of the alliance dossier: ``financing`` (since format 1.6).

One item per record: a financing need (``record: "need"``, with its status history and the institutions'
responses) or a credit line (``record: "line"``, with its drawdowns and their repayments); needs first,
each by code. Organisations by credit code, projects by code, the ledger fund by name, money as decimal
strings, timestamps in UTC, no database ids. The import adds the records missing here (matched by code
within the alliance, written directly with their history, like the other sections' importers, and
sealed through the import's audit entries); a record here that says otherwise is a conflict; a second
import writes nothing. See docs/financing.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel, ConfigDict

from itisa.dossier.base import Problem, json_path, raw_items, raw_str
from itisa.dossier.extensions import Section
from itisa.dossier.services._support import Ledger, clean, refuse, users_named
from itisa.financing.choices import Channel, Decision, InstitutionKind, NeedStatus
from itisa.financing.models import (
    CreditLine,
    Drawdown,
    FinancingNeed,
    InstitutionResponse,
    NeedStatusChange,
    Repayment,
)
from itisa.ledger.models import Fund
from itisa.projects.models import Project
from itisa.registry.models import Alliance, Organisation

NAME = "financing"
KINDS = ("financing_need", "financing_line")


class FinancingHistoryDoc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    old_status: str
    new_status: NeedStatus
    by: str | None
    at: dt.datetime
    comment: str = ""


class FinancingResponseDoc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    institution: str
    institution_kind: InstitutionKind
    decision: Decision
    amount_offered: Decimal | None = None
    rate_percent: Decimal | None = None
    terms_zh: str = ""
    responded_on: dt.date


class FinancingRepaymentDoc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: Decimal
    repaid_on: dt.date


class FinancingDrawdownDoc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seq: int
    amount: Decimal
    drawn_on: dt.date
    due_on: dt.date
    repayments: list[FinancingRepaymentDoc] = []


class FinancingRecordDoc(BaseModel):
    """A financing need or a credit line of the alliance."""

    model_config = ConfigDict(extra="forbid")

    record: Literal["need", "line"]
    code: str
    # a need
    project: str | None = None
    organisation: str | None = None
    channel: Channel | None = None
    amount: Decimal | None = None
    purpose_zh: str = ""
    status: NeedStatus | None = None
    letter_ref: str = ""
    reason_zh: str = ""
    history: list[FinancingHistoryDoc] = []
    responses: list[FinancingResponseDoc] = []
    # a line
    institution: str = ""
    institution_kind: InstitutionKind | None = None
    borrower: str | None = None
    limit: Decimal | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    fund: str | None = None
    need: str | None = None
    drawdowns: list[FinancingDrawdownDoc] = []


def _at(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _need(n: FinancingNeed) -> dict[str, Any]:
    return {
        "record": "need", "code": n.code, "project": n.project.code if n.project else None,
        "organisation": n.organisation.uscc if n.organisation else None, "channel": n.channel,
        "amount": _money(n.amount), "purpose_zh": n.purpose_zh, "status": n.status, "letter_ref": n.letter_ref,
        "reason_zh": n.reason_zh,
        "history": [{"old_status": h.old_status, "new_status": h.new_status, "by": h.actor_label or None,
                     "at": _at(h.at), "comment": h.comment} for h in sorted(n.status_changes.all(), key=lambda h: (h.at, h.pk))],
        "responses": [{"institution": r.institution, "institution_kind": r.institution_kind, "decision": r.decision,
                       "amount_offered": _money(r.amount_offered),
                       "rate_percent": None if r.rate_percent is None else f"{r.rate_percent:.3f}",
                       "terms_zh": r.terms_zh, "responded_on": r.responded_on.isoformat()}
                      for r in sorted(n.responses.all(), key=lambda r: (r.responded_on, r.pk))],
    }  # fmt: skip


def _line(x: CreditLine) -> dict[str, Any]:
    return {
        "record": "line", "code": x.code, "institution": x.institution, "institution_kind": x.institution_kind,
        "borrower": x.borrower.uscc if x.borrower else None, "limit": _money(x.limit),
        "starts_on": x.starts_on.isoformat(), "ends_on": x.ends_on.isoformat(),
        "fund": x.fund.name_zh if x.fund else None, "project": x.project.code if x.project else None,
        "need": x.need.code if x.need else None,
        "drawdowns": [{"seq": d.seq, "amount": _money(d.amount), "drawn_on": d.drawn_on.isoformat(),
                       "due_on": d.due_on.isoformat(),
                       "repayments": [{"amount": _money(r.amount), "repaid_on": r.repaid_on.isoformat()}
                                      for r in sorted(d.repayments.all(), key=lambda r: (r.repaid_on, r.pk))]}
                      for d in sorted(x.drawdowns.all(), key=lambda d: d.seq)],
    }  # fmt: skip


def _needs(alliance: Alliance) -> Any:
    return (
        FinancingNeed.objects.filter(alliance=alliance)
        .select_related("project", "organisation")
        .prefetch_related("status_changes", "responses")
        .order_by("code")
    )


def _lines(alliance: Alliance) -> Any:
    return (
        CreditLine.objects.filter(alliance=alliance)
        .select_related("borrower", "fund", "project", "need")
        .prefetch_related("drawdowns__repayments")
        .order_by("code")
    )


def export_financing(alliance: Alliance, *, include_restricted: bool) -> list[dict[str, Any]]:
    """Every need, then every credit line, of the alliance, by code."""
    return [*(_need(n) for n in _needs(alliance)), *(_line(x) for x in _lines(alliance))]


def financing_organisations(alliance: Alliance, *, include_restricted: bool) -> set[str]:
    """The members the needs are for and the borrowers of the lines."""
    codes = set(FinancingNeed.objects.filter(alliance=alliance).values_list("organisation__uscc", flat=True))
    codes |= set(CreditLine.objects.filter(alliance=alliance).values_list("borrower__uscc", flat=True))
    codes.discard(None)  # type: ignore[arg-type]
    return codes


def financing_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """Codes unique per kind of record; every organisation among ``organisations``; a need for a project
    or a member; drawdowns numbered once each."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for i, item in raw_items(data, NAME):
        key = (raw_str(item, "record"), raw_str(item, "code"))
        if key in seen:
            problems.append(
                Problem(
                    json_path((NAME, i, "code")), _("The record %(code)s appears twice.") % {"code": key[1]}
                )
            )
        seen.add(key)
        for field in ("organisation", "borrower"):
            uscc = raw_str(item, field)
            if uscc and uscc not in usccs:
                problems.append(Problem(json_path((NAME, i, field)),
                                        _("The organisation %(uscc)s is not among the dossier's organisations.") % {"uscc": uscc}))  # fmt: skip
        if key[0] == "need" and bool(raw_str(item, "project")) == bool(raw_str(item, "organisation")):
            problems.append(
                Problem(json_path((NAME, i, "project")), _("A need is for a project or a member."))
            )
        seqs = [d.get("seq") for d in item.get("drawdowns") or [] if isinstance(d, dict)]
        if len(seqs) != len(set(seqs)):
            problems.append(Problem(json_path((NAME, i, "drawdowns")), _("Each drawdown is numbered once.")))
    return problems


def _same(current: dict[str, Any], doc: FinancingRecordDoc) -> bool:
    wanted = FinancingRecordDoc.model_validate(current).model_dump(mode="json")
    return wanted == doc.model_dump(mode="json")


def import_financing(
    ledger: Ledger, *, alliance: Alliance, items: list[FinancingRecordDoc], orgs: dict[str, Organisation]
) -> None:
    """Add the dossier's needs and credit lines missing here; one recorded otherwise here is a conflict."""
    needs = {n.code: n for n in _needs(alliance)}
    lines = {x.code: x for x in _lines(alliance)}
    projects = {p.code: p for p in Project.objects.filter(alliance=alliance)}
    funds = {f.name_zh: f for f in Fund.objects.filter(book__alliance=alliance)}
    users = users_named({h.by for doc in items for h in doc.history if h.by})
    for i, doc in enumerate(items):
        path = json_path((NAME, i))
        existing: Any = needs.get(doc.code) if doc.record == "need" else lines.get(doc.code)
        if existing is not None:
            if not _same(_need(existing) if doc.record == "need" else _line(existing), doc):
                raise refuse(path, _("The record %(code)s is recorded otherwise here.") % {"code": doc.code})
            ledger.unchanged(f"financing_{doc.record}")
            continue
        project = projects.get(doc.project) if doc.project else None
        if doc.project and project is None:
            raise refuse(
                f"{path}.project", _("The alliance has no project %(code)s.") % {"code": doc.project}
            )
        if doc.record == "need":
            need = FinancingNeed(
                alliance=alliance, code=doc.code, project=project,
                organisation=orgs.get(doc.organisation) if doc.organisation else None, channel=doc.channel or "",
                amount=doc.amount or Decimal(0), purpose_zh=doc.purpose_zh, status=doc.status or NeedStatus.DRAFT,
                letter_ref=doc.letter_ref, reason_zh=doc.reason_zh, by=None, at=timezone.now(),
            )  # fmt: skip
            clean(need, path)
            need.save()
            sealed: list[Any] = [
                NeedStatusChange.objects.create(need=need, old_status=h.old_status, new_status=h.new_status,
                                                by=users.get(h.by or ""), actor_label=h.by or "", at=h.at, comment=h.comment)
                for h in doc.history
            ]  # fmt: skip
            sealed += [
                InstitutionResponse.objects.create(need=need, institution=r.institution, institution_kind=r.institution_kind,
                                                   decision=r.decision, amount_offered=r.amount_offered,
                                                   rate_percent=r.rate_percent, terms_zh=r.terms_zh,
                                                   responded_on=r.responded_on, at=timezone.now())
                for r in doc.responses
            ]  # fmt: skip
            needs[need.code] = need
            ledger.log(
                need, "financing_need", "created", {"code": need.code, "status": need.status}, sealed=sealed
            )
        else:
            if doc.starts_on is None or doc.ends_on is None:
                raise refuse(path, _("A credit line has its term."))
            linked = needs.get(doc.need) if doc.need else None
            line = CreditLine(
                alliance=alliance, code=doc.code, institution=doc.institution, institution_kind=doc.institution_kind or "",
                borrower=orgs.get(doc.borrower) if doc.borrower else None, limit=doc.limit or Decimal(0), starts_on=doc.starts_on,
                ends_on=doc.ends_on, fund=funds.get(doc.fund) if doc.fund else None, project=project, need=linked,
                by=None, at=timezone.now(),
            )  # fmt: skip
            clean(line, path)
            line.save()
            sealed = [line]
            for d in doc.drawdowns:
                drawdown = Drawdown.objects.create(line=line, seq=d.seq, amount=d.amount, drawn_on=d.drawn_on,
                                                   due_on=d.due_on, at=timezone.now())  # fmt: skip
                sealed.append(drawdown)
                sealed += [Repayment.objects.create(drawdown=drawdown, amount=r.amount, repaid_on=r.repaid_on, at=timezone.now())
                           for r in d.repayments]  # fmt: skip
            ledger.log(
                line,
                "financing_line",
                "created",
                {"code": line.code, "limit": str(line.limit)},
                sealed=sealed,
            )


FINANCING = Section(
    name=NAME,
    since="1.6",
    item=FinancingRecordDoc,
    label=gettext_lazy("Financing"),
    description=(
        "Financing needs of projects and members (channel, amount, purpose, the alliance's recommendation, "
        "status history, institutions' responses) and credit lines (institution, borrower, limit, term, "
        "ledger fund, drawdowns and repayments), Art. 10; needs first, each by code."
    ),
    export=export_financing,
    organisations=financing_organisations,
    check=financing_problems,
    load=import_financing,
    kinds=KINDS,
)
