"""Audit action codes of the results register."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

RESULT_REGISTERED = register_action("results.result.registered", _("Result registered"))
RESULT_MOVED = register_action("results.result.moved", _("Result status changed"))
RESULT_PUBLISHED = register_action("results.result.published", _("Result shown to the public or withdrawn"))
OWNERS_CHANGED = register_action(
    "results.ownership.changed", _("Result owners changed by a recorded decision")
)
BACKGROUND_DECLARED = register_action("results.background.declared", _("Background IP declared"))
RESULTS_IMPORTED = register_action("results.import.done", _("Results imported from a spreadsheet"))
ACCESS_REQUESTED = register_action("results.access.requested", _("Access rights to a result requested"))
ACCESS_DECIDED = register_action("results.access.decided", _("Access request decided by the owners"))
