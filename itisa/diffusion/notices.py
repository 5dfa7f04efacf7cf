"""Who is told, in their own language: an obligation past its deadline reaches the alliance's secretariat,
the granting department's fund supervisors and the national office; an enquiry from the catalogue reaches
the alliance's secretariat."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.core.formats import day
from itisa.notifications.services import link, notify

if TYPE_CHECKING:
    from itisa.diffusion.models import ContactMessage, Obligation


def _users(query: Q) -> list[Any]:
    seen: dict[int, Any] = {}
    for ra in RoleAssignment.objects.filter(query).select_related("user").order_by("user_id", "pk"):
        seen.setdefault(ra.user_id, ra.user)
    return list(seen.values())


def obligation_overdue(ob: Obligation) -> None:
    names = {"code": ob.result.code, "title": ob.result.title_zh, "alliance": ob.alliance.name_zh,
             "department": ob.department}  # fmt: skip
    notify(
        recipients=_users(
            Q(role=Role.SECRETARIAT, alliance_id=ob.alliance_id)
            | Q(role=Role.GOVERNMENT_SUPERVISOR, department=ob.department)
            | Q(role=Role.NATIONAL_OFFICER)
        ),
        kind="diffusion.obligation.overdue",
        subject=lambda: _("Diffusion overdue: %(code)s of %(alliance)s") % names,
        body=lambda: _("The publicly funded result %(code)s %(title)s of %(alliance)s was to be diffused by "
                       "%(deadline)s (grant of %(department)s), and no diffusion is recorded.")
                       % {**names, "deadline": day(ob.deadline)},
        url=link("diffusion:obligations", ob.alliance.code),
        alliance=ob.alliance,
        by=None,
    )  # fmt: skip


def enquiry_received(message: ContactMessage) -> None:
    listing = message.listing
    names = {"code": listing.result.code, "title": listing.result.title_zh, "name": message.name,
             "organisation": message.organisation}  # fmt: skip
    notify(
        recipients=_users(Q(role=Role.SECRETARIAT, alliance_id=listing.alliance_id)),
        kind="diffusion.message.received",
        subject=lambda: _("Enquiry about %(code)s from %(name)s") % names,
        body=lambda: _("%(name)s (%(organisation)s) wrote about the catalogue entry %(code)s %(title)s.") % names,
        url=link("diffusion:messages", listing.alliance.code),
        alliance=listing.alliance,
        by=None,
    )  # fmt: skip
