"""Motion and meeting workflows as data: ``{from: {to: who may make the move}}``. Drawn in docs/workflows.md.

Actors: ``keeper`` (the secretariat, or the national office correcting the record), ``chair``
(the current chair of the body) and ``system`` (a ballot's deadline passing: governance/clocks.py).
A closed motion never moves again: its tally is a record.
"""

from __future__ import annotations

from itisa.core.workflows import SYSTEM, Transitions
from itisa.governance.choices import MeetingStatus as M
from itisa.governance.choices import MotionStatus as S

KEEPER = "keeper"
CHAIR = "chair"

MOTION_TRANSITIONS = Transitions.of(
    {
        S.OPEN: {
            S.CLOSED: frozenset({KEEPER, CHAIR, SYSTEM}),
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
