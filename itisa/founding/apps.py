from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoundingConfig(AppConfig):
    name = "itisa.founding"
    label = "founding"
    verbose_name = _("Forming alliances")

    def ready(self) -> None:
        from itisa.founding import actions  # noqa: F401  (registers audit action codes)
        from itisa.founding.todo import todos
        from itisa.notifications.todo import add_todo_provider

        add_todo_provider(todos)
