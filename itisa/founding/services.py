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
from itisa.core.values import is_blank, strip_text
from itisa.founding import actions, notices
from itisa.founding.choices import MIN_FOUNDERS, ProposalStatus
from itisa.founding.models import AllianceProposal
from itisa.founding.permissions import actor_kinds, can_edit_proposal, can_propose_alliance, is_competent_for
from itisa.founding.workflows import PROPOSAL_TRANSITIONS
from itisa.membership.choices import Rank
from itisa.membership.services import membership_add
from itisa.registry.choices import AllianceScope
from itisa.registry.models import Alliance, Organisation
from itisa.registry.services import AllianceInput, alliance_create, uscc_failure_message
from itisa.registry.services.alliances import ALLIANCE_CODE_RE

if TYPE_CHECKING:
    from itisa.accounts.models import User

RECORD_FIELDS = ("code", "name_zh", "name_en", "scope", "province", "industry", "key_area", "emerging_industry",
                 "contact_name", "contact_phone", "contact_email", "purpose")  # fmt: skip


class ProposalInput(ServiceInput):
    """What a proposer fills in: the alliance's record, the founders' credit codes, the host unit's credit
    code (one of the founders), a contact and the statement of purpose."""

    code: str = ""
    name_zh: str = ""
    name_en: str = ""
    scope: str = ""
    province: str = ""
    industry: str = ""
    key_area: str = ""
    emerging_industry: str = ""
    founders: tuple[str, ...] = ()
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
            _add(errors, "founders", _("No organisation with the credit code %(code)s is in the registry; ask "
                                       "your provincial officer to register it.") % {"code": code})  # fmt: skip
    if len(wanted) < MIN_FOUNDERS and "founders" not in errors:
        _add(errors, "founders", _("An alliance is formed by at least %(n)s organisations (Art. 2).")
             % {"n": MIN_FOUNDERS})  # fmt: skip
    return [found[c] for c in wanted if c in found]


def _check(data: ProposalInput, proposal: AllianceProposal) -> list[Organisation]:
    """Fill ``proposal`` from ``data`` and refuse, with every field error at once, what the registry would
    refuse at acceptance; return the founders."""
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
    host = normalize_uscc(data.host_unit)
    if host not in {o.uscc for o in founders}:
        _add(
            errors,
            "host_unit",
            _("The host unit is one of the founding organisations: give its credit code."),
        )
    else:
        proposal.host_unit = next(o for o in founders if o.uscc == host)
    try:
        proposal.full_clean(exclude=["proposer", "host_unit", *errors], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    return founders


def _snapshot(proposal: AllianceProposal, founders: list[Organisation]) -> dict[str, Any]:
    return {**{f: getattr(proposal, f) for f in RECORD_FIELDS}, "founders": [o.uscc for o in founders],
            "host_unit": proposal.host_unit.uscc}  # fmt: skip


def proposal_create(*, by: User, data: ProposalInput) -> AllianceProposal:
    """Draft a proposal to form an alliance (anyone with an account, Art. 6). Nothing is sent yet."""
    decision = can_propose_alliance(by)
    if not decision:
        raise PermissionDenied(decision.reason)
    proposal = AllianceProposal(proposer=by)
    founders = _check(data, proposal)
    with transaction.atomic():
        proposal.save()
        proposal.founders.set(founders)
        log_action(proposal, actions.CREATED, by=by, data=_snapshot(proposal, founders))
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
        before = _snapshot(obj, list(obj.founders.order_by("uscc")))
        founders = _check(data, obj)
        obj.save()
        obj.founders.set(founders)
        after = _snapshot(obj, founders)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
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
        founders = list(obj.founders.order_by("uscc"))
        alliance = alliance_create(
            by=by,
            data=AllianceInput(code=obj.code, name_zh=obj.name_zh, name_en=obj.name_en, scope=obj.scope,
                               province=obj.province, industry=obj.industry, key_area=obj.key_area,
                               emerging_industry=obj.emerging_industry, host_unit=obj.host_unit),
            comment=_("Accepted from proposal %(id)s.") % {"id": obj.pk},
        )  # fmt: skip
        today = timezone.localdate()
        for org in founders:
            rank = Rank.CHAIR if org.pk == obj.host_unit_id else Rank.ORDINARY
            membership_add(by=by, alliance=alliance, organisation=org, rank=rank, joined_on=today)
        role_grant(by=by, user=obj.proposer, role=Role.SECRETARIAT, alliance=alliance, proposal=obj.pk)
        # the founding agreement's first draft, from the template (Art. 8(2)), opened in the name of the new
        # secretariat, who completes it and sends it to the founders' legal representatives to sign
        draft = version_create(by=obj.proposer, alliance=alliance)
        obj.alliance = alliance
        data = {"from": ProposalStatus.SUBMITTED.value, "to": ProposalStatus.ACCEPTED.value, "alliance": alliance.code,
                "founders": [o.uscc for o in founders], "host_unit": obj.host_unit.uscc,
                "secretariat": obj.proposer.username, "agreement_draft": draft.pk}  # fmt: skip
        move(obj, ProposalStatus.ACCEPTED, by=by, actors=actors, table=PROPOSAL_TRANSITIONS,
             action=actions.ACCEPTED, data=data, fields=["alliance"], object_repr=obj.code, invalid=invalid)  # fmt: skip
        notices.proposal_accepted(obj, by=by)
    return obj
