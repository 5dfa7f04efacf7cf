"""Who confirms an organisation's appointed representative, and who names people to act for it. Each
predicate returns a Decision with its reason.

Functional reference: in the EU Funding & Tenders Portal the organisation's legal entity appointed
representative (LEAR) is appointed by the legal representative and validated by the Commission's
validation service; the LEAR then names who signs and acts for the organisation. Here validation is the
act of those who already know the organisation: the secretariat of an alliance it is an active member of
(which admits members and confirms their signing keys: ``agreements.permissions.can_confirm_key``) or a
competent officer (the national office; the provincial science and technology department of the
organisation's province, which registers organisations: ``registry.permissions``), under 国科发政〔2008〕770号
Art. 8(1) (members are legal persons that act through their representatives). Nobody confirms their own
appointment. Only the current confirmed representative acts in full; a backup stands in for it (every
function but naming backups); a delegate names contacts and authorised signatories (day-to-day work).
A pending, rejected or ended appointment gives no power at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.registry.selectors import active_alliance_ids_of
from itisa.representatives.choices import AppointmentStatus, Function
from itisa.representatives.models import Appointment, Designation

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer
    from itisa.registry.models import Organisation

NOT_LOGGED_IN = _("You must log in first.")

REPRESENTATIVE = "representative"
BACKUP = Function.BACKUP.value
DELEGATE = Function.DELEGATE.value

# capacity -> the functions it names and removes
POWERS: dict[str, frozenset[str]] = {
    REPRESENTATIVE: frozenset(Function.values),
    BACKUP: frozenset(Function.values) - {Function.BACKUP},
    DELEGATE: frozenset({Function.CONTACT, Function.SIGNATORY}),
}


def _uid(user: Viewer) -> Any:
    return getattr(user, "pk", None)


def is_confirmer(user: Viewer, organisation: Organisation, alliance_ids: set[int] | None = None) -> bool:
    """The national office, the provincial officer of the organisation's province, or the secretariat of
    an alliance the organisation is an active member of (``alliance_ids``, read when not given)."""
    s = role_summary(user)
    if not s.authenticated:
        return False
    if s.national or organisation.province in s.provinces:
        return True
    secretariats = s.alliances_with(Role.SECRETARIAT)
    if not secretariats:
        return False
    members_of = active_alliance_ids_of(organisation) if alliance_ids is None else alliance_ids
    return bool(secretariats & members_of)


def capacities(user: Viewer, organisation: Organisation) -> set[str]:
    """In which capacities ``user`` acts for ``organisation`` now: its confirmed representative, a backup,
    a delegate (two queries)."""
    if not role_summary(user).authenticated:
        return set()
    held: set[str] = set()
    if Appointment.objects.filter(
        organisation=organisation, user_id=_uid(user), status=AppointmentStatus.CONFIRMED
    ).exists():
        held.add(REPRESENTATIVE)
    held.update(
        Designation.objects.filter(
            organisation=organisation,
            user_id=_uid(user),
            ended_at__isnull=True,
            function__in=[BACKUP, DELEGATE],
        ).values_list("function", flat=True)
    )
    return held


def functions_named_by(user: Viewer, organisation: Organisation) -> frozenset[str]:
    """The functions ``user`` may name people to (and remove them from) for ``organisation``."""
    names: frozenset[str] = frozenset()
    for capacity in capacities(user, organisation):
        names |= POWERS[capacity]
    return names


def _no_power_reason(user: Viewer, organisation: Organisation) -> Any:
    statuses = set(
        Appointment.objects.filter(organisation=organisation, user_id=_uid(user)).values_list(
            "status", flat=True
        )
    )
    if AppointmentStatus.PENDING in statuses:
        return _("Your appointment as representative is not confirmed yet.")
    if AppointmentStatus.ENDED in statuses:
        return _("Your appointment as representative has ended.")
    return _(
        "Only the organisation's confirmed representative, its backups and delegates name people for it."
    )


def can_name(user: Viewer, organisation: Organisation, function: str) -> Decision:
    """Whether ``user`` may name someone to ``function`` (or remove someone from it) for ``organisation``."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    held = capacities(user, organisation)
    if not held:
        return Decision.deny(_no_power_reason(user, organisation))
    if any(function in POWERS[c] for c in held):
        return Decision.allow(_("You act for the organisation as its representative, backup or delegate."))
    if REPRESENTATIVE not in held and function == Function.BACKUP:
        return Decision.deny(_("Only the confirmed representative names and removes backups."))
    return Decision.deny(_("A delegate names only member contacts and authorised signatories."))


def may_manage(user: Viewer, organisation: Organisation) -> Decision:
    """Whether ``user`` names anyone at all for ``organisation`` (the naming form on its page)."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if capacities(user, organisation):
        return Decision.allow(_("You act for the organisation as its representative, backup or delegate."))
    return Decision.deny(_no_power_reason(user, organisation))


def can_apply(user: Viewer, organisation: Organisation, candidate: Any) -> Decision:
    """Anyone with an account applies to be an organisation's representative; a confirmer or the current
    representative may propose someone else."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if candidate is None or candidate.pk == _uid(user):
        return Decision.allow(_("Anyone with an account may apply to represent an organisation."))
    if is_confirmer(user, organisation) or REPRESENTATIVE in capacities(user, organisation):
        return Decision.allow(_("You may propose the organisation's representative."))
    return Decision.deny(
        _("Only a confirmer or the current representative proposes someone else; apply for yourself.")
    )


def can_decide(user: Viewer, appointment: Appointment) -> Decision:
    """A confirmer (see the module docstring) confirms or rejects a pending appointment, not their own."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if appointment.user_id == _uid(user):
        return Decision.deny(_("Nobody confirms their own appointment."))
    if not is_confirmer(user, appointment.organisation):
        return Decision.deny(
            _(
                "Only the secretariat of an alliance the organisation belongs to, the provincial officer of "
                "its province or the national office confirms its representative."
            )
        )
    if appointment.status != AppointmentStatus.PENDING:
        return Decision.deny(_("Only a pending appointment is confirmed or rejected."))
    return Decision.allow(_("You confirm this organisation's representative."))


def can_view_representation(user: Viewer, organisation: Organisation) -> Decision:
    """The organisation's representative page: its confirmers, whoever acts for it (a role, or a capacity
    here) and whoever applied to represent it."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.acts_for(organisation.pk) or is_confirmer(user, organisation):
        return Decision.allow(_("You act for or oversee this organisation."))
    if Appointment.objects.filter(organisation=organisation, user_id=_uid(user)).exists():
        return Decision.allow(_("You applied to represent this organisation."))
    if Designation.objects.filter(
        organisation=organisation, user_id=_uid(user), ended_at__isnull=True
    ).exists():
        return Decision.allow(_("You act for this organisation."))
    return Decision.deny(
        _("Only the organisation's own people and those who oversee it see its representatives.")
    )
