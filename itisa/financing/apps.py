from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "itisa.financing"
    label = "financing"
    verbose_name = _("Financing")

    def ready(self) -> None:
        from itisa.audit.seals import register_sealed
        from itisa.dossier.extensions import register_section
        from itisa.financing import actions  # noqa: F401  (registers audit action codes)
        from itisa.financing.clocks import register_clocks
        from itisa.financing.dossier.section import FINANCING
        from itisa.financing.models import (
            CreditLine,
            Drawdown,
            InstitutionResponse,
            NeedStatusChange,
            Repayment,
        )
        from itisa.financing.todo import todos
        from itisa.financing.views import financing_panel
        from itisa.notifications.todo import add_todo_provider
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(financing_panel)
        add_todo_provider(todos)
        register_clocks()
        register_section(FINANCING)
        # financial records the audit chain vouches for (their triggers refuse changes)
        for model in (NeedStatusChange, InstitutionResponse, CreditLine, Drawdown, Repayment):
            register_sealed(model)
