from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "itisa.dossier"
    label = "dossier"
    verbose_name = _("Dossier exchange")
