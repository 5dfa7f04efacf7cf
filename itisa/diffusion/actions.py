"""Audit action codes of diffusion and the catalogue."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

OBLIGATION_ARISEN = register_action("diffusion.obligation.arisen", _("Diffusion obligation arisen"))
OBLIGATION_MOVED = register_action("diffusion.obligation.moved", _("Diffusion obligation status changed"))
DIFFUSION_RECORDED = register_action("diffusion.diffusion.recorded", _("Diffusion recorded"))
LISTING_SAVED = register_action("diffusion.listing.saved", _("Catalogue entry saved"))
LISTING_MOVED = register_action("diffusion.listing.moved", _("Catalogue entry published or withdrawn"))
LISTING_LICENSING = register_action("diffusion.listing.licensing", _("Catalogue entry's licensing updated"))
MESSAGE_RECEIVED = register_action("diffusion.message.received", _("Enquiry received from the catalogue"))
