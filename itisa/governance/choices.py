"""Stable codes of governance. Identifiers are English; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# the agreement's procedures name the matters; governance applies them with the same codes
from itisa.agreements.choices import Matter as Matter


class BodyKind(models.TextChoices):
    """The three kinds of body Article 8(3) requires."""

    DECISION = "decision", _("Decision body")
    ADVISORY = "advisory", _("Advisory body")
    EXECUTIVE = "executive", _("Executive body")


class BodyType(models.TextChoices):
    """The bodies seen in alliance charters (../shared/DOMAIN.md)."""

    MEMBER_ASSEMBLY = "member_assembly", _("Member assembly")
    COUNCIL = "council", _("Council")
    STANDING_COUNCIL = "standing_council", _("Standing council")
    EXPERT_COMMITTEE = "expert_committee", _("Expert committee")
    TECHNICAL_COMMITTEE = "technical_committee", _("Technical committee")
    SECRETARIAT = "secretariat", _("Secretariat")


# The kind each type normally has; a custom body may differ.
DEFAULT_KIND = {
    BodyType.MEMBER_ASSEMBLY: BodyKind.DECISION,
    BodyType.COUNCIL: BodyKind.DECISION,
    BodyType.STANDING_COUNCIL: BodyKind.DECISION,
    BodyType.EXPERT_COMMITTEE: BodyKind.ADVISORY,
    BodyType.TECHNICAL_COMMITTEE: BodyKind.ADVISORY,
    BodyType.SECRETARIAT: BodyKind.EXECUTIVE,
}


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")


class Comparison(models.TextChoices):
    """How a share is compared with its fraction: 2/3 or more (不少于), or more than 1/2 (过半数)."""

    AT_LEAST = "at_least", _("at least")
    MORE_THAN = "more_than", _("more than")


class ThresholdBase(models.TextChoices):
    """What the pass threshold counts: those present, all seats of the body, or the votes cast (yes + no)."""

    PRESENT = "present", _("of those present")
    SEATS = "seats", _("of all seats")
    CAST = "cast", _("of the votes cast (yes and no)")


class MotionStatus(models.TextChoices):
    """Open for votes → closed (passed or not); or withdrawn before closing."""

    OPEN = "open", _("Open for votes")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VotingMethod(models.TextChoices):
    MEETING = "meeting", _("In a meeting")
    BALLOT = "ballot", _("Written or electronic ballot")


class VoteChoice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class ResolutionStatus(models.TextChoices):
    PENDING = "pending", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ResolutionEffect(models.TextChoices):
    """Whether a resolution binds: at once, or after the veto window of the rules (DESCA 6.3.4), unless vetoed."""

    IN_FORCE = "in_force", _("In force")
    PENDING_VETO = "pending_veto", _("Pending the veto window")
    SUSPENDED = "suspended", _("Suspended by a veto")


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular meeting")
    EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")


class ConvenedBy(models.TextChoices):
    """A meeting is convened by the chair, or requested by the share of seats the rules require."""

    CHAIR = "chair", _("The chair")
    SEATS = "seats", _("A share of the seats")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MinutesStatus(models.TextChoices):
    """Where a meeting's minutes stand (DESCA model consortium agreement 6.2.5: the draft minutes are
    accepted unless a member objects within the objection window)."""

    NONE = "none", _("Not recorded yet")
    CIRCULATED = "circulated", _("Circulated for objections")
    OBJECTED = "objected", _("Objected to; to be revised")
    ACCEPTED = "accepted", _("Accepted")
