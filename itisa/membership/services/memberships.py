"""Writes to memberships: admit, change rank, end. Each is audited in its transaction."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError, PermissionDenied, validation_error_fields
from itisa.core.formats import day
from itisa.core.values import is_blank, strip_text
from itisa.membership import actions
from itisa.membership.choices import Rank
from itisa.membership.models import Membership
from itisa.membership.permissions import can_manage_members
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User


def membership_add(
    *,
    by: User,
    alliance: Alliance,
    organisation: Organisation,
    rank: str,
    joined_on: dt.date,
    is_demo: bool = False,
) -> Membership:
    """Record that an organisation joined an alliance; one active membership per pair (database constraint)."""
    decision = can_manage_members(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    return create_membership(
        by=by, alliance=alliance, organisation=organisation, rank=rank, joined_on=joined_on, is_demo=is_demo
    )


def create_membership(
    *,
    by: User | None,
    alliance: Alliance,
    organisation: Organisation,
    rank: str,
    joined_on: dt.date,
    is_demo: bool = False,
) -> Membership:
    """``membership_add`` without the permission check, for trusted workflows (an accession taking effect)."""
    if rank not in Rank.values:
        raise DomainError(_("Unknown rank."), fields={"rank": [_("Choose a valid rank.")]})
    if alliance.founded_on and joined_on < alliance.founded_on:
        raise DomainError(
            _("A member cannot join before the alliance was founded."),
            fields={"joined_on": [_("On or after %(date)s.") % {"date": day(alliance.founded_on)}]},
        )
    membership = Membership(
        alliance=alliance, organisation=organisation, rank=rank, joined_on=joined_on, is_demo=is_demo
    )
    try:
        # field validation only: the one-active-membership rule is the database's (caught below)
        membership.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError(_("Please correct the errors below."), fields=validation_error_fields(exc)) from exc
    try:
        with transaction.atomic():
            membership.save()
            log_action(
                membership,
                actions.MEMBER_ADDED,
                by=by,
                data={
                    "alliance": alliance.code,
                    "organisation": organisation.uscc,
                    "rank": rank,
                    "joined_on": joined_on.isoformat(),
                },
            )
    except IntegrityError as exc:
        raise Conflict(
            _("%(org)s is already an active member of %(alliance)s.")
            % {"org": organisation.name_zh, "alliance": alliance.code},
            fields={"organisation": [_("Already an active member.")]},
        ) from exc
    return membership


def membership_change_rank(*, by: User, membership: Membership, rank: str) -> Membership:
    """Change an active member's rank."""
    decision = can_manage_members(by, membership.alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    if rank not in Rank.values:
        raise DomainError(_("Unknown rank."), fields={"rank": [_("Choose a valid rank.")]})
    with transaction.atomic():
        obj = Membership.objects.select_for_update().get(pk=membership.pk)
        if obj.left_on is not None:
            raise DomainError(_("This membership has ended."))
        old = obj.rank
        if old == rank:
            return obj
        obj.rank = rank
        obj.save(update_fields=["rank", "updated_at"])
        log_action(obj, actions.MEMBER_RANK_CHANGED, by=by, data={"from": old, "to": rank})
    return obj


def membership_end(*, by: User, membership: Membership, left_on: dt.date, reason: str) -> Membership:
    """End an active membership with a date and a reason; the row stays as history."""
    decision = can_manage_members(by, membership.alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    return end_membership(by=by, membership=membership, left_on=left_on, reason=reason)


def end_membership(*, by: User | None, membership: Membership, left_on: dt.date, reason: str) -> Membership:
    """``membership_end`` without the permission check, for trusted workflows (exit, expulsion)."""
    if is_blank(reason):
        raise DomainError(
            _("Give the reason for leaving."), fields={"left_reason": [_("This field is required.")]}
        )
    with transaction.atomic():
        obj = Membership.objects.select_for_update().get(pk=membership.pk)
        if obj.left_on is not None:
            raise DomainError(_("This membership has already ended."))
        if left_on < obj.joined_on:
            raise DomainError(
                _("The leaving date is before the joining date."),
                fields={"left_on": [_("On or after %(date)s.") % {"date": day(obj.joined_on)}]},
            )
        obj.left_on = left_on
        obj.left_reason = strip_text(reason)
        obj.save(update_fields=["left_on", "left_reason", "updated_at"])
        log_action(
            obj, actions.MEMBER_ENDED, by=by, data={"left_on": left_on.isoformat(), "reason": obj.left_reason}
        )
    return obj
