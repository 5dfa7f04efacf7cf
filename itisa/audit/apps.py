from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "itisa.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from itisa.audit.consistency import register_consistency_check
        from itisa.audit.seals import sealed_record_problems

        register_consistency_check("sealed", sealed_record_problems)
