"""Audit action codes of the breach procedure.

Imported by ``itisa.membership.services.breaches``, so the codes are registered before any breach write.
"""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

BREACH_SERVED = register_action("membership.breach.served", _("Notice of breach served"))
BREACH_CURE_REPORTED = register_action(
    "membership.breach.cure_reported", _("Breach reported cured by the member")
)
BREACH_CURED = register_action("membership.breach.cured", _("Breach cure confirmed"))
BREACH_CURE_REJECTED = register_action("membership.breach.cure_rejected", _("Breach found not cured"))
BREACH_LAPSED = register_action("membership.breach.lapsed", _("Cure period of a breach lapsed"))
BREACH_REFERRED = register_action("membership.breach.referred", _("Breach referred to the council"))
BREACH_DECIDED = register_action("membership.breach.decided", _("Remedies for a breach decided"))
BREACH_WITHDRAWN = register_action("membership.breach.withdrawn", _("Notice of breach withdrawn"))
SUSPENSION_RECORDED = register_action("membership.suspension.recorded", _("Member's rights suspended"))
