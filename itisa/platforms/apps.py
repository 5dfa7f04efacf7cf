from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "itisa.platforms"
    label = "platforms"
    verbose_name = _("Shared platforms")

    def ready(self) -> None:
        pass
