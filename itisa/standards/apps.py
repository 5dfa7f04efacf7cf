from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "itisa.standards"
    label = "standards"
    verbose_name = _("Standards")

    def ready(self) -> None:
        from itisa.audit.seals import register_sealed
        from itisa.dossier.extensions import register_section
        from itisa.governance.signals import motion_closed
        from itisa.notifications.todo import add_todo_provider
        from itisa.standards import actions  # noqa: F401  (registers audit action codes)
        from itisa.standards.dossier.section import STANDARDS
        from itisa.standards.models import IprDeclaration
        from itisa.standards.receivers import on_motion_closed
        from itisa.standards.todo import todos
        from itisa.standards.views import standards_panel
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(standards_panel)
        add_todo_provider(todos)
        motion_closed.connect(on_motion_closed, dispatch_uid="standards.on_motion_closed")
        # write-once records the audit chain vouches for (their triggers refuse changes); the stage
        # history is sealed by the entry of each move
        register_sealed(IprDeclaration)
        # the dossier sits below the standards app: its section `standards` (since 1.6) is added here
        register_section(STANDARDS)
        # the yearly indicators it counts (itisa.core.indicators; docs/indicators.md)
        from itisa.core.indicators import register_indicators
        from itisa.standards.indicators import INDICATORS

        register_indicators(*INDICATORS)
