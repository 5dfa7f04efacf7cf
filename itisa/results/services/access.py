"""Access rights to results (DESCA 9; issue 16 item 3): a member that does not own a result asks for
access rights, saying why it needs them and for what (its own project work, or exploiting its own
results); the result's owners grant them, royalty-free or on fair and reasonable conditions, or refuse
with the reason.

A request is accepted only up to the agreement's ``procedures.access_request_months`` (default 12) after
the project the result came from ends (a result from no project has no such window), and never from a
member whose rights are suspended for breach on that day (membership's ``Suspension``; issue 16: "a
defaulting member cannot obtain access rights") — the owners cannot grant one to a member suspended on
the day they decide either. Every write checks its permission, runs in one transaction, seals its
status-history row in its audit entry and tells the people concerned.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.agreements.procedures import procedures_of
from itisa.agreements.selectors import effective_version
from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core import formats
from itisa.core.errors import Conflict, DomainError, PermissionDenied, full_clean
from itisa.core.values import is_blank, strip_text
from itisa.membership.models import Membership, Suspension
from itisa.results import actions, notices
from itisa.results.choices import AccessPurpose, AccessRequestStatus, AccessTerms
from itisa.results.models import AccessRequest, AccessRequestStatusChange, Result
from itisa.results.permissions import can_decide_access, can_request_access, owner_acted_for
from itisa.results.rules import access_window_ends
from itisa.results.services.inputs import AccessDecisionInput, AccessRequestInput
from itisa.results.services.results import current_owners
from itisa.results.workflows import ACCESS_TRANSITIONS, OWNER

if TYPE_CHECKING:
    from itisa.accounts.models import User

DEFAULT_ACCESS_MONTHS = 12  # DESCA 9.4.2, and agreements.content.Procedures' default


def suspended_until(alliance_id: int, organisation_id: int, day: dt.date) -> dt.date | None:
    """The last day of a suspension of the member's rights in the alliance covering ``day``, or None."""
    return (
        Suspension.objects.filter(
            membership__alliance_id=alliance_id,
            membership__organisation_id=organisation_id,
            starts_on__lte=day,
            ends_on__gte=day,
        )
        .order_by("-ends_on")
        .values_list("ends_on", flat=True)
        .first()
    )


def _suspended(alliance_id: int, organisation_id: int, day: dt.date) -> None:
    until = suspended_until(alliance_id, organisation_id, day)
    if until is not None:
        raise Conflict(
            _("The member's rights are suspended for breach until %(date)s: a defaulting member cannot obtain "
              "access rights.") % {"date": formats.day(until)}
        )  # fmt: skip


def access_window(result: Result) -> tuple[dt.date | None, int | None]:
    """The last day requests for access to ``result`` are accepted (None: no project, no window) and the
    effective agreement version whose months applied (None: no agreement, the default 12 months)."""
    version = effective_version(result.alliance)
    procedures = procedures_of(version.content) if version is not None else None
    months = procedures.access_request_months if procedures is not None else DEFAULT_ACCESS_MONTHS
    ends_on = result.project.ends_on if result.project_id and result.project else None
    return access_window_ends(ends_on, months), (version.pk if version is not None else None)


def access_request_submit(*, by: User, result: Result, data: AccessRequestInput) -> AccessRequest:
    """A member asks for access rights to a result it does not own (module docstring)."""
    alliance = result.alliance
    decision = can_request_access(by, alliance, data.organisation)
    if not decision:
        raise PermissionDenied(decision.reason)
    errors: dict[str, list[str]] = {}
    if data.purpose not in AccessPurpose.values:
        errors["purpose"] = [_("Choose a valid option.")]
    if is_blank(data.justification):
        errors["justification"] = [_("Say why the member needs access to this result.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    assert data.organisation is not None  # noqa: S101 - the permission needs it
    if not Membership.objects.active().filter(alliance=alliance, organisation_id=data.organisation).exists():
        raise DomainError(
            _("Please correct the errors below."),
            fields={"organisation": [_("Choose an active member of the alliance.")]},
        )
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        obj = (
            Result.objects.select_for_update(of=("self",))
            .select_related("alliance", "project")
            .get(pk=result.pk)
        )
        if data.organisation in {o for o, _s in current_owners(obj)}:
            raise Conflict(_("The member owns this result already: owners need no access rights."))
        _suspended(alliance.pk, data.organisation, today)
        window_ends_on, agreement = access_window(obj)
        if window_ends_on is not None and today > window_ends_on:
            raise Conflict(
                _("Access to results of project %(project)s was open until %(date)s (the agreement's months "
                  "after the project ended).") % {"project": obj.project.code if obj.project else "",
                                                   "date": formats.day(window_ends_on)}
            )  # fmt: skip
        if AccessRequest.objects.filter(
            result=obj, organisation_id=data.organisation, purpose=data.purpose,
            status=AccessRequestStatus.REQUESTED,
        ).exists():  # fmt: skip
            raise Conflict(
                _("The member already asked for access for this purpose; the owners have not decided.")
            )
        request = AccessRequest(
            result=obj, organisation_id=data.organisation, purpose=data.purpose,
            justification=strip_text(data.justification), window_ends_on=window_ends_on, agreement_id=agreement,
            requested_by=by, requested_at=now,
        )  # fmt: skip
        full_clean(request)
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError as exc:  # a concurrent identical request
            raise Conflict(
                _("The member already asked for access for this purpose; the owners have not decided.")
            ) from exc
        row = record(AccessRequestStatusChange, request, "", AccessRequestStatus.REQUESTED, by=by, at=now)
        log_action(
            obj,
            actions.ACCESS_REQUESTED,
            by=by,
            data={"request": request.pk, "organisation": request.organisation.uscc, "purpose": request.purpose,
                  "justification": request.justification,
                  "window_ends_on": window_ends_on.isoformat() if window_ends_on else None},
            sealed=[row],
        )  # fmt: skip
        notices.access_requested(request, by=by)
    return request


def access_request_decide(*, by: User, request: AccessRequest, data: AccessDecisionInput) -> AccessRequest:
    """The owners grant access (royalty-free or on fair and reasonable conditions) or refuse it with the
    reason; a member suspended for breach on the day cannot be granted access."""
    result = request.result
    owners = [o for o, _s in current_owners(result)]
    decision = can_decide_access(by, result.alliance, owners)
    if not decision:
        raise PermissionDenied(decision.reason)
    errors: dict[str, list[str]] = {}
    if data.to not in (AccessRequestStatus.GRANTED, AccessRequestStatus.REFUSED):
        errors["to"] = [_("Choose to grant or to refuse.")]
    elif data.to == AccessRequestStatus.GRANTED and data.terms not in AccessTerms.values:
        errors["terms"] = [_("Choose the terms of the access rights.")]
    elif data.to == AccessRequestStatus.REFUSED:
        if data.terms:
            errors["terms"] = [_("A refusal has no terms.")]
        if is_blank(data.note):
            errors["note"] = [_("Give the reason for the refusal.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    now = timezone.now()
    with transaction.atomic():
        obj = (
            AccessRequest.objects.select_for_update(of=("self",))
            .select_related("result__alliance", "organisation")
            .get(pk=request.pk)
        )
        invalid = _("The owners have decided on this request already (%(status)s).") % {
            "status": obj.get_status_display()
        }
        ACCESS_TRANSITIONS.check(obj.status, data.to, {OWNER}, invalid=invalid)
        if data.to == AccessRequestStatus.GRANTED:
            _suspended(obj.result.alliance_id, obj.organisation_id, timezone.localdate(now))
        obj.terms = data.terms if data.to == AccessRequestStatus.GRANTED else ""
        obj.decision_note = strip_text(data.note)
        obj.decided_by = by
        obj.decided_for_id = owner_acted_for(by, obj.result.alliance, owners)
        obj.decided_at = now
        full_clean(
            obj, exclude=["result", "organisation", "requested_by", "agreement", "decided_by", "decided_for"]
        )
        move(
            obj, data.to, by=by, actors={OWNER}, table=ACCESS_TRANSITIONS, history=AccessRequestStatusChange,
            action=actions.ACCESS_DECIDED, comment=obj.decision_note, at=now,
            fields=("terms", "decision_note", "decided_by", "decided_for", "decided_at"),
            data={"request": obj.pk, "from": obj.status, "to": data.to, "terms": obj.terms,
                  "note": obj.decision_note, "for": obj.decided_for_id},
            invalid=invalid,
            audit_on=obj.result,
        )  # fmt: skip
        notices.access_decided(obj, by=by)
    return obj
