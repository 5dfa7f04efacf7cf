"""Writes to bodies, rules, seats, staff and the liability designation. Each is audited in its transaction."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.agreements.content import VoteRule
from itisa.agreements.models import AgreementVersion
from itisa.agreements.selectors import effective_version, party_organisations
from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError, PermissionDenied, validation_error_fields
from itisa.core.values import strip_text
from itisa.governance import actions
from itisa.governance import rules as r
from itisa.governance.choices import (
    DEFAULT_KIND,
    BodyKind,
    BodyType,
    Comparison,
    Matter,
    SeatRole,
    ThresholdBase,
)
from itisa.governance.models import Body, LiabilityDesignation, RuleSet, Seat, StaffMember
from itisa.governance.permissions import can_manage_governance
from itisa.governance.selectors import (
    DEFAULT_NOTICE_DAYS,
    AgreementRules,
    agreement_procedures,
    agreement_rules_for,
    current_seats_q,
    rule_set_summary,
)
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User


def _require(by: User, alliance: Alliance) -> None:
    decision = can_manage_governance(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def _clean(obj: Any) -> None:
    try:
        obj.full_clean(validate_constraints=False)
    except ValidationError as exc:
        raise DomainError(_("Please correct the errors below."), fields=validation_error_fields(exc)) from exc


def _user(by: User | None) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


class ParsedRules(NamedTuple):
    """Decision rules as given: the rules, the preset's code (empty for custom rules), the notice period."""

    rules: r.Rules
    preset: str
    notice_days: int


def _rules_row(
    body: Body,
    rules: r.Rules,
    *,
    version: int,
    preset: str,
    adopted_on: dt.date,
    by: User | None,
    notice_days: int = DEFAULT_NOTICE_DAYS,
    matter: str = Matter.ORDINARY,
    agreement_version: AgreementVersion | None = None,
) -> RuleSet:
    return RuleSet(
        body=body,
        version=version,
        matter=matter,
        agreement_version=agreement_version,
        notice_days=notice_days,
        preset=preset,
        quorum_numerator=rules.quorum.numerator,
        quorum_denominator=rules.quorum.denominator,
        quorum_comparison=rules.quorum_comparison,
        threshold_numerator=rules.threshold.numerator,
        threshold_denominator=rules.threshold.denominator,
        threshold_comparison=rules.threshold_comparison,
        threshold_base=rules.threshold_base,
        abstentions_count_as_present=rules.abstentions_count_as_present,
        extraordinary_numerator=rules.extraordinary_share.numerator,
        extraordinary_denominator=rules.extraordinary_share.denominator,
        chair_casting_vote=rules.chair_casting_vote,
        veto_days=rules.veto_days,
        adopted_on=adopted_on,
        created_by=_user(by),
    )


def _days(values: dict[str, Any], name: str, default: int, errors: dict[str, list[str]]) -> int:
    # strict: a JSON whole number 0..365 (absent or empty: the default); "15" (a string) and true are refused
    value = values.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 365:
        errors[name] = [_("A whole number of days from 0 to 365.")]
        return default
    return value


def rules_from_values(values: dict[str, Any]) -> ParsedRules:
    """A preset by code, or custom rules from fractions like ``"2/3"``, with the meeting notice period
    (``notice_days``, 7 when not given); errors name the field."""
    errors: dict[str, list[str]] = {}
    notice_days = _days(values, "notice_days", DEFAULT_NOTICE_DAYS, errors)
    preset = (values.get("preset") or "").strip()
    if preset:
        if preset not in r.PRESETS:
            errors["preset"] = [_("Choose one of the presets.")]
            raise DomainError(_("Unknown preset."), fields=errors)
        if errors:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        return ParsedRules(r.PRESETS[preset], preset, notice_days)

    def fraction(name: str) -> Fraction:
        try:
            value = Fraction(str(values.get(name, "")).strip())
        except (ValueError, ZeroDivisionError):
            errors[name] = [_("Write a fraction such as 2/3.")]
            return Fraction(0)
        if not 0 < value <= 1:
            errors[name] = [_("A share between 0 and 1, such as 1/2 or 2/3.")]
        return value

    def choice(name: str, options: list[str]) -> str:
        value = str(values.get(name, ""))
        if value not in options:
            errors[name] = [_("Choose a valid option.")]
        return value

    def flag(name: str, default: bool) -> bool:
        # strict: JSON true/false only; the string "false" is not a yes (issue 15)
        value = values.get(name, default)
        if not isinstance(value, bool):
            errors[name] = [_("Give true or false, without quotes.")]
            return default
        return value

    rules = r.Rules(
        quorum=fraction("quorum"),
        quorum_comparison=choice("quorum_comparison", Comparison.values),
        threshold=fraction("threshold"),
        threshold_comparison=choice("threshold_comparison", Comparison.values),
        threshold_base=choice("threshold_base", ThresholdBase.values),
        abstentions_count_as_present=flag("abstentions_count_as_present", True),
        extraordinary_share=fraction("extraordinary_share")
        if values.get("extraordinary_share")
        else Fraction(1, 4),
        chair_casting_vote=flag("chair_casting_vote", False),
        veto_days=_days(values, "veto_days", 0, errors),
    )
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    return ParsedRules(rules, "", notice_days)


def _agreement_rules(rule: VoteRule, extraordinary_share: Fraction) -> r.Rules:
    """A vote rule of the agreement's procedures as decision rules (the agreement does not state who may
    call an extraordinary meeting: the body keeps its share)."""
    return r.Rules(
        quorum=Fraction(rule.quorum),
        quorum_comparison=rule.quorum_comparison,
        threshold=Fraction(rule.threshold),
        threshold_comparison=rule.threshold_comparison,
        threshold_base=rule.threshold_base,
        abstentions_count_as_present=rule.abstentions_count_as_present,
        extraordinary_share=extraordinary_share,
        chair_casting_vote=rule.chair_casting_vote,
        veto_days=rule.veto_days,
    )


def _record_agreement_rules(
    body: Body, source: AgreementRules, *, adopted_on: dt.date, by: User | None
) -> list[RuleSet]:
    """New rule versions of ``body`` from the agreement's procedures (ordinary matters first), each audited."""
    existing = list(RuleSet.objects.filter(body=body))
    last = max((rs.version for rs in existing), default=0)
    ordinary = max(
        (rs for rs in existing if rs.matter == Matter.ORDINARY), key=lambda rs: rs.version, default=None
    )
    share = (
        Fraction(ordinary.extraordinary_numerator, ordinary.extraordinary_denominator)
        if ordinary is not None
        else Fraction(1, 4)
    )
    created = []
    for rule in sorted(source.rules, key=lambda v: v.matter != Matter.ORDINARY):
        last += 1
        rs = _rules_row(
            body,
            _agreement_rules(rule, share),
            version=last,
            preset="",
            adopted_on=adopted_on,
            by=by,
            notice_days=source.procedures.notice_ordinary_days,
            matter=rule.matter,
            agreement_version=source.version,
        )
        rs.save()
        log_action(
            body,
            actions.RULES_FROM_AGREEMENT,
            by=by,
            data={"body": body.name_zh, "agreement": source.version.label, **rule_set_summary(rs)},
        )
        created.append(rs)
    return created


def rules_from_agreement(*, version: AgreementVersion) -> list[RuleSet]:
    """The bodies named in the procedures of a version that has just taken effect get their decision rules
    from it: a new rule version per matter, recorded with the version, adopted on the day it took effect.

    The system acts (no permission check): called inside the signing transaction (``version_effective``).
    An agreement without procedures changes nothing; its bodies keep the rules they adopted.
    """
    found = agreement_procedures(version.alliance, version=version)
    if found is None:
        return []
    procedures = found[1]
    adopted_on = timezone.localdate(version.effective_at) if version.effective_at else timezone.localdate()
    created: list[RuleSet] = []
    with transaction.atomic():
        named = Body.objects.select_for_update().filter(
            alliance_id=version.alliance_id, name_zh__in={v.body_zh for v in procedures.votes}
        )
        for body in named.order_by("pk"):
            rules = [v for v in procedures.votes if v.body_zh == body.name_zh]
            source = AgreementRules(version, procedures, rules)
            created += _record_agreement_rules(body, source, adopted_on=adopted_on, by=None)
    return created


def body_create(
    *,
    by: User,
    alliance: Alliance,
    body_type: str,
    name_zh: str,
    name_en: str = "",
    kind: str = "",
    duties_zh: str = "",
    rules: dict[str, Any] | None = None,
    adopted_on: dt.date | None = None,
    is_demo: bool = False,
) -> Body:
    """Create a body with its first rule version (a preset unless custom rules are given)."""
    _require(by, alliance)
    if body_type not in BodyType.values:
        raise DomainError(_("Unknown body type."), fields={"body_type": [_("Choose a valid type.")]})
    kind = kind or DEFAULT_KIND[BodyType(body_type)]
    if kind not in BodyKind.values:
        raise DomainError(_("Unknown body kind."), fields={"kind": [_("Choose a valid kind.")]})
    parsed = rules_from_values(rules or {"preset": "two_thirds_present"})
    body = Body(
        alliance=alliance,
        kind=kind,
        body_type=body_type,
        name_zh=strip_text(name_zh),
        name_en=strip_text(name_en),
        duties_zh=strip_text(duties_zh),
        is_demo=is_demo,
    )
    _clean(body)
    try:
        with transaction.atomic():
            body.save()
            # a body the effective agreement's procedures name takes its rules from there, not from a preset
            source = agreement_rules_for(alliance, body.name_zh)
            on = adopted_on or timezone.localdate()
            rules_data: dict[str, Any] = {}
            if source is None:
                rs = _rules_row(
                    body,
                    parsed.rules,
                    version=1,
                    preset=parsed.preset,
                    adopted_on=on,
                    by=by,
                    notice_days=parsed.notice_days,
                )
                rs.save()
                rules_data = rule_set_summary(rs)
            else:
                rules_data = {"from_agreement": source.version.label}
            log_action(
                body,
                actions.BODY_CREATED,
                by=by,
                data={
                    "alliance": alliance.code,
                    "kind": kind,
                    "type": body_type,
                    "name_zh": body.name_zh,
                    "rules": rules_data,
                },
            )
            if source is not None:
                _record_agreement_rules(body, source, adopted_on=on, by=by)
    except IntegrityError as exc:
        raise Conflict(
            _("%(code)s already has a body named %(name)s.") % {"code": alliance.code, "name": body.name_zh},
            fields={"name_zh": [_("Already used.")]},
        ) from exc
    return body


def rules_adopt(*, by: User, body: Body, rules: dict[str, Any], adopted_on: dt.date) -> RuleSet:
    """Adopt a new version of a body's rules; earlier versions stay, and closed ballots keep theirs.

    Refused for a body whose rules come from the effective agreement's procedures: changing them is an
    amendment of the agreement, signed like any other.
    """
    _require(by, body.alliance)
    source = agreement_rules_for(body.alliance, body.name_zh)
    if source is not None:
        raise Conflict(
            _(
                "The decision rules of %(body)s come from the agreement %(version)s: changing these rules is an amendment of the agreement."
            )
            % {"body": body.name_zh, "version": source.version.label}
        )
    parsed = rules_from_values(rules)
    with transaction.atomic():
        Body.objects.select_for_update().filter(pk=body.pk).first()
        last = (
            RuleSet.objects.filter(body=body).order_by("-version").values_list("version", flat=True).first()
            or 0
        )
        rs = _rules_row(
            body,
            parsed.rules,
            version=last + 1,
            preset=parsed.preset,
            adopted_on=adopted_on,
            by=by,
            notice_days=parsed.notice_days,
        )
        rs.save()
        log_action(body, actions.RULES_ADOPTED, by=by, data=rule_set_summary(rs))
    return rs


def seat_add(
    *,
    by: User,
    body: Body,
    holder_name: str,
    role: str,
    term_start: dt.date,
    term_end: dt.date | None = None,
    organisation: Organisation | None = None,
    representative: Any = None,
    is_demo: bool = False,
) -> Seat:
    """Give a member organisation (through its representative) or an individual expert a seat on a body."""
    _require(by, body.alliance)
    errors: dict[str, list[str]] = {}
    if role not in SeatRole.values:
        errors["role"] = [_("Choose a valid role.")]
    if (
        organisation is not None
        and not organisation.memberships.active().filter(alliance=body.alliance).exists()
    ):
        errors["organisation"] = [
            _("Only an active member of the alliance holds a seat for an organisation.")
        ]
    if term_end is not None and term_end < term_start:
        errors["term_end"] = [_("The term ends before it starts.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    seat = Seat(
        body=body,
        organisation=organisation,
        holder_name=strip_text(holder_name),
        representative=representative,
        role=role,
        term_start=term_start,
        term_end=term_end,
        is_demo=is_demo,
    )
    _clean(seat)
    with transaction.atomic():
        Body.objects.select_for_update().filter(pk=body.pk).first()
        if (
            role == SeatRole.CHAIR
            and Seat.objects.filter(body=body, role=SeatRole.CHAIR)
            .filter(current_seats_q(term_start))
            .exists()
        ):
            raise Conflict(
                _("The body already has a chair for this term."), fields={"role": [_("Already taken.")]}
            )
        seat.save()
        log_action(
            seat,
            actions.SEAT_ADDED,
            by=by,
            data={
                "body": body.name_zh,
                "organisation": organisation.uscc if organisation else None,
                "holder": seat.holder_name,
                "representative": representative.get_username() if representative else None,
                "role": role,
                "term_start": term_start.isoformat(),
                "term_end": term_end.isoformat() if term_end else None,
            },
        )
    return seat


def seat_end(*, by: User, seat: Seat, term_end: dt.date) -> Seat:
    """End a seat's term on a date (the row stays as history)."""
    _require(by, seat.body.alliance)
    with transaction.atomic():
        obj = Seat.objects.select_for_update().get(pk=seat.pk)
        if term_end < obj.term_start:
            raise DomainError(
                _("The term ends before it starts."), fields={"term_end": [_("On or after the term start.")]}
            )
        if obj.term_end is not None and obj.term_end <= term_end:
            raise DomainError(_("This term has already ended."))
        obj.term_end = term_end
        obj.save(update_fields=["term_end", "updated_at"])
        log_action(obj, actions.SEAT_ENDED, by=by, data={"term_end": term_end.isoformat()})
    return obj


def staff_add(
    *,
    by: User,
    alliance: Alliance,
    name: str,
    position: str,
    full_time: bool,
    since: dt.date,
    employer: Organisation | None = None,
    employer_name: str = "",
    is_demo: bool = False,
) -> StaffMember:
    """Register a person on the secretariat's staff (full-time or part-time)."""
    _require(by, alliance)
    staff = StaffMember(
        alliance=alliance,
        name=strip_text(name),
        position=strip_text(position),
        full_time=full_time,
        since=since,
        employer=employer,
        employer_name=strip_text(employer_name),
        is_demo=is_demo,
    )
    _clean(staff)
    with transaction.atomic():
        staff.save()
        log_action(
            staff,
            actions.STAFF_ADDED,
            by=by,
            data={
                "alliance": alliance.code,
                "name": staff.name,
                "position": staff.position,
                "full_time": full_time,
                "employer": employer.uscc if employer else staff.employer_name,
                "since": since.isoformat(),
            },
        )
    return staff


def staff_end(*, by: User, staff: StaffMember, until: dt.date) -> StaffMember:
    """Record that a staff member left on a date."""
    _require(by, staff.alliance)
    with transaction.atomic():
        obj = StaffMember.objects.select_for_update().get(pk=staff.pk)
        if until < obj.since:
            raise DomainError(
                _("The leaving date is before the start."), fields={"until": [_("On or after the start.")]}
            )
        if obj.until is not None:
            raise DomainError(_("This person has already left."))
        obj.until = until
        obj.save(update_fields=["until", "updated_at"])
        log_action(obj, actions.STAFF_ENDED, by=by, data={"until": until.isoformat()})
    return obj


def liability_designate(
    *, by: User, alliance: Alliance, organisation: Organisation, since: dt.date
) -> LiabilityDesignation:
    """Designate the member bearing external liability: it must be a party to the effective agreement."""
    _require(by, alliance)
    current = effective_version(alliance)
    if current is None:
        raise DomainError(
            _(
                "%(code)s has no effective agreement; the member bearing external liability must be a party to it."
            )
            % {"code": alliance.code},
            fields={"organisation": [_("No effective agreement.")]},
        )
    if not party_organisations(current).filter(pk=organisation.pk).exists():
        raise DomainError(
            _("%(org)s is not a party to the effective agreement %(version)s.")
            % {"org": organisation.name_zh, "version": current.label},
            fields={"organisation": [_("Not a party to the effective agreement.")]},
        )
    with transaction.atomic():
        row = LiabilityDesignation.objects.create(
            alliance=alliance, organisation=organisation, since=since, by=_user(by)
        )
        log_action(
            row,
            actions.LIABILITY_DESIGNATED,
            by=by,
            data={
                "alliance": alliance.code,
                "organisation": organisation.uscc,
                "since": since.isoformat(),
                "agreement": current.label,
            },
        )
    return row


def seat_representative_change(*, by: User, seat: Seat, representative: Any, holder_name: str = "") -> Seat:
    """A member organisation names a new representative for its seat; the previous one can no longer vote."""
    _require(by, seat.body.alliance)
    with transaction.atomic():
        obj = Seat.objects.select_for_update().get(pk=seat.pk)
        if obj.term_end is not None and obj.term_end < timezone.localdate():
            raise DomainError(_("This seat's term has ended."))
        if representative is not None and obj.representative_id == representative.pk:
            raise DomainError(
                _("This account already represents the seat."),
                fields={"representative": [_("Choose another account.")]},
            )
        old = obj.representative.get_username() if obj.representative else None
        old_holder = obj.holder_name
        obj.representative = representative
        if strip_text(holder_name):
            obj.holder_name = strip_text(holder_name)
        obj.save(update_fields=["representative", "holder_name", "updated_at"])
        log_action(
            obj,
            actions.SEAT_REPRESENTATIVE_CHANGED,
            by=by,
            data={
                "old": old,
                "new": representative.get_username() if representative else None,
                "old_holder": old_holder,
                "holder": obj.holder_name,
            },
        )
    return obj


def seats_end_for_organisation(
    *, by: User | None, alliance: Alliance, organisation: Organisation, on: dt.date
) -> int:
    """End the current seats an organisation holds on an alliance's bodies (its membership ended).

    No permission check: called by trusted workflows (expulsion, exit) that have checked theirs.
    """
    ended = 0
    with transaction.atomic():
        seats = Seat.objects.select_for_update().filter(
            current_seats_q(on), body__alliance=alliance, organisation=organisation
        )
        for seat in seats:
            seat.term_end = max(on, seat.term_start)
            seat.save(update_fields=["term_end", "updated_at"])
            log_action(
                seat,
                actions.SEAT_ENDED,
                by=by,
                data={"term_end": seat.term_end.isoformat(), "why": "membership ended"},
            )
            ended += 1
    return ended
