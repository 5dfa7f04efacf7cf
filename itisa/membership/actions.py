"""Audit action codes of membership."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

MEMBER_ADDED = register_action("membership.membership.added", _("Member admitted"))
MEMBER_RANK_CHANGED = register_action("membership.membership.rank_changed", _("Member rank changed"))
MEMBER_ENDED = register_action("membership.membership.ended", _("Membership ended"))
