"""The admission, exit, expulsion and dues-invoice workflows as data: ``{from: {to: who moves it}}``.

The admission workflow is drawn in docs/workflows.md.

Actors: ``keeper`` (the alliance's secretariat, or the officers who keep its member list),
``applicant`` (the account that applied), ``system`` (a vote closing, an accession taking effect),
``member`` (who may give or withdraw a member's notice of exit: its contacts, or the secretariat
recording their written notice; who reports a breach cured: the member's contacts and legal
representative), ``treasurer`` (who manages the alliance's dues).
"""

from __future__ import annotations

from itisa.core.workflows import SYSTEM, Transitions
from itisa.membership.choices import ApplicationStatus as A
from itisa.membership.choices import BreachStatus as B
from itisa.membership.choices import ExitStatus, ExpulsionStatus, InvoiceStatus

KEEPER = "keeper"
APPLICANT = "applicant"
MEMBER = "member"
TREASURER = "treasurer"

APPLICATION_TRANSITIONS = Transitions.of(
    {
        A.SUBMITTED: {
            A.REVIEWED: frozenset({KEEPER}),
            A.REJECTED: frozenset({KEEPER}),
            A.WITHDRAWN: frozenset({APPLICANT}),
        },
        A.REVIEWED: {
            A.VOTING: frozenset({KEEPER}),
            A.REJECTED: frozenset({KEEPER}),
            A.WITHDRAWN: frozenset({APPLICANT}),
        },
        A.VOTING: {
            A.APPROVED: frozenset({SYSTEM}),
            A.REJECTED: frozenset({SYSTEM}),
        },
        A.APPROVED: {A.ACCESSION: frozenset({KEEPER})},
        A.ACCESSION: {A.ACTIVE: frozenset({SYSTEM, KEEPER})},
        A.ACTIVE: {},
        A.REJECTED: {},
        A.WITHDRAWN: {},
    }
)

EXIT_TRANSITIONS = Transitions.of(
    {
        ExitStatus.PENDING: {
            # the secretariat, or the system on the day the notice period has run (membership/clocks.py)
            ExitStatus.COMPLETED: {KEEPER, SYSTEM},
            # the member withdraws its notice; an expulsion withdraws it too
            ExitStatus.WITHDRAWN: {MEMBER, SYSTEM},
        },
        ExitStatus.COMPLETED: {},
        ExitStatus.WITHDRAWN: {},
    }
)

# an expulsion is decided by the vote of the deciding body closing
EXPULSION_TRANSITIONS = Transitions.of(
    {
        ExpulsionStatus.VOTING: {ExpulsionStatus.EXPELLED: {SYSTEM}, ExpulsionStatus.NOT_EXPELLED: {SYSTEM}},
        ExpulsionStatus.EXPELLED: {},
        ExpulsionStatus.NOT_EXPELLED: {},
    }
)

# an unpaid invoice is paid or cancelled; both are final
INVOICE_TRANSITIONS = Transitions.of(
    {
        InvoiceStatus.UNPAID: {InvoiceStatus.PAID: {TREASURER}, InvoiceStatus.CANCELLED: {TREASURER}},
        InvoiceStatus.PAID: {},
        InvoiceStatus.CANCELLED: {},
    }
)

# a notice of breach (docs/workflows.md, "Breach"): the member cures it within the agreement's cure
# period, or the period lapses by itself and the secretariat refers it to the council, whose vote
# decides the remedies the breach clause allows
BREACH_TRANSITIONS = Transitions.of(
    {
        B.SERVED: {
            B.CURE_REPORTED: {MEMBER},
            B.CURED: {KEEPER},
            B.LAPSED: {SYSTEM},
            B.WITHDRAWN: {KEEPER},
        },
        # the secretariat confirms the member's report, or finds it not cured (back to served; lapsed
        # at once when the cure period has run)
        B.CURE_REPORTED: {B.CURED: {KEEPER}, B.SERVED: {KEEPER}, B.WITHDRAWN: {KEEPER}},
        # a late cure may still be reported and accepted instead of referring
        B.LAPSED: {B.REFERRED: {KEEPER}, B.CURE_REPORTED: {MEMBER}, B.CURED: {KEEPER}, B.WITHDRAWN: {KEEPER}},
        B.REFERRED: {B.REMEDIED: {SYSTEM}, B.NO_REMEDY: {SYSTEM}},
        B.CURED: {},
        B.REMEDIED: {},
        B.NO_REMEDY: {},
        B.WITHDRAWN: {},
    }
)
