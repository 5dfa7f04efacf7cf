from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "itisa.pilots"
    label = "pilots"
    verbose_name = _("Pilot program")

    def ready(self) -> None:
        from itisa.audit.seals import register_sealed
        from itisa.dossier.extensions import register_section
        from itisa.notifications.todo import add_todo_provider
        from itisa.pilots import actions  # noqa: F401  (registers audit action codes)
        from itisa.pilots.clocks import register_clocks
        from itisa.pilots.dossier.section import PILOT_APPLICATIONS
        from itisa.pilots.eligibility.views import eligibility_panel
        from itisa.pilots.models import Finding, Material, Recommendation, Review
        from itisa.pilots.todo import todos
        from itisa.pilots.views import pilot_panel
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(eligibility_panel)
        add_alliance_panel(pilot_panel)
        # the dossier sits below the pilot program: its section `pilot_applications` is added here
        register_section(PILOT_APPLICATIONS)
        # write-once records the audit chain vouches for (audit.seals; their triggers refuse changes)
        register_sealed(Material)
        register_sealed(Recommendation)
        register_sealed(Review)
        register_sealed(Finding)
        register_clocks()
        add_todo_provider(todos)
