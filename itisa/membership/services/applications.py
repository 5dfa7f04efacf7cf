"""Admission (Art. 8(6)): apply → first review → vote of the deciding body → accession signed → member.

Every move checks the transition table (membership/workflows.py), writes an ApplicationStatusChange
row and an audit entry, and tells the applicant. The vote and the accession are the governance and
agreements services; their outcomes come back through the signals ``motion_closed`` and
``version_effective`` (membership/receivers.py), inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment, User
from itisa.agreements.choices import VersionStatus
from itisa.agreements.services.versions import accession_create, version_open
from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.core.identifiers import UsccStatus, check_uscc, normalize_uscc
from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.core.values import is_blank, strip_text
from itisa.governance.choices import BodyKind, VotingMethod
from itisa.governance.models import Body, Motion
from itisa.governance.services import motion_open
from itisa.membership import actions
from itisa.membership.choices import ApplicationStatus as A
from itisa.membership.choices import Rank
from itisa.membership.models import Application, ApplicationStatusChange, Membership
from itisa.membership.permissions import can_apply, can_manage_members
from itisa.membership.services.inputs import AdmissionInput
from itisa.membership.services.memberships import create_membership
from itisa.membership.workflows import APPLICANT, APPLICATION_TRANSITIONS, KEEPER, SYSTEM
from itisa.notifications.services import Text, link, notify
from itisa.registry.choices import OrganisationKind, Ownership
from itisa.registry.models import Alliance, Organisation
from itisa.registry.rules import organisation_problems
from itisa.registry.services import OrganisationInput, organisation_create

APPLICATION_FIELDS = (
    "name_zh",
    "uscc",
    "kind",
    "ownership",
    "province",
    "region_code",
    "industry",
    "address",
    "legal_rep_name",
    "contact_name",
    "contact_phone",
    "contact_email",
    "intended_contribution",
    "rank",
)
REQUIRED = ("name_zh", "uscc", "kind", "province", "region_code", "industry", "legal_rep_name", "contact_name",
            "contact_phone", "intended_contribution")  # fmt: skip


def _actors(by: User | None, application: Application) -> set[str]:
    actors = set()
    if can_manage_members(by, application.alliance):
        actors.add(KEEPER)
    if by is not None and by.is_authenticated and by.pk == application.applicant_id:
        actors.add(APPLICANT)
    return actors


def _tell_applicant(application: Application, subject: Text, body: str, *, by: User | None) -> None:
    notify(
        recipients=[application.applicant],
        kind="membership.application.moved",
        subject=subject,
        body=body,
        url=link("membership:application", application.pk),
        alliance=application.alliance,
        by=by,
    )


def _move(
    application: Application,
    target: str,
    *,
    by: User | None,
    actors: set[str],
    comment: str = "",
    fields: tuple[str, ...] = (),
    data: dict[str, Any] | None = None,
) -> Application:
    """Check the table, change the status (with ``fields``), write history, audit and tell the applicant."""
    old = application.status
    invalid, denied = _refusals(application, target)
    move(
        application,
        target,
        by=by,
        actors=actors,
        table=APPLICATION_TRANSITIONS,
        history=ApplicationStatusChange,
        action=actions.APPLICATION_MOVED,
        data={"from": old, "to": target, "comment": comment, **(data or {})},
        comment=comment,
        fields=fields,
        invalid=invalid,
        denied=denied,
    )
    _tell_applicant(
        application,
        lambda: (
            _("Your application to %(alliance)s: %(status)s")
            % {"alliance": application.alliance.name_zh, "status": A(target).label}
        ),
        comment,
        by=by,
    )
    return application


def _refusals(application: Application, target: str) -> tuple[str, str]:
    """The messages of a refused move: not in the table, or not by these actors."""
    return (
        _("An application that is “%(status)s” cannot move to “%(target)s”.")
        % {"status": application.get_status_display(), "target": A(target).label},
        _("You may not make this move on the application."),
    )


def _check(application: Application, target: str, actors: set[str]) -> None:
    """Refuse a move the transition table does not allow, or that these actors may not make."""
    invalid, denied = _refusals(application, target)
    APPLICATION_TRANSITIONS.check(application.status, target, actors, invalid=invalid, denied=denied)


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("alliance", "applicant", "organisation")
        .get(pk=application.pk)
    )


def application_submit(*, by: User, alliance: Alliance, data: AdmissionInput) -> Application:
    """An organisation applies to join: its data, credit code, intended contribution and contact."""
    decision = can_apply(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    clean = {f: str(getattr(data, f)).strip() for f in APPLICATION_FIELDS}
    clean["uscc"] = normalize_uscc(clean["uscc"])
    clean["rank"] = clean["rank"] or Rank.ORDINARY
    errors: dict[str, list[str]] = {}
    for field in REQUIRED:
        if not clean[field]:
            errors.setdefault(field, []).append(_("This field is required."))
    if clean["uscc"] and check_uscc(clean["uscc"]).status is not UsccStatus.VALID:
        errors.setdefault("uscc", []).append(
            _("This is not a valid unified social credit code; check it against the business licence.")
        )
    for field, choices in (
        ("kind", OrganisationKind.values),
        ("province", Province.values),
        ("industry", Industry.values),
        ("rank", Rank.values),
        ("ownership", Ownership.values),
    ):
        if clean[field] and clean[field] not in choices:
            errors.setdefault(field, []).append(_("Choose a valid option."))
    for field, message in organisation_problems(
        kind=clean["kind"],
        ownership=clean["ownership"],
        province=clean["province"],
        region_code=clean["region_code"],
    ):
        errors.setdefault(field, []).append(message)
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    organisation = Organisation.objects.filter(uscc=clean["uscc"]).first()
    if (
        organisation is not None
        and Membership.objects.active().filter(alliance=alliance, organisation=organisation).exists()
    ):
        raise Conflict(
            _("%(org)s is already a member of %(alliance)s.")
            % {"org": organisation.name_zh, "alliance": alliance.code},
            fields={"uscc": [_("Already a member.")]},
        )
    application = Application(
        alliance=alliance,
        applicant=by,
        applicant_label=by.get_username(),
        organisation=organisation,
        submitted_at=timezone.now(),
        **clean,
    )
    try:
        with transaction.atomic():
            application.save()
            row = record(
                ApplicationStatusChange, application, "", A.SUBMITTED, by=by, at=application.submitted_at
            )
            log_action(
                application,
                actions.APPLICATION_SUBMITTED,
                by=by,
                data={
                    "alliance": alliance.code,
                    **{f: clean[f] for f in ("name_zh", "uscc", "rank", "contact_name")},
                },
                sealed=[row],
            )
            keepers = [
                ra.user
                for ra in RoleAssignment.objects.filter(
                    alliance=alliance, role=Role.SECRETARIAT
                ).select_related("user")
            ]
            notify(
                recipients=keepers,
                kind="membership.application.submitted",
                subject=lambda: _("New application to join: %(org)s") % {"org": application.name_zh},
                body=application.intended_contribution[:500],
                url=link("membership:application", application.pk),
                alliance=alliance,
                by=by,
            )
    except IntegrityError as exc:
        raise Conflict(
            _("An application of %(org)s to %(alliance)s is already being handled.")
            % {"org": clean["name_zh"], "alliance": alliance.code},
            fields={"uscc": [_("Already applied.")]},
        ) from exc
    return application


def application_review(*, by: User, application: Application, comment: str = "") -> Application:
    """The secretariat's first review passes; a new organisation is registered from the application."""
    with transaction.atomic():
        obj = _locked(application)
        _check(obj, A.REVIEWED, _actors(by, obj))
        if obj.organisation is None:
            obj.organisation = organisation_create(
                by=by,
                data=OrganisationInput(
                    name_zh=obj.name_zh,
                    uscc=obj.uscc,
                    kind=obj.kind,
                    ownership=obj.ownership,
                    province=obj.province,
                    region_code=obj.region_code,
                    industry=obj.industry,
                    address=obj.address,
                    legal_rep_name_zh=obj.legal_rep_name,
                ),
            )
        return _move(
            obj,
            A.REVIEWED,
            by=by,
            actors=_actors(by, obj),
            comment=strip_text(comment),
            fields=("organisation",),
        )


def application_reject(*, by: User, application: Application, reason: str) -> Application:
    """Reject with a reason, which the applicant sees."""
    if is_blank(reason):
        raise DomainError(_("Please correct the errors below."), fields={"reason": [_("Say why.")]})
    with transaction.atomic():
        obj = _locked(application)
        obj.rejection_reason = strip_text(reason)
        return _move(
            obj,
            A.REJECTED,
            by=by,
            actors=_actors(by, obj),
            comment=strip_text(reason),
            fields=("rejection_reason",),
        )


def application_withdraw(*, by: User, application: Application, reason: str = "") -> Application:
    with transaction.atomic():
        obj = _locked(application)
        return _move(obj, A.WITHDRAWN, by=by, actors=_actors(by, obj), comment=strip_text(reason))


def application_put_to_vote(
    *, by: User, application: Application, body: Body, deadline: dt.datetime
) -> Application:
    """Open a ballot of the deciding body on admitting the applicant."""
    if body.kind != BodyKind.DECISION or body.alliance_id != application.alliance_id:
        raise DomainError(
            _("Please correct the errors below."),
            fields={"body": [_("Choose a decision body of this alliance.")]},
        )
    with transaction.atomic():
        obj = _locked(application)
        _check(obj, A.VOTING, _actors(by, obj))
        with translation.override("zh-hans"):
            title = _("Motion to admit %(org)s as a member") % {"org": obj.name_zh}
            text = _("Rank applied for: %(rank)s. Intended contribution: %(contribution)s") % {
                "rank": Rank(obj.rank).label,
                "contribution": obj.intended_contribution,
            }
        obj.motion = motion_open(
            by=by,
            body=body,
            title_zh=title[:200],
            text_zh=text,
            method=VotingMethod.BALLOT,
            deadline=deadline,
        )
        return _move(
            obj, A.VOTING, by=by, actors=_actors(by, obj), fields=("motion",), data={"motion": obj.motion.pk}
        )


def application_record_vote(*, motion: Motion, by: User | None, carried: bool) -> Application | None:
    """The vote on an application is final: approved if it carried (passed, and not vetoed within the
    rules' veto window), rejected (with the tally) if not."""
    obj = (
        Application.objects.select_for_update(of=("self",))
        .select_related("alliance", "applicant")
        .filter(motion=motion, status=A.VOTING)
        .first()
    )
    if obj is None:
        return None
    tally = {"yes": motion.yes, "no": motion.no, "abstain": motion.abstain, "outcome": motion.outcome}
    if carried:
        return _move(obj, A.APPROVED, by=by, actors={SYSTEM}, data=tally)
    with translation.override("zh-hans"):
        obj.rejection_reason = _(
            "%(body)s did not pass the motion to admit you (yes %(yes)s, no %(no)s, abstain %(abstain)s)."
        ) % {"body": motion.body.name_zh, **tally}
    return _move(
        obj, A.REJECTED, by=by, actors={SYSTEM}, comment=obj.rejection_reason, fields=("rejection_reason",),
        data=tally,
    )  # fmt: skip


def application_prepare_accession(*, by: User, application: Application) -> Application:
    """Draft the accession instrument (补充协议) and send it for signature: the new member's legal
    representative signs it, and so does the member bearing external liability for the alliance."""
    with transaction.atomic():
        obj = _locked(application)
        _check(obj, A.ACCESSION, _actors(by, obj))
        if obj.organisation is None:  # pragma: no cover - registered at first review
            raise DomainError(_("The organisation is not registered."))
        with translation.override("zh-hans"):
            draft = accession_create(by=by, alliance=obj.alliance, organisation=obj.organisation)
        obj.accession = version_open(by=by, version=draft)
        return _move(
            obj, A.ACCESSION, by=by, actors=_actors(by, obj), fields=("accession",),
            data={"accession": obj.accession.label},
        )  # fmt: skip


def application_activate(*, by: User | None, application: Application, system: bool = False) -> Application:
    """The accession took effect: the organisation becomes a member with the rank it applied for."""
    with transaction.atomic():
        obj = _locked(application)
        actors = {SYSTEM} if system else _actors(by, obj)
        _check(obj, A.ACTIVE, actors)
        if obj.accession is None or obj.accession.status != VersionStatus.EFFECTIVE:
            raise DomainError(_("The accession instrument has not taken effect yet."))
        if obj.organisation is None:  # pragma: no cover - registered at first review
            raise DomainError(_("The organisation is not registered."))
        obj.membership = create_membership(
            by=by,
            alliance=obj.alliance,
            organisation=obj.organisation,
            rank=obj.rank,
            joined_on=timezone.localdate(),
        )
        return _move(obj, A.ACTIVE, by=by, actors=actors, fields=("membership",))
