"""Writes of milestones and deliverables: planned with their dates, done with evidence, overdue when the
due day passes (the clock ``projects.milestone.overdue``, acting as the system)."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import Conflict, DomainError, PermissionDenied, full_clean
from itisa.core.inputs import refuse_bad_values
from itisa.core.values import is_blank, strip_text
from itisa.core.workflows import SYSTEM
from itisa.projects import actions, notices
from itisa.projects.choices import MilestoneKind, MilestoneStatus, ProjectStatus
from itisa.projects.models import Evidence, Milestone, Project
from itisa.projects.permissions import can_manage_projects, can_report
from itisa.projects.rules import milestone_problems
from itisa.projects.services.inputs import MilestoneInput
from itisa.projects.workflows import MILESTONE_TRANSITIONS, REPORTER

if TYPE_CHECKING:
    from itisa.accounts.models import User

M = MilestoneStatus
PLANNABLE = (ProjectStatus.PROPOSED, ProjectStatus.APPROVED, ProjectStatus.RUNNING)
# a milestone is reported done while the project runs or is being accepted
REPORTABLE = (ProjectStatus.RUNNING, ProjectStatus.ACCEPTANCE)

# The kinds of evidence accepted, recognised by their first bytes, never by the name or declared type
# (as the ledger's voucher attachments: uploads are hostile).
EVIDENCE_KINDS = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _participants(project: Project) -> frozenset[int]:
    return frozenset(project.participants.values_list("organisation_id", flat=True))


def milestone_add(*, by: User, project: Project, data: MilestoneInput) -> Milestone:
    """A milestone or deliverable within the project's period."""
    decision = can_manage_projects(by, project.alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    errors = milestone_problems(data.starts_on, data.due_on, project.starts_on, project.ends_on)
    if is_blank(data.title_zh):
        errors["title_zh"] = [_("This field is required.")]
    if data.kind not in MilestoneKind.values:
        errors["kind"] = [_("Choose a valid option.")]
    if errors or data.starts_on is None or data.due_on is None:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    with transaction.atomic():
        obj = Project.objects.select_for_update().get(pk=project.pk)
        if obj.status not in PLANNABLE:
            raise DomainError(
                _("The project is %(status)s: no new milestones.") % {"status": obj.get_status_display()}
            )
        milestone = Milestone(
            project=obj, kind=data.kind, title_zh=data.title_zh, starts_on=data.starts_on, due_on=data.due_on
        )
        full_clean(milestone)
        milestone.save()
        log_action(
            obj,
            actions.MILESTONE_ADDED,
            by=by,
            data={"milestone": milestone.pk, "kind": milestone.kind, "title_zh": milestone.title_zh,
                  "starts_on": milestone.starts_on.isoformat(), "due_on": milestone.due_on.isoformat()},
        )  # fmt: skip
    return milestone


def _locked(milestone: Milestone) -> Milestone:
    return (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("project__alliance", "project__lead")
        .get(pk=milestone.pk)
    )


def evidence_add(*, by: User, milestone: Milestone, name: str, data: bytes) -> Evidence:
    """Attach evidence to a milestone. The type is sniffed, the size capped, the stored name random (the
    content's SHA-256); the original name is kept only as text."""
    project = milestone.project
    decision = can_report(by, project, _participants(project))
    if not decision:
        raise PermissionDenied(decision.reason)
    if not data:
        raise DomainError(_("The file is empty."), fields={"file": [_("Choose a file.")]})
    if len(data) > EVIDENCE_MAX_BYTES:
        raise DomainError(_("The file is larger than 10 MB."), fields={"file": [_("At most 10 MB.")]})
    kind = next(((ctype, ext) for magic, ctype, ext in EVIDENCE_KINDS if data.startswith(magic)), None)
    if kind is None:
        raise DomainError(
            _("Only PDF, JPEG and PNG files are accepted."), fields={"file": [_("Only PDF, JPEG and PNG.")]}
        )
    clean_name = "".join(
        c for c in unicodedata.normalize("NFC", name) if c.isprintable() and c not in "/\\\x00"
    )
    digest = hashlib.sha256(data).hexdigest()
    evidence = Evidence(
        milestone=milestone, original_name=(clean_name.strip() or "evidence")[-200:], content_type=kind[0],
        extension=kind[1], size=len(data), sha256=digest, uploaded_by=by, uploaded_by_label=by.get_username(),
        uploaded_at=timezone.now(),
    )  # fmt: skip
    try:
        with transaction.atomic():
            obj = _locked(milestone)
            if obj.project.status not in REPORTABLE:
                raise DomainError(
                    _("The project is %(status)s: nothing more is reported.")
                    % {"status": obj.project.get_status_display()}
                )
            evidence.file.save("upload", ContentFile(data), save=False)
            evidence.save()
            log_action(
                obj.project,
                actions.EVIDENCE_ADDED,
                by=by,
                data={"milestone": obj.pk, "name": evidence.original_name, "sha256": digest,
                      "size": len(data), "type": kind[0]},
                sealed=[evidence],
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("This file is already attached to the milestone.")) from exc
    return evidence


def milestone_done(*, by: User, milestone: Milestone, done_on: dt.date, note: str = "") -> Milestone:
    """Report a milestone reached on ``done_on``, with its evidence already attached."""
    refuse_bad_values(done_on=done_on, note=note)
    with transaction.atomic():
        obj = _locked(milestone)
        project = obj.project
        decision = can_report(by, project, _participants(project))
        if not decision:
            raise PermissionDenied(decision.reason)
        if project.status not in REPORTABLE:
            raise DomainError(
                _("The project is %(status)s: nothing more is reported.")
                % {"status": project.get_status_display()}
            )
        if not obj.evidence.exists():
            raise DomainError(
                _("Attach the evidence first: a milestone is done when it is shown."),
                fields={"file": [_("Attach the evidence first.")]},
            )
        if done_on < obj.starts_on or done_on > timezone.localdate():
            raise DomainError(
                _("Please correct the errors below."),
                fields={"done_on": [_("A milestone is done between its first day and today.")]},
            )
        obj.done_on = done_on
        obj.note = strip_text(note)
        move(
            obj, M.DONE, by=by, actors={REPORTER}, table=MILESTONE_TRANSITIONS, action=actions.MILESTONE_MOVED,
            data={"milestone": obj.pk, "from": obj.status, "to": M.DONE, "done_on": done_on.isoformat()},
            fields=("done_on", "note"), audit_on=project,
            invalid=_("The milestone is already done."),
        )  # fmt: skip
    return obj


def milestones_due(today: dt.date) -> dict[str, object]:
    """The lookups of pending milestones past their due day (for the clock and the selectors)."""
    return {"status": M.PENDING, "due_on__lt": today}


def milestone_mark_overdue(*, milestone: Milestone, now: dt.datetime) -> bool:
    """The due day has passed (Beijing time) without the milestone done: it is overdue, and the
    secretariat and the lead member are told. Acts once: False when it is no longer due."""
    obj = _locked(milestone)
    if obj.status != M.PENDING or obj.due_on >= timezone.localdate(now):
        return False
    if obj.project.status not in REPORTABLE:
        return False
    move(
        obj, M.OVERDUE, by=None, actors={SYSTEM}, table=MILESTONE_TRANSITIONS, action=actions.MILESTONE_MOVED,
        data={"milestone": obj.pk, "from": M.PENDING, "to": M.OVERDUE, "due_on": obj.due_on.isoformat()},
        audit_on=obj.project, at=now,
    )  # fmt: skip
    notices.milestone_overdue(obj)
    return True
