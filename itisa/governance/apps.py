from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "itisa.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from itisa.agreements.signals import version_effective
        from itisa.audit.seals import register_sealed
        from itisa.governance import actions  # noqa: F401  (registers audit action codes)
        from itisa.governance.clocks import register_clocks
        from itisa.governance.models import MinuteObjection, Proxy, Veto, Vote
        from itisa.governance.receivers import on_version_effective
        from itisa.governance.todo import todos
        from itisa.governance.views import governance_panel
        from itisa.notifications.todo import add_todo_provider
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(governance_panel)
        register_sealed(Vote)  # a cast vote: the audit chain vouches for it (audit.seals)
        # a proxy and a veto too; a motion's frozen seat list is guarded by triggers and listed in the
        # chained entry of its opening (data["seats"])
        register_sealed(Proxy)
        register_sealed(Veto)
        register_sealed(MinuteObjection)  # an objection to minutes: write-once, vouched for by its entry
        register_clocks()
        version_effective.connect(on_version_effective, dispatch_uid="governance.on_version_effective")
        add_todo_provider(todos)
        # the yearly indicators it counts (itisa.core.indicators; docs/indicators.md)
        from itisa.core.indicators import register_indicators
        from itisa.governance.indicators import INDICATORS

        register_indicators(*INDICATORS)
