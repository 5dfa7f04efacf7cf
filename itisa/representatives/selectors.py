"""Reads of appointed representatives and the people named to act for an organisation, scoped to the
viewer (``permissions.can_view_representation``; a confirmer's queue of pending appointments)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment, User
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Need, demand
from itisa.core.errors import NotFound
from itisa.registry.memberships import active_membership_q
from itisa.registry.models import Organisation
from itisa.registry.selectors import access_organisation
from itisa.representatives.choices import ROLE_OF, STORED, AppointmentStatus, Function
from itisa.representatives.models import Appointment, Designation
from itisa.representatives.permissions import can_view_representation


def find_person(text: str) -> User | None:
    """The active account whose username is ``text``, else the one whose e-mail address it is (only when
    exactly one account has it)."""
    text = text.strip()
    if not text:
        return None
    user = User.objects.filter(username=text, is_active=True).first()
    if user is not None:
        return user
    found = list(User.objects.filter(email__iexact=text, is_active=True)[:2])
    return found[0] if len(found) == 1 else None


def current_appointment(organisation: Organisation) -> Appointment | None:
    """The organisation's confirmed appointed representative, if any."""
    return (
        Appointment.objects.filter(organisation=organisation, status=AppointmentStatus.CONFIRMED)
        .select_related("user", "decided_by")
        .first()
    )


@dataclass(frozen=True)
class Named:
    """A person acting for the organisation in one function: the alliances a role covers (empty for a
    function kept here) and since when."""

    user: User
    function: str
    since: dt.datetime
    alliances: tuple[str, ...] = ()

    @property
    def function_label(self) -> str:
        return str(Function(self.function).label)


@dataclass(frozen=True)
class Representation:
    """Who represents and acts for an organisation now, and its appointments (newest first)."""

    organisation: Organisation
    current: Appointment | None
    people: dict[str, list[Named]] = field(default_factory=dict)
    appointments: list[Appointment] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str, list[Named]]]:
        """(function code, label, people) in ``Function`` order, every function listed."""
        return [(f.value, str(f.label), self.people.get(f.value, [])) for f in Function]


def named_people(organisation: Organisation) -> dict[str, list[Named]]:
    """Everyone acting for the organisation by function (two queries): its role holders (legal
    representatives, member contacts) grouped per person with their alliances, and the current
    designations (signatories, delegates, backups)."""
    roles = {role: function for function, role in ROLE_OF.items()}
    grouped: dict[tuple[str, int], dict[str, Any]] = {}
    rows = (
        RoleAssignment.objects.filter(organisation=organisation, role__in=list(roles))
        .select_related("user", "alliance")
        .order_by("role", "user__username", "alliance__code")
    )
    for ra in rows:
        entry = grouped.setdefault(
            (roles[ra.role], ra.user_id), {"user": ra.user, "since": ra.granted_at, "alliances": []}
        )
        entry["since"] = min(entry["since"], ra.granted_at)
        if ra.alliance is not None:
            entry["alliances"].append(ra.alliance.code)
    people: dict[str, list[Named]] = {}
    for (function, _uid), entry in grouped.items():
        people.setdefault(function, []).append(
            Named(
                user=entry["user"],
                function=function,
                since=entry["since"],
                alliances=tuple(entry["alliances"]),
            )
        )
    for d in (
        Designation.objects.filter(
            organisation=organisation, ended_at__isnull=True, function__in=list(STORED)
        )
        .select_related("user")
        .order_by("function", "named_at", "pk")
    ):
        people.setdefault(d.function, []).append(Named(user=d.user, function=d.function, since=d.named_at))
    return people


def representation_of(organisation: Organisation) -> Representation:
    """The organisation's representation (four queries, whatever the number of people)."""
    appointments = list(
        Appointment.objects.filter(organisation=organisation)
        .select_related("user", "applied_by", "decided_by")
        .order_by("-applied_at", "-pk")
    )
    for a in appointments:
        a.organisation = organisation
    current = next((a for a in appointments if a.status == AppointmentStatus.CONFIRMED), None)
    return Representation(
        organisation=organisation,
        current=current,
        people=named_people(organisation),
        appointments=appointments,
    )


def access_representation(viewer: Any, uscc: str, *, need: Need | None = None) -> Organisation:
    """The organisation whose representatives ``viewer`` may see (``can_view_representation``); a missing
    and a hidden one are the same NotFound; a refused ``need`` is PermissionDenied."""
    org = access_organisation(viewer, uscc)
    if not can_view_representation(viewer, org):
        raise NotFound(_("No organisation with the credit code %(uscc)s.") % {"uscc": uscc})
    if need is not None:
        demand(viewer, org, need)
    return org


def confirm_q(viewer: Any) -> Q:
    """The appointments ``viewer`` may confirm (``permissions.is_confirmer``), its own excepted."""
    s = role_summary(viewer)
    if not s.authenticated:
        return Q(pk__in=[])
    if s.national:
        q = Q()
    else:
        q = Q(organisation__province__in=s.provinces) if s.provinces else Q(pk__in=[])
        secretariats = s.alliances_with(Role.SECRETARIAT)
        if secretariats:
            members = Organisation.objects.filter(
                Q(memberships__alliance_id__in=secretariats) & active_membership_q("memberships")
            ).values("pk")
            q |= Q(organisation__in=members)
    return q & ~Q(user_id=viewer.pk)


def pending_for(viewer: Any) -> QuerySet[Appointment]:
    """Pending appointments ``viewer`` confirms or rejects, the longest waiting first."""
    return (
        Appointment.objects.filter(confirm_q(viewer), status=AppointmentStatus.PENDING)
        .select_related("organisation", "user", "applied_by")
        .order_by("applied_at", "pk")
    )


def access_appointment(viewer: Any, pk: int, *, need: Need | None = None) -> Appointment:
    """The appointment ``pk`` if ``viewer`` may see its organisation's representatives; else NotFound."""
    obj = (
        Appointment.objects.select_related("organisation", "user", "applied_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if obj is None or not (
        getattr(viewer, "pk", None) in (obj.user_id, obj.applied_by_id)
        or can_view_representation(viewer, obj.organisation)
    ):
        raise NotFound(_("No appointment %(id)s.") % {"id": pk})
    if need is not None:
        demand(viewer, obj, need)
    return obj


def appointment_document(obj: Appointment) -> dict[str, Any]:
    """The API's record of an appointment (organisation and people already loaded)."""
    return {
        "id": obj.pk, "organisation": obj.organisation.uscc, "user": obj.user.username, "status": obj.status,
        "statement": obj.statement, "applied_by": obj.applied_by.username if obj.applied_by else "",
        "applied_at": obj.applied_at, "decided_by": obj.decided_by.username if obj.decided_by else "",
        "decided_at": obj.decided_at, "reason": obj.reason, "ended_at": obj.ended_at,
    }  # fmt: skip


def representation_document(rep: Representation) -> dict[str, Any]:
    """The API's record of an organisation's representation."""
    return {
        "organisation": rep.organisation.uscc,
        "representative": rep.current.user.username if rep.current else "",
        "people": [
            {
                "function": n.function,
                "user": n.user.username,
                "since": n.since,
                "alliances": list(n.alliances),
            }
            for _code, _label, named in rep.rows()
            for n in named
        ],
        "appointments": [appointment_document(a) for a in rep.appointments],
    }
