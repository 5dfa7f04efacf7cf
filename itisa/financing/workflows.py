"""The financing need's workflow as data: ``{from: {to: who moves it}}`` (drawn in docs/financing.md).

Actors: ``keeper`` (the alliance's secretariat, or the national office correcting a record) and
``applicant`` (a contact or legal representative of the member that needs the money). The alliance
recommends or not (the secretariat, with its letter's reference and a reason); an institution's response
moves a recommended need to offered or declined (a later offer turns a declined need into an offered one).
"""

from __future__ import annotations

from itisa.core.workflows import Transitions
from itisa.financing.choices import NeedStatus as N

KEEPER = "keeper"
APPLICANT = "applicant"

NEED_TRANSITIONS = Transitions.of(
    {
        N.DRAFT: {N.SUBMITTED: {KEEPER, APPLICANT}, N.CLOSED: {KEEPER, APPLICANT}},
        N.SUBMITTED: {N.RECOMMENDED: {KEEPER}, N.NOT_RECOMMENDED: {KEEPER}},
        N.RECOMMENDED: {N.OFFERED: {KEEPER}, N.DECLINED: {KEEPER}},
        N.NOT_RECOMMENDED: {N.CLOSED: {KEEPER}},
        N.OFFERED: {N.CLOSED: {KEEPER}},
        N.DECLINED: {N.OFFERED: {KEEPER}, N.CLOSED: {KEEPER}},
        N.CLOSED: {},
    }
)
