"""Writes of the results register (one module per concept); import them from here."""

from itisa.results.services.access import access_request_decide, access_request_submit
from itisa.results.services.background import background_declare
from itisa.results.services.inputs import (
    AccessDecisionInput,
    AccessRequestInput,
    BackgroundInput,
    InventorInput,
    OwnerChangeInput,
    ResultInput,
    ShareInput,
)
from itisa.results.services.results import (
    current_owners,
    result_change_owners,
    result_move,
    result_publish,
    result_register,
)

__all__ = [
    "AccessDecisionInput",
    "AccessRequestInput",
    "BackgroundInput",
    "InventorInput",
    "OwnerChangeInput",
    "ResultInput",
    "ShareInput",
    "access_request_decide",
    "access_request_submit",
    "background_declare",
    "current_owners",
    "result_change_owners",
    "result_move",
    "result_publish",
    "result_register",
]
