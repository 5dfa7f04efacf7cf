from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "itisa.membership"
    label = "membership"
    verbose_name = _("Membership")

    def ready(self) -> None:
        from itisa.membership import actions  # noqa: F401  (registers audit action codes)
