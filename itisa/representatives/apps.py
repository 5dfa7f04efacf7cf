from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepresentativesConfig(AppConfig):
    name = "itisa.representatives"
    label = "representatives"
    verbose_name = _("Organisation representatives")

    def ready(self) -> None:
        from itisa.notifications.todo import add_todo_provider
        from itisa.representatives import actions  # noqa: F401  (registers audit action codes)
        from itisa.representatives.panels import representative_panel
        from itisa.representatives.todo import todos
        from itisa.ui.panels import add_organisation_panel

        add_todo_provider(todos)
        add_organisation_panel(representative_panel)
