from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiffusionConfig(AppConfig):
    name = "itisa.diffusion"
    label = "diffusion"
    verbose_name = _("Diffusion of results and the public catalogue")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from itisa.audit.seals import register_sealed
        from itisa.diffusion import actions  # noqa: F401  (registers audit action codes)
        from itisa.diffusion.clocks import register_clocks
        from itisa.diffusion.models import (
            ContactMessage,
            Diffusion,
            ListingStatusChange,
            ObligationStatusChange,
        )
        from itisa.diffusion.receivers import on_licence_saved
        from itisa.diffusion.todo import todos
        from itisa.diffusion.views import diffusion_panel
        from itisa.licensing.models import Licence
        from itisa.notifications.todo import add_todo_provider
        from itisa.ui.panels import add_alliance_panel

        register_clocks()
        from itisa.diffusion.dossier.section import DIFFUSION
        from itisa.dossier.extensions import register_section

        register_section(DIFFUSION)
        add_todo_provider(todos)
        add_alliance_panel(diffusion_panel)
        for model in (ObligationStatusChange, ListingStatusChange, Diffusion, ContactMessage):
            register_sealed(model)
        # licensing sits below: a licence recorded there updates the catalogue entry and settles obligations
        post_save.connect(on_licence_saved, sender=Licence, dispatch_uid="diffusion.on_licence_saved")
        # the yearly indicators it counts (itisa.core.indicators; docs/indicators.md)
        from itisa.core.indicators import register_indicators
        from itisa.diffusion.indicators import INDICATORS

        register_indicators(*INDICATORS)
