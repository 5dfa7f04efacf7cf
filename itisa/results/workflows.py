"""The result status workflow as data: ``{from: {to: who moves it}}`` (drawn in docs/workflows.md).

``keeper`` is the alliance's secretariat (or the national office correcting a record). A registered
kind is filed, then granted or refused/withdrawn (lapsed), and a granted right lapses (term ended, fees
unpaid, invalidated). A result that is not registered with an office is recorded and stays so.
"""

from __future__ import annotations

from itisa.core.workflows import Transitions
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
