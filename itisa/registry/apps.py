from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "itisa.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from itisa.registry import actions  # noqa: F401  (registers audit action codes)
