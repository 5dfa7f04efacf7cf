"""Writes of the membership app, each audited in its transaction.

``memberships``: admit, change rank, end. ``applications``: the admission workflow. ``exits``: notice
of exit and expulsion. ``breaches``: notice of breach, cure, referral and remedies. ``dues``: fee schedules, invoices and payments.
"""

from itisa.membership.services.applications import (
    application_activate,
    application_prepare_accession,
    application_put_to_vote,
    application_reject,
    application_review,
    application_submit,
    application_withdraw,
)
from itisa.membership.services.breaches import (
    breach_confirm_cure,
    breach_refer,
    breach_reject_cure,
    breach_report_cure,
    breach_serve,
    breach_withdraw,
)
from itisa.membership.services.dues import fee_set, invoice_cancel, invoice_mark_paid, invoices_issue
from itisa.membership.services.exits import (
    exit_complete,
    exit_notice_give,
    exit_notice_withdraw,
    expulsion_propose,
    notice_days,
)
from itisa.membership.services.inputs import AdmissionInput, BreachInput, ReferralInput
from itisa.membership.services.join_invites import join_invite_recipients, join_invite_send
from itisa.membership.services.memberships import membership_add, membership_change_rank, membership_end

__all__ = [
    "join_invite_recipients",
    "join_invite_send",
    "AdmissionInput",
    "BreachInput",
    "ReferralInput",
    "application_activate",
    "application_prepare_accession",
    "application_put_to_vote",
    "application_reject",
    "application_review",
    "application_submit",
    "application_withdraw",
    "breach_confirm_cure",
    "breach_refer",
    "breach_reject_cure",
    "breach_report_cure",
    "breach_serve",
    "breach_withdraw",
    "exit_complete",
    "exit_notice_give",
    "exit_notice_withdraw",
    "expulsion_propose",
    "fee_set",
    "invoice_cancel",
    "invoice_mark_paid",
    "invoices_issue",
    "membership_add",
    "membership_change_rank",
    "membership_end",
    "notice_days",
]
