from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "itisa.licensing"
    label = "licensing"
    verbose_name = _("Licences, transfers and revenue")
