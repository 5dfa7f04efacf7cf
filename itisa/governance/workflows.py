"""Motion and meeting workflows as data: ``{from: {to: who may make the move}}``. Drawn in docs/workflows.md.

Actors: ``keeper`` (the secretariat, or the national office correcting the record) and ``chair``
(the current chair of the body). A closed motion never moves again: its tally is a record.
"""

from __future__ import annotations

from itisa.core.workflows import Transitions
from itisa.governance.choices import MeetingStatus as M
from itisa.governance.choices import MotionStatus as S

KEEPER = "keeper"
CHAIR = "chair"

MOTION_TRANSITIONS = Transitions.of(
    {
        S.OPEN: {
            S.CLOSED: frozenset({KEEPER, CHAIR}),
            S.WITHDRAWN: frozenset({KEEPER, CHAIR}),
        },
        S.CLOSED: {},
        S.WITHDRAWN: {},
    }
)

MEETING_TRANSITIONS = Transitions.of(
    {
        M.SCHEDULED: {
            M.HELD: frozenset({KEEPER}),
            M.CANCELLED: frozenset({KEEPER, CHAIR}),
        },
        M.HELD: {},
        M.CANCELLED: {},
    }
)
