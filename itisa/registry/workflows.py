"""The alliance status workflow as data: ``{from: {to: actors allowed}}``.

Actors: ``national`` (national office officer), ``provincial`` (provincial officer of a regional
alliance's province), ``secretariat`` (the alliance's own secretariat), ``system`` (the publication of a
call for pilots). Drawn in docs/workflows.md.

Pilot status comes only from a published pilot decision (Art. 7): nobody sets it by hand. The national
office selects pilots in the pilot program, and publishing the call's list makes each selected alliance
a pilot (``alliance_make_pilot``, called by ``pilots.services.call_publish``). Leaving pilot status
undoes or ends such a decision, so those moves need a reason (``LEAVING_NEEDS_A_REASON``).
"""

from __future__ import annotations

from itisa.core.workflows import SYSTEM, Transitions
from itisa.registry.choices import AllianceStatus as S

NATIONAL = "national"
PROVINCIAL = "provincial"
SECRETARIAT = "secretariat"

ALLIANCE_TRANSITIONS = Transitions.of(
    {
        S.FORMING: {
            S.ESTABLISHED: frozenset({NATIONAL, PROVINCIAL}),
            S.DISSOLVED: frozenset({NATIONAL, PROVINCIAL, SECRETARIAT}),
        },
        S.ESTABLISHED: {
            S.PILOT: frozenset({SYSTEM}),
            S.SUSPENDED: frozenset({NATIONAL, PROVINCIAL}),
            S.DISSOLVED: frozenset({NATIONAL, PROVINCIAL, SECRETARIAT}),
        },
        S.PILOT: {
            S.ESTABLISHED: frozenset({NATIONAL}),
            S.SUSPENDED: frozenset({NATIONAL}),
            S.DISSOLVED: frozenset({NATIONAL}),
        },
        S.SUSPENDED: {
            S.ESTABLISHED: frozenset({NATIONAL, PROVINCIAL}),
            S.DISSOLVED: frozenset({NATIONAL, PROVINCIAL}),
        },
        S.DISSOLVED: {},
    }
)

# Statuses whose every way out needs a reason: leaving pilot status undoes a wrongly recorded selection or
# ends a published one, and the history and the audit entry say why.
LEAVING_NEEDS_A_REASON = frozenset({S.PILOT})
