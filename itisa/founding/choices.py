"""Statuses of a proposal to form an alliance. Stable English codes; labels translated."""

from django.db import models
from django.utils.translation import pgettext_lazy


class ProposalStatus(models.TextChoices):
    """Draft (the proposer's own) → submitted (with the competent officer) → accepted (the alliance is in
    the registry, forming) or returned (with a reason; the proposer corrects it and submits again)."""

    DRAFT = "draft", pgettext_lazy("proposal", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal", "Submitted")
    RETURNED = "returned", pgettext_lazy("proposal", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("proposal", "Accepted")


# The proposer may still change what it proposes.
EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)

# Art. 2 of 国科发政〔2008〕770号: an alliance is formed by enterprises, universities, research institutes and
# other organisations together: one organisation alone is no alliance.
MIN_FOUNDERS = 2
