from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiffusionConfig(AppConfig):
    name = "itisa.diffusion"
    label = "diffusion"
    verbose_name = _("Diffusion of results and the public catalogue")

    def ready(self) -> None:
        pass
