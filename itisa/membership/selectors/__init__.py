"""Reads of the membership app, scoped to the viewer."""

from itisa.membership.selectors.memberships import members_of, membership_get, memberships_of_organisation

__all__ = ["members_of", "membership_get", "memberships_of_organisation"]
