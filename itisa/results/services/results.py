"""Writes of the results register: register a result (owners from the agreement's rule), move its
status, change its owners by a recorded decision, show it to the public.

Every write checks ``permissions.can_keep_results``, runs in one transaction and leaves an audit entry
that seals the write-once rows it wrote (status history, contributions, inventors, ownership records
and their owners).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from itisa.agreements.content import AgreementContent
from itisa.agreements.models import AgreementVersion
from itisa.agreements.selectors import effective_version
from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core.errors import Conflict, DomainError, PermissionDenied, full_clean
from itisa.core.inputs import refuse_bad_values
from itisa.core.values import ValueRefused, is_blank, parse_amount
from itisa.governance.choices import BodyKind
from itisa.governance.models import LiabilityDesignation, Motion
from itisa.governance.selectors import binding_resolutions
from itisa.membership.models import Membership
from itisa.projects.choices import FundingKind
from itisa.projects.models import FundingSource, Project
from itisa.registry.models import Alliance, Organisation
from itisa.results import actions
from itisa.results.choices import CHANGE_BASES, OwnershipBasis, ResultKind, ResultStatus
from itisa.results.models import Contribution, Inventor, Owner, OwnershipRecord, Result, ResultStatusChange
from itisa.results.permissions import can_keep_results
from itisa.results.rules import date_problems, derive_owners, initial_statuses, number_problem, share_problems
from itisa.results.services.inputs import OwnerChangeInput, ResultInput, ShareInput
from itisa.results.workflows import KEEPER, RESULT_TRANSITIONS

if TYPE_CHECKING:
    from itisa.accounts.models import User

SHARE_COLUMN = Owner._meta.get_field("share")


def _require(by: User | None, alliance: Alliance) -> None:
    decision = can_keep_results(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def too_long(model: type[Any], **values: str) -> dict[str, list[str]]:
    """The texts longer than their column allows, with Django's message (every database refuses them
    alike: a 422, never a 500 from PostgreSQL)."""
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        limit = model._meta.get_field(name).max_length
        if limit is not None and len(value) > limit:
            errors[name] = [
                ngettext(  # Django's own message, with its translations
                    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
                    limit,
                )
                % {"limit_value": limit, "show_value": len(value)}
            ]
    return errors


def _invalid(errors: dict[str, list[str]]) -> None:
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)


def _share(value: Any, field: str, errors: dict[str, list[str]]) -> Decimal:
    try:
        return parse_amount(value, column=SHARE_COLUMN)
    except ValueRefused as exc:
        errors.setdefault(field, []).append(exc.message)
        return Decimal(0)


def _shares(
    items: list[ShareInput],
    field: str,
    errors: dict[str, list[str]],
    *,
    allowed: dict[int, Organisation] | None,
) -> list[tuple[int, Decimal]]:
    """The (organisation id, share) pairs, each organisation known (and among ``allowed`` when given),
    the shares adding up to exactly 100."""
    pairs: list[tuple[int, Decimal]] = []
    for item in items:
        org = item.organisation
        if org is None or (allowed is not None and org not in allowed):
            errors.setdefault(field, []).append(_("Choose an active member of the alliance."))
            continue
        pairs.append((org, _share(item.share, field, errors)))
    if field not in errors:
        problems = share_problems(pairs)
        if problems:
            errors[field] = problems
    return pairs


def active_members(alliance: Alliance) -> dict[int, Organisation]:
    """The alliance's active members by id (one query)."""
    rows = Membership.objects.active().filter(alliance=alliance).select_related("organisation")
    return {m.organisation_id: m.organisation for m in rows}


def liability_member_on(alliance: Alliance, day: dt.date) -> int | None:
    """The member bearing the alliance's external liability on ``day`` (Art. 8(3)), or None."""
    return (
        LiabilityDesignation.objects.filter(alliance=alliance, since__lte=day)
        .order_by("-since", "-pk")
        .values_list("organisation_id", flat=True)
        .first()
    )


def ownership_rule(version: AgreementVersion | None) -> str | None:
    """The agreement's ``ip.default_ownership`` (None: no effective agreement, or it sets no rule)."""
    if version is None:
        return None
    try:
        content = AgreementContent.model_validate(version.content)
    except ValueError:
        return None
    rule = content.ip.default_ownership
    return str(rule) if rule else None


def _project(alliance: Alliance, data: ResultInput, errors: dict[str, list[str]]) -> tuple[Any, list[Any]]:
    if data.project is None:
        if data.funding:
            errors["funding"] = [_("Funding sources come with the project they finance.")]
        return None, []
    project = Project.objects.filter(pk=data.project, alliance=alliance).first()
    if project is None:
        errors["project"] = [_("Choose a project of this alliance.")]
        return None, []
    sources = list(FundingSource.objects.filter(project=project).order_by("pk"))
    if data.funding is None:
        return project, sources
    by_id = {s.pk: s for s in sources}
    if any(f not in by_id for f in data.funding):
        errors["funding"] = [_("Choose funding sources of the project.")]
        return project, []
    return project, [by_id[f] for f in dict.fromkeys(data.funding)]


def _register_problems(
    alliance: Alliance, data: ResultInput, members: dict[int, Organisation], today: dt.date
) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """Every problem of the input at once, and what was read from it."""
    errors: dict[str, list[str]] = {}
    if data.kind not in ResultKind.values:
        errors["kind"] = [_("Choose a valid option.")]
    if is_blank(data.title_zh):
        errors["title_zh"] = [_("This field is required.")]
    number, problem = (
        number_problem(data.kind, data.number, today=today) if data.kind in ResultKind.values else ("", None)
    )
    if problem:
        errors["number"] = [problem]
    elif number and Result.objects.filter(alliance=alliance, kind=data.kind, number=number).exists():
        errors["number"] = [_("This number is already in the register.")]
    if data.kind in ResultKind.values and data.status not in initial_statuses(data.kind):
        errors["status"] = [_("A %(kind)s is registered as %(statuses)s.") % {
            "kind": ResultKind(data.kind).label,
            "statuses": " / ".join(str(ResultStatus(s).label) for s in initial_statuses(data.kind)),
        }]  # fmt: skip
    else:
        for name, messages in date_problems(
            data.status, data.filed_on, data.granted_on, data.lapsed_on, today=today
        ).items():
            errors.setdefault(name, []).extend(messages)
    project, funding = _project(alliance, data, errors)
    contributions = _shares(data.contributions, "contributions", errors, allowed=members)
    inventors: list[tuple[str, int | None, Decimal]] = []
    for person in data.inventors:
        if is_blank(person.name):
            errors.setdefault("inventors", []).append(_("Give each person's name."))
        if (
            person.organisation is not None
            and not Organisation.objects.filter(pk=person.organisation).exists()
        ):
            errors.setdefault("inventors", []).append(_("No such organisation."))
        for messages in too_long(Inventor, name=person.name).values():
            errors.setdefault("inventors", []).extend(messages)
        inventors.append((person.name, person.organisation, _share(person.share, "inventors", errors)))
    if data.inventors and "inventors" not in errors:
        total = sum((s for _n, _o, s in inventors), Decimal(0))
        if total != 100 or any(s <= 0 for _n, _o, s in inventors):
            errors["inventors"] = [_("The people's shares are each above 0 and add up to exactly 100%.")]
    # the project contract gives the result to members of the alliance, like every other rule
    contract = _shares(data.owners, "owners", errors, allowed=members) if data.owners else []
    for name, messages in too_long(
        Result, title_zh=data.title_zh, title_en=data.title_en, number=number
    ).items():
        errors.setdefault(name, []).extend(messages)
    for name, messages in too_long(OwnershipRecord, document_ref=data.document_ref).items():
        errors.setdefault(name, []).extend(messages)
    read = {"number": number, "project": project, "funding": funding, "contributions": contributions,
            "inventors": inventors, "contract": contract}  # fmt: skip
    return errors, read


def result_register(*, by: User, alliance: Alliance, data: ResultInput, is_demo: bool = False) -> Result:
    """Register a result, numbered ``R00001``… in the alliance; its owners follow the effective
    agreement's ``ip.default_ownership`` (``rules.derive_owners``), recorded with that version; publicly
    funded when one of its funding sources is a government plan grant (Art. 8(6))."""
    _require(by, alliance)
    today = timezone.localdate()
    members = active_members(alliance)
    errors, read = _register_problems(alliance, data, members, today)
    version = effective_version(alliance)
    rule = ownership_rule(version)
    derivation = derive_owners(
        rule, read["contributions"], liability_member=liability_member_on(alliance, today),
        contract_owners=read["contract"],
    )  # fmt: skip
    if "contributions" not in errors and "owners" not in errors and derivation.problems:
        errors["owners"] = list(derivation.problems)
    if read["contract"] and derivation.basis != OwnershipBasis.PROJECT_CONTRACT:
        errors.setdefault("owners", []).append(
            _(
                "The owners follow the agreement's rule; they are given only where it leaves them to the project contract."
            )
        )
    if derivation.basis == OwnershipBasis.PROJECT_CONTRACT and is_blank(data.document_ref):
        errors.setdefault("document_ref", []).append(_("Name the project contract that says who owns it."))
    _invalid(errors)
    try:
        with transaction.atomic():
            Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
            # the longest, then the highest code: R100000 follows R99999
            last = (
                Result.objects.filter(alliance=alliance)
                .order_by(Length("code").desc(), "-code")
                .values_list("code", flat=True)
                .first()
                or "R00000"
            )
            funding = read["funding"]
            result = Result(
                alliance=alliance, code=f"R{int(last[1:]) + 1:05d}", kind=data.kind, title_zh=data.title_zh,
                title_en=data.title_en, project=read["project"], number=read["number"], status=data.status,
                filed_on=data.filed_on, granted_on=data.granted_on, lapsed_on=data.lapsed_on,
                publicly_funded=any(f.kind == FundingKind.GOVERNMENT_GRANT for f in funding), is_demo=is_demo,
            )  # fmt: skip
            full_clean(result, exclude=["ownership"], validate_constraints=False)
            result.save()
            result.funding.set(funding)
            sealed: list[Any] = [record(ResultStatusChange, result, "", data.status, by=by)]
            sealed += [
                Contribution.objects.create(result=result, organisation_id=org, share=share)
                for org, share in read["contributions"]
            ]
            sealed += [
                Inventor.objects.create(result=result, name=name, organisation_id=org, share=share)
                for name, org, share in read["inventors"]
            ]
            ownership, owners = _record(
                result, 1, derivation.owners, basis=derivation.basis, by=by, agreement=version,
                rule=derivation.rule, document_ref=data.document_ref if read["contract"] else "",
                reason=derivation.reason,
            )  # fmt: skip
            sealed += owners
            log_action(
                result,
                actions.RESULT_REGISTERED,
                by=by,
                data={
                    "code": result.code, "kind": result.kind, "title_zh": result.title_zh,
                    "number": result.number, "status": result.status,
                    "project": read["project"].code if read["project"] else None,
                    "funding": [f.pk for f in funding], "publicly_funded": result.publicly_funded,
                    "contributions": {str(o): str(s) for o, s in read["contributions"]},
                    "owners": {str(o): str(s) for o, s in derivation.owners},
                    "basis": derivation.basis, "rule": derivation.rule,
                    "agreement": version.label if version else None,
                },
                sealed=sealed,
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("Another result was registered at the same moment; please try again.")) from exc
    return result


def _record(
    result: Result, seq: int, owners: list[tuple[int, Decimal]], *, basis: str, by: User | None,
    agreement: AgreementVersion | None = None, rule: str = "", motion: Motion | None = None,
    document_ref: str = "", document_on: dt.date | None = None, reason: str = "",
) -> tuple[OwnershipRecord, list[Owner]]:  # fmt: skip
    """Write an ownership record with its owners and make it the result's current one."""
    row = OwnershipRecord.objects.create(
        result=result, seq=seq, basis=basis, agreement=agreement, rule=rule, motion=motion,
        document_ref=document_ref, document_on=document_on, reason=reason, by=by, at=timezone.now(),
    )  # fmt: skip
    owner_rows = [Owner.objects.create(record=row, organisation_id=org, share=share) for org, share in owners]
    result.ownership = row
    result.save(update_fields=["ownership", "updated_at"])
    return row, owner_rows


def _locked(result: Result) -> Result:
    return Result.objects.select_for_update(of=("self",)).select_related("alliance").get(pk=result.pk)


def current_owners(result: Result) -> list[tuple[int, Decimal]]:
    """The result's owners now (organisation id, share), in the order recorded."""
    if result.ownership_id is None:
        return []
    return list(
        Owner.objects.filter(record_id=result.ownership_id)
        .order_by("pk")
        .values_list("organisation_id", "share")
    )


def result_change_owners(*, by: User, result: Result, data: OwnerChangeInput) -> OwnershipRecord:
    """Change the owners of a result. Only on a recorded decision (Art. 8(5): ownership is what the
    members agreed, so only they change it): a passed resolution of the alliance's decision body, or
    the written consent of every current and every new owner. The old record stays; a new one follows."""
    _require(by, result.alliance)
    errors: dict[str, list[str]] = {}
    if data.basis not in CHANGE_BASES:
        raise DomainError(
            _("The owners change only on a recorded decision: a resolution of the decision body or the "
              "owners' written consent (Art. 8(5))."),
            fields={"basis": [_("Choose a resolution or the owners' written consent.")]},
        )  # fmt: skip
    owners = _shares(data.owners, "owners", errors, allowed=None)
    errors.update(too_long(OwnershipRecord, document_ref=data.document_ref))
    known = set(Organisation.objects.filter(pk__in=[o for o, _s in owners]).values_list("pk", flat=True))
    if "owners" not in errors and known != {o for o, _s in owners}:
        errors["owners"] = [_("No such organisation.")]
    motion = None
    if data.basis == OwnershipBasis.RESOLUTION:
        # a resolution that binds now: passed, its veto window over without a veto (governance's one test)
        binding = (
            binding_resolutions(result.alliance, timezone.now())
            .filter(motion_id=data.motion, motion__body__kind=BodyKind.DECISION)
            .first()
            if data.motion
            else None
        )
        motion = binding.motion if binding is not None else None
        if motion is None:
            errors["motion"] = [_("Choose a resolution the alliance's decision body passed.")]
    today = timezone.localdate()
    if data.basis == OwnershipBasis.CONSENT:
        if is_blank(data.document_ref):
            errors["document_ref"] = [_("Name the written consent (its reference).")]
        if data.document_on is None or data.document_on > today:
            errors["document_on"] = [_("Give the date of the written consent (not in the future).")]
    _invalid(errors)
    with transaction.atomic():
        obj = _locked(result)
        before = current_owners(obj)
        if sorted(before) == sorted(owners):
            raise DomainError(_("The owners and their shares are unchanged."))
        if data.basis == OwnershipBasis.CONSENT:
            missing = ({o for o, _s in before} | {o for o, _s in owners}) - set(data.consenting)
            if missing:
                names = (
                    Organisation.objects.filter(pk__in=missing)
                    .order_by("pk")
                    .values_list("name_zh", flat=True)
                )
                raise DomainError(
                    _("Please correct the errors below."),
                    fields={"consenting": [
                        _("Every current and new owner consents in writing; missing: %(names)s.")
                        % {"names": "、".join(names)}
                    ]},
                )  # fmt: skip
        seq = (obj.ownership_records.aggregate(n=Max("seq"))["n"] or 0) + 1
        row, owner_rows = _record(
            obj, seq, owners, basis=data.basis, by=by, motion=motion, document_ref=data.document_ref,
            document_on=data.document_on, reason=data.reason,
        )  # fmt: skip
        log_action(
            obj,
            actions.OWNERS_CHANGED,
            by=by,
            data={
                "seq": seq, "basis": data.basis, "motion": motion.pk if motion else None,
                "document_ref": data.document_ref,
                "document_on": data.document_on.isoformat() if data.document_on else None,
                "before": {str(o): str(s) for o, s in before}, "after": {str(o): str(s) for o, s in owners},
                "consenting": sorted(data.consenting), "reason": data.reason,
            },
            sealed=owner_rows,
        )  # fmt: skip
    result.ownership = row
    return row


def _invalid_move(obj: Result, target: str) -> str:
    return _("The result is %(status)s; it cannot become %(target)s.") % {
        "status": obj.get_status_display(),
        "target": ResultStatus(target).label,
    }


MOVE_DATE = {ResultStatus.GRANTED: "granted_on", ResultStatus.LAPSED: "lapsed_on"}


def result_move(*, by: User, result: Result, to: str, on: dt.date | None, comment: str = "") -> Result:
    """Record a grant (with its day) or that the right lapsed (refused, withdrawn, term ended, fees
    unpaid, invalidated: say which in the comment)."""
    _require(by, result.alliance)
    refuse_bad_values(comment=comment, on=on)
    if to not in MOVE_DATE:
        raise DomainError(_("Please correct the errors below."), fields={"to": [_("Choose a valid option.")]})
    with transaction.atomic():
        obj = _locked(result)
        RESULT_TRANSITIONS.check(obj.status, to, {KEEPER}, invalid=_invalid_move(obj, to))
        field = MOVE_DATE[ResultStatus(to)]
        dates = {
            "filed_on": obj.filed_on,
            "granted_on": obj.granted_on,
            "lapsed_on": obj.lapsed_on,
            field: on,
        }
        errors = date_problems(to, **dates, today=timezone.localdate())
        _invalid(errors)
        setattr(obj, field, on)
        move(
            obj, to, by=by, actors={KEEPER}, table=RESULT_TRANSITIONS, history=ResultStatusChange,
            action=actions.RESULT_MOVED, comment=comment, fields=(field,),
            data={"from": obj.status, "to": to, field: on.isoformat() if on else None, "comment": comment},
            invalid=_invalid_move(obj, to), denied=_("Only the alliance's secretariat keeps its results register."),
        )  # fmt: skip
    return obj


def result_publish(*, by: User, result: Result, public: bool) -> Result:
    """Show a result to the public, or withdraw it (the secretariat moderates what leaves the alliance)."""
    _require(by, result.alliance)
    if not isinstance(public, bool):
        raise DomainError(
            _("Please correct the errors below."), fields={"public": [_("Give true or false.")]}
        )
    with transaction.atomic():
        obj = _locked(result)
        if obj.public == public:
            return obj
        obj.public = public
        obj.save(update_fields=["public", "updated_at"])
        log_action(obj, actions.RESULT_PUBLISHED, by=by, data={"public": public})
    return obj
