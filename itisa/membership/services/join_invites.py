"""Inviting a found organisation to apply for membership (issue 22, item 4: partner search).

Art. 8(6) of 国科发政〔2008〕770号 asks an alliance to take in new members as it needs them and to work with
outside organisations. The secretariat of an alliance that admits members (``permissions.can_invite_to_join``)
invites an organisation it found in the partner search: the people acting for that organisation on the
platform (its member contacts and legal representatives, ``accounts.RoleAssignment``) are told in their own
language, with the link to the alliance's application form; the admission itself then follows the usual
workflow (``applications``). One invitation per organisation and alliance in ``REPEAT_DAYS``; an organisation
with no one on the platform, or already a member, is refused with nothing written.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEntry
from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.core.formats import day
from itisa.core.values import strip_text
from itisa.membership import actions
from itisa.membership.models import Membership
from itisa.membership.permissions import can_invite_to_join
from itisa.notifications.services import link, notify

if TYPE_CHECKING:
    from itisa.accounts.models import User
    from itisa.registry.models import Alliance, Organisation

REPEAT_DAYS = 30
KIND = "membership.join.invited"


def join_invite_recipients(organisation: Organisation) -> list[Any]:
    """The people acting for ``organisation`` on the platform, by user id."""
    rows = (
        RoleAssignment.objects.filter(
            organisation=organisation, role__in=[Role.MEMBER_CONTACT, Role.LEGAL_REPRESENTATIVE]
        )
        .select_related("user")
        .order_by("user_id", "pk")
    )
    seen: dict[int, Any] = {}
    for ra in rows:
        if ra.user.is_active:
            seen.setdefault(ra.user_id, ra.user)
    return list(seen.values())


def join_invite_send(
    *, by: User, alliance: Alliance, organisation: Organisation, message: str = ""
) -> list[Any]:
    """Tell the people of ``organisation`` that ``alliance`` invites it to apply; return who was told."""
    decision = can_invite_to_join(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    message = strip_text(message)
    if len(message) > 1000:
        raise DomainError(
            _("Please correct the errors below."), fields={"message": [_("At most 1,000 characters.")]}
        )
    names = {"org": organisation.name_zh, "alliance": alliance.name_zh, "code": alliance.code}
    if Membership.objects.active().filter(alliance=alliance, organisation=organisation).exists():
        raise Conflict(_("%(org)s is a member of %(code)s already.") % names)
    recipients = join_invite_recipients(organisation)
    if not recipients:
        raise DomainError(
            _("No one acts for %(org)s on the platform yet, so nobody can be told. Ask the organisation to open an "
              "account, or contact it directly.") % names
        )  # fmt: skip
    since = timezone.now() - timedelta(days=REPEAT_DAYS)
    earlier = AuditEntry.objects.filter(
        action=actions.JOIN_INVITED, object_type="registry.alliance", object_id=str(alliance.pk), at__gte=since,
        data__organisation=organisation.uscc,
    ).first()  # fmt: skip
    if earlier is not None:
        raise Conflict(
            _("%(org)s was invited to %(code)s on %(date)s; invite it again after %(days)s days.")
            % {**names, "date": day(earlier.at), "days": REPEAT_DAYS}
        )
    inviter = by.display_name or by.username
    with transaction.atomic():
        log_action(alliance, actions.JOIN_INVITED, by=by,
                   data={"organisation": organisation.uscc, "message": message, "recipients": [u.pk for u in recipients]})  # fmt: skip
        notify(
            recipients=recipients,
            kind=KIND,
            subject=lambda: _("%(alliance)s (%(code)s) invites %(org)s to apply for membership") % names,
            body=lambda: (
                _(
                    "%(inviter)s, for the alliance's secretariat, invites %(org)s to apply for membership of %(alliance)s. "
                    "Apply from the alliance's application form."
                )
                % {**names, "inviter": inviter}
                + (f"\n\n{message}" if message else "")
            ),  # fmt: skip
            url=link("membership:apply", alliance.code),
            alliance=alliance,
            by=by,
        )
    return recipients
