"""The pilot program's workflows as data: ``{from: {to: who moves it}}``. Drawn in docs/workflows.md.

Actors: ``office`` (a national office officer), ``alliance`` (the applying alliance's secretariat),
``system`` (publication of the call moves every decided application).
"""

from __future__ import annotations

from itisa.core.workflows import SYSTEM, Transitions
from itisa.pilots.choices import ApplicationStatus as A
from itisa.pilots.choices import CallStatus as C

OFFICE = "office"
ALLIANCE = "alliance"

CALL_TRANSITIONS = Transitions.of(
    {
        C.DRAFT: {C.OPEN: frozenset({OFFICE})},
        C.OPEN: {C.CLOSED: frozenset({OFFICE})},
        C.CLOSED: {C.PUBLISHED: frozenset({OFFICE})},
        C.PUBLISHED: {},
    }
)

APPLICATION_TRANSITIONS = Transitions.of(
    {
        A.DRAFT: {A.SUBMITTED: frozenset({ALLIANCE})},
        A.SUBMITTED: {A.FORMAL_CHECK: frozenset({OFFICE})},
        A.FORMAL_CHECK: {A.EXPERT_REVIEW: frozenset({OFFICE}), A.RETURNED: frozenset({OFFICE})},
        A.EXPERT_REVIEW: {A.DECIDED: frozenset({OFFICE}), A.RETURNED: frozenset({OFFICE})},
        A.RETURNED: {A.RESUBMITTED: frozenset({ALLIANCE})},
        A.RESUBMITTED: {A.SUBMITTED: frozenset({OFFICE})},
        A.DECIDED: {A.PUBLISHED: frozenset({SYSTEM})},
        A.PUBLISHED: {},
    }
)

# The alliance may change its materials only while the application is in its hands.
EDITABLE = frozenset({A.DRAFT, A.RETURNED})
# Under consideration by the office: recommendations may be added.
IN_PROGRESS = frozenset({A.SUBMITTED, A.FORMAL_CHECK, A.EXPERT_REVIEW, A.RESUBMITTED})
# With the office and its experts: the assigned experts read the application's materials.
REVIEWING = frozenset({A.FORMAL_CHECK, A.EXPERT_REVIEW})
