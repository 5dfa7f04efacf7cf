"""Reads of financing, scoped to the viewer: the insiders (secretariat, council, fund supervisor) and the
national office see every need and credit line of the alliance; a member's representative its own
organisation's (and those of the projects it leads). A page costs a fixed number of queries. The overdue
clock is settled before credit lines are read, so pages, the API and the CLI are right without a worker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from itisa.core import clocks
from itisa.core.errors import NotFound
from itisa.financing.models import CreditLine, Drawdown, FinancingNeed, InstitutionResponse, NeedStatusChange
from itisa.financing.permissions import can_view_financing, own_organisations, sees_all_financing
from itisa.financing.rules import outstanding, repayment_state, undrawn
from itisa.registry.models import Alliance
from itisa.registry.selectors import access_alliance

OVERDUE_CLOCK = "financing.drawdown.overdue"


def _own(user: Any, alliance: Alliance, *fields: str) -> Q | None:
    """None: the viewer sees everything; otherwise the rows naming one of its organisations in ``fields``."""
    if sees_all_financing(user, alliance):
        return None
    orgs = own_organisations(user, alliance)
    q = Q(pk__in=[])
    for field in fields:
        q |= Q(**{f"{field}__in": orgs})
    return q


def needs_of(
    user: Any,
    alliance: Alliance,
    *,
    status: str = "",
    channel: str = "",
    year: int | None = None,
    q: str = "",
) -> QuerySet[FinancingNeed]:
    """The needs the viewer sees, newest code first, filtered by status, channel, the year recorded and a
    text in the code, purpose, member or project."""
    if not can_view_financing(user, alliance):
        return FinancingNeed.objects.none()
    qs = FinancingNeed.objects.filter(alliance=alliance)
    own = _own(user, alliance, "organisation_id", "project__lead_id")
    if own is not None:
        qs = qs.filter(own)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if year is not None:
        qs = qs.filter(at__gte=dt.datetime(year, 1, 1, tzinfo=dt.UTC) - dt.timedelta(hours=8),
                       at__lt=dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC) - dt.timedelta(hours=8))  # fmt: skip
    text = q.strip()
    if text:
        qs = qs.filter(
            Q(code__icontains=text) | Q(purpose_zh__icontains=text) | Q(organisation__name_zh__icontains=text)
            | Q(project__code__icontains=text) | Q(project__title_zh__icontains=text)
        )  # fmt: skip
    return qs.select_related("alliance", "organisation", "project").order_by("-code")


def access_need(user: Any, alliance_code: str, code: str) -> FinancingNeed:
    """Find and check: the need if the viewer sees it; NotFound whether missing or hidden."""
    alliance = access_alliance(user, alliance_code, need=can_view_financing)
    need = (
        needs_of(user, alliance)
        .select_related("by", "project__lead")
        .prefetch_related(
            Prefetch(
                "status_changes", queryset=NeedStatusChange.objects.select_related("by").order_by("at", "pk")
            ),
            Prefetch("responses", queryset=InstitutionResponse.objects.order_by("responded_on", "pk")),
        )
        .filter(code=code.upper())
        .first()
    )
    if need is None:
        raise NotFound(_("No such financing need, or you may not see it."))
    return need


def need_document(need: FinancingNeed) -> dict[str, Any]:
    """A need with its history and responses as plain data (API, ``itisa financing show``)."""
    return {
        "code": need.code, "project": need.project.code if need.project else None,
        "organisation": need.organisation.uscc if need.organisation else None,
        "organisation_name": need.organisation.name_zh if need.organisation else None,
        "channel": need.channel, "amount": str(need.amount), "purpose_zh": need.purpose_zh, "status": need.status,
        "letter_ref": need.letter_ref, "reason_zh": need.reason_zh,
        "history": [{"old_status": h.old_status, "new_status": h.new_status, "by": h.actor_label, "at": h.at,
                     "comment": h.comment} for h in need.status_changes.all()],
        "responses": [response_document(r) for r in need.responses.all()],
    }  # fmt: skip


def need_summary(need: FinancingNeed) -> dict[str, Any]:
    """A need in a list (API, ``itisa financing needs``)."""
    return {
        "code": need.code, "project": need.project.code if need.project else None,
        "organisation": need.organisation.uscc if need.organisation else None,
        "organisation_name": need.organisation.name_zh if need.organisation else None,
        "channel": need.channel, "amount": str(need.amount), "status": need.status,
    }  # fmt: skip


def response_document(r: InstitutionResponse) -> dict[str, Any]:
    return {
        "institution": r.institution, "institution_kind": r.institution_kind, "decision": r.decision,
        "amount_offered": None if r.amount_offered is None else str(r.amount_offered),
        "rate_percent": None if r.rate_percent is None else str(r.rate_percent),
        "terms_zh": r.terms_zh, "responded_on": r.responded_on,
    }  # fmt: skip


def lines_of(user: Any, alliance: Alliance) -> QuerySet[CreditLine]:
    """The credit lines the viewer sees, by code, with their drawdowns and repayments (three queries)."""
    if not can_view_financing(user, alliance):
        return CreditLine.objects.none()
    clocks.settle(OVERDUE_CLOCK, line__alliance=alliance)
    qs = CreditLine.objects.filter(alliance=alliance)
    own = _own(user, alliance, "borrower_id")
    if own is not None:
        qs = qs.filter(own)
    drawdowns = Drawdown.objects.prefetch_related("repayments").order_by("seq")
    return (
        qs.select_related("alliance", "borrower", "fund", "project", "need")
        .prefetch_related(Prefetch("drawdowns", queryset=drawdowns))
        .order_by("code")
    )


def access_line(user: Any, alliance_code: str, code: str) -> CreditLine:
    """Find and check: the credit line if the viewer sees it; NotFound whether missing or hidden."""
    alliance = access_alliance(user, alliance_code, need=can_view_financing)
    line = lines_of(user, alliance).filter(code=code.upper()).first()
    if line is None:
        raise NotFound(_("No such credit line, or you may not see it."))
    return line


def line_document(line: CreditLine, *, today: dt.date) -> dict[str, Any]:
    """A credit line with its drawdowns, their repayments, what is outstanding and their state on ``today``
    (the prefetched rows: no query)."""
    drawdowns: list[dict[str, Any]] = []
    drawn: list[Decimal] = []
    owing: list[Decimal] = []
    for d in line.drawdowns.all():
        repayments = list(d.repayments.all())
        owed = outstanding(d.amount, [r.amount for r in repayments])
        drawn.append(d.amount)
        owing.append(owed)
        drawdowns.append({
            "seq": d.seq, "amount": str(d.amount), "drawn_on": d.drawn_on, "due_on": d.due_on,
            "outstanding": str(owed), "state": repayment_state(due_on=d.due_on, owed=owed, today=today),
            "repayments": [{"amount": str(r.amount), "repaid_on": r.repaid_on} for r in repayments],
        })  # fmt: skip
    return {
        "code": line.code, "institution": line.institution, "institution_kind": line.institution_kind,
        "borrower": line.borrower.uscc if line.borrower else None,
        "borrower_name": line.borrower.name_zh if line.borrower else line.alliance.name_zh,
        "limit": str(line.limit), "starts_on": line.starts_on, "ends_on": line.ends_on,
        "fund": line.fund.name_zh if line.fund else None, "project": line.project.code if line.project else None,
        "need": line.need.code if line.need else None,
        "drawn": str(sum(drawn, Decimal("0.00"))),
        "undrawn": str(undrawn(line.limit, drawn)),
        "outstanding": str(sum(owing, Decimal("0.00"))),
        "drawdowns": drawdowns,
    }  # fmt: skip
