from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "itisa.ledger"
    label = "ledger"
    verbose_name = _("Ledger")

    def ready(self) -> None:
        from itisa.audit.consistency import register_consistency_check
        from itisa.audit.seals import register_sealed
        from itisa.ledger import actions  # noqa: F401  (registers audit action codes)
        from itisa.ledger.models import Attachment
        from itisa.ledger.todo import todos
        from itisa.ledger.views import ledger_panel
        from itisa.notifications.todo import add_todo_provider
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(ledger_panel)
        add_todo_provider(todos)
        register_consistency_check("ledger", _posted_entries_match_audit)
        register_sealed(Attachment)  # voucher evidence, kept for good: the audit chain vouches for it
        # the yearly indicators it counts (itisa.core.indicators; docs/indicators.md)
        from itisa.core.indicators import register_indicators
        from itisa.ledger.indicators import INDICATORS

        register_indicators(*INDICATORS)


def _posted_entries_match_audit() -> list[str]:
    from itisa.ledger.checks import posted_entries_audit_problems

    # every book in one pass (ordered by entry): each posted-entry audit record is read once
    return [f"{code} {message}" for code, message in posted_entries_audit_problems()]
