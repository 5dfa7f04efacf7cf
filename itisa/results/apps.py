from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "itisa.results"
    label = "results"
    verbose_name = _("Results and IP")

    def ready(self) -> None:
        from itisa.audit.seals import register_sealed
        from itisa.dossier.extensions import register_section
        from itisa.notifications.todo import add_todo_provider
        from itisa.results import actions  # noqa: F401  (registers audit action codes)
        from itisa.results.dossier.section import BACKGROUND_IP, RESULTS
        from itisa.results.models import (
            AccessRequestStatusChange,
            BackgroundIP,
            Contribution,
            Inventor,
            Owner,
            ResultStatusChange,
        )
        from itisa.results.todo import todos
        from itisa.results.views import background_panel, results_panel
        from itisa.ui.panels import add_alliance_panel, add_organisation_panel

        add_todo_provider(todos)
        add_alliance_panel(results_panel)
        add_organisation_panel(background_panel)
        # write-once records the audit chain vouches for (their triggers refuse changes). An ownership
        # record is guarded by triggers but not sealed: its owners' rows point at it, so it cannot be
        # removed on its own; its owners are sealed and its facts are in the sealing entry's data.
        for model in (
            ResultStatusChange,
            Contribution,
            Inventor,
            Owner,
            BackgroundIP,
            AccessRequestStatusChange,
        ):
            register_sealed(model)
        # the dossier sits below the results app: its sections (since 1.5) are added here, after the
        # projects' (INSTALLED_APPS order), so that a result names its project by code
        register_section(RESULTS)
        register_section(BACKGROUND_IP)
        # the yearly indicators it counts (itisa.core.indicators; docs/indicators.md)
        from itisa.core.indicators import register_indicators
        from itisa.results.indicators import INDICATORS

        register_indicators(*INDICATORS)
