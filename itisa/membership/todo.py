"""Membership duties in the to-do list: a member's contacts pay its dues (overdue after the due day,
shown as 逾期) and cure the breaches served on it by their cure day; the secretariat takes each
admission application to its next step, confirms a reported cure and refers a lapsed breach to the
council. A fixed number of queries, whatever the number of items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core import clocks
from itisa.core.formats import day
from itisa.membership.choices import ApplicationStatus as A
from itisa.membership.choices import BreachStatus, InvoiceStatus
from itisa.membership.clocks import BREACH_LAPSE
from itisa.membership.models import Application, BreachNotice, Invoice
from itisa.membership.selectors.dues import CONTACT_ROLES
from itisa.notifications.todo import Todo, todo_kind
from itisa.ui.labels import as_name, local_text, with_names

PAY = todo_kind("membership.invoice.pay", _("Pay"), _("Dues to pay"))
HANDLE = todo_kind(
    "membership.application.handle", _("Handle the application of"), _("Admission applications to handle")
)

CURE = todo_kind("membership.breach.cure", _("Cure the breach"), _("Breaches to cure"))
HANDLE_BREACH = todo_kind("membership.breach.handle", _("Handle the breach of"), _("Breaches to handle"))
# the member cures a breach while it is served, and after the period lapsed (逾期) until the council decides
CURE_STATUSES = (BreachStatus.SERVED, BreachStatus.LAPSED)
# what the secretariat does next with a notice of breach, by its status (membership.workflows)
BREACH_NEXT_STEP = {
    BreachStatus.CURE_REPORTED: _("confirm the cure"),
    BreachStatus.LAPSED: _("refer the lapsed breach to the council"),
}

# what the secretariat does next with an application, by its status (membership.workflows)
NEXT_STEP = {
    A.SUBMITTED: _("first review"),
    A.REVIEWED: _("put it to the vote"),
    A.APPROVED: _("prepare the accession instrument"),
}


def _dues(user: Any) -> Iterator[Todo]:
    """Unpaid invoices of the organisations the user is a contact or legal representative of
    (the invoices ``selectors.dues.invoices_of`` shows them)."""
    s = role_summary(user)
    alliances = s.alliances_with(*CONTACT_ROLES)
    organisations = [o for o in s.organisations if s.acts_for(o, *CONTACT_ROLES)]
    if not alliances or not organisations:
        return
    rows = (
        Invoice.objects.filter(
            status=InvoiceStatus.UNPAID,
            alliance_id__in=alliances,
            membership__organisation_id__in=organisations,
        )
        .select_related("alliance", "membership__organisation")
        .order_by("due_on", "number")
    )
    for invoice in rows:
        yield Todo(
            kind=PAY,
            ref=f"invoice:{invoice.pk}",
            subject=gettext("Dues notice %(number)s: CNY %(amount)s")
            % {"number": invoice.number, "amount": f"{invoice.amount:,.2f}"},
            detail=as_name(local_text(invoice.membership.organisation)),
            url=f"{reverse('membership:dues', args=[invoice.alliance.code])}?year={invoice.year}",
            alliance=invoice.alliance.code,
            due=invoice.due_on,
        )


def _admissions(user: Any) -> Iterator[Todo]:
    alliances = role_summary(user).alliances_with(Role.SECRETARIAT)
    if not alliances:
        return
    rows = (
        Application.objects.filter(alliance_id__in=alliances, status__in=list(NEXT_STEP))
        .select_related("alliance")
        .order_by("submitted_at", "pk")
    )
    for application in rows:
        yield Todo(
            kind=HANDLE,
            ref=f"admission:{application.pk}",
            subject=as_name(application.name_zh),
            detail=str(NEXT_STEP[A(application.status)]),
            url=reverse("membership:application", args=[application.pk]),
            alliance=application.alliance.code,
        )


def _breaches(user: Any, now: dt.datetime) -> Iterator[Todo]:
    """Notices the user's organisations must cure (due on ``cure_by``; overdue once lapsed), and, for the
    secretariat, reported cures to confirm and lapsed breaches to refer. Lapses are settled first."""
    s = role_summary(user)
    keeper = s.alliances_with(Role.SECRETARIAT)
    contact = s.alliances_with(*CONTACT_ROLES)
    organisations = [o for o in s.organisations if s.acts_for(o, *CONTACT_ROLES)]
    if not keeper and not (contact and organisations):
        return
    alliances = keeper | contact
    clocks.settle(BREACH_LAPSE, membership__alliance_id__in=alliances, now=now)
    mine = Q(status__in=CURE_STATUSES, membership__alliance_id__in=contact,
             membership__organisation_id__in=organisations)  # fmt: skip
    theirs = Q(status__in=list(BREACH_NEXT_STEP), membership__alliance_id__in=keeper)
    rows = (
        BreachNotice.objects.filter(mine | theirs)
        .select_related("membership__alliance", "membership__organisation")
        .order_by("cure_by", "pk")
    )
    for notice in rows:
        code = notice.membership.alliance.code
        url = reverse("membership:breach", args=[code, notice.pk])
        if notice.status in CURE_STATUSES and notice.membership.organisation_id in organisations:
            yield Todo(
                kind=CURE,
                ref=f"breach:{notice.pk}:cure",
                subject=as_name(notice.clause),
                detail=with_names(
                    gettext("%(org)s: cure by %(date)s"),
                    org=local_text(notice.membership.organisation),
                    date=day(notice.cure_by),
                ),
                url=url,
                alliance=code,
                due=notice.cure_by,
            )
        else:
            yield Todo(
                kind=HANDLE_BREACH,
                ref=f"breach:{notice.pk}:{notice.status}",
                subject=as_name(local_text(notice.membership.organisation)),
                detail=str(BREACH_NEXT_STEP[BreachStatus(notice.status)]),
                url=url,
                alliance=code,
            )


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    """The membership duties of ``user`` (dues are due by their invoice's due day, breaches by their cure day)."""
    return [*_dues(user), *_admissions(user), *_breaches(user, now)]
