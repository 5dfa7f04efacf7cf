from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "itisa.reports"
    label = "reports"
    verbose_name = _("Annual reports")

    def ready(self) -> None:
        from itisa.audit.seals import register_sealed
        from itisa.notifications.todo import add_todo_provider
        from itisa.reports import actions  # noqa: F401  (registers audit action codes)
        from itisa.reports.clocks import register_clocks
        from itisa.reports.models import ReportIndicator, ReportStatusChange, ReportSubmission
        from itisa.reports.todo import todos

        register_clocks()
        add_todo_provider(todos)
        for model in (ReportStatusChange, ReportSubmission, ReportIndicator):
            register_sealed(model)
