"""The admission workflow as data: ``{from: {to: who moves it}}``. Drawn in docs/workflows.md.

Actors: ``keeper`` (the alliance's secretariat, or the officers who keep its member list),
``applicant`` (the account that applied), ``system`` (a vote closing, an accession taking effect).
"""

from __future__ import annotations

from itisa.membership.choices import ApplicationStatus as A

KEEPER = "keeper"
APPLICANT = "applicant"
SYSTEM = "system"

APPLICATION_TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
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


def can_move(current: str, target: str, actors: set[str]) -> bool:
    return bool(APPLICATION_TRANSITIONS.get(current, {}).get(target, frozenset()) & actors)
