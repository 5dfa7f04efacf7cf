"""Annual report endpoints: the rounds (the national office opens one), the received reports (scoped to
the alliances the viewer follows), an alliance's report, the secretariat's draft and submission, the
national office's return and acceptance."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import PermissionDenied
from itisa.core.inputs import Year
from itisa.core.responses import errors
from itisa.reports import services
from itisa.reports.models import AnnualReport, ReportRound, ReportSubmission
from itisa.reports.permissions import (
    can_decide_report,
    can_prepare_report,
    can_receive_reports,
    can_view_report,
)
from itisa.reports.schemas import (
    AnnualReportIn,
    AnnualReportOut,
    AnnualReportRowOut,
    ReportReturnIn,
    ReportRoundIn,
    ReportRoundOut,
)
from itisa.reports.selectors import access_report, report_list, rounds

router = Router(tags=["reports"], auth=AUTHENTICATED)

READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


def _round(r: ReportRound) -> dict[str, Any]:
    counts = {s: getattr(r, f"n_{s}", 0) for s in ("draft", "submitted", "returned", "accepted", "overdue")}
    return {"year": r.year, "deadline": r.deadline, "note": r.note, "opened_at": r.opened_at,
            "total": getattr(r, "total", 0), "counts": counts}  # fmt: skip


def _submission(s: ReportSubmission | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"number": s.number, "by": s.actor_label, "at": s.at, "late": s.late, "sha256": s.sha256,
            "indicators": [{"code": v.code, "value": v.value, "source": v.source, "evidence": v.evidence}
                           for v in s.indicators.order_by("code")]}  # fmt: skip


def _report(r: AnnualReport) -> dict[str, Any]:
    last = r.submissions.order_by("-number").first()
    return {
        "alliance": r.alliance.code, "year": r.year, "status": r.status, "deadline": r.round.deadline,
        "overdue": r.overdue_at is not None, "submitted_at": r.submitted_at,
        **{f"{p}_{lang}": getattr(r, f"{p}_{lang}") for p in ("main_work", "achievements", "problems", "plan")
           for lang in ("zh", "en")},
        "submission": _submission(last),
    }  # fmt: skip


@router.get("/reports/rounds", response={200: list[ReportRoundOut], **errors(401, 403)})
def round_list(request: HttpRequest) -> Any:
    """The rounds, newest first, with their reports counted by status."""
    decision = can_receive_reports(viewer(request))
    if not decision:
        raise PermissionDenied(decision.reason)
    return [_round(r) for r in rounds()]


@router.post("/reports/rounds", response={201: ReportRoundOut, **WRITE})
def round_open(request: HttpRequest, payload: ReportRoundIn) -> Any:
    """Open the round of a reporting year (the national office): a draft report for every established or
    pilot alliance."""
    rnd = services.round_open(
        by=viewer(request), year=payload.year, deadline=payload.deadline, note=payload.note
    )
    return Status(201, _round(next(r for r in rounds() if r.pk == rnd.pk)))


class ReportQuery(Schema):
    year: Year | None = None
    status: str = ""
    province: str = ""
    industry: str = ""


@router.get("/reports", response={200: list[AnnualReportRowOut], **errors(401, 403, 422)})
@paginate
def report_index(request: HttpRequest, query: Query[ReportQuery]) -> Any:
    """The reports of the alliances the viewer follows (the national office: all), filtered, newest year
    first, a page at a time; without the parts and submissions (read one report for those)."""
    decision = can_receive_reports(viewer(request))
    if not decision:
        raise PermissionDenied(decision.reason)
    return report_list(viewer(request), year=query.year, status=query.status, province=query.province,
                       industry=query.industry)  # fmt: skip


@router.get("/alliances/{code}/reports/{year}", response={200: AnnualReportOut, **READ})
def report_get(request: HttpRequest, code: str, year: Year) -> Any:
    """One annual report with its last submission and frozen indicator table."""
    return _report(access_report(viewer(request), code, year, need=can_view_report))


@router.put("/alliances/{code}/reports/{year}", response={200: AnnualReportOut, **WRITE})
def report_save(request: HttpRequest, code: str, year: Year, payload: AnnualReportIn) -> Any:
    """Write the draft's parts that are sent (the secretariat; a draft or a returned report)."""
    report = access_report(viewer(request), code, year, need=can_prepare_report)
    given = {k: v for k, v in payload.dict().items() if v is not None}
    services.report_save(by=viewer(request), report=report, data=services.ReportInput(**given))
    return _report(access_report(viewer(request), code, year))


@router.post("/alliances/{code}/reports/{year}/submit", response={200: AnnualReportOut, **WRITE})
def report_submit(request: HttpRequest, code: str, year: Year) -> Any:
    """Submit (the secretariat): the indicator values are recorded and frozen, the digest stored."""
    report = access_report(viewer(request), code, year, need=can_prepare_report)
    services.report_submit(by=viewer(request), report=report)
    return _report(access_report(viewer(request), code, year))


@router.post("/alliances/{code}/reports/{year}/return", response={200: AnnualReportOut, **WRITE})
def report_return(request: HttpRequest, code: str, year: Year, payload: ReportReturnIn) -> Any:
    """Return a submitted report for correction, saying why (the national office)."""
    report = access_report(viewer(request), code, year, need=can_decide_report)
    services.report_return(by=viewer(request), report=report, reason=payload.reason)
    return _report(access_report(viewer(request), code, year))


@router.post("/alliances/{code}/reports/{year}/accept", response={200: AnnualReportOut, **WRITE})
def report_accept(request: HttpRequest, code: str, year: Year) -> Any:
    """Accept a submitted report (the national office)."""
    report = access_report(viewer(request), code, year, need=can_decide_report)
    services.report_accept(by=viewer(request), report=report)
    return _report(access_report(viewer(request), code, year))
