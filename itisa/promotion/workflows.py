"""The status machines of key problems and endorsements (``core.workflows``). Each move leaves one audit
entry (``audit.workflows.move``); the audit log is their history."""

from itisa.core.workflows import Transitions
from itisa.promotion.choices import EndorsementStatus as E
from itisa.promotion.choices import ProblemStatus as P

BODY = "body"  # an officer of the body the problem or endorsement belongs to (``permissions.holds_body``)

PROBLEM_TRANSITIONS = Transitions.of({P.DRAFT: {P.OPEN: {BODY}}, P.OPEN: {P.CLOSED: {BODY}}, P.CLOSED: {}})

ENDORSEMENT_TRANSITIONS = Transitions.of({E.ACTIVE: {E.WITHDRAWN: {BODY}}, E.WITHDRAWN: {}})
