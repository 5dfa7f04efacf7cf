from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "itisa.licensing"
    label = "licensing"
    verbose_name = _("Licences, transfers and revenue")

    def ready(self) -> None:
        from itisa.audit.seals import register_sealed
        from itisa.licensing import actions  # noqa: F401  (registers audit action codes)
        from itisa.licensing.models import (
            Licence,
            LicenceConsent,
            SplitLine,
            SplitPosting,
            TechContract,
            Transfer,
            TransferCompletion,
            TransferObjection,
        )
        from itisa.licensing.todo import todos
        from itisa.licensing.views import licences_panel
        from itisa.notifications.todo import add_todo_provider
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(licences_panel)
        add_todo_provider(todos)
        # write-once records the audit chain vouches for (their triggers refuse changes). A receipt is
        # guarded by triggers but not sealed: its lines point at it, so it cannot be removed on its own;
        # its lines are sealed and its facts are in the sealing entry's data.
        for model in (Licence, LicenceConsent, SplitLine, SplitPosting, Transfer, TransferObjection,
                      TransferCompletion, TechContract):  # fmt: skip
            register_sealed(model)
        # the yearly indicators it counts (itisa.core.indicators; docs/indicators.md)
        from itisa.core.indicators import register_indicators
        from itisa.licensing.indicators import INDICATORS

        register_indicators(*INDICATORS)
