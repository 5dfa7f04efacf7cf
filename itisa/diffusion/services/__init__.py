"""The writes of diffusion and the catalogue (docs/catalogue.md)."""

from itisa.diffusion.services.catalogue import (
    enquiry_submit,
    listing_licensing_refresh,
    listing_publish,
    listing_save,
    listing_withdraw,
)
from itisa.diffusion.services.inputs import DiffusionInput, EnquiryInput, ListingInput
from itisa.diffusion.services.obligations import (
    diffusion_record,
    obligation_mark_overdue,
    obligation_settle,
    obligations_arise,
)

__all__ = [
    "DiffusionInput",
    "EnquiryInput",
    "ListingInput",
    "diffusion_record",
    "enquiry_submit",
    "listing_licensing_refresh",
    "listing_publish",
    "listing_save",
    "listing_withdraw",
    "obligation_mark_overdue",
    "obligation_settle",
    "obligations_arise",
]
