"""The alliance status workflow as data: ``{from: {to: actors allowed}}``.

Actors: ``national`` (national office officer), ``provincial`` (provincial officer of a regional
alliance's province), ``secretariat`` (the alliance's own secretariat). Drawn in docs/workflows.md.
Pilot status is conferred only by the national office, which selects pilots (Art. 7).
"""

from __future__ import annotations

from itisa.core.workflows import Transitions
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
            S.PILOT: frozenset({NATIONAL}),
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
