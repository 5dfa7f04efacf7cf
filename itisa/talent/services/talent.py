"""Recording joint training programmes and staff exchanges, and their outcomes (Art. 5).

Each service checks the secretariat's permission, validates (a programme is organised by active members;
an exchange goes between two different active members), numbers the record in the alliance (``T0001``,
``E0001``) under a lock of the alliance and writes the audit entry in the same transaction. An outcome
is recorded once, on or after the last day of the period."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError, PermissionDenied, full_clean
from itisa.core.formats import day
from itisa.core.values import INT_MAX, is_blank
from itisa.membership.models import Membership
from itisa.registry.models import Alliance, Organisation
from itisa.talent import actions
from itisa.talent.choices import ProgrammeKind
from itisa.talent.models import Exchange, Programme
from itisa.talent.permissions import can_keep_talent
from itisa.talent.rules import duration
from itisa.talent.services.inputs import ExchangeInput, OutcomeInput, ProgrammeInput, ProgrammeOutcomeInput

if TYPE_CHECKING:
    from itisa.accounts.models import User

Errors = dict[str, list[str]]


def _require(by: Any, alliance: Alliance) -> None:
    decision = can_keep_talent(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def _invalid(errors: Errors) -> None:
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)


def _period(starts_on: dt.date | None, ends_on: dt.date | None, errors: Errors) -> None:
    if starts_on is None:
        errors["starts_on"] = [_("This field is required.")]
    if ends_on is None:
        errors["ends_on"] = [_("This field is required.")]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("The period ends on or after its start.")]


def _members(alliance: Alliance, ids: list[int]) -> dict[int, Organisation]:
    """The given organisations that are active members of the alliance (one query)."""
    active = Membership.objects.active().filter(alliance=alliance)
    return {o.pk: o for o in Organisation.objects.filter(pk__in=ids, memberships__in=active).distinct()}


def _next_code(model: type[Model], alliance: Alliance, prefix: str) -> str:
    last = model._default_manager.filter(alliance=alliance).aggregate(n=Max("code"))["n"]  # type: ignore[attr-defined]
    return f"{prefix}{int(last[1:]) + 1 if last else 1:04d}"


def programme_problems(alliance: Alliance, data: ProgrammeInput) -> tuple[Errors, list[Organisation]]:
    """What is wrong with a programme (the service, the form and the import ask the same)."""
    errors: Errors = {}
    if data.kind not in ProgrammeKind.values:
        errors["kind"] = [_("Choose a kind of programme.")]
    if is_blank(data.title_zh):
        errors["title_zh"] = [_("This field is required.")]
    _period(data.starts_on, data.ends_on, errors)
    if data.planned_participants is None:
        errors["planned_participants"] = [_("This field is required.")]
    elif not 1 <= data.planned_participants <= INT_MAX:
        errors["planned_participants"] = [_("Give a number of people from 1.")]
    members = _members(alliance, data.organisers)
    if not data.organisers:
        errors["organisers"] = [_("Choose at least one organising member.")]
    elif set(data.organisers) - set(members):
        errors["organisers"] = [_("Every organiser is an active member of the alliance.")]
    return errors, [members[o] for o in sorted(set(data.organisers)) if o in members]


def programme_create(
    *, by: User, alliance: Alliance, data: ProgrammeInput, is_demo: bool = False
) -> Programme:
    """Record a joint training programme, numbered ``T0001``… in the alliance."""
    _require(by, alliance)
    errors, organisers = programme_problems(alliance, data)
    _invalid(errors)
    assert data.starts_on and data.ends_on and data.planned_participants  # noqa: S101 (refused above)
    try:
        with transaction.atomic():
            Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
            programme = Programme(
                alliance=alliance, code=_next_code(Programme, alliance, "T"), kind=data.kind,
                title_zh=data.title_zh, title_en=data.title_en, starts_on=data.starts_on, ends_on=data.ends_on,
                planned_participants=data.planned_participants, by=by, at=timezone.now(), is_demo=is_demo,
            )  # fmt: skip
            full_clean(programme, validate_constraints=False)
            programme.save()
            programme.organisers.set(organisers)
            log_action(
                programme,
                actions.PROGRAMME_CREATED,
                by=by,
                data={
                    "code": programme.code, "kind": programme.kind, "title_zh": programme.title_zh,
                    "organisers": [o.uscc for o in organisers], "starts_on": programme.starts_on.isoformat(),
                    "ends_on": programme.ends_on.isoformat(), "planned_participants": programme.planned_participants,
                },
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("Another programme was recorded at the same moment; please try again.")) from exc
    return programme


def programme_conclude(*, by: User, programme: Programme, data: ProgrammeOutcomeInput) -> Programme:
    """Record how many took part in a programme and what it achieved: once, from its last day on."""
    _require(by, programme.alliance)
    errors: Errors = {}
    if data.actual_participants is None:
        errors["actual_participants"] = [_("This field is required.")]
    elif not 0 <= data.actual_participants <= INT_MAX:
        errors["actual_participants"] = [_("Give a number of people from 0.")]
    if is_blank(data.outcome_zh):
        errors["outcome_zh"] = [_("Say what the programme achieved.")]
    today = timezone.localdate()
    if today < programme.ends_on:
        errors.setdefault("outcome_zh", []).append(
            _("The outcome is recorded from the last day, %(date)s.") % {"date": day(programme.ends_on)}
        )
    _invalid(errors)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        if locked.concluded_on is not None:
            raise Conflict(_("The programme's outcome is already recorded."))
        locked.actual_participants = data.actual_participants
        locked.outcome_zh = data.outcome_zh
        locked.concluded_on = today
        locked.save(update_fields=["actual_participants", "outcome_zh", "concluded_on"])
        log_action(
            locked,
            actions.PROGRAMME_CONCLUDED,
            by=by,
            data={"code": locked.code, "actual_participants": locked.actual_participants,
                  "outcome_zh": locked.outcome_zh},
        )  # fmt: skip
    return locked


def exchange_problems(alliance: Alliance, data: ExchangeInput) -> Errors:
    """What is wrong with an exchange (the service, the form and the import ask the same)."""
    errors: Errors = {}
    if is_blank(data.person_name):
        errors["person_name"] = [_("This field is required.")]
    if is_blank(data.role_zh):
        errors["role_zh"] = [_("This field is required.")]
    if is_blank(data.purpose_zh):
        errors["purpose_zh"] = [_("This field is required.")]
    _period(data.starts_on, data.ends_on, errors)
    members = _members(alliance, [o for o in (data.from_org, data.to_org) if o is not None])
    for field in ("from_org", "to_org"):
        if getattr(data, field) not in members:
            errors[field] = [_("Choose an active member of the alliance.")]
    if data.from_org is not None and data.from_org == data.to_org:
        errors["to_org"] = [_("An exchange goes between two different members.")]
    return errors


def exchange_create(*, by: User, alliance: Alliance, data: ExchangeInput, is_demo: bool = False) -> Exchange:
    """Record a staff exchange between two members, numbered ``E0001``… in the alliance."""
    _require(by, alliance)
    _invalid(exchange_problems(alliance, data))
    assert data.starts_on and data.ends_on and data.from_org and data.to_org  # noqa: S101 (refused above)
    try:
        with transaction.atomic():
            Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
            exchange = Exchange(
                alliance=alliance, code=_next_code(Exchange, alliance, "E"), person_name=data.person_name,
                from_org_id=data.from_org, to_org_id=data.to_org, role_zh=data.role_zh, starts_on=data.starts_on,
                ends_on=data.ends_on, purpose_zh=data.purpose_zh, by=by, at=timezone.now(), is_demo=is_demo,
            )  # fmt: skip
            full_clean(exchange, validate_constraints=False)
            exchange.save()
            log_action(
                exchange,
                actions.EXCHANGE_CREATED,
                by=by,
                data={
                    "code": exchange.code, "person_name": exchange.person_name,
                    "from": exchange.from_org.uscc, "to": exchange.to_org.uscc, "role_zh": exchange.role_zh,
                    "starts_on": exchange.starts_on.isoformat(), "ends_on": exchange.ends_on.isoformat(),
                    "person_months": str(duration(exchange.starts_on, exchange.ends_on).person_months),
                },
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("Another exchange was recorded at the same moment; please try again.")) from exc
    return exchange


def exchange_conclude(*, by: User, exchange: Exchange, data: OutcomeInput) -> Exchange:
    """Record what an exchange achieved: once, from its last day on."""
    _require(by, exchange.alliance)
    errors: Errors = {}
    if is_blank(data.outcome_zh):
        errors["outcome_zh"] = [_("Say what the exchange achieved.")]
    today = timezone.localdate()
    if today < exchange.ends_on:
        errors.setdefault("outcome_zh", []).append(
            _("The outcome is recorded from the last day, %(date)s.") % {"date": day(exchange.ends_on)}
        )
    _invalid(errors)
    with transaction.atomic():
        locked = Exchange.objects.select_for_update().get(pk=exchange.pk)
        if locked.concluded_on is not None:
            raise Conflict(_("The exchange's outcome is already recorded."))
        locked.outcome_zh = data.outcome_zh
        locked.concluded_on = today
        locked.save(update_fields=["outcome_zh", "concluded_on"])
        log_action(locked, actions.EXCHANGE_CONCLUDED, by=by,
                   data={"code": locked.code, "outcome_zh": locked.outcome_zh})  # fmt: skip
    return locked
