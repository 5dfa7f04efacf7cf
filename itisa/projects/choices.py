"""Statuses and kinds of alliance R&D projects (Art. 5: joint R&D on the industry's key technologies)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    """proposed → voting → approved → running → acceptance (验收) → closed; terminated from any open step."""

    PROPOSED = "proposed", _("Proposed")
    VOTING = "voting", _("Put to the vote")
    APPROVED = "approved", _("Approved")
    RUNNING = "running", _("Running")
    ACCEPTANCE = "acceptance", _("Acceptance (验收)")
    CLOSED = "closed", _("Closed")
    TERMINATED = "terminated", _("Terminated")


# what the public sees of a project: only those the deciding body approved (docs/projects.md); a project
# terminated after its approval stays public, shown as terminated (``selectors.public_q``)
PUBLIC_STATUSES = (
    ProjectStatus.APPROVED,
    ProjectStatus.RUNNING,
    ProjectStatus.ACCEPTANCE,
    ProjectStatus.CLOSED,
)

# a project that is over: its cost object in the ledger is closed (nothing more is booked to it)
ENDED_STATUSES = (ProjectStatus.CLOSED, ProjectStatus.TERMINATED)


class FundingKind(models.TextChoices):
    """Where a project's money comes from (Art. 10: national plans, the members, loans)."""

    GOVERNMENT_GRANT = "government_grant", _("Government plan grant")
    OWN_FUNDS = "own_funds", _("Members' own funds")
    LOAN = "loan", _("Loan")


class MilestoneKind(models.TextChoices):
    MILESTONE = "milestone", _("Milestone")
    DELIVERABLE = "deliverable", _("Deliverable")


class MilestoneStatus(models.TextChoices):
    """pending → done (with evidence); pending → overdue when its due day passes (a clock); overdue → done."""

    PENDING = "pending", _("Pending")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")


class ReviewKind(models.TextChoices):
    MIDTERM = "midterm", _("Mid-term review")
    ACCEPTANCE = "acceptance", _("Acceptance review (验收)")


class Verdict(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
