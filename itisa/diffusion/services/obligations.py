"""Diffusion obligations: they arise, are met (by a recorded diffusion, a catalogue entry or a licence), or
pass their deadline (国科发政〔2008〕770号 第八条(六)).

Every move is one service: ``obligations_arise`` (the clock, when a publicly funded result's start is
known), ``obligation_settle`` (evidence of diffusion found: met, or met late), ``obligation_mark_overdue``
(the clock, the day after the deadline, Beijing time) and ``diffusion_record`` (the secretariat records an
open licence offer, a publication or a standard). Each locks the row it moves and checks again, so a clock
firing twice or racing a person acts once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.agreements.selectors import effective_version
from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.values import is_blank, strip_text
from itisa.core.workflows import SYSTEM
from itisa.diffusion import actions, notices
from itisa.diffusion.choices import MANUAL_MEANS, UNMET, Means
from itisa.diffusion.choices import ObligationStatus as O
from itisa.diffusion.models import Diffusion, Obligation, ObligationStatusChange
from itisa.diffusion.permissions import can_keep_catalogue
from itisa.diffusion.rules import deadline, obligation_start
from itisa.diffusion.services.inputs import DiffusionInput
from itisa.diffusion.workflows import OBLIGATION_TRANSITIONS
from itisa.projects.choices import ENDED_STATUSES, FundingKind
from itisa.projects.models import ProjectStatusChange
from itisa.results.models import Result

if TYPE_CHECKING:
    from itisa.accounts.models import User


@dataclass(frozen=True)
class Evidence:
    """The first diffusion of a result: when, how, and the record that shows it."""

    on: dt.date
    means: str
    ref: str


def departments_of(result: Result) -> list[str]:
    """The granting departments of the government plan grants that paid for the result."""
    return sorted(
        {
            f.fund.granting_department
            for f in result.funding.all()
            if f.kind == FundingKind.GOVERNMENT_GRANT and f.fund.granting_department
        }
    )


def project_ended_on(result: Result) -> dt.date | None:
    """The day (Beijing time) the result's project was accepted and closed, or terminated."""
    project = result.project
    if project is None or project.status not in {s.value for s in ENDED_STATUSES}:
        return None
    change = (
        ProjectStatusChange.objects.filter(project_id=project.pk, new_status__in=ENDED_STATUSES)
        .order_by("-at")
        .first()
    )
    return timezone.localdate(change.at) if change else None


def first_evidence(result_id: int) -> Evidence | None:
    """The earliest diffusion of the result: a recorded diffusion (catalogue entry, offer, publication,
    standard) or the start of a licence."""
    from itisa.licensing.models import Licence

    found: list[Evidence] = [
        Evidence(d.on, d.means, d.proof or (d.listing and str(d.listing.result_id)) or "")
        for d in Diffusion.objects.filter(result_id=result_id).order_by("on", "pk")[:1]
    ]
    licence = Licence.objects.filter(result_id=result_id).order_by("starts_on", "pk").first()
    if licence is not None:
        found.append(Evidence(licence.starts_on, Means.LICENCE, licence.code))
    return min(found, key=lambda e: e.on) if found else None


def _move(ob: Obligation, target: str, *, by: Any, now: dt.datetime, evidence: Evidence | None) -> None:
    data: dict[str, Any] = {"obligation": ob.pk, "result": ob.result_id, "department": ob.department,
                            "to": target, "deadline": ob.deadline.isoformat()}  # fmt: skip
    fields: list[str] = []
    if evidence is not None:
        ob.met_on = evidence.on
        fields.append("met_on")
        data.update(met_on=evidence.on.isoformat(), means=evidence.means, ref=evidence.ref)
    move(
        ob, target, by=by, actors={SYSTEM}, table=OBLIGATION_TRANSITIONS, history=ObligationStatusChange,
        action=actions.OBLIGATION_MOVED, data=data, fields=fields, at=now,
    )  # fmt: skip


def obligation_settle(*, obligation: Obligation, now: dt.datetime, by: Any = None) -> bool:
    """Apply the result's first diffusion to an unmet obligation: met when it came by the deadline, met late
    otherwise. Acts once; False when there is nothing to change."""
    with transaction.atomic():
        ob = Obligation.objects.select_for_update().get(pk=obligation.pk)
        if ob.status not in UNMET:
            return False
        evidence = first_evidence(ob.result_id)
        if evidence is None:
            return False
        target = O.MET if evidence.on <= ob.deadline else O.MET_LATE
        _move(ob, target, by=by, now=now, evidence=evidence)
        return True


def obligations_settle_result(*, result_id: int, now: dt.datetime, by: Any = None) -> int:
    """Settle every unmet obligation of one result (after a diffusion or a licence is recorded)."""
    return sum(
        obligation_settle(obligation=ob, now=now, by=by)
        for ob in Obligation.objects.filter(result_id=result_id, status__in=UNMET)
    )


def obligations_arise(*, result: Result, now: dt.datetime) -> int:
    """The obligations of a publicly funded result once its start is known (the system acts): one per
    granting department, the deadline from the agreement in force, met at once if the result has already
    diffused. Returns how many arose; 0 when none is due (acts once)."""
    with transaction.atomic():
        obj = (
            Result.objects.select_for_update(of=("self",))
            .select_related("project", "alliance")
            .get(pk=result.pk)
        )
        if not obj.publicly_funded:
            return 0
        start = obligation_start(
            registered_on=timezone.localdate(obj.created_at),
            project_ended_on=project_ended_on(obj),
            has_project=obj.project_id is not None,
        )
        if start is None:
            return 0
        existing = set(Obligation.objects.filter(result=obj).values_list("department", flat=True))
        version = effective_version(obj.alliance)
        months = None
        if version is not None:
            months = ((version.content or {}).get("diffusion") or {}).get("deadline_months")
        last_day, term = deadline(start, months)
        created = []
        for department in departments_of(obj):
            if department in existing:
                continue
            ob = Obligation(alliance=obj.alliance, result=obj, department=department, starts_on=start,
                            deadline=last_day, months=term, agreement=version)  # fmt: skip
            ob.full_clean()
            ob.save()
            history = ObligationStatusChange.objects.create(obligation=ob, new_status=O.OPEN, by=None, at=now)
            log_action(ob, actions.OBLIGATION_ARISEN, by=None, sealed=[history], data={
                "result": obj.pk, "department": department, "starts_on": start.isoformat(),
                "deadline": last_day.isoformat(), "months": term, "agreement": version.pk if version else None,
            })  # fmt: skip
            created.append(ob)
    for ob in created:
        obligation_settle(obligation=ob, now=now)
    return len(created)


def obligation_mark_overdue(*, obligation: Obligation, now: dt.datetime) -> bool:
    """The deadline passed (Beijing time) without a diffusion: overdue, and the alliance's secretariat, the
    department's fund supervisors and the national office are told. A diffusion found first settles it
    instead. Acts once."""
    if obligation_settle(obligation=obligation, now=now):
        return True
    with transaction.atomic():
        ob = Obligation.objects.select_for_update().select_related("result", "alliance").get(pk=obligation.pk)
        if ob.status != O.OPEN or ob.deadline >= timezone.localdate(now):
            return False
        _move(ob, O.OVERDUE, by=None, now=now, evidence=None)
        notices.obligation_overdue(ob)
        return True


def diffusion_record(
    *, by: User, result: Result, data: DiffusionInput, now: dt.datetime | None = None
) -> Diffusion:
    """The secretariat records an open licence offer, an open publication or a standard that diffuses the
    result, with its proof; the result's unmet obligations are settled with it. Write-once."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = Result.objects.select_for_update().select_related("alliance").get(pk=result.pk)
        decision = can_keep_catalogue(by, obj.alliance)
        if not decision:
            raise PermissionDenied(decision.reason)
        errors: dict[str, list[str]] = {}
        if data.means not in MANUAL_MEANS:
            errors["means"] = [_("Choose an open licence offer, an open publication or a standard.")]
        if data.on is None:
            errors["on"] = [_("Give the date.")]
        elif data.on > timezone.localdate(now):
            errors["on"] = [_("The date cannot be in the future.")]
        if is_blank(data.proof):
            errors["proof"] = [
                _("Give the proof: the address or DOI, the standard's number, or the offer's document.")
            ]
        elif len(strip_text(data.proof)) > Diffusion._meta.get_field("proof").max_length:  # type: ignore[operator]
            errors["proof"] = [_("At most 300 characters.")]
        if errors:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        on = data.on or timezone.localdate(now)  # never empty here: refused above
        row = Diffusion.objects.create(result=obj, means=data.means, on=on, proof=strip_text(data.proof),
                                       by=by, at=now)  # fmt: skip
        log_action(obj, actions.DIFFUSION_RECORDED, by=by, sealed=[row], data={
            "diffusion": row.pk, "means": row.means, "on": row.on.isoformat(), "proof": row.proof,
        })  # fmt: skip
        obligations_settle_result(result_id=obj.pk, now=now, by=by)
        return row
