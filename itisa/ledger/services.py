"""Writes to the fund ledger. Each is audited in its transaction.

Internal supervision: draft → submitted → approved (by someone other than the preparer; a second
approval above the book's threshold) → posted (gap-free voucher number in an open period). Posted
entries never change; a correction is a reversing entry linked to the original.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.core.inputs import refuse_bad_values
from itisa.core.values import ValueRefused, is_blank, parse_amount, strip_text
from itisa.ledger import actions, notices
from itisa.ledger.choices import AccountClass, EntryStatus, FundKind
from itisa.ledger.models import (
    Account,
    Attachment,
    Book,
    Budget,
    Chart,
    CostObject,
    EntryFlag,
    Fund,
    JournalEntry,
    Period,
    Posting,
)
from itisa.ledger.permissions import can_change_draft, can_flag_entries, can_keep_books, can_send_back
from itisa.ledger.rules import unbalanced_message
from itisa.ledger.workflows import BOOKKEEPER, ENTRY_TRANSITIONS
from itisa.registry.models import Alliance

if TYPE_CHECKING:
    from itisa.accounts.models import User

FEN = Decimal("0.01")
CURRENCY = "CNY"


def _require(by: User, alliance: Alliance) -> None:
    decision = can_keep_books(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def chart_load(
    *, code: str, name_zh: str, rows: list[dict[str, str]], source: str = "", by: User | None = None
) -> Chart:
    """Load a chart of accounts from rows ``code, name_zh, class`` (e.g. ../shared/data/npo-chart-2004.csv).

    Sub-accounts name their parent by a dotted code (``4101.01`` under ``4101``). Net-asset accounts
    are restricted (限定性) or unrestricted (非限定性) by their name. All or nothing.
    """
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for i, row in enumerate(rows, 1):
        acode = (row.get("code") or "").strip()
        if not acode or not (row.get("name_zh") or "").strip():
            errors.setdefault(f"row {i}", []).append(_("Every account needs a code and a name."))
        if (row.get("class") or "").strip() not in AccountClass.values:
            errors.setdefault(f"row {i}", []).append(_("Unknown account class."))
        if acode in seen:
            errors.setdefault(f"row {i}", []).append(_("The code appears twice."))
        seen.add(acode)
        parent = acode.rsplit(".", 1)[0] if "." in acode else ""
        if parent and parent not in seen:
            errors.setdefault(f"row {i}", []).append(_("A sub-account follows its parent."))
    if not rows:
        errors["rows"] = [_("The chart has no accounts.")]
    if errors:
        raise DomainError(_("The chart of accounts is not valid."), fields=errors)
    try:
        with transaction.atomic():
            chart = Chart.objects.create(code=code.strip(), name_zh=name_zh.strip(), source=source.strip())
            by_code: dict[str, Account] = {}
            for row in rows:
                acode = row["code"].strip()
                name = row["name_zh"].strip()
                klass = row["class"].strip()
                restricted = None
                if klass == AccountClass.NET_ASSETS:
                    restricted = "限定性" in name and "非限定性" not in name
                parent_account = by_code.get(acode.rsplit(".", 1)[0]) if "." in acode else None
                by_code[acode] = Account.objects.create(
                    chart=chart,
                    code=acode,
                    name_zh=name,
                    account_class=klass,
                    parent=parent_account,
                    restricted=restricted,
                )
            log_action(chart, actions.CHART_LOADED, by=by, data={"code": chart.code, "accounts": len(rows)})
    except IntegrityError as exc:
        raise Conflict(_("A chart with the code %(code)s exists.") % {"code": code}) from exc
    return chart


def book_entrust(*, by: User, book: Book, entrusted: bool) -> Book:
    """Entrust the books to the host unit's finance staff (or take them back). Only the secretariat decides."""
    from itisa.accounts.choices import Role
    from itisa.accounts.roles import role_summary

    s = role_summary(by)
    if not (s.national or s.has_alliance_role(book.alliance_id, Role.SECRETARIAT)):
        raise PermissionDenied(_("Only the alliance's secretariat entrusts its books."))
    with transaction.atomic():
        obj = Book.objects.select_for_update().get(pk=book.pk)
        if obj.entrusted_to_host == entrusted:
            return obj
        obj.entrusted_to_host = entrusted
        obj.save(update_fields=["entrusted_to_host", "updated_at"])
        log_action(obj, actions.BOOK_ENTRUSTED, by=by, data={"entrusted_to_host": entrusted})
    return obj


def book_open(
    *, by: User, alliance: Alliance, chart: Chart, second_approval_above: Decimal | None = None
) -> Book:
    """Open the alliance's book on a chart; above ``second_approval_above`` (CNY) an entry needs two approvals."""
    _require(by, alliance)
    if second_approval_above is not None:
        try:
            second_approval_above = parse_amount(
                second_approval_above, column=Book._meta.get_field("second_approval_above")
            )
        except ValueRefused as exc:
            raise DomainError(
                _("Please correct the errors below."), fields={"second_approval_above": [exc.message]}
            ) from exc
    try:
        with transaction.atomic():
            book = Book.objects.create(
                alliance=alliance, chart=chart, second_approval_above=second_approval_above
            )
            log_action(
                book,
                actions.BOOK_OPENED,
                by=by,
                data={
                    "alliance": alliance.code,
                    "chart": chart.code,
                    "second_approval_above": str(second_approval_above)
                    if second_approval_above is not None
                    else None,
                },
            )
    except IntegrityError as exc:
        raise Conflict(_("%(code)s already keeps a book.") % {"code": alliance.code}) from exc
    return book


def fund_create(
    *,
    by: User,
    book: Book,
    kind: str,
    name_zh: str,
    granting_department: str = "",
    project: str = "",
    restricted: bool | None = None,
) -> Fund:
    """A source of funds. A government grant names its granting department and is restricted (专款专用)."""
    _require(by, book.alliance)
    refuse_bad_values(name_zh=name_zh, granting_department=granting_department, project=project)
    errors: dict[str, list[str]] = {}
    if kind not in FundKind.values:
        errors["kind"] = [_("Choose a valid option.")]
    if kind == FundKind.GOVERNMENT_GRANT and is_blank(granting_department):
        errors["granting_department"] = [_("A government grant names its granting department.")]
    if is_blank(name_zh):
        errors["name_zh"] = [_("This field is required.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    if restricted is None:
        restricted = kind == FundKind.GOVERNMENT_GRANT
    try:
        with transaction.atomic():
            fund = Fund.objects.create(
                book=book, kind=kind, name_zh=strip_text(name_zh),
                granting_department=strip_text(granting_department), project=strip_text(project),
                restricted=restricted,
            )  # fmt: skip
            log_action(
                fund,
                actions.FUND_CREATED,
                by=by,
                data={"kind": kind, "name_zh": fund.name_zh, "restricted": restricted},
            )
    except IntegrityError as exc:
        raise Conflict(_("The book already has a fund named %(name)s.") % {"name": name_zh}) from exc
    return fund


def cost_object_open(*, by: User | None, book: Book, code: str, name_zh: str) -> CostObject:
    """Open a cost object in the book (a project, whose postings then carry it). The projects app calls
    this when a project is created; ``by`` keeps the books, or is None when the system opens it."""
    if by is not None:
        _require(by, book.alliance)
    refuse_bad_values(code=code, name_zh=name_zh)
    if is_blank(code) or is_blank(name_zh):
        raise DomainError(
            _("Please correct the errors below."), fields={"code": [_("This field is required.")]}
        )
    try:
        with transaction.atomic():
            obj = CostObject.objects.create(
                book=book, code=strip_text(code), name_zh=strip_text(name_zh)[:200]
            )
            log_action(
                obj, actions.COST_OBJECT_CREATED, by=by, data={"code": obj.code, "name_zh": obj.name_zh}
            )
    except IntegrityError as exc:
        raise Conflict(_("The book already has a cost object %(code)s.") % {"code": code}) from exc
    return obj


def cost_object_close(*, by: User | None, cost_object: CostObject) -> CostObject:
    """Close a cost object when its project is closed or terminated: no entry carrying it is drafted
    or posted afterwards (what was posted stays; budget against actual is unchanged). ``by`` keeps the
    books, or is None when the system closes it. Closed once: a second close is refused."""
    if by is not None:
        _require(by, cost_object.book.alliance)
    with transaction.atomic():
        obj = CostObject.objects.select_for_update().get(pk=cost_object.pk)
        if obj.closed_at is not None:
            raise Conflict(_("The cost object %(code)s is already closed.") % {"code": obj.code})
        obj.closed_at = timezone.now()
        obj.save(update_fields=["closed_at", "updated_at"])
        log_action(
            obj,
            actions.COST_OBJECT_CLOSED,
            by=by,
            data={"code": obj.code, "closed_at": obj.closed_at.isoformat()},
        )
    cost_object.closed_at = obj.closed_at
    return obj


def _closed_message(cost_object: CostObject) -> str:
    return _("The project %(code)s is closed: nothing more is booked to it.") % {"code": cost_object.code}


def _amount(value: Any, path: str, errors: dict[str, list[str]]) -> Decimal:
    """The posting amount at ``path`` as an exact Decimal that fits the column
    (``core.values.parse_amount``); a refusal goes into ``errors``."""
    try:
        amount = parse_amount(value, column=Posting._meta.get_field("amount"))
    except ValueRefused as exc:
        errors.setdefault(path, []).append(exc.message)
        return Decimal(0)
    if amount == 0:
        errors.setdefault(path, []).append(_("A posting cannot be zero."))
    return amount


def posting_record(posting: Posting, *, code: str) -> list[Any]:
    """A posting as the audit chain records it: ``[account code, fund id, amount]``, and the cost object
    (project) id as a fourth item when it names one (``checks.posted_entries_match_the_audit_chain``)."""
    row: list[Any] = [code, posting.fund_id, str(posting.amount)]
    if posting.cost_object_id is not None:
        row.append(posting.cost_object_id)
    return row


def _row_id(value: Any) -> int | None:
    """A row id given as digits, if it fits a database id (a longer one names no row)."""
    text = str(value if value is not None else "")
    return int(text) if text.isdigit() and len(text) <= 18 else None


def _parse_postings(book: Book, postings: list[dict[str, Any]], *, reversal: bool = False) -> list[Posting]:
    """The postings as unsaved rows, or a DomainError naming every bad one. A reversal may carry a closed
    cost object: undoing what was booked to an ended project is a correction, not new spending."""
    errors: dict[str, list[str]] = {}
    if len(postings) < 2:
        errors["postings"] = [_("An entry has two or more postings.")]
    # only the accounts, funds and projects the postings name (not the whole chart and book per entry)
    codes = {str(p.get("account") or "").strip() for p in postings}
    fund_ids = {i for p in postings if (i := _row_id(p.get("fund"))) is not None}
    object_ids = {i for p in postings if (i := _row_id(p.get("cost_object"))) is not None}
    accounts = {
        a.code: a
        for a in Account.objects.filter(chart=book.chart, code__in=codes).annotate(
            has_children=Exists(Account.objects.filter(parent=OuterRef("pk")))
        )
    }
    funds = {f.pk: f for f in Fund.objects.filter(book=book, pk__in=fund_ids)} if fund_ids else {}
    cost_objects = (
        {c.pk: c for c in CostObject.objects.filter(book=book, pk__in=object_ids)} if object_ids else {}
    )
    rows: list[Posting] = []
    for i, p in enumerate(postings):
        path = f"postings.{i}"
        if str(p.get("currency") or CURRENCY) != CURRENCY:
            errors.setdefault(f"{path}.currency", []).append(_("The books are kept in CNY."))
        account = accounts.get(str(p.get("account") or "").strip())
        if account is None:
            errors.setdefault(f"{path}.account", []).append(_("No such account in this book's chart."))
        elif account.closed:
            errors.setdefault(f"{path}.account", []).append(_("This account is closed."))
        elif account.has_children:
            errors.setdefault(f"{path}.account", []).append(_("Post to one of this account's sub-accounts."))
        fund = funds.get(int(p["fund"])) if str(p.get("fund") or "").isdigit() else None
        if fund is None:
            errors.setdefault(f"{path}.fund", []).append(_("No such fund in this book."))
        amount = _amount(p.get("amount"), f"{path}.amount", errors)
        cost_object = None
        if p.get("cost_object") not in (None, ""):
            # only a cost object (project) of this book: another alliance's project is unknown here
            ref = p["cost_object"]
            cost_object = cost_objects.get(int(ref)) if str(ref).isdigit() else None
            if cost_object is None:
                errors.setdefault(f"{path}.cost_object", []).append(_("No such project in this book."))
            elif cost_object.closed_at is not None and not reversal:
                errors.setdefault(f"{path}.cost_object", []).append(_closed_message(cost_object))
        if account is not None and fund is not None:
            rows.append(
                Posting(
                    account=account, fund=fund, amount=amount, memo=str(p.get("memo") or "")[:200],
                    cost_object=cost_object,
                )
            )  # fmt: skip
    if not errors and sum((r.amount for r in rows), Decimal(0)) != 0:
        errors["postings"] = [unbalanced_message([r.amount for r in rows])]
    if errors:
        raise DomainError(_("The entry is not valid."), fields=errors)
    return rows


def _open_period(book: Book, date: dt.date) -> Period:
    period, _created = Period.objects.select_for_update().get_or_create(
        book=book, year=date.year, month=date.month
    )
    if period.closed_at is not None:
        raise DomainError(
            _("The period %(period)s is closed: nothing posts into it.") % {"period": str(period)},
            fields={"date": [_("The period is closed.")]},
        )
    return period


def _write_postings(entry: JournalEntry, rows: list[Posting]) -> None:
    for row in rows:
        row.entry = entry
    Posting.objects.bulk_create(rows)


def _check_date_and_memo(book: Book, date: dt.date, memo: str) -> None:
    if Period.objects.filter(book=book, year=date.year, month=date.month, closed_at__isnull=False).exists():
        raise DomainError(
            _("The period %(period)s is closed: nothing posts into it.")
            % {"period": f"{date.year}-{date.month:02d}"},
            fields={"date": [_("The period is closed.")]},
        )
    if is_blank(memo):
        raise DomainError(
            _("Please correct the errors below."), fields={"memo": [_("This field is required.")]}
        )


def entry_draft(
    *,
    by: User,
    book: Book,
    date: dt.date,
    memo: str,
    postings: list[dict[str, Any]],
    idempotency_key: str,
    _reversal: bool = False,
) -> tuple[JournalEntry, bool]:
    """Prepare an entry. Returns ``(entry, created)``: a retried request with the same key books nothing new.
    ``_reversal`` is for ``entry_reverse`` only (it may carry a closed cost object)."""
    _require(by, book.alliance)
    refuse_bad_values(date=date, memo=memo, postings=postings, idempotency_key=idempotency_key)
    key = strip_text(idempotency_key)
    if not key:
        raise DomainError(
            _("Please correct the errors below."), fields={"idempotency_key": [_("This field is required.")]}
        )
    existing = JournalEntry.objects.filter(book=book, idempotency_key=key).first()
    if existing is not None:
        return _same_request(existing, date=date, memo=memo, postings=postings), False
    rows = _parse_postings(book, postings, reversal=_reversal)
    _check_date_and_memo(book, date, memo)
    try:
        with transaction.atomic():
            entry = JournalEntry.objects.create(
                book=book, date=date, memo=strip_text(memo), idempotency_key=key, prepared_by=by
            )
            _write_postings(entry, rows)
            log_action(
                entry,
                actions.ENTRY_DRAFTED,
                by=by,
                data={
                    "date": date.isoformat(),
                    "memo": entry.memo,
                    "postings": [posting_record(r, code=r.account.code) for r in rows],
                },
            )
    except IntegrityError:
        existing = JournalEntry.objects.filter(book=book, idempotency_key=key).first()
        if existing is None:  # pragma: no cover - another constraint
            raise
        return existing, False
    return entry, True


def _same_request(
    entry: JournalEntry, *, date: dt.date, memo: str, postings: list[dict[str, Any]]
) -> JournalEntry:
    """A retried request returns the entry it made; a different entry under the same key is refused."""
    column = Posting._meta.get_field("amount")
    try:
        asked = sorted(
            (
                str(p.get("account") or "").strip(),
                str(p.get("fund") or ""),
                parse_amount(p.get("amount"), column=column),
                str(p.get("cost_object") or ""),
            )
            for p in postings
        )
    except ValueRefused:
        asked = []
    have = sorted(
        (p.account.code, str(p.fund_id), p.amount, str(p.cost_object_id or ""))
        for p in entry.postings.select_related("account")
    )
    if (entry.date, entry.memo) != (date, strip_text(memo)) or asked != have:
        raise Conflict(
            _("This idempotency key was already used for another entry (%(entry)s).") % {"entry": entry.memo},
            fields={"idempotency_key": [_("Use a new key for a new entry.")]},
        )
    return entry


def _locked(entry: JournalEntry) -> JournalEntry:
    return (
        JournalEntry.objects.select_for_update(of=("self",)).select_related("book__alliance").get(pk=entry.pk)
    )


def _move(obj: JournalEntry, new: str, *, by: User, fields: tuple[str, ...] = ()) -> JournalEntry:
    """Move an entry along ``workflows.ENTRY_TRANSITIONS`` (the caller has checked ``can_keep_books``)."""
    move(
        obj,
        new,
        by=by,
        actors={BOOKKEEPER},
        table=ENTRY_TRANSITIONS,
        action=actions.ENTRY_MOVED,
        data={"from": obj.status, "to": new},
        fields=fields,
        invalid=_("The entry is %(status)s; it cannot move to %(target)s.")
        % {"status": obj.get_status_display(), "target": EntryStatus(new).label},
    )
    return obj


def entry_submit(*, by: User, entry: JournalEntry) -> JournalEntry:
    with transaction.atomic():
        obj = _locked(entry)
        _require(by, obj.book.alliance)
        _move(obj, EntryStatus.SUBMITTED, by=by)
        notices.entry_submitted(obj, by=by)
        return obj


def _draft_record(entry: JournalEntry, postings: list[Posting]) -> dict[str, Any]:
    """A draft as the audit chain records an edit or a deletion: date, memo, postings."""
    return {
        "date": entry.date.isoformat(),
        "memo": entry.memo,
        "postings": [_line_record(p) for p in postings],
    }


def _line_record(posting: Posting) -> dict[str, Any]:
    row: dict[str, Any] = {
        "account": posting.account.code,
        "fund": posting.fund_id,
        "amount": str(posting.amount),
    }
    if posting.cost_object_id is not None:
        row["cost_object"] = posting.cost_object_id
    if posting.memo:
        row["memo"] = posting.memo
    return row


def _changeable_draft(by: User, entry: JournalEntry, *, verb: str) -> JournalEntry:
    """The entry, locked, once ``by`` may change it (its preparer) and it is a draft."""
    obj = _locked(entry)
    decision = can_change_draft(by, obj)
    if not decision:
        raise PermissionDenied(decision.reason)
    if obj.status != EntryStatus.DRAFT:
        raise InvalidTransition(
            _(
                "The entry is %(status)s: only a draft is %(verb)s (a submitted entry is sent back first; "
                "a posted one is corrected by a reversing entry)."
            )
            % {"status": obj.get_status_display(), "verb": verb}
        )
    return obj


def entry_update(
    *, by: User, entry: JournalEntry, date: dt.date, memo: str, postings: list[dict[str, Any]]
) -> JournalEntry:
    """The preparer rewrites a draft: its date, memo and all its postings, replaced in one transaction.
    The audit entry records what changed, before and after. A reversal is not edited: it mirrors the
    entry it reverses (delete it and reverse again)."""
    refuse_bad_values(date=date, memo=memo, postings=postings)
    with transaction.atomic():
        obj = _changeable_draft(by, entry, verb=_("edited"))
        if obj.reverses_id is not None:
            raise InvalidTransition(
                _("A reversal mirrors the entry it reverses: delete it and reverse the entry again.")
            )
        rows = _parse_postings(obj.book, postings)
        _check_date_and_memo(obj.book, date, memo)
        old = list(obj.postings.select_related("account"))
        before = _draft_record(obj, old)
        obj.date, obj.memo = date, strip_text(memo)
        after = _draft_record(obj, rows)
        changed = [key for key in ("date", "memo", "postings") if before[key] != after[key]]
        if not changed:
            return obj
        obj.save(update_fields=["date", "memo", "updated_at"])
        if "postings" in changed:
            Posting.objects.filter(entry=obj).delete()
            _write_postings(obj, rows)
        log_action(
            obj,
            actions.ENTRY_EDITED,
            by=by,
            data={
                "before": {key: before[key] for key in changed},
                "after": {key: after[key] for key in changed},
            },
        )
    return obj


def entry_delete(*, by: User, entry: JournalEntry) -> None:
    """The preparer deletes a draft; the audit entry keeps what it was. Evidence stays: a draft with
    attachments, the fund supervisor's flags, or another record that refers to it (a licence receipt's
    split) is not deleted. Submitted and posted entries are never deleted."""
    with transaction.atomic():
        obj = _changeable_draft(by, entry, verb=_("deleted"))
        if Attachment.objects.filter(entry=obj).exists():
            raise Conflict(_("The draft has attachments, which are kept as evidence: correct it instead."))
        if EntryFlag.objects.filter(entry=obj).exists():
            raise Conflict(
                _("The fund supervisor flagged this draft; the flag is kept: correct the draft instead.")
            )
        record = _draft_record(obj, list(obj.postings.select_related("account")))
        log_action(obj, actions.ENTRY_DELETED, by=by, data=record)
        try:
            with transaction.atomic():
                Posting.objects.filter(entry=obj).delete()
                obj.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise Conflict(
                _("Another record refers to this draft (e.g. a licence receipt's split): correct it instead.")
            ) from exc


def entry_send_back(*, by: User, entry: JournalEntry, reason: str) -> JournalEntry:
    """退回: whoever may approve a submitted entry returns it to its preparer with a reason. It is a draft
    again (any first approval is withdrawn), which its preparer edits and submits again."""
    refuse_bad_values(reason=reason)
    if is_blank(reason):
        raise DomainError(
            _("Please correct the errors below."), fields={"reason": [_("Say why the entry is sent back.")]}
        )
    with transaction.atomic():
        obj = _locked(entry)
        decision = can_send_back(by, obj)
        if not decision:
            raise PermissionDenied(decision.reason)
        obj.approved_by = None
        obj.second_approved_by = None
        move(
            obj,
            EntryStatus.DRAFT,
            by=by,
            actors={BOOKKEEPER},
            table=ENTRY_TRANSITIONS,
            action=actions.ENTRY_SENT_BACK,
            data={"from": obj.status, "to": EntryStatus.DRAFT, "reason": strip_text(reason)},
            fields=("approved_by", "second_approved_by"),
            invalid=_("The entry is %(status)s: only a submitted entry is sent back.")
            % {"status": obj.get_status_display()},
        )
        notices.entry_sent_back(obj, reason=strip_text(reason), by=by)
    return obj


def entry_total(entry: JournalEntry) -> Decimal:
    """The entry's size: the sum of its debits."""
    return sum((p.amount for p in entry.postings.all() if p.amount > 0), Decimal(0))


def entry_approve(*, by: User, entry: JournalEntry) -> JournalEntry:
    """Approve a submitted entry. Nobody approves their own entry; above the threshold two people approve."""
    with transaction.atomic():
        obj = _locked(entry)
        _require(by, obj.book.alliance)
        if obj.status != EntryStatus.SUBMITTED:
            return _move(obj, EntryStatus.APPROVED, by=by)  # raises with the reason
        if by.pk == obj.prepared_by_id:
            raise PermissionDenied(_("Separation of duties: the preparer cannot approve the entry."))
        threshold = obj.book.second_approval_above
        needs_two = threshold is not None and entry_total(obj) > threshold
        if obj.approved_by_id is None:
            obj.approved_by = by
            if needs_two:
                obj.save(update_fields=["approved_by", "updated_at"])
                log_action(obj, actions.ENTRY_MOVED, by=by, data={"approved": "first of two"})
                notices.entry_needs_second_approval(obj, by=by)
                return obj
            _move(obj, EntryStatus.APPROVED, by=by, fields=("approved_by",))
            notices.entry_approved(obj, by=by)
            return obj
        if by.pk == obj.approved_by_id:
            raise PermissionDenied(_("The second approval comes from another person."))
        obj.second_approved_by = by
        _move(obj, EntryStatus.APPROVED, by=by, fields=("second_approved_by",))
        notices.entry_approved(obj, by=by)
        return obj


def entry_post(*, by: User, entry: JournalEntry) -> JournalEntry:
    """Post an approved entry into its open period with the next gap-free voucher number."""
    with transaction.atomic():
        obj = _locked(entry)
        _require(by, obj.book.alliance)
        if obj.status != EntryStatus.APPROVED:
            return _move(obj, EntryStatus.POSTED, by=by)  # raises with the reason
        if EntryFlag.objects.filter(entry=obj, resolved_at__isnull=True).exists():
            raise DomainError(
                _("The fund supervisor has flagged this entry: it posts once the flag is resolved.")
            )
        postings = list(obj.postings.select_related("account"))  # written with the draft, never changed
        # a project closed since the entry was drafted takes nothing more (the rows are locked: a close
        # waits for this posting, or this posting sees the close); a reversal only undoes what was booked
        closed = (
            None
            if obj.reverses_id is not None or all(p.cost_object_id is None for p in postings)
            else (
                CostObject.objects.select_for_update(of=("self",))
                .filter(postings__entry=obj, closed_at__isnull=False)
                .order_by("code")
                .first()
            )
        )
        if closed is not None:
            raise DomainError(_closed_message(closed), fields={"postings": [_closed_message(closed)]})
        period = _open_period(obj.book, obj.date)
        period.last_number += 1
        period.save(update_fields=["last_number"])
        obj.period = period
        obj.number = period.last_number
        obj.posted_at = timezone.now()
        _move(obj, EntryStatus.POSTED, by=by, fields=("period", "number", "posted_at"))
        log_action(
            obj,
            actions.ENTRY_POSTED,
            by=by,
            data={
                "period": str(period),
                "number": obj.number,
                "postings": [posting_record(p, code=p.account.code) for p in postings],
            },
        )
    return obj


def entry_reverse(*, by: User, entry: JournalEntry, date: dt.date, memo: str = "") -> JournalEntry:
    """Draft the reversing entry of a posted one (the same postings with opposite signs), linked to it."""
    if entry.status != EntryStatus.POSTED:
        raise InvalidTransition(_("Only a posted entry is reversed; correct a draft instead."))
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise Conflict(_("This entry has already been reversed."))
    postings = [
        {
            "account": p.account.code,
            "fund": str(p.fund_id),
            "amount": str(-p.amount),
            "memo": p.memo,
            "cost_object": p.cost_object_id,
        }
        for p in entry.postings.select_related("account")
    ]
    with transaction.atomic():
        reversal, _created = entry_draft(
            by=by,
            book=entry.book,
            date=date,
            memo=strip_text(memo) or _("Reversal of %(entry)s") % {"entry": str(entry)},
            postings=postings,
            idempotency_key=f"reversal-of-{entry.pk}",
            _reversal=True,
        )
        reversal.reverses = entry
        reversal.save(update_fields=["reverses", "updated_at"])
    return reversal


def period_close(*, by: User, book: Book, year: int, month: int) -> Period:
    """Close a month: nothing posts into it afterwards."""
    _require(by, book.alliance)
    with transaction.atomic():
        period, _created = Period.objects.select_for_update().get_or_create(book=book, year=year, month=month)
        if period.closed_at is not None:
            raise InvalidTransition(_("The period %(period)s is already closed.") % {"period": str(period)})
        period.closed_at = timezone.now()
        period.save(update_fields=["closed_at"])
        log_action(
            period,
            actions.PERIOD_CLOSED,
            by=by,
            data={"book": book.alliance.code, "period": str(period), "last_number": period.last_number},
        )
    return period


def entry_flag(*, by: User, entry: JournalEntry, comment: str) -> EntryFlag:
    """The fund supervisor flags an entry that is not posted yet; it cannot post until the flag is resolved."""
    decision = can_flag_entries(by, entry.book.alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    refuse_bad_values(comment=comment)
    if is_blank(comment):
        raise DomainError(
            _("Please correct the errors below."), fields={"comment": [_("Say what is wrong.")]}
        )
    with transaction.atomic():
        obj = _locked(entry)
        if obj.status == EntryStatus.POSTED:
            raise InvalidTransition(_("A posted entry is corrected by a reversal, not flagged."))
        flag = EntryFlag.objects.create(entry=obj, comment=strip_text(comment), raised_by=by)
        log_action(obj, actions.ENTRY_FLAGGED, by=by, data={"flag": flag.pk, "comment": flag.comment})
        notices.entry_flagged(flag, by=by)
    return flag


def flag_resolve(*, by: User, flag: EntryFlag, resolution: str) -> EntryFlag:
    """The supervisor resolves a flag with a note of how it was answered."""
    decision = can_flag_entries(by, flag.entry.book.alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    refuse_bad_values(resolution=resolution)
    if is_blank(resolution):
        raise DomainError(
            _("Please correct the errors below."), fields={"resolution": [_("Say how it was resolved.")]}
        )
    with transaction.atomic():
        obj = EntryFlag.objects.select_for_update().get(pk=flag.pk)
        if obj.resolved_at is not None:
            raise InvalidTransition(_("This flag is already resolved."))
        obj.resolution = strip_text(resolution)
        obj.resolved_by = by
        obj.resolved_at = timezone.now()
        obj.save(update_fields=["resolution", "resolved_by", "resolved_at"])
        log_action(
            obj.entry, actions.FLAG_RESOLVED, by=by, data={"flag": obj.pk, "resolution": obj.resolution}
        )
    return obj


def budget_set(*, by: User, fund: Fund, year: int, account_code: str, amount: Any) -> Budget:
    """Set a fund's budget for an expense category in a year (a new line, or a changed amount)."""
    _require(by, fund.book.alliance)
    errors: dict[str, list[str]] = {}
    try:
        # a budget of zero is allowed (a posting of zero is not)
        value = parse_amount(amount, column=Budget._meta.get_field("amount"))
    except ValueRefused as exc:
        errors["amount"] = [exc.message]
        value = Decimal(0)
    if value < 0:
        errors.setdefault("amount", []).append(_("A budget cannot be negative."))
    account = Account.objects.filter(chart=fund.book.chart, code=str(account_code).strip()).first()
    if account is None or account.account_class != AccountClass.EXPENSE:
        errors["account"] = [_("Choose an expense account of this book's chart.")]
    if not 1990 <= int(year) <= 2100:
        errors["year"] = [_("Choose a year between 1990 and 2100.")]
    if errors or account is None:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    with transaction.atomic():
        line, created = Budget.objects.select_for_update().get_or_create(
            fund=fund, year=year, account=account, defaults={"amount": value}
        )
        old = None if created else str(line.amount)
        if not created:
            line.amount = value
            line.save(update_fields=["amount", "updated_at"])
        log_action(
            line,
            actions.BUDGET_SET,
            by=by,
            data={"fund": fund.name_zh, "year": year, "account": account.code, "old": old, "new": str(value)},
        )
    return line


# The kinds of evidence accepted, recognised by their first bytes, never by the name or declared type.
ATTACHMENT_KINDS = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def attachment_add(*, by: User, entry: JournalEntry, name: str, data: bytes) -> Attachment:
    """Attach evidence to an entry. Uploads are hostile: the type is sniffed, the size capped, the stored
    name random (the content's SHA-256); the original name is kept only as text."""
    import hashlib
    import unicodedata

    from django.core.files.base import ContentFile

    _require(by, entry.book.alliance)
    if not data:
        raise DomainError(_("The file is empty."), fields={"file": [_("Choose a file.")]})
    if len(data) > ATTACHMENT_MAX_BYTES:
        raise DomainError(_("The file is larger than 10 MB."), fields={"file": [_("At most 10 MB.")]})
    kind = next(((ctype, ext) for magic, ctype, ext in ATTACHMENT_KINDS if data.startswith(magic)), None)
    if kind is None:
        raise DomainError(
            _("Only PDF, JPEG and PNG files are accepted."), fields={"file": [_("Only PDF, JPEG and PNG.")]}
        )
    clean_name = "".join(
        c for c in unicodedata.normalize("NFC", name) if c.isprintable() and c not in "/\\\x00"
    )
    digest = hashlib.sha256(data).hexdigest()
    attachment = Attachment(
        entry=entry,
        original_name=(clean_name.strip() or "attachment")[-200:],
        content_type=kind[0],
        extension=kind[1],
        size=len(data),
        sha256=digest,
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            attachment.file.save("upload", ContentFile(data), save=False)
            attachment.save()
            log_action(
                entry,
                actions.ATTACHMENT_ADDED,
                by=by,
                data={"name": attachment.original_name, "sha256": digest, "size": len(data), "type": kind[0]},
                sealed=[attachment],
            )
    except IntegrityError as exc:
        raise Conflict(_("This file is already attached to the entry.")) from exc
    return attachment
