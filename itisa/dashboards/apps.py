from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "itisa.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from importlib import import_module

        # the panels register themselves (panel.py), in page order: the registry's, then the yearly follow-up's
        for module in ("panels", "follow_up"):
            import_module(f"itisa.dashboards.{module}")
