"""Credit lines, drawdowns and repayments (Art. 10: technology loans), and the overdue notice.

``line_open`` records a credit line (linked to a loan fund of the alliance's ledger, a project, a need);
``drawdown_record`` a drawdown, refused beyond the line's undrawn limit or outside its term
(``rules.drawdown_problems``, nothing written); ``repayment_record`` a repayment, at most what is
outstanding; ``drawdown_overdue_tell`` (the clock) records once that a due date passed unpaid and tells
the borrower's representatives and the secretariat."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import DecimalField, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.choices import ORGANISATION_ROLES, Role
from itisa.accounts.models import RoleAssignment
from itisa.audit.selectors import recorded
from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError, full_clean
from itisa.core.formats import day, money
from itisa.financing import actions
from itisa.financing.choices import InstitutionKind
from itisa.financing.models import CreditLine, Drawdown, FinancingNeed, Repayment
from itisa.financing.rules import drawdown_problems, outstanding
from itisa.financing.services.common import Errors, amount, invalid, require_keeper, required
from itisa.financing.services.inputs import DrawdownInput, LineInput, RepaymentInput
from itisa.ledger.choices import FundKind
from itisa.ledger.models import Fund
from itisa.membership.models import Membership
from itisa.notifications.services import link, notify
from itisa.projects.models import Project
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User

MONEY = DecimalField(max_digits=18, decimal_places=2)


def line_open(*, by: User, alliance: Alliance, data: LineInput, is_demo: bool = False) -> CreditLine:
    """Record a credit line an institution granted a member or the alliance, numbered ``C0001``…"""
    require_keeper(by, alliance)
    errors: Errors = {}
    required(data.institution, "institution", errors)
    if data.institution_kind not in InstitutionKind.values:
        errors["institution_kind"] = [_("Choose the kind of institution.")]
    borrower = None
    if data.borrower is not None:
        active = Membership.objects.active().filter(alliance=alliance)
        borrower = Organisation.objects.filter(pk=data.borrower, memberships__in=active).first()
        if borrower is None:
            errors["borrower"] = [
                _("Choose an active member of the alliance, or none for the alliance itself.")
            ]
    limit = amount(data.limit, CreditLine._meta.get_field("limit"), "limit", errors)
    if data.starts_on is None:
        errors["starts_on"] = [_("This field is required.")]
    if data.ends_on is None:
        errors["ends_on"] = [_("This field is required.")]
    elif data.starts_on is not None and data.ends_on < data.starts_on:
        errors["ends_on"] = [_("The term ends on or after its start.")]
    fund = project = need = None
    if data.fund is not None:
        fund = Fund.objects.filter(pk=data.fund, book__alliance=alliance).first()
        if fund is None or fund.kind != FundKind.BANK_LOAN:
            errors["fund"] = [_("Choose a loan fund of the alliance's ledger.")]
    if data.project is not None:
        project = Project.objects.filter(pk=data.project, alliance=alliance).first()
        if project is None:
            errors["project"] = [_("Choose a project of the alliance.")]
    if data.need is not None:
        need = FinancingNeed.objects.filter(pk=data.need, alliance=alliance).first()
        if need is None:
            errors["need"] = [_("Choose a financing need of the alliance.")]
    invalid(errors)
    assert data.starts_on is not None and data.ends_on is not None  # noqa: S101 (refused above)
    try:
        with transaction.atomic():
            Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
            last = CreditLine.objects.filter(alliance=alliance).aggregate(n=Max("code"))["n"]
            line = CreditLine(
                alliance=alliance, code=f"C{int(last[1:]) + 1 if last else 1:04d}", institution=data.institution,
                institution_kind=data.institution_kind, borrower=borrower, limit=limit, starts_on=data.starts_on,
                ends_on=data.ends_on, fund=fund, project=project, need=need, by=by, at=timezone.now(),
                is_demo=is_demo,
            )  # fmt: skip
            full_clean(line, validate_constraints=False)
            line.save()
            log_action(
                line, actions.LINE_OPENED, by=by,
                data={"code": line.code, "institution": line.institution, "borrower": borrower.uscc if borrower else None,
                      "limit": str(line.limit), "starts_on": line.starts_on.isoformat(), "ends_on": line.ends_on.isoformat(),
                      "fund": fund.name_zh if fund else None, "project": project.code if project else None,
                      "need": need.code if need else None},
                sealed=[line],
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("Another credit line was recorded at the same moment; please try again.")) from exc
    return line


def drawdown_record(*, by: User, line: CreditLine, data: DrawdownInput) -> Drawdown:
    """Record a drawdown on a line: within its term and its undrawn limit, or refused with nothing written."""
    require_keeper(by, line.alliance)
    errors: Errors = {}
    value = amount(data.amount, Drawdown._meta.get_field("amount"), "amount", errors)
    for field in ("drawn_on", "due_on"):
        if getattr(data, field) is None:
            errors[field] = [_("This field is required.")]
    if data.drawn_on is not None and data.drawn_on > timezone.localdate():
        errors.setdefault("drawn_on", []).append(_("A drawdown is recorded once it is drawn, not before."))
    invalid(errors)
    assert data.drawn_on is not None and data.due_on is not None  # noqa: S101 (refused above)
    with transaction.atomic():
        locked = CreditLine.objects.select_for_update().select_related("alliance").get(pk=line.pk)
        drawn = list(Drawdown.objects.filter(line=locked).values_list("amount", flat=True))
        invalid(drawdown_problems(amount=value, drawn_on=data.drawn_on, due_on=data.due_on, limit=locked.limit,
                                  drawn=drawn, starts_on=locked.starts_on, ends_on=locked.ends_on))  # fmt: skip
        seq = (Drawdown.objects.filter(line=locked).aggregate(n=Max("seq"))["n"] or 0) + 1
        drawdown = Drawdown(line=locked, seq=seq, amount=value, drawn_on=data.drawn_on, due_on=data.due_on, by=by,
                            at=timezone.now())  # fmt: skip
        full_clean(drawdown, validate_constraints=False)
        drawdown.save()
        log_action(drawdown, actions.DRAWDOWN_RECORDED, by=by,
                   data={"line": locked.code, "seq": seq, "amount": str(value), "drawn_on": data.drawn_on.isoformat(),
                         "due_on": data.due_on.isoformat()}, sealed=[drawdown])  # fmt: skip
    return drawdown


def repayment_record(*, by: User, drawdown: Drawdown, data: RepaymentInput) -> Repayment:
    """Record a repayment of a drawdown: at most what is outstanding, on or after the day it was drawn."""
    line = drawdown.line
    require_keeper(by, line.alliance)
    errors: Errors = {}
    value = amount(data.amount, Repayment._meta.get_field("amount"), "amount", errors)
    if data.repaid_on is None:
        errors["repaid_on"] = [_("This field is required.")]
    elif data.repaid_on > timezone.localdate():
        errors["repaid_on"] = [_("The day repaid is not in the future.")]
    elif data.repaid_on < drawdown.drawn_on:
        errors["repaid_on"] = [
            _("A repayment comes on or after the day drawn, %(date)s.") % {"date": day(drawdown.drawn_on)}
        ]
    invalid(errors)
    assert data.repaid_on is not None  # noqa: S101 (refused above)
    with transaction.atomic():
        locked = Drawdown.objects.select_for_update().select_related("line").get(pk=drawdown.pk)
        owed = outstanding(
            locked.amount, Repayment.objects.filter(drawdown=locked).values_list("amount", flat=True)
        )
        if value > owed:
            raise DomainError(_("Please correct the errors below."), fields={"amount": [
                _("The repayment of %(amount)s exceeds the %(owed)s outstanding.")
                % {"amount": money(value, "¥"), "owed": money(owed, "¥")}]})  # fmt: skip
        repayment = Repayment(
            drawdown=locked, amount=value, repaid_on=data.repaid_on, by=by, at=timezone.now()
        )
        full_clean(repayment, validate_constraints=False)
        repayment.save()
        log_action(repayment, actions.REPAYMENT_RECORDED, by=by,
                   data={"line": locked.line.code, "seq": locked.seq, "amount": str(value),
                         "repaid_on": data.repaid_on.isoformat(), "outstanding": str(owed - value)},
                   sealed=[repayment])  # fmt: skip
    return repayment


def with_repaid(qs: QuerySet[Drawdown]) -> QuerySet[Drawdown]:
    """Drawdowns annotated with ``repaid`` (the sum of their repayments, zero when none)."""
    repaid = (
        Repayment.objects.filter(drawdown=OuterRef("pk"))
        .values("drawdown")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return qs.annotate(
        repaid=Coalesce(Subquery(repaid, output_field=MONEY), Value(Decimal(0)), output_field=MONEY)
    )


def overdue_drawdowns(today: dt.date) -> QuerySet[Drawdown]:
    """Drawdowns whose due day is before ``today`` with money still owed, not yet noticed as overdue."""
    return (
        with_repaid(Drawdown.objects.filter(due_on__lt=today))
        .filter(repaid__lt=F("amount"))  # type: ignore[misc]
        .exclude(recorded(Drawdown, actions.DRAWDOWN_OVERDUE))
    )


def borrower_people(line: CreditLine) -> list[Any]:
    """Who is told about a drawdown: the borrower's contacts and legal representatives in the alliance,
    and the alliance's secretariat."""
    who = Q(role=Role.SECRETARIAT, alliance_id=line.alliance_id)
    if line.borrower_id is not None:
        who |= Q(role__in=ORGANISATION_ROLES, alliance_id=line.alliance_id, organisation_id=line.borrower_id)
    return [ra.user for ra in RoleAssignment.objects.filter(who).select_related("user").order_by("pk")]


def drawdown_overdue_tell(*, drawdown: Drawdown, now: dt.datetime) -> bool:
    """Record once that a drawdown's due day passed with money owed, and tell the borrower's
    representatives and the secretariat. False, and nothing written, when it is repaid, not yet past due
    (Beijing time) or already noticed."""
    today = timezone.localdate(now)
    with transaction.atomic():
        locked = (
            overdue_drawdowns(today).select_for_update(of=("self",)).select_related("line__alliance", "line__borrower")
            .filter(pk=drawdown.pk).first()
        )  # fmt: skip
        if locked is None:
            return False
        owed = outstanding(
            locked.amount, Repayment.objects.filter(drawdown=locked).values_list("amount", flat=True)
        )
        line = locked.line
        log_action(locked, actions.DRAWDOWN_OVERDUE, by=None,
                   data={"line": line.code, "seq": locked.seq, "due_on": locked.due_on.isoformat(), "outstanding": str(owed)})  # fmt: skip
        facts = {"line": line.code, "seq": locked.seq, "institution": line.institution,
                 "borrower": line.borrower.name_zh if line.borrower else line.alliance.name_zh}  # fmt: skip
        notify(
            recipients=borrower_people(line),
            kind="financing.drawdown.overdue",
            subject=lambda: _("Drawdown %(line)s #%(seq)s is overdue") % facts,
            body=lambda: _("Drawdown %(line)s #%(seq)s of %(borrower)s from %(institution)s fell due on %(due)s; "
                           "%(owed)s is still owed.")
                         % {**facts, "due": day(locked.due_on), "owed": money(owed, "¥")},
            url=link("financing:line", line.alliance.code, line.code),
            alliance=line.alliance,
            by=None,
        )  # fmt: skip
    return True
