"""Writes to organisations (member units) and their legal representatives."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import (
    Conflict,
    PermissionDenied,
)
from itisa.core.identifiers import UsccFailure, UsccStatus, check_uscc, normalize_uscc
from itisa.core.values import is_blank, strip_text
from itisa.registry import actions
from itisa.registry.models import Organisation, Person
from itisa.registry.permissions import (
    can_change_organisation_identity,
    can_confirm_uscc,
    can_create_organisation,
    can_edit_organisation,
)
from itisa.registry.rules import organisation_problems
from itisa.registry.selectors import active_alliance_ids_of
from itisa.registry.services._common import full_clean, raise_if
from itisa.registry.services.inputs import OrganisationInput

if TYPE_CHECKING:
    from itisa.accounts.models import User

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
    by: User,
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
        if is_blank(confirm_reason):
            errors.setdefault("uscc", []).append(uscc_failure_message(result.failure, result.expected))
        else:
            decision = can_confirm_uscc(by, province=org.province)
            if not decision:
                raise PermissionDenied(decision.reason)
            confirmed = True
    for field, message in organisation_problems(
        kind=org.kind, ownership=org.ownership, province=org.province, region_code=org.region_code
    ):
        errors.setdefault(field, []).append(message)
    return confirmed


def _legal_rep_from(data: OrganisationInput, current: Person | None) -> Person | None:
    given = data.given()
    rep_values = {f: given[f"legal_rep_{f}"] for f in PERSON_FIELDS if f"legal_rep_{f}" in given}
    if not rep_values:
        return current
    person = current or Person()
    for field, value in rep_values.items():
        setattr(person, field, value or "")
    return person


def organisation_create(
    *, by: User, data: OrganisationInput, confirm_reason: str = "", is_demo: bool = False
) -> Organisation:
    """Register a member unit with its legal representative (Art. 2, Art. 8(1))."""
    decision = can_create_organisation(by)
    if not decision:
        raise PermissionDenied(decision.reason)
    org = Organisation(**{f: getattr(data, f) for f in ORG_FIELDS}, is_demo=is_demo)
    errors: dict[str, list[str]] = {}
    confirmed = _check_org_values(org, confirm_reason, by, errors)
    person = _legal_rep_from(data, None)
    if person is not None:
        person_errors: dict[str, list[str]] = {}
        full_clean(person, person_errors)
        for field, messages in person_errors.items():
            errors.setdefault(f"legal_rep_{field}", []).extend(messages)
    full_clean(org, errors, exclude=["legal_representative", "uscc_confirmed_by"])
    raise_if(errors)
    with transaction.atomic():
        if person is not None:
            person.save()
            org.legal_representative = person
        if confirmed:
            org.uscc_confirmed_reason = strip_text(confirm_reason)
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
    *, by: User, organisation: Organisation, data: OrganisationInput, confirm_reason: str = ""
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
        given = data.given()
        for field in ORG_FIELDS:
            if field in given:
                setattr(org, field, given[field])
        identity_changed = (normalize_uscc(org.uscc), org.province, org.region_code) != (
            old_uscc,
            before["province"],
            before["region_code"],
        )
        if identity_changed:
            identity = can_change_organisation_identity(
                by, organisation, new_province=org.province, active_alliance_ids=active_alliance_ids_of(org)
            )
            if not identity:
                raise PermissionDenied(identity.reason)
        errors: dict[str, list[str]] = {}
        unchanged_code = normalize_uscc(org.uscc) == old_uscc
        confirmed = _check_org_values(
            org,
            confirm_reason,
            by,
            errors,
            already_confirmed=unchanged_code and bool(org.uscc_confirmed_reason),
        )
        person = _legal_rep_from(data, org.legal_representative)
        if person is not None:
            person_errors: dict[str, list[str]] = {}
            full_clean(person, person_errors)
            for field, messages in person_errors.items():
                errors.setdefault(f"legal_rep_{field}", []).extend(messages)
        full_clean(org, errors, exclude=["legal_representative", "uscc_confirmed_by"])
        raise_if(errors)
        if person is not None:
            person.save()
            org.legal_representative = person
        if org.uscc != old_uscc or confirmed:
            org.uscc_confirmed_reason = strip_text(confirm_reason) if confirmed else ""
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


def legal_representative_replace(
    *,
    by: User | None,
    organisation: Organisation,
    name_zh: str,
    name_en: str = "",
    email: str = "",
    appointment: int | None = None,
) -> Person:
    """Record a new legal representative (法定代表人) of ``organisation``: a new ``Person``, never the old
    one edited, so that signatures already made keep naming the person who made them (``Signature.signer``)
    while the signing service, which binds a signer to the organisation's current representative, accepts
    only the new one from now on.

    ``by`` is whoever may edit the organisation (``permissions.can_edit_organisation``), the system
    (None), or, with ``appointment``, the organisation's appointed representative (or its backup) acting
    through ``representatives.services``, which checked it; the appointment's id goes into the entry.
    """
    if appointment is None and by is not None:
        decision = can_edit_organisation(
            by, organisation, active_alliance_ids=active_alliance_ids_of(organisation)
        )
        if not decision:
            raise PermissionDenied(decision.reason)
    person = Person(name_zh=strip_text(name_zh), name_en=strip_text(name_en), email=strip_text(email))
    errors: dict[str, list[str]] = {}
    if is_blank(person.name_zh):
        errors["name_zh"] = [_("This field is required.")]
    full_clean(person, errors)
    raise_if(errors)
    with transaction.atomic():
        org = (
            Organisation.objects.select_for_update(of=("self",))
            .select_related("legal_representative")
            .get(pk=organisation.pk)
        )
        old = org.legal_representative
        person.save()
        org.legal_representative = person
        org.save(update_fields=["legal_representative", "updated_at"])
        data: dict[str, Any] = {
            "legal_representative": [old.name_zh if old else "", person.name_zh],
            "person": [old.pk if old else None, person.pk],
        }
        if appointment is not None:
            data["appointment"] = appointment
        log_action(org, actions.ORG_LEGAL_REP_REPLACED, by=by, data=data)
    organisation.legal_representative = person
    return person
