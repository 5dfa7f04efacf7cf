"""The stages of a standard as data: ``{from: {to: who moves it}}`` (drawn in docs/standards.md).

Actors: ``keeper`` (the alliance's secretariat, or the national office correcting a record) and
``system`` (the decision body's vote carrying). The moves a vote makes are listed in ``VOTED_MOVES``:
before each, every drafting member files its IPR declaration (``services.vote_open``).
"""

from __future__ import annotations

from itisa.core.workflows import SYSTEM, Transitions
from itisa.standards.choices import Stage as S

KEEPER = "keeper"

STAGE_TRANSITIONS = Transitions.of(
    {
        S.PROPOSAL: {S.APPROVED: {SYSTEM}, S.WITHDRAWN: {KEEPER}},
        S.APPROVED: {S.DRAFTING: {KEEPER}, S.WITHDRAWN: {KEEPER}},
        S.DRAFTING: {S.CONSULTATION: {KEEPER}, S.WITHDRAWN: {KEEPER}},
        S.CONSULTATION: {S.REVIEW: {KEEPER}, S.DRAFTING: {KEEPER}, S.WITHDRAWN: {KEEPER}},
        S.REVIEW: {S.SUBMITTED: {SYSTEM}, S.DRAFTING: {KEEPER}, S.WITHDRAWN: {KEEPER}},
        S.SUBMITTED: {S.PUBLISHED: {KEEPER}, S.REVIEW: {KEEPER}, S.WITHDRAWN: {KEEPER}},
        S.PUBLISHED: {S.WITHDRAWN: {KEEPER}},
        S.WITHDRAWN: {},
    }
)

# the moves the alliance's decision body votes on: approval for drafting (立项) and the submission of the
# final draft for approval (报批); {from: to}
VOTED_MOVES: dict[str, str] = {S.PROPOSAL: S.APPROVED, S.REVIEW: S.SUBMITTED}

# the moves the secretariat makes by hand
MANUAL = (S.DRAFTING, S.CONSULTATION, S.REVIEW, S.PUBLISHED, S.WITHDRAWN)
