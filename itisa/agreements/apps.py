from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "itisa.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from itisa.agreements import actions  # noqa: F401  (registers audit action codes)
        from itisa.agreements.clocks import register_clocks
        from itisa.agreements.models import Signature, SigningCopy
        from itisa.agreements.todo import todos
        from itisa.agreements.views import agreement_panel
        from itisa.audit.seals import register_sealed
        from itisa.notifications.todo import add_todo_provider
        from itisa.ui.panels import add_alliance_panel

        # The registry page sits below agreements, so agreements adds its panel to it (decision 0003).
        add_alliance_panel(agreement_panel)
        register_sealed(Signature)  # a signature: the audit chain vouches for it (audit.seals)
        register_sealed(SigningCopy)  # the PDF and statement the parties sign
        register_clocks()
        add_todo_provider(todos)
