"""The annual report's moves: the secretariat writes the draft and submits it (the indicator values are
recorded and frozen with it, and the submission carries the SHA-256 digest of the canonical JSON of what
was submitted); the national office returns it for correction with a reason, or accepts it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.agreements.canonical import canonical_bytes, sha256_hex
from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.values import is_blank, strip_text
from itisa.core.workflows import actor_label
from itisa.indicators.selectors import current_values
from itisa.indicators.services import indicator_values_record
from itisa.reports import actions, notices
from itisa.reports.choices import EDITABLE, ReportStatus
from itisa.reports.models import TEXT_MAX, AnnualReport, ReportIndicator, ReportStatusChange, ReportSubmission
from itisa.reports.permissions import actors_for, can_decide_report, can_prepare_report
from itisa.reports.rules import PARTS, FrozenValue, canonical_document
from itisa.reports.services.inputs import ReportInput
from itisa.reports.workflows import REPORT_TRANSITIONS

if TYPE_CHECKING:
    from itisa.accounts.models import User

TEXT_FIELDS = tuple(f"{p}_{lang}" for p in PARTS for lang in ("zh", "en"))
REASON_MAX = 2000


def _locked(report: AnnualReport) -> AnnualReport:
    return (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("alliance", "round")
        .get(pk=report.pk)
    )


def _require(decision: Any) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def report_save(*, by: User, report: AnnualReport, data: ReportInput) -> AnnualReport:
    """Write the draft's parts that were given (a draft, or a report returned for correction)."""
    with transaction.atomic():
        obj = _locked(report)
        _require(can_prepare_report(by, obj.alliance))
        if obj.status not in EDITABLE:
            raise DomainError(_("A submitted or accepted report is not edited; the office may return it."))
        given = {k: strip_text(v or "") for k, v in data.given().items() if k in TEXT_FIELDS}
        problems = {k: [_("At most %(n)s characters.") % {"n": TEXT_MAX}] for k, v in given.items()
                    if len(v) > TEXT_MAX}  # fmt: skip
        if problems:
            raise DomainError(_("Please correct the errors below."), fields=problems)
        changed = [k for k, v in given.items() if getattr(obj, k) != v]
        if not changed:
            return obj
        for k in changed:
            setattr(obj, k, given[k])
        obj.save(update_fields=[*changed, "updated_at"])
        log_action(obj, actions.REPORT_SAVED, by=by, data={
            "year": obj.year, "fields": changed, "lengths": {k: len(given[k]) for k in changed},
        })  # fmt: skip
        return obj


def report_submit(*, by: User, report: AnnualReport, now: dt.datetime | None = None) -> ReportSubmission:
    """The secretariat submits (again, after a return): the system's indicator values are recorded, the
    current values are frozen with the submission, and the SHA-256 digest of the canonical JSON of the four
    parts and the table is stored with who submitted (write-once, sealed)."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = _locked(report)
        _require(can_prepare_report(by, obj.alliance))
        REPORT_TRANSITIONS.check(obj.status, ReportStatus.SUBMITTED, actors_for(by, obj.alliance_id),
                                 invalid=_("This report is not waiting to be submitted."))  # fmt: skip
        missing = {f"{p}_zh": [_("Write this part before submitting.")] for p in PARTS
                   if is_blank(getattr(obj, f"{p}_zh"))}  # fmt: skip
        if missing:
            raise DomainError(_("The four parts of the work summary are required."), fields=missing)
        indicator_values_record(alliance=obj.alliance, year=obj.year, by=by, now=now)
        current = current_values(obj.year, [obj.alliance_id]).get(obj.alliance_id, {})
        frozen = [FrozenValue(code, c.value, c.source, c.evidence) for code, c in sorted(current.items())]
        document = canonical_document(
            alliance_code=obj.alliance.code, alliance_name_zh=obj.alliance.name_zh, year=obj.year,
            parts={f: getattr(obj, f) for f in TEXT_FIELDS}, indicators=frozen,
        )  # fmt: skip
        raw = canonical_bytes(document)
        submission = ReportSubmission.objects.create(
            report=obj, number=obj.submissions.count() + 1, by=by, actor_label=actor_label(by), at=now,
            late=timezone.localdate(now) > obj.round.deadline, canonical=raw.decode(), sha256=sha256_hex(raw),
        )  # fmt: skip
        rows = ReportIndicator.objects.bulk_create(
            [
                ReportIndicator(
                    submission=submission, code=v.code, value=v.value, source=v.source, evidence=v.evidence
                )
                for v in frozen
            ]  # fmt: skip
        )
        obj.submitted_at = now
        move(
            obj, ReportStatus.SUBMITTED, by=by, actors=actors_for(by, obj.alliance_id), table=REPORT_TRANSITIONS,
            history=ReportStatusChange, action=actions.REPORT_SUBMITTED, fields=["submitted_at"], at=now,
            sealed=[submission, *rows], data={
                "year": obj.year, "submission": submission.number, "sha256": submission.sha256,
                "late": submission.late, "indicators": len(rows),
            },
        )  # fmt: skip
        return submission


def _decide(
    *, by: User, report: AnnualReport, target: str, reason: str, now: dt.datetime | None
) -> AnnualReport:
    now = now or timezone.now()
    reason = strip_text(reason or "")
    with transaction.atomic():
        obj = _locked(report)
        _require(can_decide_report(by, obj.alliance))
        REPORT_TRANSITIONS.check(obj.status, target, actors_for(by, obj.alliance_id),
                                 invalid=_("Only a submitted report is returned or accepted."))  # fmt: skip
        if target == ReportStatus.RETURNED and is_blank(reason):
            raise DomainError(_("Please correct the errors below."),
                              fields={"reason": [_("Say what is to be corrected.")]})  # fmt: skip
        if len(reason) > REASON_MAX:
            raise DomainError(_("Please correct the errors below."),
                              fields={"reason": [_("At most %(n)s characters.") % {"n": REASON_MAX}]})  # fmt: skip
        move(
            obj, target, by=by, actors=actors_for(by, obj.alliance_id), table=REPORT_TRANSITIONS,
            history=ReportStatusChange, action=actions.REPORT_MOVED, comment=reason, at=now,
            data={"year": obj.year, "from": ReportStatus.SUBMITTED, "to": target, "reason": reason},
        )  # fmt: skip
        notices.report_decided(obj, reason=reason if target == ReportStatus.RETURNED else "", by=by)
        return obj


def report_return(
    *, by: User, report: AnnualReport, reason: str, now: dt.datetime | None = None
) -> AnnualReport:
    """The national office returns a submitted report for correction, saying why; the secretariat is told."""
    return _decide(by=by, report=report, target=ReportStatus.RETURNED, reason=reason, now=now)


def report_accept(*, by: User, report: AnnualReport, now: dt.datetime | None = None) -> AnnualReport:
    """The national office accepts a submitted report; the secretariat is told."""
    return _decide(by=by, report=report, target=ReportStatus.ACCEPTED, reason="", now=now)
