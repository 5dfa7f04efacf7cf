from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "itisa.pilots"
    label = "pilots"
    verbose_name = _("Pilot program")

    def ready(self) -> None:
        from itisa.dossier.extensions import register_section
        from itisa.notifications.todo import add_todo_provider
        from itisa.pilots import actions  # noqa: F401  (registers audit action codes)
        from itisa.pilots.dossier.section import PILOT_APPLICATIONS
        from itisa.pilots.eligibility.views import eligibility_panel
        from itisa.pilots.todo import todos
        from itisa.pilots.views import pilot_panel
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(eligibility_panel)
        add_alliance_panel(pilot_panel)
        # the dossier sits below the pilot program: its section `pilot_applications` is added here
        register_section(PILOT_APPLICATIONS)
        add_todo_provider(todos)
