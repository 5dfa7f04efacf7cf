from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitationsConfig(AppConfig):
    name = "itisa.invitations"
    label = "invitations"
    verbose_name = _("Invitations")

    def ready(self) -> None:
        from itisa.invitations import actions  # noqa: F401  (registers audit action codes)
        from itisa.invitations.todo import todos
        from itisa.notifications.todo import add_todo_provider

        add_todo_provider(todos)
