"""Membership models: memberships, admission applications, exit and expulsion, dues."""

from itisa.membership.models.applications import Application, ApplicationStatusChange
from itisa.membership.models.breaches import BreachNotice, BreachStatusChange, Suspension
from itisa.membership.models.dues import FeeSchedule, Invoice
from itisa.membership.models.exits import ExitNotice, Expulsion, GrantRecoveryClaim
from itisa.membership.models.memberships import Membership

__all__ = [
    "Application",
    "ApplicationStatusChange",
    "BreachNotice",
    "BreachStatusChange",
    "ExitNotice",
    "Expulsion",
    "FeeSchedule",
    "GrantRecoveryClaim",
    "Invoice",
    "Membership",
    "Suspension",
]
