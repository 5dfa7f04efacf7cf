from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "itisa.talent"
    label = "talent"
    verbose_name = _("Talent exchange")

    def ready(self) -> None:
        from itisa.dossier.extensions import register_section
        from itisa.talent import actions  # noqa: F401  (registers audit action codes)
        from itisa.talent.dossier.section import TALENT
        from itisa.talent.views import talent_panel
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(talent_panel)
        register_section(TALENT)
        # the yearly indicators it counts (itisa.core.indicators; docs/indicators.md)
        from itisa.core.indicators import register_indicators
        from itisa.talent.indicators import INDICATORS

        register_indicators(*INDICATORS)
