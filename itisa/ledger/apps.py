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


def _posted_entries_match_audit() -> list[str]:
    from itisa.ledger.checks import posted_entries_match_the_audit_chain
    from itisa.ledger.models import Book

    return [
        f"{book.alliance.code} {problem.message}"
        for book in Book.objects.select_related("alliance").order_by("pk")
        for problem in posted_entries_match_the_audit_chain(book)
    ]
