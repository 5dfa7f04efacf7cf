"""Writes of the pilot program. Each service checks permission and the transition table, writes,
records history and audit, and notifies, in one transaction."""

from itisa.pilots.services._common import PDF_MAX_BYTES
from itisa.pilots.services.applications import (
    application_create,
    application_move,
    application_return,
    application_submit,
    material_generate,
    material_upload,
    missing_materials,
    recommendation_add,
)
from itisa.pilots.services.calls import call_close, call_create, call_open, call_update
from itisa.pilots.services.decisions import application_decide, call_publish, pilot_period
from itisa.pilots.services.findings import finding_record
from itisa.pilots.services.inputs import CallInput
from itisa.pilots.services.reviews import expert_assign, expert_create, expert_remove, review_submit

__all__ = [
    "PDF_MAX_BYTES",
    "CallInput",
    "application_create",
    "application_decide",
    "application_move",
    "application_return",
    "application_submit",
    "call_close",
    "call_create",
    "call_open",
    "call_publish",
    "call_update",
    "expert_assign",
    "expert_create",
    "expert_remove",
    "finding_record",
    "material_generate",
    "material_upload",
    "missing_materials",
    "pilot_period",
    "recommendation_add",
    "review_submit",
]
