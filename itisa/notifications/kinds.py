"""Labels of notification kinds (the dotted codes ``notify`` is given), so that the audit history of a
notification says what was sent rather than its code."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from itisa.audit.labels import register_data_values

KIND_LABELS = {
    "agreements.key.confirmed": pgettext_lazy("notification", "Signing key confirmed"),
    "agreements.key.registered": pgettext_lazy("notification", "Signing key registered"),
    "agreements.term.ended": pgettext_lazy("notification", "Agreement term ended"),
    "agreements.version.opened": pgettext_lazy("notification", "Agreement open for signing"),
    "diffusion.message.received": pgettext_lazy("notification", "Message received"),
    "diffusion.obligation.overdue": pgettext_lazy("notification", "Diffusion obligation overdue"),
    "evaluation.opened": pgettext_lazy("notification", "Evaluation opened"),
    "evaluation.panel.assigned": pgettext_lazy("notification", "Evaluation panel assigned"),
    "evaluation.published": pgettext_lazy("notification", "Evaluation published"),
    "evaluation.rectification.opened": pgettext_lazy("notification", "Rectification required"),
    "evaluation.rectification.overdue": pgettext_lazy("notification", "Rectification overdue"),
    "evaluation.returned": pgettext_lazy("notification", "Evaluation returned"),
    "financing.drawdown.overdue": pgettext_lazy("notification", "Drawdown overdue"),
    "founding.proposal.accepted": pgettext_lazy("notification", "Proposed alliance accepted"),
    "founding.proposal.returned": pgettext_lazy("notification", "Proposed alliance returned"),
    "founding.proposal.submitted": pgettext_lazy("notification", "Proposed alliance submitted"),
    "governance.ballot.closing": pgettext_lazy("notification", "Ballot closing soon"),
    "governance.ballot.opened": pgettext_lazy("notification", "Ballot opened"),
    "governance.meeting.cancelled": pgettext_lazy("notification", "Meeting cancelled"),
    "governance.meeting.minutes_circulated": pgettext_lazy("notification", "Minutes circulated"),
    "governance.meeting.minutes_objected": pgettext_lazy("notification", "Objection to the minutes"),
    "governance.meeting.notice": pgettext_lazy("notification", "Meeting notice"),
    "governance.meeting.proxy": pgettext_lazy("notification", "Proxy given"),
    "governance.resolution.assigned": pgettext_lazy("notification", "Resolution assigned"),
    "governance.resolution.veto_window": pgettext_lazy("notification", "Veto window open"),
    "governance.resolution.vetoed": pgettext_lazy("notification", "Decision vetoed"),
    "ledger.entry.approved": pgettext_lazy("notification", "Journal entry approved"),
    "ledger.entry.flagged": pgettext_lazy("notification", "Journal entry flagged"),
    "ledger.entry.second_approval": pgettext_lazy("notification", "Journal entry needs a second approval"),
    "ledger.entry.sent_back": pgettext_lazy("notification", "Journal entry sent back"),
    "ledger.entry.submitted": pgettext_lazy("notification", "Journal entry submitted"),
    "membership.application.moved": pgettext_lazy("notification", "Membership application moved"),
    "membership.application.submitted": pgettext_lazy("notification", "Membership application submitted"),
    "membership.invoice.issued": pgettext_lazy("notification", "Dues invoice issued"),
    "membership.join.invited": pgettext_lazy("notification", "Invited to apply for membership"),
    "notifications.test": pgettext_lazy("notification", "Test notification"),
    "pilots.application.moved": pgettext_lazy("notification", "Pilot application moved"),
    "pilots.application.submitted": pgettext_lazy("notification", "Pilot application submitted"),
    "pilots.period.ended": pgettext_lazy("notification", "Pilot period ended"),
    "pilots.review.assigned": pgettext_lazy("notification", "Pilot review assigned"),
    "platforms.booking.requested": pgettext_lazy("notification", "Platform booking requested"),
    "projects.milestone.overdue": pgettext_lazy("notification", "Project milestone overdue"),
    "projects.project.decided": pgettext_lazy("notification", "Project decided"),
    "projects.review.assigned": pgettext_lazy("notification", "Project review assigned"),
    "promotion.endorsement.recorded": pgettext_lazy("notification", "Alliance endorsed"),
    "promotion.endorsement.withdrawn": pgettext_lazy("notification", "Endorsement withdrawn"),
    "reports.report.accepted": pgettext_lazy("notification", "Annual report accepted"),
    "reports.report.overdue": pgettext_lazy("notification", "Annual report overdue"),
    "reports.report.reminder": pgettext_lazy("notification", "Annual report reminder"),
    "reports.report.returned": pgettext_lazy("notification", "Annual report returned"),
    "representatives.appointment.applied": pgettext_lazy(
        "notification", "Appointed representative to confirm"
    ),
    "representatives.appointment.confirmed": pgettext_lazy(
        "notification", "Appointed representative confirmed"
    ),
    "representatives.appointment.rejected": pgettext_lazy(
        "notification", "Appointed representative rejected"
    ),
    "representatives.function.named": pgettext_lazy("notification", "Named to act for an organisation"),
    "results.access.decided": pgettext_lazy("notification", "Access request decided"),
    "results.access.requested": pgettext_lazy("notification", "Access requested"),
    "standards.round.opened": pgettext_lazy("notification", "Standards round opened"),
    "standards.vote.decided": pgettext_lazy("notification", "Standard vote decided"),
}
register_data_values("kind", KIND_LABELS)
