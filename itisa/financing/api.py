"""Financing endpoints: needs (list, record, detail, submit, recommend, responses, close) and credit lines
(list, record, detail, drawdowns, repayments). Every route declares its refusals."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import NotFound
from itisa.core.inputs import Count, Year
from itisa.core.responses import errors
from itisa.financing import services
from itisa.financing.permissions import can_keep_financing, can_view_financing
from itisa.financing.schemas import (
    FinancingCloseIn,
    FinancingDrawdownIn,
    FinancingLineIn,
    FinancingLineOut,
    FinancingNeedDetailOut,
    FinancingNeedIn,
    FinancingNeedOut,
    FinancingRecommendationIn,
    FinancingRepaymentIn,
    FinancingResponseIn,
)
from itisa.financing.selectors import (
    access_line,
    access_need,
    line_document,
    lines_of,
    need_document,
    need_summary,
    needs_of,
)
from itisa.registry.selectors import access_alliance

router = Router(tags=["financing"], auth=AUTHENTICATED)

READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


def _need(request: HttpRequest, code: str, need: str) -> dict[str, Any]:
    return need_document(access_need(viewer(request), code, need))


def _line(request: HttpRequest, code: str, line: str) -> dict[str, Any]:
    return line_document(access_line(viewer(request), code, line), today=timezone.localdate())


@router.get("/alliances/{code}/financing/needs", response={200: list[FinancingNeedOut], **READ})
def need_list(request: HttpRequest, code: str, status: str = "", channel: str = "", year: Year | None = None,
              q: str = "") -> Any:  # fmt: skip
    """The needs the viewer sees, newest first, filtered by status, channel, year recorded and text."""
    alliance = access_alliance(viewer(request), code, need=can_view_financing)
    qs = needs_of(viewer(request), alliance, status=status, channel=channel, year=year, q=q)
    return [need_summary(n) for n in qs]


@router.post("/alliances/{code}/financing/needs", response={201: FinancingNeedDetailOut, **WRITE})
def need_create(request: HttpRequest, code: str, payload: FinancingNeedIn) -> Any:
    """Record a draft need (the secretariat; a member's representative for its own organisation)."""
    alliance = access_alliance(viewer(request), code, need=can_view_financing)
    need = services.need_create(
        by=viewer(request), alliance=alliance, data=services.NeedInput(**payload.dict())
    )
    return Status(201, _need(request, code, need.code))


@router.get("/alliances/{code}/financing/needs/{need}", response={200: FinancingNeedDetailOut, **READ})
def need_detail(request: HttpRequest, code: str, need: str) -> Any:
    """A need with its history and the institutions' responses."""
    return _need(request, code, need)


@router.post(
    "/alliances/{code}/financing/needs/{need}/submit", response={200: FinancingNeedDetailOut, **WRITE}
)
def need_submit(request: HttpRequest, code: str, need: str) -> Any:
    """Submit a draft need to the alliance; 409 when it is not a draft."""
    services.need_submit(by=viewer(request), need=access_need(viewer(request), code, need))
    return _need(request, code, need)


@router.post(
    "/alliances/{code}/financing/needs/{need}/recommendation", response={200: FinancingNeedDetailOut, **WRITE}
)
def need_recommend(request: HttpRequest, code: str, need: str, payload: FinancingRecommendationIn) -> Any:
    """The alliance's recommendation or refusal of a submitted need (the secretariat, with letter and reason)."""
    access_alliance(viewer(request), code, need=can_keep_financing)
    obj = access_need(viewer(request), code, need)
    services.need_recommend(by=viewer(request), need=obj, data=services.RecommendationInput(**payload.dict()))
    return _need(request, code, need)


@router.post(
    "/alliances/{code}/financing/needs/{need}/responses", response={201: FinancingNeedDetailOut, **WRITE}
)
def response_record(request: HttpRequest, code: str, need: str, payload: FinancingResponseIn) -> Any:
    """Record an institution's response to a recommended need (written once)."""
    access_alliance(viewer(request), code, need=can_keep_financing)
    obj = access_need(viewer(request), code, need)
    services.response_record(by=viewer(request), need=obj, data=services.ResponseInput(**payload.dict()))
    return Status(201, _need(request, code, need))


@router.post(
    "/alliances/{code}/financing/needs/{need}/close", response={200: FinancingNeedDetailOut, **WRITE}
)
def need_close(request: HttpRequest, code: str, need: str, payload: FinancingCloseIn) -> Any:
    """Close a need; 409 when its status allows no closing."""
    services.need_close(
        by=viewer(request), need=access_need(viewer(request), code, need), comment=payload.comment
    )
    return _need(request, code, need)


@router.get("/alliances/{code}/financing/lines", response={200: list[FinancingLineOut], **READ})
def line_list(request: HttpRequest, code: str) -> Any:
    """The credit lines the viewer sees, with their drawdowns, repayments and what is outstanding."""
    alliance = access_alliance(viewer(request), code, need=can_view_financing)
    today = timezone.localdate()
    return [line_document(line, today=today) for line in lines_of(viewer(request), alliance)]


@router.post("/alliances/{code}/financing/lines", response={201: FinancingLineOut, **WRITE})
def line_open(request: HttpRequest, code: str, payload: FinancingLineIn) -> Any:
    """Record a credit line (linked to a loan fund of the ledger, a project, a need)."""
    alliance = access_alliance(viewer(request), code, need=can_keep_financing)
    line = services.line_open(
        by=viewer(request), alliance=alliance, data=services.LineInput(**payload.dict())
    )
    return Status(201, _line(request, code, line.code))


@router.get("/alliances/{code}/financing/lines/{line}", response={200: FinancingLineOut, **READ})
def line_detail(request: HttpRequest, code: str, line: str) -> Any:
    """A credit line with its drawdowns, repayments and what is outstanding."""
    return _line(request, code, line)


@router.post("/alliances/{code}/financing/lines/{line}/drawdowns", response={201: FinancingLineOut, **WRITE})
def drawdown_record(request: HttpRequest, code: str, line: str, payload: FinancingDrawdownIn) -> Any:
    """Record a drawdown; 422 beyond the undrawn limit or outside the line's term (nothing written)."""
    access_alliance(viewer(request), code, need=can_keep_financing)
    obj = access_line(viewer(request), code, line)
    services.drawdown_record(by=viewer(request), line=obj, data=services.DrawdownInput(**payload.dict()))
    return Status(201, _line(request, code, line))


@router.post(
    "/alliances/{code}/financing/lines/{line}/drawdowns/{seq}/repayments",
    response={201: FinancingLineOut, **WRITE},
)
def repayment_record(
    request: HttpRequest, code: str, line: str, seq: Count, payload: FinancingRepaymentIn
) -> Any:
    """Record a repayment of a drawdown; 422 beyond what is outstanding."""
    access_alliance(viewer(request), code, need=can_keep_financing)
    obj = access_line(viewer(request), code, line)
    drawdown = next((d for d in obj.drawdowns.all() if d.seq == seq), None)
    if drawdown is None:
        raise NotFound(_("No such drawdown."))
    services.repayment_record(
        by=viewer(request), drawdown=drawdown, data=services.RepaymentInput(**payload.dict())
    )
    return Status(201, _line(request, code, line))
