"""Membership duties in the to-do list: a member's contacts pay its dues (overdue after the due day,
shown as 逾期); the secretariat takes each admission application to its next step. Two queries at
most, whatever the number of items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.membership.choices import ApplicationStatus as A
from itisa.membership.choices import InvoiceStatus
from itisa.membership.models import Application, Invoice
from itisa.membership.selectors.dues import CONTACT_ROLES
from itisa.notifications.todo import Todo, todo_kind

PAY = todo_kind("membership.invoice.pay", _("Pay"), _("Dues to pay"))
HANDLE = todo_kind(
    "membership.application.handle", _("Handle the application of"), _("Admission applications to handle")
)

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
            detail=invoice.membership.organisation.name_zh,
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
            subject=application.name_zh,
            detail=str(NEXT_STEP[A(application.status)]),
            url=reverse("membership:application", args=[application.pk]),
            alliance=application.alliance.code,
        )


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    """The membership duties of ``user`` (dues are due by their invoice's due day)."""
    return [*_dues(user), *_admissions(user)]
