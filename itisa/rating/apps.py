from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingConfig(AppConfig):
    name = "itisa.rating"
    label = "rating"
    verbose_name = _("Activity rating")

    def ready(self) -> None:
        from itisa.audit.seals import register_sealed
        from itisa.rating import actions  # noqa: F401  (registers audit action codes)
        from itisa.rating.models import CampaignStatusChange, Outcome, Rating, Review, Reviewer
        from itisa.rating.views import rating_panel
        from itisa.ui.panels import add_alliance_panel

        add_alliance_panel(rating_panel)
        for model in (CampaignStatusChange, Reviewer, Rating, Review, Outcome):
            register_sealed(model)
