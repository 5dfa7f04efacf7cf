"""Writes of licensing (one module per concept); import them from here."""

from itisa.licensing.services.inputs import (
    ConsentInput,
    ContractInput,
    CostInput,
    LicenceInput,
    ReceiptInput,
    TransferInput,
)
from itisa.licensing.services.licences import licence_grant, receipt_approve_split, receipt_record
from itisa.licensing.services.transfers import (
    contract_register,
    state_of,
    transfer_complete,
    transfer_notify,
    transfer_object,
)

__all__ = [
    "ConsentInput",
    "ContractInput",
    "CostInput",
    "LicenceInput",
    "ReceiptInput",
    "TransferInput",
    "contract_register",
    "licence_grant",
    "receipt_approve_split",
    "receipt_record",
    "state_of",
    "transfer_complete",
    "transfer_notify",
    "transfer_object",
]
