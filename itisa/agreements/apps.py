from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "itisa.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from itisa.agreements import actions  # noqa: F401  (registers audit action codes)
