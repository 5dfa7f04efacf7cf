"""Writes to the registry. Each service checks permission, validates, writes and audits in one transaction."""

from itisa.registry.services.alliances import (
    ALLIANCE_FIELDS,
    alliance_change_status,
    alliance_create,
    alliance_make_pilot,
    alliance_update,
)
from itisa.registry.services.inputs import AllianceInput, OrganisationInput
from itisa.registry.services.organisations import (
    ORG_FIELDS,
    PERSON_FIELDS,
    legal_representative_replace,
    organisation_create,
    organisation_update,
    uscc_failure_message,
)

__all__ = [
    "ALLIANCE_FIELDS",
    "ORG_FIELDS",
    "PERSON_FIELDS",
    "AllianceInput",
    "OrganisationInput",
    "alliance_change_status",
    "alliance_create",
    "alliance_make_pilot",
    "alliance_update",
    "legal_representative_replace",
    "organisation_create",
    "organisation_update",
    "uscc_failure_message",
]
