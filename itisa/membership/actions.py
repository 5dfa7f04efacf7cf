"""Audit action codes of membership."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

MEMBER_ADDED = register_action("membership.membership.added", _("Member admitted"))
MEMBER_RANK_CHANGED = register_action("membership.membership.rank_changed", _("Member rank changed"))
MEMBER_ENDED = register_action("membership.membership.ended", _("Membership ended"))
APPLICATION_SUBMITTED = register_action(
    "membership.application.submitted", _("Application to join submitted")
)
APPLICATION_MOVED = register_action("membership.application.moved", _("Application moved"))
EXIT_NOTICE_GIVEN = register_action("membership.exit.notice_given", _("Notice of exit given"))
EXIT_NOTICE_WITHDRAWN = register_action("membership.exit.notice_withdrawn", _("Notice of exit withdrawn"))
EXIT_COMPLETED = register_action("membership.exit.completed", _("Exit completed"))
EXPULSION_PROPOSED = register_action("membership.expulsion.proposed", _("Expulsion put to the vote"))
EXPULSION_DECIDED = register_action("membership.expulsion.decided", _("Expulsion decided"))
RECOVERY_CLAIM_OPENED = register_action("membership.claim.opened", _("Grant recovery claim opened"))
RECOVERY_CLAIM_BOOKED = register_action("membership.claim.booked", _("Grant recovery claim booked"))
JOIN_INVITED = register_action("membership.join.invited", _("Invited to apply for membership"))
