"""Membership ranks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rank(models.TextChoices):
    """A member's rank in the alliance; dues may be tiered by it (DOMAIN.md, "Admission")."""

    CHAIR = "chair", _("Chair unit")
    VICE_CHAIR = "vice_chair", _("Vice-chair unit")
    COUNCIL = "council", _("Council member unit")
    ORDINARY = "ordinary", _("Ordinary member")


class ApplicationStatus(models.TextChoices):
    """Admission (Art. 8(6)): apply → first review → vote of the deciding body → accession → active."""

    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Passed first review")
    VOTING = "voting", _("Put to the vote")
    APPROVED = "approved", _("Approved by vote")
    ACCESSION = "accession", _("Accession instrument out for signature")
    ACTIVE = "active", _("Member")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")


class ExitStatus(models.TextChoices):
    PENDING = "pending", _("Notice period running")
    COMPLETED = "completed", _("Membership ended")
    WITHDRAWN = "withdrawn", _("Notice withdrawn")


class ExpulsionStatus(models.TextChoices):
    VOTING = "voting", _("Put to the vote")
    EXPELLED = "expelled", _("Expelled")
    NOT_EXPELLED = "not_expelled", _("Not expelled")


class ClaimStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SETTLED = "settled", _("Settled")
    WAIVED = "waived", _("Waived")


class InvoiceStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class BreachStatus(models.TextChoices):
    """A notice of breach: served → cured, or lapsed → referred to the council → remedy or none."""

    SERVED = "served", _("Served: cure period running")
    CURE_REPORTED = "cure_reported", _("Reported cured by the member")
    CURED = "cured", _("Cured")
    LAPSED = "lapsed", _("Cure period lapsed")
    REFERRED = "referred", _("Referred to the council")
    REMEDIED = "remedied", _("Remedy decided")
    NO_REMEDY = "no_remedy", _("No remedy")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Remedy(models.TextChoices):
    """The remedies an agreement's breach clause may allow (agreements.content.BreachLiability)."""

    SUSPENSION = "suspension", _("Suspension of rights")
    EXPULSION = "expulsion", _("Expulsion")
    GRANT_RECOVERY = "grant_recovery", _("Recovery of grants")
