"""Motions put to a body, the votes of its seats, and the resolutions passed motions become."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.core.workflows import StatusChange
from itisa.governance.choices import (
    Matter,
    MotionStatus,
    ResolutionEffect,
    ResolutionStatus,
    VoteChoice,
    VotingMethod,
)
from itisa.governance.models.bodies import Body, RuleSet, Seat
from itisa.governance.models.meetings import Meeting


class Motion(TimestampedModel):
    """A motion voted by the seats of a body, in a meeting or by written/electronic ballot with a deadline."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="motions")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
    )
    number = models.PositiveIntegerField(_("number"))
    title_zh = models.CharField(_("title"), max_length=200)
    text_zh = models.TextField(_("text"), blank=True)
    method = models.CharField(_("voting method"), max_length=20, choices=VotingMethod.choices)
    matter = models.CharField(_("matter"), max_length=20, choices=Matter.choices, default=Matter.ORDINARY)
    status = models.CharField(
        _("status"), max_length=20, choices=MotionStatus.choices, default=MotionStatus.OPEN
    )
    deadline = models.DateTimeField(_("deadline"))
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("closing reminder sent at"), null=True, blank=True)
    # the tally and the rule version used, stored when the ballot closes
    rules = models.ForeignKey(
        RuleSet,
        verbose_name=_("rules applied"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    seats_count = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    abstain = models.PositiveIntegerField(_("abstain"), null=True, blank=True)
    # seats attending the meeting (in person or by proxy) for a meeting vote; null for a written ballot
    attending = models.PositiveIntegerField(_("attending"), null=True, blank=True)
    present = models.PositiveIntegerField(_("present"), null=True, blank=True)
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["body_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="governance_motion_number_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(passed__isnull=False, rules__isnull=False),
                name="governance_closed_motion_has_outcome",
            ),
            models.CheckConstraint(
                condition=~models.Q(method="meeting") | models.Q(meeting__isnull=False),
                name="governance_meeting_motion_has_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body_id}#{self.number} {self.title_zh}"


class MotionSeat(models.Model):
    """The seat list of a motion, frozen when it is put: only these seats vote, and they are the seats
    counted for the quorum, whatever happens to the body's seats afterwards. Write-once (triggers)."""

    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.PROTECT, related_name="seat_list"
    )
    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("seat on a motion's list")
        verbose_name_plural = _("motion seat lists")
        ordering = ["motion_id", "seat_id"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "seat"], name="governance_motion_seat_once"),
        ]

    def __str__(self) -> str:
        return f"{self.motion_id}/{self.seat_id}"


class MotionStatusChange(StatusChange):
    """History of a motion's status: one row per move, never edited."""

    subject_field = "motion"

    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.PROTECT, related_name="status_changes"
    )
    old_status = models.CharField(_("old status"), max_length=20, choices=MotionStatus.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, choices=MotionStatus.choices)

    class Meta:
        verbose_name = _("motion status change")
        verbose_name_plural = _("motion status changes")
        ordering = ["at", "pk"]


class Vote(models.Model):
    """One seat's vote on a motion: write-once (database triggers), one per seat (unique constraint)."""

    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.PROTECT, related_name="votes"
    )
    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cast by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # the voter's username when the vote was cast (kept when a dossier is imported without accounts)
    cast_by_label = models.CharField(_("cast by (name)"), max_length=150, blank=True)
    cast_at = models.DateTimeField(_("cast at"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["motion_id", "cast_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "seat"], name="governance_one_vote_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.motion_id}/{self.seat_id}: {self.choice}"


class Resolution(TimestampedModel):
    """A passed motion and its execution: who is responsible, by when, and how far it has got."""

    motion = models.OneToOneField(
        Motion, verbose_name=_("motion"), on_delete=models.PROTECT, related_name="resolution"
    )
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ResolutionStatus.choices, default=ResolutionStatus.PENDING
    )
    note = models.TextField(_("execution note"), blank=True)
    # binding at once, or once the veto window of the rules has passed without a veto (DESCA 6.3.4)
    effect = models.CharField(
        _("effect"), max_length=20, choices=ResolutionEffect.choices, default=ResolutionEffect.IN_FORCE
    )
    veto_until = models.DateTimeField(_("veto window ends"), null=True, blank=True)
    effective_at = models.DateTimeField(_("in force from"), null=True, blank=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.motion}"


class Veto(models.Model):
    """A seat's veto of a passed motion within the rules' veto window: the resolution is suspended.

    DESCA model consortium agreement 6.3.4: a member whose legitimate interests would be severely
    affected by a decision may veto it within the window. Write-once (database triggers); one per
    resolution (the first veto suspends it).
    """

    resolution = models.OneToOneField(
        Resolution, verbose_name=_("resolution"), on_delete=models.PROTECT, related_name="veto"
    )
    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cast by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cast_by_label = models.CharField(_("cast by (name)"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("veto")
        verbose_name_plural = _("vetoes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.resolution_id}/{self.seat_id}"
