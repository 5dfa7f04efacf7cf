"""Reads of licensing, scoped to the viewer (``permissions``: the alliance's people and the national
office see its licences and splits; a member's contact sees its own statement). A page of licences costs
a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum
from django.utils.translation import gettext as _

from itisa.core.errors import NotFound, PermissionDenied
from itisa.licensing.choices import LineKind
from itisa.licensing.models import Licence, Receipt, SplitLine
from itisa.licensing.permissions import can_act_for_member, can_view_licences
from itisa.licensing.rules import reports_due
from itisa.registry.models import Alliance, Organisation
from itisa.registry.selectors import access_alliance

# the lines that are a member's own (an inventor's line names their employer but is the person's)
MEMBER_KINDS = (LineKind.COST_RECOVERY, LineKind.CREATOR, LineKind.CONTRIBUTORS)


def licences_of(user: Any, alliance: Alliance) -> QuerySet[Licence]:
    """The alliance's licences for those who see them, by code, with their result and licensee."""
    if not can_view_licences(user, alliance):
        return Licence.objects.none()
    return Licence.objects.filter(alliance=alliance).select_related("result", "licensee").order_by("code")


def access_licence(user: Any, alliance_code: str, code: str) -> Licence:
    """Find and check: the licence if the viewer sees the alliance's licences; NotFound otherwise."""
    alliance = access_alliance(user, alliance_code)
    licence = (
        licences_of(user, alliance)
        .select_related("alliance", "by")
        .prefetch_related(
            Prefetch("receipts", queryset=receipts_with_lines()),
            "consents__organisation",
        )
        .filter(code=code)
        .first()
    )
    if licence is None:
        raise NotFound(_("No such licence, or you may not see it."))
    return licence


def receipts_with_lines() -> QuerySet[Receipt]:
    lines = SplitLine.objects.select_related("organisation").order_by("pk")
    return (
        Receipt.objects.select_related("posting__entry", "agreement")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("seq")
    )


@dataclass(frozen=True)
class Due:
    """A royalty report due: the licence and the day."""

    licence: Licence
    day: dt.date


def reports_due_in(licences: list[Licence], *, today: dt.date, within: int) -> list[Due]:
    """The royalty reports due from ``today`` to ``within`` days later, soonest first."""
    due = [
        Due(licence, day)
        for licence in licences
        for day in reports_due(licence.report_months, starts_on=licence.starts_on, ends_on=licence.ends_on,
                               today=today, within=within)
    ]  # fmt: skip
    return sorted(due, key=lambda d: (d.day, d.licence.code))


def licence_document(licence: Licence) -> dict[str, Any]:
    """The licence with its receipts and their split lines as plain data (API, ``itisa licence show``)."""
    return {
        "alliance": licence.alliance.code, "code": licence.code, "result": licence.result.code,
        "licensee": licence.licensee_name, "licensee_uscc": licence.licensee_uscc, "member": licence.licensee_id is not None,
        "exclusive": licence.exclusive, "field_zh": licence.field_zh, "territory_zh": licence.territory_zh,
        "starts_on": licence.starts_on, "ends_on": licence.ends_on, "upfront_fee": str(licence.upfront_fee),
        "royalty_terms_zh": licence.royalty_terms_zh,
        "royalty_percent": None if licence.royalty_percent is None else str(licence.royalty_percent),
        "report_months": licence.report_months,
        "consents": [{"organisation": c.organisation.uscc, "document_ref": c.document_ref, "given_on": c.given_on}
                     for c in licence.consents.all()],
        "receipts": [receipt_document(r) for r in licence.receipts.all()],
    }  # fmt: skip


def receipt_document(receipt: Receipt) -> dict[str, Any]:
    posting = getattr(receipt, "posting", None)
    return {
        "seq": receipt.seq, "received_on": receipt.received_on, "amount": str(receipt.amount),
        "memo": receipt.memo,
        "entry": None if posting is None else {"id": posting.entry.pk, "status": posting.entry.status},
        "lines": [
            {"kind": x.kind, "organisation": x.organisation.uscc if x.organisation and x.kind in MEMBER_KINDS else None,
             "name": x.name, "amount": str(x.amount)}
            for x in receipt.lines.all()
        ],
    }  # fmt: skip


@dataclass(frozen=True)
class StatementRow:
    licence: str
    result: str
    seq: int
    received_on: dt.date
    kind: str
    amount: Decimal
    posted: bool

    @property
    def label(self) -> str:
        return str(LineKind(self.kind).label)


def member_statement(user: Any, alliance: Alliance, organisation: Organisation) -> list[StatementRow]:
    """A member's shares of the alliance's receipts (owner, contributor, costs recovered), oldest first;
    for its contact or legal representative, the secretariat and the national office."""
    decision = can_act_for_member(user, alliance, organisation.pk)
    if not decision:
        raise PermissionDenied(decision.reason)
    lines = (
        SplitLine.objects.filter(receipt__licence__alliance=alliance, organisation=organisation, kind__in=MEMBER_KINDS)
        .select_related("receipt__licence__result", "receipt__posting__entry")
        .order_by("receipt__received_on", "receipt__licence__code", "receipt__seq", "pk")
    )  # fmt: skip
    rows = []
    for x in lines:
        posting = getattr(x.receipt, "posting", None)
        rows.append(StatementRow(x.receipt.licence.code, x.receipt.licence.result.code, x.receipt.seq,
                                 x.receipt.received_on, x.kind, x.amount,
                                 posting is not None and posting.entry.status == "posted"))  # fmt: skip
    return rows


def statement_total(alliance: Alliance, organisation: Organisation) -> Decimal:
    """The member's shares of the alliance's receipts, in total (to the fen)."""
    total = SplitLine.objects.filter(
        receipt__licence__alliance=alliance, organisation=organisation, kind__in=MEMBER_KINDS
    ).aggregate(total=Sum("amount"))["total"]
    return (total or Decimal(0)).quantize(Decimal("0.01"))
