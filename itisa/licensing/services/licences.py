"""Licences, receipts and the split of a receipt (Art. 8(5)).

``licence_grant`` records a licence (an exclusive one carries every owner's written consent; a member
whose rights are suspended for breach is refused as licensee); ``receipt_record`` records money received
and stores its split by the effective agreement's revenue rule (``rules.revenue_split``);
``receipt_approve_split`` drafts and submits the balanced journal entry through the ledger's services
(Dr 1002 bank; Cr 2202 payable to each member; Cr 2209 payable to the inventors; Cr 4901 the alliance's
own share as other income), which the ledger's approval workflow then approves and posts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.agreements.content import AgreementContent
from itisa.agreements.selectors import effective_version
from itisa.audit.services import log_action
from itisa.core import formats
from itisa.core.errors import Conflict, DomainError
from itisa.core.identifiers import check_uscc
from itisa.ledger.choices import FundKind
from itisa.ledger.models import Book, Fund, JournalEntry
from itisa.ledger.services import entry_draft, entry_submit, fund_create
from itisa.licensing import actions
from itisa.licensing.choices import LineKind
from itisa.licensing.models import Licence, LicenceConsent, Receipt, SplitLine, SplitPosting
from itisa.licensing.rules import FEN, Party, SplitFacts, revenue_split
from itisa.licensing.services.common import Errors, amount, invalid, require_keeper, required
from itisa.licensing.services.inputs import LicenceInput, ReceiptInput
from itisa.membership.models import Membership, Suspension
from itisa.registry.models import Alliance, Organisation
from itisa.results.models import Contribution, Inventor, Result
from itisa.results.services import current_owners

if TYPE_CHECKING:
    from itisa.accounts.models import User

# the accounts of 民间非营利组织会计制度 (财会〔2004〕7号) the split posts to
BANK, MEMBERS_PAYABLE, OTHERS_PAYABLE, OTHER_INCOME = "1002", "2202", "2209", "4901"
ACCOUNT_OF = {
    LineKind.COST_RECOVERY: MEMBERS_PAYABLE,
    LineKind.CREATOR: MEMBERS_PAYABLE,
    LineKind.CONTRIBUTORS: MEMBERS_PAYABLE,
    LineKind.INVENTORS: OTHERS_PAYABLE,
    LineKind.ALLIANCE: OTHER_INCOME,
}
MEMBER_KINDS = {LineKind.COST_RECOVERY, LineKind.CREATOR, LineKind.CONTRIBUTORS}
# the fund the receipts of results are booked to (created through the ledger's service when missing)
REVENUE_FUND = "成果转化收入"
FEE_COLUMN = Licence._meta.get_field("upfront_fee")
PERCENT_COLUMN = Licence._meta.get_field("royalty_percent")


def suspension_reason(alliance: Alliance, organisation_id: int, day: dt.date) -> str | None:
    """Why a member cannot be a licensee on ``day``: its rights are suspended for breach."""
    suspension = (
        Suspension.objects.filter(
            membership__alliance=alliance, membership__organisation_id=organisation_id,
            starts_on__lte=day, ends_on__gte=day,
        )
        .order_by("-ends_on")
        .first()
    )  # fmt: skip
    if suspension is None:
        return None
    return _("The member's rights are suspended for breach until %(date)s; it cannot take a licence.") % {
        "date": formats.day(suspension.ends_on)
    }


def _licence_problems(
    alliance: Alliance, data: LicenceInput, today: dt.date
) -> tuple[Errors, dict[str, Any]]:
    errors: Errors = {}
    result = Result.objects.filter(pk=data.result, alliance=alliance).first() if data.result else None
    if result is None:
        errors["result"] = [_("Choose a result of the alliance.")]
    licensee = None
    name, uscc = data.licensee_name, data.licensee_uscc
    if data.licensee is not None:
        member = Membership.objects.active().filter(alliance=alliance, organisation_id=data.licensee)
        licensee = Organisation.objects.filter(pk=data.licensee, memberships__in=member).first()
        if licensee is None:
            errors["licensee"] = [_("Choose an active member of the alliance, or name an outside licensee.")]
        else:
            name, uscc = licensee.name_zh, licensee.uscc
            reason = suspension_reason(alliance, licensee.pk, max(today, data.starts_on or today))
            if reason:
                errors["licensee"] = [reason]
    else:
        required(name, "licensee_name", errors)
        if not check_uscc(uscc).valid:
            errors["licensee_uscc"] = [_("Give the licensee's valid unified social credit code.")]
    required(data.field_zh, "field_zh", errors)
    required(data.territory_zh, "territory_zh", errors)
    if data.starts_on is None:
        errors["starts_on"] = [_("This field is required.")]
    if data.ends_on is None:
        errors["ends_on"] = [_("This field is required.")]
    elif data.starts_on is not None and data.ends_on < data.starts_on:
        errors["ends_on"] = [_("The licence ends on or after its start.")]
    fee = amount(data.upfront_fee or "0", FEE_COLUMN, "upfront_fee", errors)
    percent = None
    if data.royalty_percent not in (None, ""):
        percent = amount(data.royalty_percent, PERCENT_COLUMN, "royalty_percent", errors)
        if percent > 100:
            errors.setdefault("royalty_percent", []).append(_("A royalty is at most 100%."))
    months = list(data.report_months)
    if any(not 1 <= m <= 12 for m in months) or len(set(months)) != len(months):
        errors["report_months"] = [_("Give each reporting month once, from 1 to 12.")]
    consents: list[tuple[int, str, dt.date]] = []
    if result is not None and data.exclusive:
        owners = {o for o, _s in current_owners(result)}
        given: dict[int, tuple[str, dt.date]] = {}
        for c in data.consents:
            if c.organisation in owners and c.document_ref and c.given_on and c.given_on <= today:
                given[c.organisation] = (c.document_ref, c.given_on)
        missing = owners - set(given)
        if missing:
            names = (
                Organisation.objects.filter(pk__in=missing).order_by("pk").values_list("name_zh", flat=True)
            )
            errors["consents"] = [
                _("An exclusive licence needs every joint owner's written consent (reference and date); "
                  "missing: %(names)s.") % {"names": "、".join(names)}
            ]  # fmt: skip
        consents = [(o, ref, on) for o, (ref, on) in sorted(given.items())]
    elif data.consents:
        errors["consents"] = [_("Consents are recorded for exclusive licences.")]
    read = {"result": result, "licensee": licensee, "name": name, "uscc": uscc, "fee": fee,
            "percent": percent, "months": sorted(months), "consents": consents}  # fmt: skip
    return errors, read


def licence_grant(*, by: User, alliance: Alliance, data: LicenceInput, is_demo: bool = False) -> Licence:
    """Record a licence of one of the alliance's results, numbered ``L0001``… in the alliance."""
    require_keeper(by, alliance)
    today = timezone.localdate()
    errors, read = _licence_problems(alliance, data, today)
    invalid(errors)
    assert data.starts_on is not None and data.ends_on is not None  # noqa: S101 (refused above)
    try:
        with transaction.atomic():
            Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
            count = Licence.objects.filter(alliance=alliance).count()
            licence = Licence(
                alliance=alliance, code=f"L{count + 1:04d}", result=read["result"], licensee=read["licensee"],
                licensee_name=read["name"], licensee_uscc=read["uscc"], exclusive=data.exclusive,
                field_zh=data.field_zh, territory_zh=data.territory_zh, starts_on=data.starts_on,
                ends_on=data.ends_on, upfront_fee=read["fee"], royalty_terms_zh=data.royalty_terms_zh,
                royalty_percent=read["percent"], report_months=read["months"], by=by, at=timezone.now(),
                is_demo=is_demo,
            )  # fmt: skip
            licence.full_clean(validate_constraints=False)
            licence.save()
            consents = [
                LicenceConsent.objects.create(
                    licence=licence, organisation_id=o, document_ref=ref, given_on=on
                )
                for o, ref, on in read["consents"]
            ]
            log_action(
                licence,
                actions.LICENCE_GRANTED,
                by=by,
                data={
                    "code": licence.code, "result": read["result"].code, "licensee": licence.licensee_name,
                    "licensee_uscc": licence.licensee_uscc, "exclusive": licence.exclusive,
                    "starts_on": licence.starts_on.isoformat(), "ends_on": licence.ends_on.isoformat(),
                    "upfront_fee": str(licence.upfront_fee), "consents": [o for o, _r, _d in read["consents"]],
                },
                sealed=[licence, *consents],
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("Another licence was recorded at the same moment; please try again.")) from exc
    return licence


def split_facts(
    licence: Licence, value: Decimal, content: AgreementContent, costs: list[tuple[int, Decimal]]
) -> SplitFacts:
    """The facts of ``rules.revenue_split`` for a receipt of ``value`` under ``licence``: the result's
    current owners, contributors and inventors, the alliance fund, and the costs not yet recovered."""
    result = licence.result
    owners = current_owners(result)
    contributions = list(Contribution.objects.filter(result=result).values_list("organisation_id", "share"))
    inventors = list(Inventor.objects.filter(result=result).select_related("organisation").order_by("pk"))
    ids = {o for o, _s in owners} | {o for o, _s in contributions} | {o for o, _a in costs}
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}

    def member(pk: int, share: Decimal) -> Party:
        return Party(orgs[pk].uscc, share, organisation=pk, name=orgs[pk].name_zh)

    recovered = dict(
        SplitLine.objects.filter(receipt__licence__result=result, kind=LineKind.COST_RECOVERY)
        .values_list("organisation_id")
        .annotate(total=Sum("amount"))
    )
    # SQLite sums decimals with extra places: back to the fen
    outstanding = [(o, (a - recovered.get(o, Decimal(0))).quantize(FEN)) for o, a in costs]
    alliance = licence.alliance
    return SplitFacts(
        amount=value,
        split=tuple((s.beneficiary, s.percent) for s in content.ip.revenue_split),
        owners=tuple(member(o, s) for o, s in owners),
        contributors=tuple(member(o, s) for o, s in contributions),
        inventors=tuple(
            Party(
                f"{p.organisation.uscc if p.organisation else ''}\x00{p.name}",
                p.share,
                organisation=p.organisation_id,
                name=p.name,
            )
            for p in inventors
        ),  # fmt: skip
        alliance=Party(f"alliance:{alliance.code}", Decimal(100), name=alliance.name_zh),
        cost_recovery_first=content.ip.cost_recovery_first,
        costs=tuple(member(o, max(a, Decimal(0))) for o, a in outstanding),
    )


def receipt_record(*, by: User, licence: Licence, data: ReceiptInput) -> Receipt:
    """Record money received under a licence and store its split by the effective agreement's revenue
    rule (Art. 8(5)): lines that add up to the receipt exactly (written once, sealed)."""
    alliance = licence.alliance
    require_keeper(by, alliance)
    errors: Errors = {}
    value = amount(data.amount, Receipt._meta.get_field("amount"), "amount", errors, positive=True)
    today = timezone.localdate()
    if data.received_on is None:
        errors["received_on"] = [_("This field is required.")]
    elif data.received_on > today:
        errors["received_on"] = [_("The day received is not in the future.")]
    costs: list[tuple[int, Decimal]] = []
    for i, c in enumerate(data.costs):
        cost = amount(c.amount, Receipt._meta.get_field("amount"), f"costs.{i}.amount", errors)
        if c.organisation is None or not Organisation.objects.filter(pk=c.organisation).exists():
            errors.setdefault(f"costs.{i}.organisation", []).append(_("No such organisation."))
        else:
            costs.append((c.organisation, cost))
    version = effective_version(alliance)
    if version is None:
        errors.setdefault("amount", []).append(
            _("The alliance has no effective agreement: its revenue split is not agreed (Art. 8(5)).")
        )
    invalid(errors)
    assert version is not None and data.received_on is not None  # noqa: S101 (refused above)
    content = AgreementContent.model_validate(version.content)
    if costs and not content.ip.cost_recovery_first:
        raise DomainError(
            _("Please correct the errors below."),
            fields={"costs": [_("The agreement does not recover costs before the shares.")]},
        )
    with transaction.atomic():
        locked = Licence.objects.select_for_update().get(pk=licence.pk)
        split = revenue_split(split_facts(locked, value, content, costs))
        if split.problems:
            raise DomainError(_("The receipt cannot be split: %(reasons)s") % {"reasons": " ".join(split.problems)},
                              fields={"amount": list(split.problems)})  # fmt: skip
        seq = (Receipt.objects.filter(licence=locked).aggregate(n=Max("seq"))["n"] or 0) + 1
        receipt = Receipt(
            licence=locked, seq=seq, received_on=data.received_on, amount=value, memo=data.memo,
            agreement=version, by=by, at=timezone.now(),
        )  # fmt: skip
        receipt.full_clean(validate_constraints=False)
        receipt.save()
        lines = SplitLine.objects.bulk_create(
            [
                SplitLine(receipt=receipt, kind=x.kind, organisation_id=x.party.organisation,
                          name=x.party.name, amount=x.amount)
                for x in split.lines
            ]
        )  # fmt: skip
        log_action(
            receipt,
            actions.RECEIPT_RECORDED,
            by=by,
            data={
                "licence": locked.code, "seq": seq, "received_on": receipt.received_on.isoformat(),
                "amount": str(value), "agreement": version.label,
                "lines": [[x.kind, x.organisation_id, x.name, str(x.amount)] for x in lines],
            },
            sealed=lines,
        )  # fmt: skip
    return receipt


def _revenue_fund(by: User, book: Book) -> Fund:
    fund = Fund.objects.filter(book=book, name_zh=REVENUE_FUND).first()
    return fund or fund_create(by=by, book=book, kind=FundKind.OTHER, name_zh=REVENUE_FUND, restricted=False)


def split_postings(receipt: Receipt, fund: Fund) -> list[dict[str, Any]]:
    """The balanced postings of a receipt's split: Dr bank the receipt, Cr each line to its account."""
    rows: list[dict[str, Any]] = [
        {"account": BANK, "fund": fund.pk, "amount": str(receipt.amount),
         "memo": f"{receipt.licence.code} #{receipt.seq} {receipt.licence.licensee_name}"[:200]},
    ]  # fmt: skip
    for line in receipt.lines.select_related("organisation").order_by("pk"):
        # a member is named with its credit code; a person by name (their employer is not the payee)
        who = (
            f"{line.name} {line.organisation.uscc}"
            if line.kind in MEMBER_KINDS and line.organisation
            else line.name
        )
        rows.append({"account": ACCOUNT_OF[LineKind(line.kind)], "fund": fund.pk, "amount": str(-line.amount),
                     "memo": f"{LineKind(line.kind).label} {who}"[:200]})  # fmt: skip
    return rows


def receipt_approve_split(*, by: User, receipt: Receipt) -> JournalEntry:
    """Approve a receipt's split for posting: draft and submit its balanced journal entry through the
    ledger's services (the ledger's approval workflow approves and posts it; separation of duties holds)."""
    alliance = receipt.licence.alliance
    require_keeper(by, alliance)
    book = Book.objects.filter(alliance=alliance).first()
    if book is None:
        raise DomainError(_("The alliance keeps no books yet: open its book before approving a split."))
    if SplitPosting.objects.filter(receipt=receipt).exists():
        raise Conflict(_("This receipt's split is already approved."))
    with transaction.atomic():
        locked = Receipt.objects.select_for_update().select_related("licence").get(pk=receipt.pk)
        if SplitPosting.objects.filter(receipt=locked).exists():
            raise Conflict(_("This receipt's split is already approved."))
        fund = _revenue_fund(by, book)
        entry, _created = entry_draft(
            by=by, book=book, date=locked.received_on,
            memo=_("Licence %(code)s receipt #%(seq)s split (Art. 8(5))") % {"code": locked.licence.code, "seq": locked.seq},
            postings=split_postings(locked, fund), idempotency_key=f"licensing-receipt-{locked.pk}",
        )  # fmt: skip
        entry = entry_submit(by=by, entry=entry)
        approval = SplitPosting.objects.create(receipt=locked, entry=entry, by=by, at=timezone.now())
        log_action(
            locked,
            actions.SPLIT_APPROVED,
            by=by,
            data={"licence": locked.licence.code, "seq": locked.seq, "entry": entry.pk},
            sealed=[approval],
        )
    return entry
