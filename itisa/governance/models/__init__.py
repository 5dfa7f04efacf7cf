"""Governance models: bodies and their record (``bodies``), motions, ballots and votes (``decisions``)."""

from itisa.governance.models.bodies import Body, LiabilityDesignation, RuleSet, Seat, StaffMember
from itisa.governance.models.decisions import Motion, MotionStatusChange, Resolution, Vote
from itisa.governance.models.meetings import Attendance, Meeting

__all__ = [
    "Attendance",
    "Body",
    "LiabilityDesignation",
    "Meeting",
    "Motion",
    "MotionStatusChange",
    "Resolution",
    "RuleSet",
    "Seat",
    "StaffMember",
    "Vote",
]
