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
from itisa.licensing.models import Licence, Receipt, SplitLine, TechContract, Transfer
from itisa.licensing.permissions import can_act_for_member, can_view_licences
from itisa.licensing.rules import objection_deadline, reports_due, transfer_state
from itisa.registry.models import Alliance, Organisation
from itisa.registry.selectors import access_alliance
from itisa.results.models import Owner

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


def transfers_of(user: Any, alliance: Alliance) -> QuerySet[Transfer]:
    """The alliance's transfers for those who see its licences, by code, with what their state needs."""
    if not can_view_licences(user, alliance):
        return Transfer.objects.none()
    return (
        Transfer.objects.filter(alliance=alliance)
        .select_related("alliance", "result", "transferor", "transferee", "completion")
        .prefetch_related("objections__organisation")
        .order_by("code")
    )


def access_transfer(user: Any, alliance_code: str, code: str) -> Transfer:
    """Find and check: the transfer if the viewer sees the alliance's licences; NotFound otherwise."""
    alliance = access_alliance(user, alliance_code)
    transfer = transfers_of(user, alliance).filter(code=code.upper()).first()
    if transfer is None:
        raise NotFound(_("No such transfer, or you may not see it."))
    return transfer


def transfer_documents(transfers: list[Transfer], *, today: dt.date) -> list[dict[str, Any]]:
    """The transfers as plain data with their state on ``today`` (API, ``itisa licence transfers``, the
    page): one query for the owners of all their results, whatever their number."""
    owners: dict[int, set[int]] = {}
    records = {t.result.ownership_id for t in transfers if t.result.ownership_id is not None}
    for record, organisation in Owner.objects.filter(record_id__in=records).values_list(
        "record_id", "organisation_id"
    ):
        owners.setdefault(record, set()).add(organisation)
    return [transfer_document(t, today=today, owners=owners.get(t.result.ownership_id or 0, set()))
            for t in transfers]  # fmt: skip


def transfer_document(transfer: Transfer, *, today: dt.date, owners: set[int]) -> dict[str, Any]:
    """A transfer as plain data; ``owners`` are the result's current owners (organisation ids)."""
    objections = list(transfer.objections.all())
    completion = getattr(transfer, "completion", None)
    state = transfer_state(
        notice_on=transfer.notice_on, days=transfer.objection_days, objected=bool(objections),
        completed=completion is not None, others=bool(owners - {transfer.transferor_id}), today=today,
    )  # fmt: skip
    return {
        "code": transfer.code, "result": transfer.result.code,
        "transferor": transfer.transferor.uscc, "transferor_name": transfer.transferor.name_zh,
        "transferee": transfer.transferee.uscc, "transferee_name": transfer.transferee.name_zh,
        "price": str(transfer.price), "contract_ref": transfer.contract_ref, "notice_on": transfer.notice_on,
        "objection_days": transfer.objection_days,
        "objection_ends_on": objection_deadline(transfer.notice_on, transfer.objection_days),
        "state": str(state),
        "objections": [{"organisation": o.organisation.uscc, "name": o.organisation.name_zh, "reason": o.reason,
                        "objected_on": o.objected_on} for o in objections],
        "completed_on": None if completion is None else completion.completed_on,
    }  # fmt: skip


def contracts_of(user: Any, alliance: Alliance) -> QuerySet[TechContract]:
    """The alliance's registered technology contracts for those who see its licences, newest first."""
    if not can_view_licences(user, alliance):
        return TechContract.objects.none()
    return (
        TechContract.objects.filter(alliance=alliance)
        .select_related("licence", "transfer")
        .order_by("-registered_on", "number")
    )


def contract_document(contract: TechContract) -> dict[str, Any]:
    """A technology contract as plain data (API, ``itisa licence contracts``)."""
    return {
        "number": contract.number, "kind": contract.kind,
        "licence": contract.licence.code if contract.licence else None,
        "transfer": contract.transfer.code if contract.transfer else None,
        "verified_amount": str(contract.verified_amount), "registered_on": contract.registered_on,
    }  # fmt: skip


def objecting_owners(
    user: Any, alliance: Alliance, transfers: list[Transfer]
) -> dict[int, list[tuple[int, str]]]:
    """For each transfer (by pk), the joint owners other than the transferor that ``user`` may object for
    (its contact, legal representative, or the secretariat acting for it): one query for all of them."""

    names: dict[int, list[tuple[int, str]]] = {}
    records = {t.result.ownership_id for t in transfers if t.result.ownership_id is not None}
    for record, org, name in (
        Owner.objects.filter(record_id__in=records)
        .order_by("pk")
        .values_list("record_id", "organisation_id", "organisation__name_zh")
    ):
        names.setdefault(record, []).append((org, name))
    return {
        t.pk: [
            (org, name)
            for org, name in names.get(t.result.ownership_id or 0, [])
            if org != t.transferor_id and can_act_for_member(user, alliance, org)
        ]
        for t in transfers
    }
