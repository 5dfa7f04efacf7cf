"""Talent exchange endpoints: an alliance's training programmes and staff exchanges (read, record, record
the outcome) and the year's statistics. Every route declares its refusals."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.inputs import Id, Year
from itisa.core.responses import errors
from itisa.registry.selectors import access_alliance
from itisa.talent import services
from itisa.talent.permissions import can_keep_talent, can_view_talent
from itisa.talent.schemas import (
    TalentExchangeIn,
    TalentExchangeOut,
    TalentOutcomeIn,
    TalentProgrammeIn,
    TalentProgrammeOut,
    TalentProgrammeOutcomeIn,
    TalentStatisticsOut,
)
from itisa.talent.selectors import (
    access_exchange,
    access_programme,
    exchange_document,
    exchanges_of,
    programme_document,
    programmes_of,
    talent_statistics,
)

router = Router(tags=["talent"], auth=AUTHENTICATED)

READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


@router.get("/alliances/{code}/talent/programmes", response={200: list[TalentProgrammeOut], **READ})
def programme_list(
    request: HttpRequest, code: str, kind: str = "", year: Year | None = None, q: str = ""
) -> Any:
    """The alliance's training programmes, newest first, filtered by kind, a year their period touches and text."""
    alliance = access_alliance(viewer(request), code, need=can_view_talent)
    return [
        programme_document(p) for p in programmes_of(viewer(request), alliance, kind=kind, year=year, q=q)
    ]


@router.post("/alliances/{code}/talent/programmes", response={201: TalentProgrammeOut, **WRITE})
def programme_create(request: HttpRequest, code: str, payload: TalentProgrammeIn) -> Any:
    """Record a joint training programme organised by active members."""
    alliance = access_alliance(viewer(request), code, need=can_keep_talent)
    row = services.programme_create(by=viewer(request), alliance=alliance,
                                    data=services.ProgrammeInput(**payload.dict()))  # fmt: skip
    return Status(201, programme_document(access_programme(viewer(request), code, row.code)))


@router.get("/alliances/{code}/talent/programmes/{programme}", response={200: TalentProgrammeOut, **READ})
def programme_detail(request: HttpRequest, code: str, programme: str) -> Any:
    """A training programme."""
    return programme_document(access_programme(viewer(request), code, programme))


@router.post(
    "/alliances/{code}/talent/programmes/{programme}/outcome", response={200: TalentProgrammeOut, **WRITE}
)
def programme_conclude(
    request: HttpRequest, code: str, programme: str, payload: TalentProgrammeOutcomeIn
) -> Any:
    """Record how many took part and the outcome, from the last day on; 409 the second time."""
    access_alliance(viewer(request), code, need=can_keep_talent)
    obj = access_programme(viewer(request), code, programme)
    services.programme_conclude(by=viewer(request), programme=obj,
                                data=services.ProgrammeOutcomeInput(**payload.dict()))  # fmt: skip
    return programme_document(access_programme(viewer(request), code, programme))


@router.get("/alliances/{code}/talent/exchanges", response={200: list[TalentExchangeOut], **READ})
def exchange_list(
    request: HttpRequest, code: str, year: Year | None = None, organisation: Id | None = None, q: str = ""
) -> Any:
    """The alliance's staff exchanges with their duration, newest first, filtered by year, member and text."""
    alliance = access_alliance(viewer(request), code, need=can_view_talent)
    rows = exchanges_of(viewer(request), alliance, year=year, organisation=organisation, q=q)
    return [exchange_document(x) for x in rows]


@router.post("/alliances/{code}/talent/exchanges", response={201: TalentExchangeOut, **WRITE})
def exchange_create(request: HttpRequest, code: str, payload: TalentExchangeIn) -> Any:
    """Record a staff exchange between two different active members."""
    alliance = access_alliance(viewer(request), code, need=can_keep_talent)
    row = services.exchange_create(by=viewer(request), alliance=alliance,
                                   data=services.ExchangeInput(**payload.dict()))  # fmt: skip
    return Status(201, exchange_document(access_exchange(viewer(request), code, row.code)))


@router.get("/alliances/{code}/talent/exchanges/{exchange}", response={200: TalentExchangeOut, **READ})
def exchange_detail(request: HttpRequest, code: str, exchange: str) -> Any:
    """A staff exchange with its duration."""
    return exchange_document(access_exchange(viewer(request), code, exchange))


@router.post(
    "/alliances/{code}/talent/exchanges/{exchange}/outcome", response={200: TalentExchangeOut, **WRITE}
)
def exchange_conclude(request: HttpRequest, code: str, exchange: str, payload: TalentOutcomeIn) -> Any:
    """Record the exchange's outcome, from its last day on; 409 the second time."""
    access_alliance(viewer(request), code, need=can_keep_talent)
    obj = access_exchange(viewer(request), code, exchange)
    services.exchange_conclude(by=viewer(request), exchange=obj, data=services.OutcomeInput(**payload.dict()))
    return exchange_document(access_exchange(viewer(request), code, exchange))


@router.get("/alliances/{code}/talent/statistics", response={200: TalentStatisticsOut, **READ})
def statistics(request: HttpRequest, code: str, year: Year | None = None) -> Any:
    """A year's programmes, participants, exchanges and person-months (this year by default)."""
    alliance = access_alliance(viewer(request), code, need=can_view_talent)
    return talent_statistics(alliance, year or timezone.localdate().year).as_dict()
