"""Writes of appointed representatives: apply (or propose), confirm, reject; name people to functions and
remove them; change the legal representative.

Every service checks its permission (``permissions``) and the status inside one transaction, writes, and
leaves audit entries on the organisation. Functions that are roles (legal representative, member contact)
are granted and revoked only through ``accounts.services.role_grant`` / ``role_revoke`` (the audited
services the ``role`` command uses), one assignment per alliance the organisation is an active member of,
naming the confirmed appointment they come from; the others are ``Designation`` rows of this app.
``by=None`` is the operator at the command line (the system), who may do everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.models import RoleAssignment
from itisa.accounts.services import role_grant, role_revoke
from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import Conflict, DomainError, NotFound, PermissionDenied, full_clean
from itisa.core.values import is_blank, strip_text
from itisa.core.workflows import SYSTEM
from itisa.registry.models import Alliance, Organisation
from itisa.registry.selectors import active_alliance_ids_of
from itisa.registry.services import legal_representative_replace
from itisa.representatives import actions, notices
from itisa.representatives.choices import ROLE_OF, AppointmentStatus, Function
from itisa.representatives.models import Appointment, Designation
from itisa.representatives.permissions import can_apply, can_decide, can_name, is_confirmer
from itisa.representatives.workflows import APPOINTMENT_TRANSITIONS, CONFIRMER

if TYPE_CHECKING:
    from itisa.accounts.models import User
    from itisa.core.decisions import Decision


def _deny(decision: Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def _refuse(field: str, message: str) -> DomainError:
    return DomainError(_("Please correct the errors below."), fields={field: [message]})


def appointment_apply(
    *, by: User | None, organisation: Organisation, candidate: User | None = None, statement: str = ""
) -> Appointment:
    """``by`` applies to be ``organisation``'s appointed representative, or proposes ``candidate``; the
    confirmers are told. A second pending application of the same person is refused (409)."""
    candidate = candidate or by
    if candidate is None:
        raise _refuse("user", _("Name the person to appoint."))
    if by is not None:
        _deny(can_apply(by, organisation, candidate))
    if not candidate.is_active:
        raise _refuse("user", _("This account is not active."))
    obj = Appointment(organisation=organisation, user=candidate, statement=strip_text(statement), applied_by=by,
                      applied_at=timezone.now())  # fmt: skip
    full_clean(obj, validate_constraints=False)
    duplicate = _("%(person)s already has a pending application for this organisation.") % {
        "person": candidate.username
    }
    try:
        with transaction.atomic():
            obj.save()
            log_action(organisation, actions.APPLIED, by=by,
                       data={"appointment": obj.pk, "user": candidate.username, "statement": obj.statement})  # fmt: skip
            notices.applied(obj, by=by)
    except IntegrityError:
        raise Conflict(duplicate, fields={"user": [duplicate]}) from None
    return obj


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("organisation", "user", "applied_by")
        .get(pk=appointment.pk)
    )


def _decide_actors(by: User | None, obj: Appointment) -> set[str]:
    """The workflow actors ``by`` is for a decision on ``obj``; a confirmer facing an appointment that is no
    longer pending is one too, so that the table refuses the move (409) rather than a 403."""
    if by is None:
        return {CONFIRMER}
    decision = can_decide(by, obj)
    if decision or (obj.user_id != by.pk and is_confirmer(by, obj.organisation)):
        return {CONFIRMER}
    raise PermissionDenied(decision.reason)


def appointment_confirm(*, by: User | None, appointment: Appointment) -> Appointment:
    """Confirm a pending appointment: it becomes the organisation's one representative; the one before it
    (if any) ends, replaced by this one, in the same transaction. The candidate is told."""
    with transaction.atomic():
        obj = _locked(appointment)
        actors = _decide_actors(by, obj)
        invalid = _("Only a pending appointment is confirmed or rejected.")
        APPOINTMENT_TRANSITIONS.check(obj.status, AppointmentStatus.CONFIRMED, actors, invalid=invalid)
        now = timezone.now()
        previous = (
            Appointment.objects.select_for_update(of=("self",))
            .filter(organisation=obj.organisation, status=AppointmentStatus.CONFIRMED)
            .first()
        )
        if previous is not None:
            previous.ended_at, previous.replaced_by = now, obj
            move(previous, AppointmentStatus.ENDED, by=by, actors={SYSTEM}, table=APPOINTMENT_TRANSITIONS,
                 action=actions.ENDED, audit_on=obj.organisation, fields=["ended_at", "replaced_by"],
                 data={"appointment": previous.pk, "user": previous.user.username, "replaced_by": obj.pk})  # fmt: skip
        obj.decided_by, obj.decided_at = by, now
        move(obj, AppointmentStatus.CONFIRMED, by=by, actors=actors, table=APPOINTMENT_TRANSITIONS,
             action=actions.CONFIRMED, audit_on=obj.organisation, fields=["decided_by", "decided_at"],
             data={"appointment": obj.pk, "user": obj.user.username,
                   "replaces": previous.user.username if previous else ""}, invalid=invalid)  # fmt: skip
        notices.decided(obj, by=by, confirmed=True)
    return obj


def appointment_reject(*, by: User | None, appointment: Appointment, reason: str) -> Appointment:
    """Reject a pending appointment with a reason (required); the candidate is told."""
    with transaction.atomic():
        obj = _locked(appointment)
        actors = _decide_actors(by, obj)
        if is_blank(reason):
            raise _refuse("reason", _("Say why the appointment is rejected."))
        obj.decided_by, obj.decided_at, obj.reason = by, timezone.now(), strip_text(reason)
        move(obj, AppointmentStatus.REJECTED, by=by, actors=actors, table=APPOINTMENT_TRANSITIONS,
             action=actions.REJECTED, audit_on=obj.organisation, fields=["decided_by", "decided_at", "reason"],
             data={"appointment": obj.pk, "user": obj.user.username, "reason": obj.reason},
             invalid=_("Only a pending appointment is confirmed or rejected."))  # fmt: skip
        notices.decided(obj, by=by, confirmed=False)
    return obj


def _authority(by: User | None, organisation: Organisation, function: str) -> int | None:
    """Check that ``by`` may name to ``function``; return the confirmed appointment it acts under."""
    if by is not None:
        _deny(can_name(by, organisation, function))
    return (
        Appointment.objects.filter(organisation=organisation, status=AppointmentStatus.CONFIRMED)
        .values_list("pk", flat=True)
        .first()
    )


def _alliances(organisation: Organisation) -> list[Alliance]:
    alliances = list(Alliance.objects.filter(pk__in=active_alliance_ids_of(organisation)).order_by("code"))
    if not alliances:
        raise Conflict(_("%(name)s is not an active member of any alliance, so nobody acts for it in one.")
                       % {"name": organisation.name_zh})  # fmt: skip
    return alliances


def _grant_everywhere(
    by: User | None, organisation: Organisation, person: User, role: str, appointment: int | None
) -> list[str]:
    """Grant ``role`` for ``organisation`` in each of its active alliances; return the codes newly granted."""
    held = set(
        RoleAssignment.objects.filter(user=person, role=role, organisation=organisation).values_list(
            "alliance_id", flat=True
        )
    )
    granted = []
    for alliance in _alliances(organisation):
        if alliance.pk not in held:
            role_grant(by=by, user=person, role=role, alliance=alliance, organisation=organisation,
                       appointment=appointment)  # fmt: skip
            granted.append(alliance.code)
    return granted


def function_name(
    *, by: User | None, organisation: Organisation, function: str, person: User, legal_name: str = ""
) -> list[str]:
    """Name ``person`` to ``function`` for ``organisation``; return the alliances a role was granted in
    (empty for a function kept here). Naming the legal representative replaces the one before
    (``legal_representative_change``). Naming someone who already holds the function everywhere is 409;
    naming again after the organisation joined another alliance grants the role there too."""
    if function not in Function.values:
        raise _refuse("function", _("Unknown function %(function)s.") % {"function": function})
    if not person.is_active:
        raise _refuse("person", _("This account is not active."))
    if function == Function.LEGAL_REPRESENTATIVE:
        return legal_representative_change(
            by=by, organisation=organisation, person=person, legal_name=legal_name
        )
    already = _("%(person)s already acts for the organisation in this function.") % {
        "person": person.username
    }
    with transaction.atomic():
        appointment = _authority(by, organisation, function)
        granted: list[str] = []
        if function in ROLE_OF:
            granted = _grant_everywhere(by, organisation, person, ROLE_OF[function], appointment)
            if not granted:
                raise Conflict(already, fields={"person": [already]})
        else:
            row = Designation(organisation=organisation, function=function, user=person, named_by=by,
                              named_at=timezone.now())  # fmt: skip
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                raise Conflict(already, fields={"person": [already]}) from None
        log_action(organisation, actions.NAMED, by=by, data={"function": function, "user": person.username,
                   "alliances": granted, "appointment": appointment})  # fmt: skip
        notices.named(organisation, person, function, by=by)
    return granted


def legal_representative_change(
    *, by: User | None, organisation: Organisation, person: User, legal_name: str = ""
) -> list[str]:
    """Make ``person`` the organisation's legal representative, in one transaction: every legal
    representative role of the organisation (whoever held it) is revoked, ``person`` is granted it in each
    alliance the organisation is an active member of, and the registry records a new legal representative
    (``registry.services.legal_representative_replace``: ``legal_name`` as on the business licence, else the
    person's name). Agreements then ask the new person to sign what is still unsigned (to-do list, signing
    key, signature); signatures already made are not touched. Return the alliances granted in."""
    with transaction.atomic():
        appointment = _authority(by, organisation, Function.LEGAL_REPRESENTATIVE)
        alliances = _alliances(organisation)
        current = list(
            RoleAssignment.objects.select_for_update(of=("self",))
            .filter(organisation=organisation, role=ROLE_OF[Function.LEGAL_REPRESENTATIVE])
            .select_related("user", "alliance")
            .order_by("pk")
        )
        if current and {ra.user_id for ra in current} == {person.pk} and organisation.legal_representative_id:
            granted = _grant_everywhere(
                by, organisation, person, ROLE_OF[Function.LEGAL_REPRESENTATIVE], appointment
            )
            if not granted:
                already = _("%(person)s is already the legal representative.") % {"person": person.username}
                raise Conflict(already, fields={"person": [already]})
            log_action(organisation, actions.NAMED, by=by, data={"function": Function.LEGAL_REPRESENTATIVE,
                       "user": person.username, "alliances": granted, "appointment": appointment})  # fmt: skip
            return granted
        for ra in current:
            role_revoke(by=by, assignment=ra, appointment=appointment)
        granted = []
        for alliance in alliances:
            role_grant(by=by, user=person, role=ROLE_OF[Function.LEGAL_REPRESENTATIVE], alliance=alliance,
                       organisation=organisation, appointment=appointment)  # fmt: skip
            granted.append(alliance.code)
        name = strip_text(legal_name) or person.person_name or person.username
        legal_representative_replace(by=by, organisation=organisation, name_zh=name, email=person.email,
                                     appointment=appointment)  # fmt: skip
        replaced = sorted({ra.user.username for ra in current})
        log_action(organisation, actions.NAMED, by=by, data={"function": Function.LEGAL_REPRESENTATIVE,
                   "user": person.username, "alliances": granted, "replaces": replaced, "legal_name": name,
                   "appointment": appointment})  # fmt: skip
        notices.named(organisation, person, Function.LEGAL_REPRESENTATIVE, by=by)
    return granted


def function_remove(*, by: User | None, organisation: Organisation, function: str, person: User) -> list[str]:
    """Remove ``person`` from ``function`` for ``organisation``: its roles revoked (every alliance), or its
    designation ended; return the alliances a role was revoked in. The legal representative is never removed alone: name the next one instead."""
    if function not in Function.values:
        raise _refuse("function", _("Unknown function %(function)s.") % {"function": function})
    if function == Function.LEGAL_REPRESENTATIVE:
        raise Conflict(_("An organisation keeps a legal representative: name the new one instead."))
    missing = _("%(person)s does not act for the organisation in this function.") % {
        "person": person.username
    }
    with transaction.atomic():
        appointment = _authority(by, organisation, function)
        revoked: list[str] = []
        if function in ROLE_OF:
            rows = list(
                RoleAssignment.objects.select_for_update(of=("self",))
                .filter(organisation=organisation, user=person, role=ROLE_OF[function])
                .select_related("user", "alliance")
                .order_by("pk")
            )
            if not rows:
                raise NotFound(missing)
            for ra in rows:
                revoked.append(ra.alliance.code if ra.alliance else "")
                role_revoke(by=by, assignment=ra, appointment=appointment)
        else:
            row = (
                Designation.objects.select_for_update()
                .filter(organisation=organisation, user=person, function=function, ended_at__isnull=True)
                .first()
            )
            if row is None:
                raise NotFound(missing)
            row.ended_at, row.ended_by = timezone.now(), by
            row.save(update_fields=["ended_at", "ended_by"])
        log_action(organisation, actions.REMOVED, by=by, data={"function": function, "user": person.username,
                   "alliances": revoked, "appointment": appointment})  # fmt: skip
    return revoked
