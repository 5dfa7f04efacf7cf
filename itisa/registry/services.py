"""Writes to the registry. Each service checks permission, validates, writes and audits in one transaction."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import (
    Conflict,
    DomainError,
    ErrorCode,
    InvalidTransition,
    PermissionDenied,
    validation_error_fields,
)
from itisa.core.identifiers import UsccFailure, UsccStatus, check_uscc, normalize_uscc
from itisa.core.regions import region_code_problem
from itisa.registry import actions
from itisa.registry.choices import AllianceStatus, OrganisationKind
from itisa.registry.models import Alliance, AllianceStatusChange, Organisation, Person
from itisa.registry.permissions import (
    can_change_alliance_status,
    can_confirm_uscc,
    can_create_alliance,
    can_create_organisation,
    can_edit_alliance,
    can_edit_organisation,
)
from itisa.registry.selectors import active_alliance_ids_of

ORG_FIELDS = (
    "name_zh",
    "name_en",
    "uscc",
    "kind",
    "ownership",
    "province",
    "region_code",
    "address",
    "industry",
)
PERSON_FIELDS = ("name_zh", "name_en", "title", "phone", "email")
ALLIANCE_FIELDS = (
    "code",
    "name_zh",
    "name_en",
    "short_name_zh",
    "short_name_en",
    "key_area",
    "emerging_industry",
    "industry",
    "scope",
    "province",
    "founded_on",
    "host_unit",
    "website",
)
ALLIANCE_CODE_RE = re.compile(r"^[A-Z][A-Z0-9-]{0,19}$")


def uscc_failure_message(failure: UsccFailure | None, expected: str | None) -> str:
    """A sentence that says which check of the credit code failed."""
    messages = {
        UsccFailure.LENGTH: _("A unified social credit code has exactly 18 characters."),
        UsccFailure.ALPHABET: _(
            "The code may use only digits and the letters ABCDEFGHJKLMNPQRTUWXY (no I, O, Z, S, V)."
        ),
        UsccFailure.AUTHORITY: _("The first character does not name a registration authority."),
        UsccFailure.REGION: _("Characters 3–8 must be a six-digit GB/T 2260 region code."),
        UsccFailure.ORG_CODE_CHECK: _(
            "The organisation-code check (character 17, GB 11714) fails; expected %(expected)s."
        ),
        UsccFailure.CHECK_CHARACTER: _(
            "The check character (character 18, GB 32100) fails; expected %(expected)s. "
            "An officer may accept the code after checking the business licence, giving a reason."
        ),
    }
    if failure is None:
        return ""
    return messages[failure] % {"expected": expected or "?"}


def _check_org_values(
    org: Organisation,
    confirm_reason: str,
    by: Any,
    errors: dict[str, list[str]],
    *,
    already_confirmed: bool = False,
) -> bool:
    """Validate the credit code, region and ownership; return whether a new manual confirmation is used.

    ``already_confirmed``: the code is unchanged and an officer accepted it earlier, so it stays accepted.
    """
    org.uscc = normalize_uscc(org.uscc)
    result = check_uscc(org.uscc)
    confirmed = False
    if result.status is UsccStatus.INVALID:
        errors.setdefault("uscc", []).append(uscc_failure_message(result.failure, result.expected))
    elif result.status is UsccStatus.NEEDS_CONFIRMATION and already_confirmed:
        pass
    elif result.status is UsccStatus.NEEDS_CONFIRMATION:
        if not confirm_reason.strip():
            errors.setdefault("uscc", []).append(uscc_failure_message(result.failure, result.expected))
        else:
            decision = can_confirm_uscc(by, province=org.province)
            if not decision:
                raise PermissionDenied(decision.reason)
            confirmed = True
    if org.region_code:
        problem = region_code_problem(org.region_code, org.province)
        if problem:
            errors.setdefault("region_code", []).append(problem)
    if org.kind == OrganisationKind.ENTERPRISE and not org.ownership:
        errors.setdefault("ownership", []).append(_("Give the ownership of an enterprise."))
    if org.kind != OrganisationKind.ENTERPRISE and org.ownership:
        errors.setdefault("ownership", []).append(_("Ownership applies only to enterprises."))
    return confirmed


def _full_clean(obj: Any, errors: dict[str, list[str]], exclude: list[str] | None = None) -> None:
    try:
        # Check constraints are restated as field rules above; the database still enforces them.
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in validation_error_fields(exc).items():
            errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise DomainError(_("Please correct the errors below."), code=ErrorCode.VALIDATION, fields=errors)


def _legal_rep_from(values: dict[str, Any], current: Person | None) -> Person | None:
    rep_values = {f: values[f"legal_rep_{f}"] for f in PERSON_FIELDS if f"legal_rep_{f}" in values}
    if not rep_values:
        return current
    person = current or Person()
    for field, value in rep_values.items():
        setattr(person, field, value or "")
    return person


def organisation_create(
    *, by: Any, values: dict[str, Any], confirm_reason: str = "", is_demo: bool = False
) -> Organisation:
    """Register a member unit with its legal representative (Art. 2, Art. 8(1))."""
    decision = can_create_organisation(by)
    if not decision:
        raise PermissionDenied(decision.reason)
    org = Organisation(**{f: values.get(f, "") or "" for f in ORG_FIELDS}, is_demo=is_demo)
    errors: dict[str, list[str]] = {}
    confirmed = _check_org_values(org, confirm_reason, by, errors)
    person = _legal_rep_from(values, None)
    if person is not None:
        person_errors: dict[str, list[str]] = {}
        _full_clean(person, person_errors)
        for field, messages in person_errors.items():
            errors.setdefault(f"legal_rep_{field}", []).extend(messages)
    _full_clean(org, errors, exclude=["legal_representative", "uscc_confirmed_by"])
    _raise_if(errors)
    with transaction.atomic():
        if person is not None:
            person.save()
            org.legal_representative = person
        if confirmed:
            org.uscc_confirmed_reason = confirm_reason.strip()
            org.uscc_confirmed_by = by
        _save_organisation(org)
        log_action(org, actions.ORG_CREATED, by=by, data=_org_snapshot(org))
        if confirmed:
            log_action(
                org,
                actions.ORG_USCC_CONFIRMED,
                by=by,
                data={"uscc": org.uscc, "reason": org.uscc_confirmed_reason},
            )
    return org


def _save_organisation(org: Organisation) -> None:
    """Save, turning the credit code's unique constraint into a Conflict on the field."""
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as exc:
        raise Conflict(
            _("An organisation with this credit code is already registered."),
            fields={"uscc": [_("Already registered.")]},
        ) from exc


def _org_snapshot(org: Organisation) -> dict[str, Any]:
    data: dict[str, Any] = {f: getattr(org, f) for f in ORG_FIELDS}
    rep = org.legal_representative
    data["legal_representative"] = rep.name_zh if rep else ""
    return data


def organisation_update(
    *, by: Any, organisation: Organisation, values: dict[str, Any], confirm_reason: str = ""
) -> Organisation:
    """Change an organisation's record; records which fields changed from what to what."""
    decision = can_edit_organisation(
        by, organisation, active_alliance_ids=active_alliance_ids_of(organisation)
    )
    if not decision:
        raise PermissionDenied(decision.reason)
    with transaction.atomic():
        org = (
            Organisation.objects.select_for_update(of=("self",))
            .select_related("legal_representative")
            .get(pk=organisation.pk)
        )
        before = _org_snapshot(org)
        old_uscc = org.uscc
        rep_before = (
            {f: getattr(org.legal_representative, f) for f in PERSON_FIELDS}
            if org.legal_representative
            else {}
        )
        for field in ORG_FIELDS:
            if field in values:
                setattr(org, field, values[field] or "")
        errors: dict[str, list[str]] = {}
        unchanged_code = normalize_uscc(org.uscc) == old_uscc
        confirmed = _check_org_values(
            org,
            confirm_reason,
            by,
            errors,
            already_confirmed=unchanged_code and bool(org.uscc_confirmed_reason),
        )
        person = _legal_rep_from(values, org.legal_representative)
        if person is not None:
            person_errors: dict[str, list[str]] = {}
            _full_clean(person, person_errors)
            for field, messages in person_errors.items():
                errors.setdefault(f"legal_rep_{field}", []).extend(messages)
        _full_clean(org, errors, exclude=["legal_representative", "uscc_confirmed_by"])
        _raise_if(errors)
        if person is not None:
            person.save()
            org.legal_representative = person
        if org.uscc != old_uscc or confirmed:
            org.uscc_confirmed_reason = confirm_reason.strip() if confirmed else ""
            org.uscc_confirmed_by = by if confirmed else None
        _save_organisation(org)
        after = _org_snapshot(org)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        rep_after = {f: getattr(person, f) for f in PERSON_FIELDS} if person else {}
        changes.update(
            {
                f"legal_rep_{k}": [rep_before.get(k, ""), v]
                for k, v in rep_after.items()
                if rep_before.get(k, "") != v
            }
        )
        if changes:
            log_action(org, actions.ORG_UPDATED, by=by, data={"changes": changes})
        if confirmed:
            log_action(
                org,
                actions.ORG_USCC_CONFIRMED,
                by=by,
                data={"uscc": org.uscc, "reason": org.uscc_confirmed_reason},
            )
    return org


def _alliance_errors(alliance: Alliance, errors: dict[str, list[str]]) -> None:
    alliance.code = (alliance.code or "").strip().upper()
    if not ALLIANCE_CODE_RE.match(alliance.code):
        errors.setdefault("code", []).append(
            _("Use 1–20 upper-case letters, digits or hyphens, starting with a letter (e.g. CSA).")
        )
    if alliance.scope == "regional" and not alliance.province:
        errors.setdefault("province", []).append(_("A regional alliance names its province."))
    if alliance.scope == "national" and alliance.province:
        errors.setdefault("province", []).append(_("A national alliance has no province."))
    if not alliance.key_area and not alliance.emerging_industry:
        errors.setdefault("key_area", []).append(
            _("Give the key area of the national plan, the strategic emerging industry, or both.")
        )


def _save_alliance(alliance: Alliance) -> None:
    """Save, turning the short code's unique constraint into a Conflict on the field."""
    try:
        with transaction.atomic():
            alliance.save()
    except IntegrityError as exc:
        raise Conflict(
            _("An alliance with this short code exists."), fields={"code": [_("Already taken.")]}
        ) from exc


def _alliance_snapshot(alliance: Alliance) -> dict[str, Any]:
    data = {f: getattr(alliance, f) for f in ALLIANCE_FIELDS if f != "host_unit"}
    data["host_unit"] = alliance.host_unit.uscc if alliance.host_unit_id and alliance.host_unit else ""
    data["founded_on"] = alliance.founded_on.isoformat() if alliance.founded_on else None
    return data


def alliance_create(*, by: Any, values: dict[str, Any], is_demo: bool = False, comment: str = "") -> Alliance:
    """Register an alliance; it starts as forming, with a first history row."""
    decision = can_create_alliance(by, scope=values.get("scope", ""), province=values.get("province", ""))
    if not decision:
        raise PermissionDenied(decision.reason)
    alliance = Alliance(
        **{f: values.get(f) for f in ALLIANCE_FIELDS if values.get(f) not in (None,)}, is_demo=is_demo
    )
    for f in ALLIANCE_FIELDS:
        if values.get(f) is None and f not in ("founded_on", "host_unit"):
            setattr(alliance, f, "")
    alliance.status = AllianceStatus.FORMING
    errors: dict[str, list[str]] = {}
    _alliance_errors(alliance, errors)
    _full_clean(alliance, errors)
    _raise_if(errors)
    with transaction.atomic():
        _save_alliance(alliance)
        AllianceStatusChange.objects.create(
            alliance=alliance,
            old_status="",
            new_status=alliance.status,
            by=by if by and by.is_authenticated else None,
            actor_label=_actor_label(by),
            at=timezone.now(),
            comment=comment,
        )
        log_action(alliance, actions.ALLIANCE_CREATED, by=by, data=_alliance_snapshot(alliance))
    return alliance


def alliance_update(*, by: Any, alliance: Alliance, values: dict[str, Any]) -> Alliance:
    """Change an alliance's record (not its status: see ``alliance_change_status``)."""
    decision = can_edit_alliance(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    with transaction.atomic():
        obj = Alliance.objects.select_for_update(of=("self",)).select_related("host_unit").get(pk=alliance.pk)
        before = _alliance_snapshot(obj)
        for field in ALLIANCE_FIELDS:
            if field in values:
                value = values[field]
                setattr(
                    obj, field, value if value is not None or field in ("founded_on", "host_unit") else ""
                )
        moved = (obj.scope, obj.province) != (before["scope"], before["province"])
        if moved and not can_create_alliance(by, scope=obj.scope, province=obj.province):
            # Scope and province decide which officers are competent: only officers may change them.
            raise PermissionDenied(
                _(
                    "Only the national office, or the provincial officer of the new province, may change scope."
                )
            )
        errors: dict[str, list[str]] = {}
        _alliance_errors(obj, errors)
        _full_clean(obj, errors)
        _raise_if(errors)
        _save_alliance(obj)
        after = _alliance_snapshot(obj)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if changes:
            log_action(obj, actions.ALLIANCE_UPDATED, by=by, data={"changes": changes})
    return obj


def alliance_change_status(*, by: Any, alliance: Alliance, new_status: str, comment: str = "") -> Alliance:
    """Move an alliance along the status workflow (workflows.ALLIANCE_TRANSITIONS)."""
    if new_status not in AllianceStatus.values:
        raise InvalidTransition(_("Unknown status %(status)s.") % {"status": new_status})
    with transaction.atomic():
        obj = Alliance.objects.select_for_update().get(pk=alliance.pk)
        decision = can_change_alliance_status(by, obj, new_status)
        if not decision:
            if obj.status == new_status or new_status not in _targets(obj.status):
                raise InvalidTransition(decision.reason)
            raise PermissionDenied(decision.reason)
        old = obj.status
        obj.status = new_status
        obj.save(update_fields=["status", "updated_at"])
        AllianceStatusChange.objects.create(
            alliance=obj,
            old_status=old,
            new_status=new_status,
            by=by,
            actor_label=_actor_label(by),
            at=timezone.now(),
            comment=comment.strip(),
        )
        log_action(
            obj,
            actions.ALLIANCE_STATUS_CHANGED,
            by=by,
            data={"from": old, "to": new_status, "comment": comment.strip()},
        )
    return obj


def _actor_label(by: Any) -> str:
    return by.get_username() if by is not None and getattr(by, "is_authenticated", False) else ""


def _targets(status: str) -> list[str]:
    from itisa.registry.workflows import allowed_targets

    return allowed_targets(status)
