"""Applications to a call: the secretariat starts one, supplies the materials and submits it with the
eligibility report frozen; the national office checks it formally, sends it to the experts, or returns
it for correction; competent officers recommend it.

Every move checks the transition table (pilots/workflows.py), writes an ApplicationStatusChange row
and an audit entry, and tells the alliance's secretariat through its inbox.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move as workflow_move
from itisa.core.errors import Conflict, DomainError, InvalidTransition, full_clean
from itisa.core.values import is_blank, strip_text
from itisa.core.workflows import actor_label
from itisa.pilots import actions
from itisa.pilots.choices import GENERATED_MATERIALS, CallStatus, MaterialKind, RecommenderCapacity
from itisa.pilots.choices import ApplicationStatus as A
from itisa.pilots.models import Application, ApplicationStatusChange, Call, Material, Recommendation
from itisa.pilots.permissions import (
    can_apply,
    can_edit_application,
    can_manage_call,
    can_recommend,
    is_applicant,
    recommender_capacity,
)
from itisa.pilots.services._common import checked_pdf, require, site_path, tell_officers, tell_secretariat
from itisa.pilots.workflows import ALLIANCE, APPLICATION_TRANSITIONS, OFFICE
from itisa.registry.models import Alliance

if TYPE_CHECKING:
    from itisa.accounts.models import User


def eligibility_report(alliance: Alliance, rules: str, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """The alliance's eligibility report under the call's rule set on ``as_of`` (default today), as JSON
    (frozen at submission)."""
    from itisa.pilots.eligibility.build import alliance_report

    return alliance_report(alliance, rules=rules, as_of=as_of).as_json()


def _actors(by: User, application: Application) -> set[str]:
    actors = set()
    if can_manage_call(by, application.call):
        actors.add(OFFICE)
    if is_applicant(by, application):
        actors.add(ALLIANCE)
    return actors


def _refusals(application: Application, target: str) -> dict[str, str]:
    """The messages of a refused move: not in the table, or not by these actors."""
    return {
        "invalid": _("An application that is “%(status)s” cannot move to “%(target)s”.")
        % {"status": application.get_status_display(), "target": A(target).label},
        "denied": _("You may not make this move on the application."),
    }


def check_move(application: Application, target: str, actors: set[str]) -> None:
    """Refuse a move the transition table does not allow, or that these actors may not make."""
    refusals = _refusals(application, target)
    APPLICATION_TRANSITIONS.check(
        application.status, target, actors, invalid=refusals["invalid"], denied=refusals["denied"]
    )


def move(
    application: Application,
    target: str,
    *,
    by: User,
    actors: set[str],
    comment: str = "",
    fields: tuple[str, ...] = (),
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Application:
    """Check the table, change the status (with ``fields``), write history (at ``at``, default now), audit and
    tell the secretariat."""
    old = application.status
    refusals = _refusals(application, target)
    workflow_move(
        application,
        target,
        by=by,
        actors=actors,
        table=APPLICATION_TRANSITIONS,
        history=ApplicationStatusChange,
        action=actions.APPLICATION_MOVED,
        data={"call": application.call_id, "alliance": application.alliance.code, "from": old, "to": target,
              "comment": comment, **(data or {})},
        comment=comment,
        fields=fields,
        at=at,
        invalid=refusals["invalid"],
        denied=refusals["denied"],
    )  # fmt: skip
    tell_secretariat(
        application,
        lambda: (
            (
                _("Provincial programme application of %(alliance)s: %(status)s")
                if application.call.is_provincial
                else _("Pilot application of %(alliance)s: %(status)s")
            )
            % {"alliance": application.alliance.code, "status": A(target).label}
        ),
        comment,
        by=by,
    )
    return application


def locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "alliance", "alliance__host_unit")
        .get(pk=application.pk)
    )


def application_create(
    *, by: User, call: Call, alliance: Alliance, is_demo: bool = False, now: dt.datetime | None = None
) -> Application:
    """The secretariat starts its alliance's application to an open call (one per alliance and call), on
    ``now`` (default now) within the call's window."""
    require(can_apply(by, call, alliance, today=timezone.localdate(now or timezone.now())))
    application = Application(call=call, alliance=alliance, created_by=by, is_demo=is_demo)
    try:
        with transaction.atomic():
            application.save()
            log_action(
                application,
                actions.APPLICATION_CREATED,
                by=by,
                data={"call": call.pk, "alliance": alliance.code},
            )
    except IntegrityError as exc:
        raise Conflict(
            _("%(alliance)s has already applied to this call.") % {"alliance": alliance.code},
            fields={"alliance": [_("Already applied.")]},
        ) from exc
    return application


def _required_code(application: Application, code: str) -> None:
    if code not in {m["code"] for m in application.call.materials}:
        raise DomainError(
            _("“%(code)s” is not among the materials this call asks for.") % {"code": code},
            fields={"code": [_("Choose a material from the checklist.")]},
        )


def _put_material(
    application: Application, material: Material, *, by: User, data: dict[str, Any]
) -> Material:
    """Save the material of its code, replacing an earlier one in place (the row keeps its id: the
    database refuses to delete a material), audit and seal it."""
    earlier = application.materials.filter(code=material.code).values_list("pk", flat=True).first()
    if earlier is not None:
        material.pk = earlier
        material._state.adding = False
    full_clean(material, exclude=["file"])
    material.save(force_update=earlier is not None)
    log_action(
        application,
        actions.MATERIAL_ADDED,
        by=by,
        data={"code": material.code, "kind": material.kind, **data},
        sealed=[material],
    )
    return material


def material_upload(
    *, by: User, application: Application, code: str, name: str, data: bytes, now: dt.datetime | None = None
) -> Material:
    """Attach a PDF for one item of the checklist (replacing an earlier one while the application is editable),
    added at ``now`` (default now)."""
    with transaction.atomic():
        obj = locked(application)
        require(can_edit_application(by, obj))
        _required_code(obj, code)
        original, digest = checked_pdf(name=name, data=data)
        material = Material(
            application=obj,
            code=code,
            kind=MaterialKind.UPLOAD,
            original_name=original,
            size=len(data),
            sha256=digest,
            added_by=by,
            added_at=now or timezone.now(),
        )
        material.file.save("upload.pdf", ContentFile(data), save=False)
        return _put_material(
            obj, material, by=by, data={"name": original, "sha256": digest, "size": len(data)}
        )


def _platform_reference(alliance: Alliance, code: str) -> str:
    """Where on the platform the material is kept; refused when the platform does not hold it."""
    if code == "agreement":
        from itisa.agreements.selectors import effective_version

        # the agreement (or amendment) in effect, never a member's accession instrument: the application
        # keeps this version's number, and its experts read that version (pilots.materials)
        version = effective_version(alliance)
        if version is None:
            raise DomainError(
                _("The platform holds no effective agreement of this alliance; upload it as a PDF."),
                fields={"code": [_("No effective agreement on the platform.")]},
            )
        return site_path("agreements:version_detail", alliance.code, version.number)
    if code == "bodies_staff":
        return site_path("governance:governance", alliance.code)
    return site_path("registry:alliance_detail", alliance.code)


def material_generate(
    *, by: User, application: Application, code: str, now: dt.datetime | None = None
) -> Material:
    """Supply a material from what the platform holds (agreement, member list, bodies and staff): the
    application keeps a link to it rather than a copy. Added at ``now`` (default now)."""
    with transaction.atomic():
        obj = locked(application)
        require(can_edit_application(by, obj))
        _required_code(obj, code)
        if code not in GENERATED_MATERIALS:
            raise DomainError(
                _("The platform cannot supply this material; upload it as a PDF."),
                fields={"code": [_("Upload this material.")]},
            )
        reference = _platform_reference(obj.alliance, code)
        material = Material(
            application=obj,
            code=code,
            kind=MaterialKind.GENERATED,
            reference=reference,
            added_by=by,
            added_at=now or timezone.now(),
        )
        return _put_material(obj, material, by=by, data={"reference": reference})


def missing_materials(application: Application) -> list[str]:
    supplied = set(application.materials.values_list("code", flat=True))
    return [m["code"] for m in application.call.materials if m["code"] not in supplied]


def _submission_window(application: Application, target: str, today: dt.date) -> str:
    """Why the call refuses the submission on ``today``, or "": a first submission needs the call open and
    within its window; a corrected application goes back until the list is published."""
    call = application.call
    if target == A.SUBMITTED:
        if call.status != CallStatus.OPEN or not (call.opens_on <= today <= call.closes_on):
            return str(_("The call is not open for applications."))
    elif call.status == CallStatus.PUBLISHED:
        return str(_("The call's list is published; nothing more can be submitted to it."))
    return ""


def application_submit(*, by: User, application: Application, now: dt.datetime | None = None) -> Application:
    """Submit (or resubmit after correction) at ``now`` (default now): every required material is there and
    no eligibility criterion fails on that day (criteria that need review are allowed). The report is frozen
    on the application."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = locked(application)
        require(can_edit_application(by, obj))
        target = A.SUBMITTED if obj.status == A.DRAFT else A.RESUBMITTED
        check_move(obj, target, _actors(by, obj))
        call_refusal = _submission_window(obj, target, timezone.localdate(now))
        if call_refusal:
            raise DomainError(call_refusal, fields={"call": [call_refusal]})
        missing = missing_materials(obj)
        if missing:
            labels = [obj.call.material_label(c) for c in missing]
            raise DomainError(
                _("Materials are missing: %(missing)s.") % {"missing": "、".join(labels)},
                fields={"materials": missing},
            )
        report = eligibility_report(obj.alliance, obj.call.rules, as_of=timezone.localdate(now))
        if report["eligible"] is False:
            failing = [c["code"] for c in report["criteria"] if c["result"] == "fail"]
            raise DomainError(
                _("The alliance fails eligibility criteria: %(codes)s. Correct the record and submit again.")
                % {"codes": ", ".join(failing)},
                fields={"eligibility": failing},
            )
        obj.eligibility = report
        obj.eligible = report["eligible"]
        obj.submitted_at = now
        move(
            obj,
            target,
            by=by,
            actors=_actors(by, obj),
            fields=("eligibility", "eligible", "submitted_at"),
            data={"eligible": report["eligible"]},
            at=now,
        )
        tell_officers(obj, by=by)
        return obj


# Moves made with ``application_move``; returning, deciding and publishing have their own services.
OFFICE_MOVES = (A.FORMAL_CHECK, A.EXPERT_REVIEW, A.SUBMITTED)


def application_move(
    *, by: User, application: Application, target: str, comment: str = "", now: dt.datetime | None = None
) -> Application:
    """An office move along the table: into formal check, on to expert review, or a corrected
    application back into the queue; recorded at ``now`` (default now)."""
    if target not in OFFICE_MOVES:
        raise InvalidTransition(_("Use the return, decision or publication step for this move."))
    with transaction.atomic():
        obj = locked(application)
        if target == A.EXPERT_REVIEW:
            check_move(obj, target, _actors(by, obj))
            _check_recommended(obj)
        return move(obj, target, by=by, actors=_actors(by, obj), comment=strip_text(comment), at=now)


def _check_recommended(application: Application) -> None:
    """A call that requires a recommendation sends an application to the experts only once recommended."""
    if application.call.recommendation_required and not application.recommendations.exists():
        message = _(
            "This call requires a recommendation: the application goes to expert review once recommended."
        )
        raise DomainError(message, fields={"recommendations": [message]})


def application_return(*, by: User, application: Application, comment: str) -> Application:
    """Return the application to the alliance for correction, saying what to correct."""
    if is_blank(comment):
        raise DomainError(
            _("Please correct the errors below."), fields={"comment": [_("Say what to correct.")]}
        )
    with transaction.atomic():
        obj = locked(application)
        return move(obj, A.RETURNED, by=by, actors=_actors(by, obj), comment=strip_text(comment))


def recommendation_add(
    *, by: User, application: Application, letter: str, name: str = "", data: bytes | None = None
) -> Recommendation:
    """A competent officer recommends the application with a letter (and optionally the signed PDF)."""
    with transaction.atomic():
        obj = locked(application)
        require(can_recommend(by, obj))
        if is_blank(letter):
            raise DomainError(
                _("Please correct the errors below."), fields={"letter": [_("Write the letter.")]}
            )
        digest = ""
        if data:
            _name, digest = checked_pdf(name=name, data=data, field="letter_file")
        recommendation = Recommendation(
            application=obj,
            recommender=by,
            recommender_label=actor_label(by, system="system"),
            capacity=recommender_capacity(by, obj.alliance, obj.call) or RecommenderCapacity.NATIONAL,
            letter=strip_text(letter),
            letter_sha256=digest,
            at=timezone.now(),
        )
        if data:
            recommendation.letter_file.save("letter.pdf", ContentFile(data), save=False)
        try:
            with transaction.atomic():
                recommendation.save()
        except IntegrityError as exc:
            raise Conflict(_("You have already recommended this application.")) from exc
        log_action(
            obj,
            actions.RECOMMENDATION_ADDED,
            by=by,
            data={
                "capacity": recommendation.capacity,
                "letter": recommendation.letter[:500],
                "sha256": digest,
            },
            sealed=[recommendation],
        )
        tell_secretariat(
            obj,
            lambda: (
                (
                    _("%(alliance)s was recommended for the provincial programme")
                    if obj.call.is_provincial
                    else _("%(alliance)s was recommended for the pilot program")
                )
                % {"alliance": obj.alliance.code}
            ),
            "",
            by=by,
        )
    return recommendation
