"""Writes of the activity rating: schemes, campaigns, reviews."""

from itisa.rating.services.campaigns import alliances_in_scope, campaign_advance, campaign_create
from itisa.rating.services.reviews import groups_of, review_record
from itisa.rating.services.schemes import parse_definition, scheme_copy, scheme_create, scheme_update

__all__ = [
    "alliances_in_scope",
    "campaign_advance",
    "campaign_create",
    "groups_of",
    "parse_definition",
    "review_record",
    "scheme_copy",
    "scheme_create",
    "scheme_update",
]
