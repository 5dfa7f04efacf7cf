"""Governance models: bodies and their record (``bodies``), motions, ballots and votes (``decisions``)."""

from itisa.governance.models.bodies import Body, LiabilityDesignation, RuleSet, Seat, StaffMember
from itisa.governance.models.decisions import (
    Motion,
    MotionSeat,
    MotionStatusChange,
    Resolution,
    Veto,
    Vote,
)
from itisa.governance.models.meetings import Attendance, Meeting, MinuteObjection, Proxy

__all__ = [
    "Attendance",
    "Body",
    "LiabilityDesignation",
    "Meeting",
    "MinuteObjection",
    "Motion",
    "MotionSeat",
    "MotionStatusChange",
    "Proxy",
    "Resolution",
    "RuleSet",
    "Seat",
    "StaffMember",
    "Veto",
    "Vote",
]
