from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "itisa.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from itisa.governance import actions  # noqa: F401  (registers audit action codes)
        from itisa.governance.todo import todos
        from itisa.governance.views import governance_panel
        from itisa.notifications.todo import add_todo_provider
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(governance_panel)
        add_todo_provider(todos)
