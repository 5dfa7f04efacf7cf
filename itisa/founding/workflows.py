"""The proposal's status machine (``core.workflows``): the proposer submits a draft or a returned proposal,
the competent officer (``permissions.can_review_proposal``) accepts or returns a submitted one. Each move
leaves one audit entry (``audit.workflows.move``); the audit log is the proposal's history."""

from itisa.core.workflows import Transitions
from itisa.founding.choices import ProposalStatus as S

PROPOSER = "proposer"  # the user who drafted the proposal
REVIEWER = "reviewer"  # a competent officer for its scope (``permissions.can_review_proposal``)

PROPOSAL_TRANSITIONS = Transitions.of(
    {
        S.DRAFT: {S.SUBMITTED: {PROPOSER}},
        S.SUBMITTED: {S.ACCEPTED: {REVIEWER}, S.RETURNED: {REVIEWER}},
        S.RETURNED: {S.SUBMITTED: {PROPOSER}},
        S.ACCEPTED: {},
    }
)
