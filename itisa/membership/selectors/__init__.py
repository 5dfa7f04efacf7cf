"""Reads of the membership app, scoped to the viewer."""

from itisa.membership.selectors.applications import (
    access_application,
    access_exit_notice,
    access_expulsion,
    application_get,
    application_history,
    applications_of,
    exit_notices_of,
    expulsion_get,
    expulsions_of,
    my_applications,
)
from itisa.membership.selectors.breaches import access_breach, breach_history, breaches_of
from itisa.membership.selectors.memberships import (
    access_membership,
    members_of,
    membership_get,
    memberships_of_organisation,
)

__all__ = [
    "access_application",
    "access_breach",
    "access_exit_notice",
    "access_expulsion",
    "access_membership",
    "application_get",
    "application_history",
    "breach_history",
    "breaches_of",
    "applications_of",
    "exit_notices_of",
    "expulsion_get",
    "expulsions_of",
    "my_applications",
    "members_of",
    "membership_get",
    "memberships_of_organisation",
]
