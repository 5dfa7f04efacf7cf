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
        # the indicators only the alliance can give (self-reported with evidence)
        from itisa.core.indicators import register_indicators
        from itisa.indicators.reported import INDICATORS

        register_indicators(*INDICATORS)
