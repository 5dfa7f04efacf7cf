"""Levels of a standard, the stages of its drafting, drafting roles and the licensing declarations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """The levels of standard of the Standardization Law of the PRC (2017) Art. 2."""

    NATIONAL = "national", _("National standard")
    INDUSTRY = "industry", _("Industry standard")
    LOCAL = "local", _("Local standard")
    GROUP = "group", _("Group standard")


class Stage(models.TextChoices):
    """Where a standard stands (GB/T 1.1-2020 and the SAC's stage codes, simplified)."""

    PROPOSAL = "proposal", _("Proposal")
    APPROVED = "approved", _("Approved for drafting")
    DRAFTING = "drafting", _("Drafting")
    CONSULTATION = "consultation", _("Public consultation")
    REVIEW = "review", pgettext_lazy("standard stage", "Review")
    SUBMITTED = "submitted", _("Submitted for approval")
    PUBLISHED = "published", pgettext_lazy("standard stage", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("standard stage", "Withdrawn")


ENDED_STAGES = (Stage.WITHDRAWN,)


class DraftingRole(models.TextChoices):
    LEAD = "lead", _("Lead drafter")
    PARTICIPANT = "participant", _("Participating drafter")


class LicensingPosition(models.TextChoices):
    """A member's licensing declaration for the patents essential to the draft (as the IETF's and the
    SAC's patent policy ask: GB/T 20003.1-2014 §5)."""

    ROYALTY_FREE = "royalty_free", _("Royalty-free licence")
    RAND = "rand", _("Fair, reasonable and non-discriminatory (RAND) licence")
    NONE_NEEDED = "none_needed", _("None needed (no essential patents)")
    UNWILLING = "unwilling", _("Unwilling to license")


class RoundOutcome(models.TextChoices):
    """A round of declarations and its vote: open (collecting, then voting), carried or failed."""

    OPEN = "open", pgettext_lazy("declaration round", "Open")
    CARRIED = "carried", _("Carried")
    FAILED = "failed", _("Not carried")
