from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "itisa.ledger"
    label = "ledger"
    verbose_name = _("Ledger")

    def ready(self) -> None:
        from itisa.ledger import actions  # noqa: F401  (registers audit action codes)
        from itisa.ledger.views import ledger_panel
        from itisa.registry.views import add_alliance_panel

        add_alliance_panel(ledger_panel)
