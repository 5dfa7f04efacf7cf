"""Reads of the results register, scoped to the viewer (``permissions``: the alliance's people and the
national office see every result; everyone else only the public ones). A page of results costs a fixed
number of queries: owners come with one prefetch of the current ownership records."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from itisa.core.errors import NotFound
from itisa.registry.models import Alliance
from itisa.registry.selectors import alliance_get
from itisa.results.models import AccessRequest, BackgroundIP, Owner, OwnershipRecord, Result
from itisa.results.permissions import ALLIANCE_PEOPLE, sees_access_requests, sees_register


def _owners_prefetch() -> Prefetch[Any]:
    return Prefetch("ownership__owners", queryset=Owner.objects.select_related("organisation").order_by("pk"))


def results_of(
    user: Any, alliance: Alliance, *, q: str = "", kind: str = "", status: str = "",
    publicly_funded: bool | None = None, project: str = "",
) -> QuerySet[Result]:  # fmt: skip
    """The alliance's results the viewer may see, newest code first, with their project and current
    owners; filtered by kind, status, public funding, project code and a text in the code, title, number
    or an owner's name (``icontains``: full-text search is a later issue)."""
    qs = Result.objects.filter(alliance=alliance)
    if not sees_register(user, alliance):
        qs = qs.filter(public=True)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if publicly_funded is not None:
        qs = qs.filter(publicly_funded=publicly_funded)
    if project:
        qs = qs.filter(project__code=project)
    text = q.strip()
    if text:
        owned = Owner.objects.filter(organisation__name_zh__icontains=text).values("record_id")
        qs = qs.filter(
            Q(code__icontains=text) | Q(title_zh__icontains=text) | Q(title_en__icontains=text)
            | Q(number__icontains=text) | Q(ownership_id__in=owned)
        )  # fmt: skip
    return (
        qs.select_related("alliance", "project", "ownership")
        .prefetch_related(_owners_prefetch())
        .order_by("-pk")  # newest first: codes are given in order under the alliance lock
    )


def access_result(user: Any, pk: int) -> Result:
    """Find and check: the result if the viewer may see it; NotFound whether missing or hidden."""
    result = (
        Result.objects.select_related("alliance", "project", "ownership__agreement", "ownership__motion")
        .prefetch_related(_owners_prefetch())
        .filter(pk=pk)
        .first()
    )
    if result is None or alliance_get(user, result.alliance.code) is None:
        raise NotFound(_("No such result, or you may not see it."))
    if not result.public and not sees_register(user, result.alliance):
        raise NotFound(_("No such result, or you may not see it."))
    return result


def ownership_history(result: Result) -> list[OwnershipRecord]:
    """Every ownership record of the result, oldest first, with owners, agreement and resolution."""
    return list(
        result.ownership_records.select_related("agreement", "motion__body", "by")
        .prefetch_related(
            Prefetch("owners", queryset=Owner.objects.select_related("organisation").order_by("pk"))
        )
        .order_by("seq")
    )


def result_document(user: Any, result: Result) -> dict[str, Any]:
    """The result as plain data (the API's detail, ``itisa result show``). Contributions, people and
    the ownership history are for those who see the register; the public sees the result and its owners."""
    inside = sees_register(user, result.alliance)
    owners = result.ownership.owners.all() if result.ownership else []
    doc: dict[str, Any] = {
        "id": result.pk, "alliance": result.alliance.code, "code": result.code, "kind": result.kind,
        "title_zh": result.title_zh, "title_en": result.title_en, "number": result.number,
        "status": result.status, "filed_on": result.filed_on, "granted_on": result.granted_on,
        "lapsed_on": result.lapsed_on, "project": result.project.code if result.project else None,
        "publicly_funded": result.publicly_funded, "public": result.public,
        "owners": [{"organisation": o.organisation.uscc, "name_zh": o.organisation.name_zh, "share": str(o.share)}
                   for o in owners],
        "ownership_basis": result.ownership.basis if result.ownership else None,
        "contributions": [], "inventors": [], "funding": [], "ownership_history": [],
    }  # fmt: skip
    if not inside:
        return doc
    doc["contributions"] = [
        {"organisation": c.organisation.uscc, "name_zh": c.organisation.name_zh, "share": str(c.share)}
        for c in result.contributions.select_related("organisation").order_by("pk")
    ]
    doc["inventors"] = [
        {
            "name": i.name,
            "organisation": i.organisation.uscc if i.organisation else None,
            "share": str(i.share),
        }
        for i in result.inventors.select_related("organisation").order_by("pk")
    ]
    doc["funding"] = [
        {"id": f.pk, "kind": f.kind, "fund": f.fund.name_zh, "amount": str(f.amount)}
        for f in result.funding.select_related("fund").order_by("pk")
    ]
    doc["ownership_history"] = [
        {"seq": r.seq, "basis": r.basis, "rule": r.rule, "agreement": r.agreement.label if r.agreement else None,
         "motion": r.motion_id, "document_ref": r.document_ref, "document_on": r.document_on, "reason": r.reason,
         "at": r.at, "owners": [{"organisation": o.organisation.uscc, "share": str(o.share)} for o in r.owners.all()]}
        for r in ownership_history(result)
    ]  # fmt: skip
    return doc


def background_of(user: Any, organisation: Any) -> list[BackgroundIP]:
    """The organisation's background IP declarations in the alliances whose register the viewer sees."""
    from itisa.accounts.roles import role_summary

    s = role_summary(user)
    qs = BackgroundIP.objects.filter(organisation=organisation).select_related("alliance")
    if not s.national:
        qs = qs.filter(alliance_id__in=s.alliances_with(*ALLIANCE_PEOPLE))
    return list(qs.order_by("alliance__code", "declared_on", "pk"))


def background_in(user: Any, alliance: Alliance) -> QuerySet[BackgroundIP]:
    """The alliance's background IP declarations, for those who see its register."""
    if not sees_register(user, alliance):
        return BackgroundIP.objects.none()
    return (
        BackgroundIP.objects.filter(alliance=alliance)
        .select_related("organisation")
        .order_by("organisation_id", "declared_on", "pk")
    )


def _access_requests(result: Result) -> QuerySet[AccessRequest]:
    return (
        AccessRequest.objects.filter(result=result)
        .select_related("organisation", "requested_by", "decided_by", "decided_for")
        .order_by("-requested_at", "-pk")
    )


def access_requests_of(user: Any, result: Result) -> QuerySet[AccessRequest]:
    """The access requests to ``result`` the viewer may see: all of them for the secretariat, the national
    office and the contacts of the result's owners; a member's own requests for its contacts; none for
    anyone else (the result itself is found with ``access_result`` first)."""
    seen = sees_access_requests(user, result.alliance)
    if seen is True:
        return _access_requests(result)
    if not seen:
        return AccessRequest.objects.none()
    owners = {o.organisation_id for o in result.ownership.owners.all()} if result.ownership else set()
    if owners & seen:
        return _access_requests(result)
    return _access_requests(result).filter(organisation_id__in=seen)


def access_request_get(user: Any, pk: int) -> AccessRequest:
    """Find and check an access request: NotFound whether missing or hidden from the viewer."""
    found = AccessRequest.objects.filter(pk=pk).values_list("result_id", flat=True).first()
    if found is None:
        raise NotFound(_("No such access request, or you may not see it."))
    result = access_result(user, found)
    request = access_requests_of(user, result).filter(pk=pk).select_related("result__alliance").first()
    if request is None:
        raise NotFound(_("No such access request, or you may not see it."))
    request.result = result
    return request


def result_sections(user: Any, result: Result) -> dict[str, list[Any]]:
    """What the result's page shows below its facts, in a fixed number of queries whatever the number of
    owners, contributors, people, funding sources, ownership records or moves: the current owners (to the
    public too), and for those who see the register the contributions, people, funding, the ownership
    history and the status history."""
    owners = list(result.ownership.owners.all()) if result.ownership else []
    if not sees_register(user, result.alliance):
        return {"owners": owners, "contributions": [], "inventors": [], "funding": [], "ownership_history": [],
                "history": []}  # fmt: skip
    return {
        "owners": owners,
        "contributions": list(result.contributions.select_related("organisation").order_by("pk")),
        "inventors": list(result.inventors.select_related("organisation").order_by("pk")),
        "funding": list(result.funding.select_related("fund").order_by("pk")),
        "ownership_history": ownership_history(result),
        "history": list(result.status_changes.select_related("by").order_by("at", "pk")),
    }
