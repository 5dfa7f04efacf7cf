from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "itisa.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from itisa.api import checks  # noqa: F401  (registers the system check)
