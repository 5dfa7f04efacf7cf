"""Audit action codes of the activity rating."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

SCHEME_SAVED = register_action("rating.scheme.saved", _("Rating scheme saved"))
CAMPAIGN_CREATED = register_action("rating.campaign.created", _("Rating campaign created"))
CAMPAIGN_MOVED = register_action("rating.campaign.moved", _("Rating campaign moved to its next stage"))
REVIEW_RECORDED = register_action("rating.review.recorded", _("Rating review recorded"))
