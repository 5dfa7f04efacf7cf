"""Writes of the results register (one module per concept); import them from here."""

from itisa.results.services.background import background_declare
from itisa.results.services.inputs import (
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
    "BackgroundInput",
    "InventorInput",
    "OwnerChangeInput",
    "ResultInput",
    "ShareInput",
    "background_declare",
    "current_owners",
    "result_change_owners",
    "result_move",
    "result_publish",
    "result_register",
]
