from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "itisa.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from itisa.notifications import (
            actions,  # noqa: F401  (registers audit action codes)
            kinds,  # noqa: F401  (labels of notification kinds in audit histories)
        )
