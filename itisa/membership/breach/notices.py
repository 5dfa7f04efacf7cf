"""Who is told at each step of a breach, in their own language, with a link to the notice's page.

The defaulting member's contacts and legal representative hear of every step; the secretariat of a
report of cure, of a lapse and of the decision. The council hears of a referral through the ballot it
is asked to vote in (governance's ``governance.ballot.opened`` to every seat with an account).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.core.formats import day
from itisa.membership.models import BreachNotice
from itisa.membership.selectors.dues import CONTACT_ROLES
from itisa.notifications.services import link, notify

if TYPE_CHECKING:
    from itisa.accounts.models import User


def member_contacts(notice: BreachNotice) -> list[Any]:
    """The accounts acting for the defaulting member in this alliance (contacts, legal representative)."""
    rows = RoleAssignment.objects.filter(
        alliance_id=notice.membership.alliance_id,
        role__in=CONTACT_ROLES,
        organisation_id=notice.membership.organisation_id,
    ).select_related("user")
    return [ra.user for ra in rows.order_by("user_id", "pk")]


def secretariat(notice: BreachNotice) -> list[Any]:
    rows = RoleAssignment.objects.filter(alliance_id=notice.membership.alliance_id, role=Role.SECRETARIAT)
    return [ra.user for ra in rows.select_related("user").order_by("user_id", "pk")]


def _tell(
    recipients: list[Any], notice: BreachNotice, event: str, subject: Callable[[], str], body: Callable[[], str],
    *, by: User | None,
) -> None:  # fmt: skip
    notify(
        recipients=recipients,
        kind=f"membership.breach.{event}",
        subject=subject,
        body=body,
        url=link("membership:breach", notice.membership.alliance.code, notice.pk),
        alliance=notice.membership.alliance,
        by=by,
    )


def _names(notice: BreachNotice) -> dict[str, str]:
    return {
        "org": notice.membership.organisation.name_zh,
        "clause": notice.clause,
        "date": day(notice.cure_by),
        "alliance": notice.membership.alliance.name_zh,
    }


def served(notice: BreachNotice, *, by: User) -> None:
    _tell(
        member_contacts(notice),
        notice,
        "served",
        lambda: _("Notice of breach: cure it by %(date)s") % _names(notice),
        lambda: _("%(alliance)s gives %(org)s notice of breach of the agreement (%(clause)s). Cure it by %(date)s;"
                  " after that the council may decide remedies.") % _names(notice),
        by=by,
    )  # fmt: skip


def cure_reported(notice: BreachNotice, *, by: User) -> None:
    _tell(
        secretariat(notice),
        notice,
        "cure_reported",
        lambda: _("%(org)s reports its breach cured: confirm it") % _names(notice),
        lambda: notice.cure_report,
        by=by,
    )


def cured(notice: BreachNotice, *, by: User) -> None:
    _tell(
        member_contacts(notice),
        notice,
        "cured",
        lambda: _("Breach cured: %(clause)s") % _names(notice),
        lambda: _("The secretariat confirms that %(org)s has cured the breach.") % _names(notice),
        by=by,
    )


def cure_rejected(notice: BreachNotice, reason: str, *, by: User) -> None:
    _tell(
        member_contacts(notice),
        notice,
        "cure_rejected",
        lambda: _("Breach not cured: %(clause)s") % _names(notice),
        lambda: reason,
        by=by,
    )


def lapsed(notice: BreachNotice) -> None:
    _tell(
        [*member_contacts(notice), *secretariat(notice)],
        notice,
        "lapsed",
        lambda: _("Cure period lapsed: %(org)s, %(clause)s") % _names(notice),
        lambda: (
            _("The breach was not cured by %(date)s. The secretariat may refer it to the council.")
            % _names(notice)
        ),
        by=None,
    )


def referred(notice: BreachNotice, *, by: User) -> None:
    _tell(
        member_contacts(notice),
        notice,
        "referred",
        lambda: _("Breach referred to the council: %(clause)s") % _names(notice),
        lambda: _("The council votes on the remedies proposed against %(org)s.") % _names(notice),
        by=by,
    )


def decided(notice: BreachNotice, *, by: User | None) -> None:
    _tell(
        [*member_contacts(notice), *secretariat(notice)],
        notice,
        "decided",
        lambda: (
            _("Remedies decided on the breach: %(clause)s") if notice.status == "remedied"
            else _("No remedy on the breach: %(clause)s")
        ) % _names(notice),
        lambda: _("The council has voted on the breach of %(org)s.") % _names(notice),
        by=by,
    )  # fmt: skip


def withdrawn(notice: BreachNotice, reason: str, *, by: User) -> None:
    _tell(
        member_contacts(notice),
        notice,
        "withdrawn",
        lambda: _("Notice of breach withdrawn: %(clause)s") % _names(notice),
        lambda: reason,
        by=by,
    )
