"""Audit action codes of the ledger."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

CHART_LOADED = register_action("ledger.chart.loaded", _("Chart of accounts loaded"))
BOOK_OPENED = register_action("ledger.book.opened", _("Book opened"))
FUND_CREATED = register_action("ledger.fund.created", _("Fund created"))
ENTRY_DRAFTED = register_action("ledger.entry.drafted", _("Journal entry drafted"))
ENTRY_MOVED = register_action("ledger.entry.moved", _("Journal entry moved"))
ENTRY_EDITED = register_action("ledger.entry.edited", _("Journal entry draft edited"))
ENTRY_DELETED = register_action("ledger.entry.deleted", _("Journal entry draft deleted"))
ENTRY_SENT_BACK = register_action("ledger.entry.sent_back", _("Journal entry sent back to its preparer"))
ENTRY_POSTED = register_action("ledger.entry.posted", _("Journal entry posted"))
PERIOD_CLOSED = register_action("ledger.period.closed", _("Accounting period closed"))
ENTRY_FLAGGED = register_action("ledger.entry.flagged", _("Journal entry flagged by the supervisor"))
FLAG_RESOLVED = register_action("ledger.flag.resolved", _("Supervisor's flag resolved"))
BUDGET_SET = register_action("ledger.budget.set", _("Budget line set"))
ATTACHMENT_ADDED = register_action("ledger.attachment.added", _("Voucher attachment added"))
BOOK_ENTRUSTED = register_action(
    "ledger.book.entrusted", _("Books entrusted to the host unit (or taken back)")
)
COST_OBJECT_CREATED = register_action(
    "ledger.cost_object.created", _("Cost object (project) opened in the book")
)
COST_OBJECT_CLOSED = register_action(
    "ledger.cost_object.closed", _("Cost object (project) closed: nothing more is booked to it")
)
