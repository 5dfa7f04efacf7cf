"""Financing needs and the alliance's recommendation; the institutions' responses (Art. 10).

``need_create`` records a draft need (the secretariat, or a member's representative for its own
organisation), ``need_submit`` submits it to the alliance, ``need_recommend`` records the alliance's
recommendation or refusal (the secretariat, with its letter's reference and the reason),
``response_record`` an institution's answer (write-once, sealed) and moves the need to offered or
declined, ``need_close`` closes it. Every move goes through ``audit.workflows.move``."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core.errors import Conflict, DomainError, PermissionDenied, full_clean
from itisa.core.values import ValueRefused, parse_amount
from itisa.financing import actions
from itisa.financing.choices import Channel, Decision, InstitutionKind, NeedStatus
from itisa.financing.models import FinancingNeed, InstitutionResponse, NeedStatusChange
from itisa.financing.permissions import can_apply, need_actors
from itisa.financing.services.common import Errors, amount, invalid, require_keeper, required
from itisa.financing.services.inputs import NeedInput, RecommendationInput, ResponseInput
from itisa.financing.workflows import KEEPER, NEED_TRANSITIONS
from itisa.membership.models import Membership
from itisa.projects.models import Project
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User

N = NeedStatus


def _invalid_move(need: FinancingNeed, target: str) -> str:
    return _("The need is %(status)s; it cannot move to %(target)s.") % {
        "status": NeedStatus(need.status).label, "target": NeedStatus(target).label,
    }  # fmt: skip


def _move(need: FinancingNeed, target: str, *, by: User, comment: str = "", fields: tuple[str, ...] = (),
          data: dict[str, Any] | None = None, sealed: list[Any] | None = None) -> None:  # fmt: skip
    move(
        need, target, by=by, actors=need_actors(by, need), table=NEED_TRANSITIONS, history=NeedStatusChange,
        action=actions.NEED_MOVED, comment=comment, fields=fields, invalid=_invalid_move(need, target),
        denied=_("You may not move this need."),
        data={"code": need.code, "from": need.status, "to": target, "comment": comment, **(data or {})},
        sealed=sealed or (),
    )  # fmt: skip


def need_create(*, by: User, alliance: Alliance, data: NeedInput, is_demo: bool = False) -> FinancingNeed:
    """Record a draft financing need of a project of the alliance or of a member, numbered ``F0001``…"""
    decision = can_apply(by, alliance, data.organisation)
    if not decision or (data.project is not None and not can_apply(by, alliance, None)):
        raise PermissionDenied(
            decision.reason if not decision else _("Only the secretariat records a project's needs.")
        )
    errors: Errors = {}
    project = organisation = None
    if (data.project is None) == (data.organisation is None):
        errors["project"] = [_("Name either a project of the alliance or a member.")]
    elif data.project is not None:
        project = Project.objects.filter(pk=data.project, alliance=alliance).first()
        if project is None:
            errors["project"] = [_("Choose a project of the alliance.")]
    else:
        active = Membership.objects.active().filter(alliance=alliance)
        organisation = Organisation.objects.filter(pk=data.organisation or 0, memberships__in=active).first()
        if organisation is None:
            errors["organisation"] = [_("Choose an active member of the alliance.")]
    if data.channel not in Channel.values:
        errors["channel"] = [_("Choose a financing channel.")]
    value = amount(data.amount, FinancingNeed._meta.get_field("amount"), "amount", errors)
    required(data.purpose_zh, "purpose_zh", errors)
    invalid(errors)
    try:
        with transaction.atomic():
            Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
            last = FinancingNeed.objects.filter(alliance=alliance).aggregate(n=Max("code"))["n"]
            need = FinancingNeed(
                alliance=alliance, code=f"F{int(last[1:]) + 1 if last else 1:04d}", project=project,
                organisation=organisation, channel=data.channel, amount=value, purpose_zh=data.purpose_zh,
                status=N.DRAFT, by=by, at=timezone.now(), is_demo=is_demo,
            )  # fmt: skip
            full_clean(need, validate_constraints=False)
            need.save()
            row = record(NeedStatusChange, need, "", N.DRAFT, by=by)
            log_action(
                need, actions.NEED_CREATED, by=by,
                data={"code": need.code, "project": project.code if project else None,
                      "organisation": organisation.uscc if organisation else None, "channel": need.channel,
                      "amount": str(need.amount), "purpose_zh": need.purpose_zh},
                sealed=[row],
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("Another need was recorded at the same moment; please try again.")) from exc
    return need


def _locked(need: FinancingNeed) -> FinancingNeed:
    return FinancingNeed.objects.select_for_update(of=("self",)).select_related("alliance").get(pk=need.pk)


def need_submit(*, by: User, need: FinancingNeed) -> FinancingNeed:
    """Submit a draft need to the alliance for its recommendation."""
    with transaction.atomic():
        locked = _locked(need)
        _move(locked, N.SUBMITTED, by=by)
    return locked


def need_recommend(*, by: User, need: FinancingNeed, data: RecommendationInput) -> FinancingNeed:
    """The alliance recommends the need to the institutions, or does not (the secretariat, with the
    reference of its letter and the reason)."""
    require_keeper(by, need.alliance)
    errors: Errors = {}
    required(data.letter_ref, "letter_ref", errors)
    required(data.reason_zh, "reason_zh", errors)
    invalid(errors)
    target = N.RECOMMENDED if data.recommend else N.NOT_RECOMMENDED
    with transaction.atomic():
        locked = _locked(need)
        NEED_TRANSITIONS.check(locked.status, target, {KEEPER}, invalid=_invalid_move(locked, target))
        locked.letter_ref, locked.reason_zh = data.letter_ref, data.reason_zh
        _move(locked, target, by=by, comment=data.reason_zh, fields=("letter_ref", "reason_zh"),
              data={"letter_ref": data.letter_ref})  # fmt: skip
    return locked


def response_record(*, by: User, need: FinancingNeed, data: ResponseInput) -> InstitutionResponse:
    """Record what an institution answered to a recommended need (written once; a later answer is a new
    record); an offer moves the need to offered, a refusal a need without an offer to declined."""
    require_keeper(by, need.alliance)
    errors: Errors = {}
    required(data.institution, "institution", errors)
    if data.institution_kind not in InstitutionKind.values:
        errors["institution_kind"] = [_("Choose the kind of institution.")]
    if data.decision not in Decision.values:
        errors["decision"] = [_("Say whether the institution offered or declined.")]
    offered: Decimal | None = None
    if data.decision == Decision.OFFERED:
        offered = amount(data.amount_offered or "", InstitutionResponse._meta.get_field("amount_offered"),
                         "amount_offered", errors)  # fmt: skip
    elif data.amount_offered not in (None, ""):
        errors["amount_offered"] = [_("A refusal offers no amount.")]
    rate = None
    if data.rate_percent not in (None, ""):
        try:
            rate = parse_amount(data.rate_percent, column=InstitutionResponse._meta.get_field("rate_percent"))
        except ValueRefused as exc:
            errors["rate_percent"] = [exc.message]
        else:
            if not 0 <= rate <= 100:
                errors["rate_percent"] = [_("A rate is from 0 to 100%.")]
    today = timezone.localdate()
    if data.responded_on is None:
        errors["responded_on"] = [_("This field is required.")]
    elif data.responded_on > today:
        errors["responded_on"] = [_("The day of the response is not in the future.")]
    invalid(errors)
    assert data.responded_on is not None  # noqa: S101 (refused above)
    with transaction.atomic():
        locked = _locked(need)
        if locked.status not in (N.RECOMMENDED, N.OFFERED, N.DECLINED):
            raise DomainError(
                _("Institutions answer a need the alliance recommended; this one is %(status)s.")
                % {"status": NeedStatus(locked.status).label}
            )  # fmt: skip
        response = InstitutionResponse(
            need=locked, institution=data.institution, institution_kind=data.institution_kind,
            decision=data.decision, amount_offered=offered, rate_percent=rate, terms_zh=data.terms_zh,
            responded_on=data.responded_on, by=by, at=timezone.now(),
        )  # fmt: skip
        full_clean(response, validate_constraints=False)
        response.save()
        target = N.OFFERED if data.decision == Decision.OFFERED else N.DECLINED
        facts = {"institution": response.institution, "decision": response.decision,
                 "amount_offered": None if offered is None else str(offered),
                 "rate_percent": None if rate is None else str(rate), "responded_on": response.responded_on.isoformat()}  # fmt: skip
        if NEED_TRANSITIONS.is_move(locked.status, target):
            _move(locked, target, by=by, comment=response.institution, data=facts, sealed=[response])
        else:
            log_action(
                locked,
                actions.RESPONSE_RECORDED,
                by=by,
                data={"code": locked.code, **facts},
                sealed=[response],
            )
    return response


def need_close(*, by: User, need: FinancingNeed, comment: str = "") -> FinancingNeed:
    """Close a need: a draft withdrawn, a need not recommended, or once the institutions answered."""
    with transaction.atomic():
        locked = _locked(need)
        _move(locked, N.CLOSED, by=by, comment=comment)
    return locked
