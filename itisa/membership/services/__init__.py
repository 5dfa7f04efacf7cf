"""Writes of the membership app, each audited in its transaction.

``memberships``: admit, change rank, end. ``applications``: the admission workflow. ``exits``: notice
of exit and expulsion. ``dues``: fee schedules, invoices and payments.
"""

from itisa.membership.services.memberships import membership_add, membership_change_rank, membership_end

__all__ = ["membership_add", "membership_change_rank", "membership_end"]
