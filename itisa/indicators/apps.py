from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "itisa.indicators"
    label = "indicators"
    verbose_name = _("Indicators (dynamic data)")

    def ready(self) -> None:
        from itisa.audit.seals import register_sealed
        from itisa.indicators import actions  # noqa: F401  (registers audit action codes)
        from itisa.indicators.models import IndicatorValue

        register_sealed(IndicatorValue)
        # the alliance page links to its indicator tables (registry sits below: a panel hook)
        from itisa.indicators.views import indicators_panel
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(indicators_panel)
        # the indicators only the alliance can give (self-reported with evidence)
        from itisa.core.indicators import register_indicators
        from itisa.indicators.reported import INDICATORS

        register_indicators(*INDICATORS)
