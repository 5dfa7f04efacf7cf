"""The rating's records in the admin, read-only: they are written through the services, audited."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.rating.models import Campaign, Outcome, Rating, Review, Scheme


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ["year", "title", "status", "sha256"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["year", "status", "groups", "opened_at", "published_at"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "alliance", "rated", "total", "band", "group"]
    list_filter = ["rated", "band"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["rating", "stage", "verdict", "dimension", "score", "at"]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ["year", "alliance", "rated", "total", "band", "title"]
    list_filter = ["year", "band", "title"]
