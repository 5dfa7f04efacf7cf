"""Notifications of dues: each member's contacts (member contact, legal representative) are told of
its dues notice when it is issued, in their own language, with a link to the alliance's dues page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _

from itisa.accounts.models import RoleAssignment
from itisa.core.formats import day, money
from itisa.membership.models import Invoice
from itisa.membership.selectors.dues import CONTACT_ROLES
from itisa.notifications.services import notify
from itisa.registry.models import Alliance

if TYPE_CHECKING:
    from itisa.accounts.models import User


def invoices_issued(alliance: Alliance, invoices: list[Invoice], *, by: User) -> None:
    """One notification per invoice, to the contacts of the organisation it is addressed to."""
    if not invoices:
        return
    organisations = {invoice.membership.organisation_id for invoice in invoices}
    contacts: dict[int, list[Any]] = {}
    rows = (
        RoleAssignment.objects.filter(
            alliance=alliance, role__in=CONTACT_ROLES, organisation_id__in=organisations
        )
        .select_related("user")
        .order_by("user_id", "pk")
    )
    for ra in rows:
        contacts.setdefault(ra.organisation_id, []).append(ra.user)  # type: ignore[arg-type]
    for invoice in invoices:
        _notify(alliance, invoice, contacts.get(invoice.membership.organisation_id, []), by=by)


def _notify(alliance: Alliance, invoice: Invoice, recipients: list[Any], *, by: User) -> None:
    notify(
        recipients=recipients,
        kind="membership.invoice.issued",
        subject=lambda: (
            _("Dues notice %(number)s: %(amount)s, due %(due)s")
            % {"number": invoice.number, "amount": money(invoice.amount, "¥"), "due": day(invoice.due_on)}
        ),
        body=lambda: (
            _("%(alliance)s asks %(organisation)s for its dues of %(year)s.")
            % {
                "alliance": alliance.name_zh,
                "organisation": invoice.membership.organisation.name_zh,
                "year": invoice.year,
            }
        ),
        url=lambda: f"{reverse('membership:dues', args=[alliance.code])}?year={invoice.year}",
        alliance=alliance,
        by=by,
    )
