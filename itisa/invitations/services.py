"""Writes of invitations: create (e-mail sent after commit), send again, revoke, accept, sign up and accept.

Every service checks the permission (``permissions.can_invite``) and the status, writes, and leaves one
audit entry in the same transaction. Accepting grants the role through ``accounts.services.role_grant``,
the audited service the ``role grant`` command uses, after checking again that the inviter may still
grant it. ``by=None`` is the operator at the command line (the system), who may invite to any role.
"""

from __future__ import annotations

import datetime as dt
import secrets
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.choices import ORGANISATION_ROLES, Role
from itisa.accounts.models import User
from itisa.accounts.roles import forget_roles
from itisa.accounts.services import role_grant, role_scope_problem, user_create, user_language_set
from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied, full_clean
from itisa.core.inputs import ServiceInput
from itisa.invitations import actions
from itisa.invitations.choices import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS, InvitationStatus
from itisa.invitations.emails import send_invitation
from itisa.invitations.models import Invitation
from itisa.invitations.permissions import Grant, can_invite
from itisa.invitations.selectors import invitation_by_secret
from itisa.invitations.workflows import INVITATION_TRANSITIONS, INVITEE, MANAGER
from itisa.registry.memberships import active_members_q
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.core.decisions import Decision


class InvitationInput(ServiceInput):
    """What an inviter fills in: the address, the role and its scope (alliance by short code, member by
    credit code), how many days the link stays valid and the language of the e-mail."""

    email: str
    role: str
    alliance: str = ""
    organisation: str = ""
    province: str = ""
    industry: str = ""
    department: str = ""
    days: int = DEFAULT_DAYS
    language: str = "zh-hans"


def _refuse(field: str, message: str) -> DomainError:
    return DomainError(_("Please correct the errors below."), fields={field: [message]})


def _days_problem(days: int) -> str:
    if not MIN_DAYS <= days <= MAX_DAYS:
        return _("An invitation stays valid for %(min)s to %(max)s days.") % {
            "min": MIN_DAYS,
            "max": MAX_DAYS,
        }
    return ""


def _new_secret() -> str:
    return Invitation.PREFIX + secrets.token_urlsafe(32)


def _send_after_commit(invitation: Invitation, secret: str) -> None:
    transaction.on_commit(partial(send_invitation, invitation.pk, secret), robust=True)


def _deny(decision: Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def _scope(invitation: Invitation) -> dict[str, Any]:
    return {
        "email": invitation.email,
        "role": invitation.role,
        "alliance": invitation.alliance.code if invitation.alliance else "",
        "organisation": invitation.organisation.uscc if invitation.organisation else "",
        "province": invitation.province,
        "industry": invitation.industry,
        "department": invitation.department,
    }


def _member_problem(role: str, alliance: Alliance | None, organisation: Organisation | None) -> str:
    """A member's contact or legal representative names an organisation that is an active member."""
    if role not in ORGANISATION_ROLES:
        return ""
    if organisation is None:
        return _("Name the member organisation this person acts for.")
    if (
        alliance is None
        or not Organisation.objects.filter(active_members_q(alliance), pk=organisation.pk).exists()
    ):
        return _("%(name)s is not an active member of this alliance.") % {"name": organisation.name_zh}
    return ""


def invitation_create(*, by: User | None, data: InvitationInput) -> tuple[Invitation, str]:
    """Invite ``data.email`` to a role in a scope; return the invitation and the link's secret.

    Refused: an address that is not one, a role or scope ``role_grant`` would refuse, a member role
    without an active member, a validity outside 1–60 days, a role the inviter may not grant (403), and a
    second pending invitation for the same address, role and scope (409; send the first again instead).
    The e-mail goes out in ``data.language`` once the transaction commits.
    """
    email = data.email.lower()
    try:
        validate_email(email)
    except ValidationError:
        raise _refuse("email", _("Enter a valid e-mail address.")) from None
    if data.role not in Role.values:
        raise _refuse("role", _("Unknown role %(role)s.") % {"role": data.role})
    alliance = organisation = None
    if data.alliance:
        alliance = Alliance.objects.filter(code=data.alliance.upper()).first()
        if alliance is None:
            raise _refuse("alliance", _("No alliance with the code %(code)s.") % {"code": data.alliance})
    if by is not None:
        _deny(
            can_invite(by, Grant(data.role, alliance.pk if alliance else None, data.province, data.industry))
        )
    if data.organisation:
        organisation = Organisation.objects.filter(uscc=data.organisation.upper()).first()
        if organisation is None:
            raise _refuse(
                "organisation",
                _("No organisation with the credit code %(uscc)s.") % {"uscc": data.organisation},
            )
    problem = role_scope_problem(role=data.role, alliance=alliance, organisation=organisation,
                                 province=data.province, industry=data.industry, department=data.department)  # fmt: skip
    if problem:
        raise DomainError(problem)
    if problem := _member_problem(data.role, alliance, organisation):
        raise _refuse("organisation", problem)
    if problem := _days_problem(data.days):
        raise _refuse("days", problem)
    if data.language not in dict(settings.LANGUAGES):
        raise _refuse("language", _("Choose a valid language."))
    now = timezone.now()
    secret = _new_secret()
    invitation = Invitation(
        email=email, role=data.role, alliance=alliance, organisation=organisation, province=data.province,
        industry=data.industry, department=data.department, language=data.language, invited_by=by,
        digest=Invitation.digest_of(secret), created_at=now, sent_at=now,
        expires_at=now + dt.timedelta(days=data.days),
    )  # fmt: skip
    full_clean(invitation, validate_constraints=False)
    duplicate = _("%(email)s already has a pending invitation to this role; send it again instead.") % {
        "email": email
    }
    try:
        with transaction.atomic():
            invitation.save()
            log_data = {**_scope(invitation), "language": invitation.language,
                        "expires_at": invitation.expires_at.isoformat()}  # fmt: skip
            log_action(invitation, actions.CREATED, by=by, data=log_data)
    except IntegrityError:
        raise Conflict(duplicate, fields={"email": [duplicate]}) from None
    _send_after_commit(invitation, secret)
    return invitation, secret


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("alliance", "organisation", "invited_by")
        .get(pk=invitation.pk)
    )


def invitation_resend(
    *, by: User | None, invitation: Invitation, days: int = DEFAULT_DAYS
) -> tuple[Invitation, str]:
    """Send a pending (or expired) invitation again with a new link, valid ``days`` from now: the old link
    stops working at once. Return the invitation and the new secret."""
    if by is not None:
        _deny(can_invite(by, Grant.of(invitation)))
    if problem := _days_problem(days):
        raise _refuse("days", problem)
    with transaction.atomic():
        obj = _locked(invitation)
        if obj.status != InvitationStatus.PENDING:
            raise InvalidTransition(_("Only a pending or expired invitation is sent again."))
        now = timezone.now()
        secret = _new_secret()
        obj.digest = Invitation.digest_of(secret)
        obj.sent_at = now
        obj.expires_at = now + dt.timedelta(days=days)
        obj.save(update_fields=["digest", "sent_at", "expires_at"])
        log_action(
            obj, actions.RESENT, by=by, data={"email": obj.email, "expires_at": obj.expires_at.isoformat()}
        )
    _send_after_commit(obj, secret)
    return obj, secret


def invitation_revoke(*, by: User | None, invitation: Invitation) -> Invitation:
    """Revoke a pending (or expired) invitation: its link stops working."""
    if by is not None:
        _deny(can_invite(by, Grant.of(invitation)))
    with transaction.atomic():
        obj = _locked(invitation)
        obj.revoked_at = timezone.now()
        move(obj, InvitationStatus.REVOKED, by=by, actors={MANAGER}, table=INVITATION_TRANSITIONS,
             action=actions.REVOKED, data={"email": obj.email, "role": obj.role}, fields=["revoked_at"],
             invalid=_("This invitation is no longer pending."))  # fmt: skip
    return obj


def _acceptable(obj: Invitation, now: dt.datetime) -> None:
    """Refuse a used, revoked or expired invitation (409)."""
    if obj.status == InvitationStatus.ACCEPTED:
        raise InvalidTransition(_("This invitation has already been accepted; it works once."))
    if obj.status == InvitationStatus.REVOKED:
        raise InvalidTransition(_("This invitation was revoked."))
    if obj.is_expired(now):
        raise InvalidTransition(_("This invitation has expired; ask for a new one."))


def invitation_accept(*, secret: str, by: User) -> Invitation:
    """``by`` accepts the invitation the link's secret opens: once, before it expires, unless revoked.

    The inviter must still be able to grant the role in its scope (and a member role's organisation
    still be an active member); otherwise nothing changes (409). The role is granted through
    ``role_grant`` in the same transaction; one audit entry records the acceptance.
    """
    if by is None or not by.is_authenticated:
        raise PermissionDenied(_("You must log in first."))
    found = invitation_by_secret(secret)
    if found is None:
        raise NotFound(_("No such invitation."))
    with transaction.atomic():
        obj = _locked(found)
        now = timezone.now()
        _acceptable(obj, now)
        inviter = obj.invited_by
        if inviter is not None:
            forget_roles(inviter)
            if not inviter.is_active or not can_invite(inviter, Grant.of(obj)):
                raise Conflict(_("The person who invited you may no longer grant this role, so the invitation "
                                 "cannot be accepted. Ask for a new invitation."))  # fmt: skip
        if _member_problem(obj.role, obj.alliance, obj.organisation):
            raise Conflict(_("The organisation is no longer an active member of the alliance."))
        assignment = role_grant(by=by, user=by, role=obj.role, alliance=obj.alliance, organisation=obj.organisation,
                                province=obj.province, industry=obj.industry, department=obj.department,
                                invitation=obj.pk)  # fmt: skip
        obj.accepted_by, obj.accepted_at, obj.assignment = by, now, assignment
        data = {**_scope(obj), "user": by.username, "invited_by": inviter.username if inviter else "system",
                "assignment": assignment.pk}  # fmt: skip
        move(obj, InvitationStatus.ACCEPTED, by=by, actors={INVITEE}, table=INVITATION_TRANSITIONS,
             action=actions.ACCEPTED, data=data, fields=["accepted_by", "accepted_at", "assignment"])  # fmt: skip
    return obj


def invitation_signup(
    *, secret: str, username: str, display_name: str, password: str
) -> tuple[User, Invitation]:
    """An invitee without an account creates one (the invitation's e-mail address, its language) and
    accepts the invitation, in one transaction: a refused password, a taken username or an invitation that
    cannot be accepted writes nothing."""
    found = invitation_by_secret(secret)
    if found is None:
        raise NotFound(_("No such invitation."))
    _acceptable(found, timezone.now())
    with transaction.atomic():
        user = user_create(by=None, username=username, password=password, display_name=display_name,
                           email=found.email, invitation=found.pk)  # fmt: skip
        if found.language != user.preferred_language:
            user_language_set(by=user, language=found.language)
        invitation = invitation_accept(secret=secret, by=user)
    return user, invitation
