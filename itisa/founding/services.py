"""Writes of proposals to form an alliance: draft, change, submit, return, accept.

Every service checks the permission (``permissions``) and the status, writes, and leaves one audit entry
in the same transaction; the audit log is the proposal's history. Accepting acts in the registry only
through its services: ``registry.services.alliance_create`` (forming, not demo data),
``membership.services.membership_add`` for each founder (the host unit as the chair unit, the others as
ordinary members until the agreement says otherwise) and ``accounts.services.role_grant`` (the proposer
becomes the secretariat) and ``agreements.services.version_create`` (the founding agreement's draft from the
template, in the new secretariat's name), all in one transaction: a refusal by any of them writes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.services import role_grant
from itisa.agreements.services import version_create
from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.core.identifiers import UsccStatus, check_uscc, normalize_uscc
from itisa.core.inputs import ServiceInput
from itisa.core.regions import Province
from itisa.core.values import is_blank, strip_text
from itisa.founding import actions, notices
from itisa.founding.choices import MIN_FOUNDERS, ProposalStatus
from itisa.founding.models import AllianceProposal, NewFounder
from itisa.founding.permissions import actor_kinds, can_edit_proposal, can_propose_alliance, is_competent_for
from itisa.founding.workflows import PROPOSAL_TRANSITIONS
from itisa.membership.choices import Rank
from itisa.membership.services import membership_add
from itisa.registry.choices import AllianceScope, OrganisationKind
from itisa.registry.models import Alliance, Organisation
from itisa.registry.rules import organisation_problems
from itisa.registry.services import (
    AllianceInput,
    OrganisationInput,
    alliance_create,
    organisation_create,
    uscc_failure_message,
)
from itisa.registry.services.alliances import ALLIANCE_CODE_RE

if TYPE_CHECKING:
    from itisa.accounts.models import User

NEW_FOUNDER_FIELDS = ("uscc", "name_zh", "name_en", "kind", "ownership", "province", "is_host")
RECORD_FIELDS = ("code", "name_zh", "name_en", "scope", "province", "industry", "key_area", "emerging_industry",
                 "contact_name", "contact_phone", "contact_email", "purpose")  # fmt: skip


class NewFounderInput(ServiceInput):
    """A founding organisation not yet in the registry: its credit code, names, kind, ownership (an
    enterprise's) and province (by default the one its credit code's region code names)."""

    uscc: str = ""
    name_zh: str = ""
    name_en: str = ""
    kind: str = ""
    ownership: str = ""
    province: str = ""


class ProposalInput(ServiceInput):
    """What a proposer fills in: the alliance's record, the credit codes of the founders in the registry,
    the founders not yet in it (``new_founders``), the host unit's credit code (one of either), a contact
    and the statement of purpose."""

    code: str = ""
    name_zh: str = ""
    name_en: str = ""
    scope: str = ""
    province: str = ""
    industry: str = ""
    key_area: str = ""
    emerging_industry: str = ""
    founders: tuple[str, ...] = ()
    new_founders: tuple[NewFounderInput, ...] = ()
    host_unit: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    purpose: str = ""


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _founders(codes: tuple[str, ...], errors: dict[str, list[str]]) -> list[Organisation]:
    """The founding organisations, each named by its credit code and already in the registry; every code
    that is not a valid credit code, or names no registered organisation, is one error naming it."""
    wanted = list(dict.fromkeys(normalize_uscc(c) for c in codes if c.strip()))
    found = {o.uscc: o for o in Organisation.objects.filter(uscc__in=wanted)}
    for code in wanted:
        if code in found:
            continue  # a registered code (an officer may have accepted one failing its check character)
        result = check_uscc(code)
        if result.status != UsccStatus.VALID:
            _add(errors, "founders", _("%(code)s is not a valid credit code: %(problem)s")
                 % {"code": code, "problem": uscc_failure_message(result.failure, result.expected)})  # fmt: skip
        else:
            _add(errors, "founders", _("No organisation with the credit code %(code)s is in the registry; "
                                       "describe it under the new founding organisations.") % {"code": code})  # fmt: skip
    return [found[c] for c in wanted if c in found]


def _new_founders(
    rows: tuple[NewFounderInput, ...], taken: set[str], errors: dict[str, list[str]]
) -> list[NewFounder]:
    """The founders not yet in the registry, each checked as ``organisation_create`` will check it at
    acceptance; every problem is one error naming its row. ``taken``: the registered founders' codes."""
    found: list[NewFounder] = []
    seen = set(taken)
    for n, row in enumerate(rows, start=1):
        problems: list[str] = []
        code = normalize_uscc(row.uscc)
        result = check_uscc(code)
        if result.status != UsccStatus.VALID:
            problems.append(_("%(code)s is not a valid credit code: %(problem)s")
                            % {"code": code or "—", "problem": uscc_failure_message(result.failure, result.expected)})  # fmt: skip
        elif Organisation.objects.filter(uscc=code).exists():
            problems.append(_("%(code)s is in the registry already: give it among the founding organisations above.")
                            % {"code": code})  # fmt: skip
        elif code in seen:
            problems.append(_("%(code)s is given twice.") % {"code": code})
        seen.add(code)
        if is_blank(row.name_zh):
            problems.append(_("Give the organisation's Chinese name."))
        if row.kind not in OrganisationKind.values:
            problems.append(_("Choose the kind of organisation."))
        region = code[2:8]
        province = row.province or (region[:2] if region[:2] in Province.values else "")
        if province not in Province.values:
            problems.append(_("Choose the organisation's province."))
        else:
            problems += [m for _f, m in organisation_problems(kind=row.kind, ownership=row.ownership,
                                                              province=province, region_code=region)]  # fmt: skip
        for problem in problems:
            _add(
                errors,
                "new_founders",
                _("New organisation %(n)s: %(problem)s") % {"n": n, "problem": problem},
            )
        found.append(NewFounder(uscc=code, name_zh=row.name_zh, name_en=row.name_en, kind=row.kind,
                                ownership=row.ownership, province=province))  # fmt: skip
    return found


def _check(data: ProposalInput, proposal: AllianceProposal) -> tuple[list[Organisation], list[NewFounder]]:
    """Fill ``proposal`` from ``data`` and refuse, with every field error at once, what the registry would
    refuse at acceptance; return the registered founders and the new ones (unsaved)."""
    errors: dict[str, list[str]] = {}
    for field in RECORD_FIELDS:
        setattr(proposal, field, getattr(data, field))
    proposal.code = proposal.code.upper()
    if not ALLIANCE_CODE_RE.match(proposal.code):
        _add(
            errors,
            "code",
            _("Use 1–20 upper-case letters, digits or hyphens, starting with a letter (e.g. CSA)."),
        )
    elif Alliance.objects.filter(code=proposal.code).exists():
        _add(errors, "code", _("An alliance with this short code exists."))
    if proposal.scope == AllianceScope.REGIONAL and not proposal.province:
        _add(errors, "province", _("A regional alliance names its province."))
    if proposal.scope == AllianceScope.NATIONAL and proposal.province:
        _add(errors, "province", _("A national alliance has no province."))
    if not proposal.key_area and not proposal.emerging_industry:
        _add(
            errors,
            "key_area",
            _("Give the key area of the national plan, the strategic emerging industry, or both."),
        )
    for field in ("name_zh", "contact_name", "contact_phone", "purpose"):
        if is_blank(getattr(proposal, field)):
            _add(errors, field, _("This field is required."))
    try:
        validate_email(proposal.contact_email)
    except ValidationError:
        _add(errors, "contact_email", _("Enter a valid e-mail address."))
    founders = _founders(data.founders, errors)
    new = _new_founders(data.new_founders, {o.uscc for o in founders}, errors)
    if len(founders) + len(new) < MIN_FOUNDERS and "founders" not in errors and "new_founders" not in errors:
        _add(errors, "founders", _("An alliance is formed by at least %(n)s organisations (Art. 2).")
             % {"n": MIN_FOUNDERS})  # fmt: skip
    host = normalize_uscc(data.host_unit)
    proposal.host_unit = next((o for o in founders if o.uscc == host), None)
    for row in new:
        row.is_host = row.uscc == host
    if proposal.host_unit is None and not any(row.is_host for row in new):
        _add(
            errors,
            "host_unit",
            _("The host unit is one of the founding organisations: give its credit code."),
        )
    try:
        proposal.full_clean(
            exclude=["proposer", "host_unit", "new_founders", *errors], validate_constraints=False
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    return founders, new


def _host_code(proposal: AllianceProposal, new: list[NewFounder]) -> str:
    if proposal.host_unit is not None:
        return proposal.host_unit.uscc
    return next((row.uscc for row in new if row.is_host), "")


def _snapshot(
    proposal: AllianceProposal, founders: list[Organisation], new: list[NewFounder]
) -> dict[str, Any]:
    snapshot = {**{f: getattr(proposal, f) for f in RECORD_FIELDS}, "founders": [o.uscc for o in founders],
                "host_unit": _host_code(proposal, new)}  # fmt: skip
    if new:
        snapshot["new_founders"] = [{f: getattr(row, f) for f in NEW_FOUNDER_FIELDS} for row in new]
    return snapshot


def _save_new(proposal: AllianceProposal, new: list[NewFounder]) -> None:
    proposal.new_founders.all().delete()  # a draft's working rows; the audit entries keep each version
    for row in new:
        row.proposal = proposal
    NewFounder.objects.bulk_create(new)


def proposal_create(*, by: User, data: ProposalInput) -> AllianceProposal:
    """Draft a proposal to form an alliance (anyone with an account, Art. 6). Nothing is sent yet."""
    decision = can_propose_alliance(by)
    if not decision:
        raise PermissionDenied(decision.reason)
    proposal = AllianceProposal(proposer=by)
    founders, new = _check(data, proposal)
    with transaction.atomic():
        proposal.save()
        proposal.founders.set(founders)
        _save_new(proposal, new)
        log_action(proposal, actions.CREATED, by=by, data=_snapshot(proposal, founders, new))
    return proposal


def _locked(proposal: AllianceProposal) -> AllianceProposal:
    return (
        AllianceProposal.objects.select_for_update(of=("self",))
        .select_related("proposer", "host_unit")
        .get(pk=proposal.pk)
    )


def proposal_update(*, by: User, proposal: AllianceProposal, data: ProposalInput) -> AllianceProposal:
    """Change a draft or returned proposal (its proposer only); the audit entry keeps what changed."""
    with transaction.atomic():
        obj = _locked(proposal)
        decision = can_edit_proposal(by, obj)
        if not decision:
            raise PermissionDenied(decision.reason)
        before = _snapshot(obj, list(obj.founders.order_by("uscc")), list(obj.new_founders.all()))
        founders, new = _check(data, obj)
        obj.save()
        obj.founders.set(founders)
        _save_new(obj, new)
        after = _snapshot(obj, founders, new)
        keys = [*after, *(k for k in before if k not in after)]
        changes = {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}
        if changes:
            log_action(obj, actions.UPDATED, by=by, data={"changes": changes})
    return obj


def proposal_submit(*, by: User, proposal: AllianceProposal) -> AllianceProposal:
    """Send a draft or returned proposal to the competent officers, who are told and get it to review."""
    with transaction.atomic():
        obj = _locked(proposal)
        if obj.proposer_id != by.pk:
            raise PermissionDenied(_("Only the proposer changes and submits a proposal."))
        _refuse_taken_code(obj)
        obj.submitted_at = timezone.now()
        move(obj, ProposalStatus.SUBMITTED, by=by, actors=actor_kinds(by, obj), table=PROPOSAL_TRANSITIONS,
             action=actions.SUBMITTED, fields=["submitted_at"], object_repr=obj.code,
             invalid=_("Only a draft or a returned proposal is submitted."))  # fmt: skip
        notices.proposal_submitted(obj, by=by)
    return obj


def _refuse_taken_code(obj: AllianceProposal) -> None:
    """An alliance took the proposed short code after the proposal was drafted (409)."""
    if Alliance.objects.filter(code=obj.code).exists():
        raise Conflict(_("An alliance with this short code exists."), fields={"code": [_("Already taken.")]})


def _require_reviewer(by: User, obj: AllianceProposal) -> None:
    if not is_competent_for(by, scope=obj.scope, province=obj.province):
        raise PermissionDenied(
            _(
                "Only the national office (a national alliance) or the provincial officer of its province "
                "(a regional alliance) accepts or returns a proposal."
            )
        )


def proposal_return(*, by: User, proposal: AllianceProposal, reason: str) -> AllianceProposal:
    """Return a submitted proposal to its proposer with a reason (required); the proposer is told."""
    with transaction.atomic():
        obj = _locked(proposal)
        _require_reviewer(by, obj)
        if is_blank(reason):
            raise DomainError(_("Please correct the errors below."),
                              fields={"reason": [_("Say why the proposal is returned.")]})  # fmt: skip
        obj.return_reason = strip_text(reason)
        move(obj, ProposalStatus.RETURNED, by=by, actors=actor_kinds(by, obj), table=PROPOSAL_TRANSITIONS,
             action=actions.RETURNED, fields=["return_reason"], comment=obj.return_reason, object_repr=obj.code,
             invalid=_("Only a submitted proposal is accepted or returned."))  # fmt: skip
        notices.proposal_returned(obj, by=by)
    return obj


def proposal_accept(*, by: User, proposal: AllianceProposal) -> AllianceProposal:
    """Accept a submitted proposal into the registry (see the module docstring): the alliance, forming; the
    founders as members from today (Beijing time); the host unit; the proposer as its secretariat."""
    with transaction.atomic():
        obj = _locked(proposal)
        _require_reviewer(by, obj)
        actors = actor_kinds(by, obj)
        invalid = _("Only a submitted proposal is accepted or returned.")
        PROPOSAL_TRANSITIONS.check(obj.status, ProposalStatus.ACCEPTED, actors, invalid=invalid)
        _refuse_taken_code(obj)
        new = list(obj.new_founders.all())
        # the founders not yet in the registry enter it now, registered by the accepting officer
        created = [
            organisation_create(by=by, data=OrganisationInput(
                uscc=row.uscc, name_zh=row.name_zh, name_en=row.name_en, kind=row.kind, ownership=row.ownership,
                province=row.province, region_code=row.uscc[2:8], industry=obj.industry))
            for row in new
        ]  # fmt: skip
        host = obj.host_unit or next(org for org, row in zip(created, new, strict=True) if row.is_host)
        obj.host_unit = host
        founders = sorted([*obj.founders.all(), *created], key=lambda o: o.uscc)
        alliance = alliance_create(
            by=by,
            data=AllianceInput(code=obj.code, name_zh=obj.name_zh, name_en=obj.name_en, scope=obj.scope,
                               province=obj.province, industry=obj.industry, key_area=obj.key_area,
                               emerging_industry=obj.emerging_industry, host_unit=host),
            comment=_("Accepted from proposal %(id)s.") % {"id": obj.pk},
        )  # fmt: skip
        today = timezone.localdate()
        for org in founders:
            rank = Rank.CHAIR if org.pk == host.pk else Rank.ORDINARY
            membership_add(by=by, alliance=alliance, organisation=org, rank=rank, joined_on=today)
        role_grant(by=by, user=obj.proposer, role=Role.SECRETARIAT, alliance=alliance, proposal=obj.pk)
        # the founding agreement's first draft, from the template (Art. 8(2)), opened in the name of the new
        # secretariat, who completes it and sends it to the founders' legal representatives to sign
        draft = version_create(by=obj.proposer, alliance=alliance)
        obj.alliance = alliance
        data = {"from": ProposalStatus.SUBMITTED.value, "to": ProposalStatus.ACCEPTED.value, "alliance": alliance.code,
                "founders": [o.uscc for o in founders], "host_unit": host.uscc,
                "secretariat": obj.proposer.username, "agreement_draft": draft.pk}  # fmt: skip
        if created:
            data["registered"] = [o.uscc for o in created]
        move(obj, ProposalStatus.ACCEPTED, by=by, actors=actors, table=PROPOSAL_TRANSITIONS,
             action=actions.ACCEPTED, data=data, fields=["alliance", "host_unit"], object_repr=obj.code,
             invalid=invalid)  # fmt: skip
        notices.proposal_accepted(obj, by=by)
    return obj
