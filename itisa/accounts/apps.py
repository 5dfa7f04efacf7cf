from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "itisa.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from itisa.accounts import actions  # noqa: F401  (registers audit action codes)
