from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "itisa.platforms"
    label = "platforms"
    verbose_name = _("Shared platforms")

    def ready(self) -> None:
        from itisa.audit.seals import register_sealed
        from itisa.dossier.extensions import register_section
        from itisa.notifications.todo import add_todo_provider
        from itisa.platforms import actions  # noqa: F401  (registers audit action codes)
        from itisa.platforms.dossier.section import PLATFORMS
        from itisa.platforms.models import BookingStatusChange, PlatformStatusChange, UsageRecord
        from itisa.platforms.todo import todos
        from itisa.platforms.views import platforms_panel
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(platforms_panel)
        add_todo_provider(todos)
        register_section(PLATFORMS)

        # write-once records the audit chain vouches for (their triggers refuse changes)
        for model in (UsageRecord, PlatformStatusChange, BookingStatusChange):
            register_sealed(model)
        # the yearly indicators it counts (itisa.core.indicators; docs/indicators.md)
        from itisa.core.indicators import register_indicators
        from itisa.platforms.indicators import INDICATORS

        register_indicators(*INDICATORS)
