from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "itisa.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        # the built-in panels register themselves (panel.py), in page order
        from itisa.dashboards import panels  # noqa: F401
