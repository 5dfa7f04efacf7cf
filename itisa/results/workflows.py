"""The result status workflow as data: ``{from: {to: who moves it}}`` (drawn in docs/workflows.md).

``keeper`` is the alliance's secretariat (or the national office correcting a record). A registered
kind is filed, then granted or refused/withdrawn (lapsed), and a granted right lapses (term ended, fees
unpaid, invalidated). A result that is not registered with an office is recorded and stays so.

An access request (DESCA access rights) is decided once by the result's owners: granted with its terms,
or refused with the reason.
"""

from __future__ import annotations

from itisa.core.workflows import Transitions
from itisa.results.choices import AccessRequestStatus as A
from itisa.results.choices import ResultStatus as S

KEEPER = "keeper"

RESULT_TRANSITIONS = Transitions.of(
    {
        S.FILED: {S.GRANTED: {KEEPER}, S.LAPSED: {KEEPER}},
        S.GRANTED: {S.LAPSED: {KEEPER}},
        S.LAPSED: {},
        S.RECORDED: {},
    }
)

# an access request is decided by the result's current owners (a contact or legal representative of one
# of them acts for the owners); granted and refused are final: a new need is a new request
OWNER = "owner"

ACCESS_TRANSITIONS = Transitions.of(
    {
        A.REQUESTED: {A.GRANTED: {OWNER}, A.REFUSED: {OWNER}},
        A.GRANTED: {},
        A.REFUSED: {},
    }
)
