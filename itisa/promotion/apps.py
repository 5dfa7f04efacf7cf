from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "itisa.promotion"
    label = "promotion"
    verbose_name = _("Promotion of alliances")

    def ready(self) -> None:
        from itisa.promotion import actions  # noqa: F401  (registers audit action codes)
        from itisa.promotion.views import alliance_panel, proposal_panel
        from itisa.ui.panels import add_alliance_panel, add_proposal_panel

        add_alliance_panel(alliance_panel)
        add_proposal_panel(proposal_panel)
