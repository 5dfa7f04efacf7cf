"""The project and milestone workflows as data: ``{from: {to: who moves it}}`` (drawn in docs/workflows.md).

Actors: ``keeper`` (the alliance's secretariat, or the national office correcting a record), ``system``
(the deciding body's vote closing; a due day passing), ``reporter`` (who reports a milestone: the
keeper, or a contact or legal representative of a participating member).
"""

from __future__ import annotations

from itisa.core.workflows import SYSTEM, Transitions
from itisa.projects.choices import MilestoneStatus as M
from itisa.projects.choices import ProjectStatus as P

KEEPER = "keeper"
REPORTER = "reporter"

PROJECT_TRANSITIONS = Transitions.of(
    {
        # put to the body the agreement names (a motion), or given up before a vote
        P.PROPOSED: {P.VOTING: {KEEPER}, P.TERMINATED: {KEEPER}},
        # the vote decides: approved if the motion passes; back to proposed (to revise) if it does not
        P.VOTING: {P.APPROVED: {SYSTEM}, P.PROPOSED: {SYSTEM}},
        P.APPROVED: {P.RUNNING: {KEEPER}, P.TERMINATED: {KEEPER}},
        P.RUNNING: {P.ACCEPTANCE: {KEEPER}, P.TERMINATED: {KEEPER}},
        # closed only when the acceptance review passed (services.projects.project_close); a failed
        # acceptance sends the project back to work
        P.ACCEPTANCE: {P.CLOSED: {KEEPER}, P.RUNNING: {KEEPER}, P.TERMINATED: {KEEPER}},
        P.CLOSED: {},
        P.TERMINATED: {},
    }
)

MILESTONE_TRANSITIONS = Transitions.of(
    {
        M.PENDING: {M.DONE: {REPORTER}, M.OVERDUE: {SYSTEM}},
        M.OVERDUE: {M.DONE: {REPORTER}},
        M.DONE: {},
    }
)
