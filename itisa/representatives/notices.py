"""Who is told, in their own language: an application reaches the organisation's confirmers; a decision
reaches the candidate (and whoever proposed them); a person named to act for an organisation is told."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.notifications.services import link, notify
from itisa.registry.selectors import active_alliance_ids_of
from itisa.representatives.choices import Function

if TYPE_CHECKING:
    from itisa.accounts.models import User
    from itisa.registry.models import Organisation
    from itisa.representatives.models import Appointment


def confirmers(organisation: Organisation) -> list[Any]:
    """The organisation's confirmers by user id (``permissions.is_confirmer``): the national office, the
    provincial officers of its province and the secretariats of the alliances it is an active member of."""
    query = (
        Q(role=Role.NATIONAL_OFFICER)
        | Q(role=Role.PROVINCIAL_OFFICER, province=organisation.province)
        | Q(role=Role.SECRETARIAT, alliance_id__in=active_alliance_ids_of(organisation))
    )
    seen: dict[int, Any] = {}
    for ra in RoleAssignment.objects.filter(query).select_related("user").order_by("user_id", "pk"):
        seen.setdefault(ra.user_id, ra.user)
    return list(seen.values())


def _names(appointment: Appointment) -> dict[str, Any]:
    return {"organisation": appointment.organisation.name_zh, "person": appointment.user.person_name
            or appointment.user.username, "reason": appointment.reason}  # fmt: skip


def applied(appointment: Appointment, *, by: User | None) -> None:
    names = _names(appointment)
    notify(
        recipients=[u for u in confirmers(appointment.organisation) if u.pk != appointment.user_id],
        kind="representatives.appointment.applied",
        subject=lambda: _("Confirm the representative of %(organisation)s") % names,
        body=lambda: _("%(person)s is proposed as the appointed representative of %(organisation)s. Confirm "
                       "or reject it with a reason.") % names,
        url=link("representatives:decide", appointment.pk),
        by=by,
    )  # fmt: skip


def decided(appointment: Appointment, *, by: User | None, confirmed: bool) -> None:
    names = _names(appointment)
    notify(
        recipients=[appointment.user, appointment.applied_by],
        kind="representatives.appointment.confirmed" if confirmed else "representatives.appointment.rejected",
        subject=(lambda: _("You are the appointed representative of %(organisation)s") % names)
        if confirmed
        else (lambda: _("The appointment to represent %(organisation)s was rejected") % names),
        body=(lambda: _("Name the legal representative, signatories, contacts, delegates and backups of "
                        "%(organisation)s on its representatives page.") % names)
        if confirmed
        else (lambda: _("Reason: %(reason)s") % names),
        url=link("representatives:page", appointment.organisation.uscc),
        by=by,
    )  # fmt: skip


def named(organisation: Organisation, person: User, function: str, *, by: User | None) -> None:
    names = {"organisation": organisation.name_zh}
    notify(
        recipients=[person],
        kind="representatives.function.named",
        subject=lambda: _("You act for %(organisation)s as %(function)s")
        % {**names, "function": Function(function).label},
        body=lambda: _("The appointed representative of %(organisation)s named you; you see it on the "
                       "organisation's representatives page.") % names,
        url=link("representatives:page", organisation.uscc),
        by=by,
    )  # fmt: skip
