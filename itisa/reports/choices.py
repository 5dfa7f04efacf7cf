"""Choices of the annual report: its statuses (stable English codes, translated labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """Life of an annual report; moves are listed in ``workflows.REPORT_TRANSITIONS``."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


# the secretariat still has to (re)submit: reminders and the to-do list
UNSUBMITTED = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# what the secretariat may still edit
EDITABLE = UNSUBMITTED
# what a compilation of the year contains
COMPILED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
