from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "itisa.projects"
    label = "projects"
    verbose_name = _("R&D projects")

    def ready(self) -> None:
        from itisa.audit.seals import register_sealed
        from itisa.dossier.extensions import register_section
        from itisa.governance.signals import motion_closed
        from itisa.notifications.todo import add_todo_provider
        from itisa.projects import actions  # noqa: F401  (registers audit action codes)
        from itisa.projects.clocks import register_clocks
        from itisa.projects.dossier.section import PROJECTS
        from itisa.projects.models import Evidence, Opinion
        from itisa.projects.receivers import on_motion_closed
        from itisa.projects.todo import todos
        from itisa.projects.views import projects_panel
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(projects_panel)
        add_todo_provider(todos)
        motion_closed.connect(on_motion_closed, dispatch_uid="projects.on_motion_closed")
        # write-once records the audit chain vouches for (their triggers refuse changes)
        register_sealed(Evidence)
        register_sealed(Opinion)
        register_clocks()
        # the dossier sits below the projects app: its section `projects` (since 1.5) is added here
        register_section(PROJECTS)
        # the yearly indicators it counts (itisa.core.indicators; docs/indicators.md)
        from itisa.core.indicators import register_indicators
        from itisa.projects.indicators import INDICATORS

        register_indicators(*INDICATORS)
