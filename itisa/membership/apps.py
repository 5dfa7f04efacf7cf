from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "itisa.membership"
    label = "membership"
    verbose_name = _("Membership")

    def ready(self) -> None:
        from itisa.agreements.signals import version_effective
        from itisa.audit.seals import register_sealed
        from itisa.governance.signals import motion_closed
        from itisa.governance.vote_bars import add_veto_bar, add_vote_bar
        from itisa.membership import actions  # noqa: F401  (registers audit action codes)
        from itisa.membership.breach import actions as breach_actions  # noqa: F401  (audit action codes)
        from itisa.membership.clocks import register_clocks
        from itisa.membership.models import Suspension
        from itisa.membership.receivers import on_motion_closed, on_version_effective
        from itisa.membership.services.breaches import defaulting_seat_veto_reason, suspended_seat_reason
        from itisa.membership.todo import todos
        from itisa.membership.views import members_panel, organisation_memberships_panel
        from itisa.notifications.todo import add_todo_provider
        from itisa.ui.panels import add_alliance_panel, add_organisation_panel

        # Registry pages sit below membership, so membership adds its panels to them (decision 0003).
        add_alliance_panel(members_panel)
        add_organisation_panel(organisation_memberships_panel)
        add_todo_provider(todos)
        motion_closed.connect(on_motion_closed, dispatch_uid="membership.on_motion_closed")
        version_effective.connect(on_version_effective, dispatch_uid="membership.on_version_effective")
        register_clocks()
        # governance is below membership: a suspended member's seats are barred through its hook
        add_vote_bar(suspended_seat_reason)
        add_veto_bar(defaulting_seat_veto_reason)
        # a suspension of rights is write-once (lifting it is a new record): the audit chain vouches for it
        register_sealed(Suspension)
        # the yearly indicators it counts (itisa.core.indicators; docs/indicators.md)
        from itisa.core.indicators import register_indicators
        from itisa.membership.indicators import INDICATORS

        register_indicators(*INDICATORS)
