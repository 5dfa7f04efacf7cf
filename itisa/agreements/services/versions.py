"""Drafting, freezing and withdrawing agreement versions; amendments and accession instruments.

A version is editable while a draft. Opening it for signature fixes its signatories (with their
legal representatives as of that moment) and its canonical bytes and digest (docs/agreements.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itisa.agreements import actions, notices, statement
from itisa.agreements.canonical import canonical_bytes, canonical_document, sha256_hex
from itisa.agreements.choices import Capacity, VersionKind, VersionStatus
from itisa.agreements.content import (
    accession_problems,
    completeness_problems,
    content_problems,
    default_procedures,
    parse_accession,
    parse_agreement,
)
from itisa.agreements.models import AgreementVersion, Signatory, SigningCopy, VersionStatusChange
from itisa.agreements.permissions import can_edit_agreements
from itisa.agreements.selectors import effective_version, party_organisations
from itisa.agreements.workflows import SECRETARIAT, VERSION_TRANSITIONS
from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core.errors import Conflict, DomainError, ErrorCode, InvalidTransition, PermissionDenied
from itisa.core.values import is_blank, strip_text
from itisa.registry.memberships import active_members_q
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User


def _require_edit(by: User, alliance: Alliance) -> None:
    decision = can_edit_agreements(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def active_member_organisations(alliance: Alliance) -> list[Organisation]:
    """The alliance's active members, who become the parties of an agreement or amendment."""
    return list(
        Organisation.objects.filter(active_members_q(alliance))
        .select_related("legal_representative")
        .order_by("uscc")
    )


def _parse(kind: str, content: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Validate the shape of ``content`` for ``kind``; return its JSON-safe form and the errors."""
    if kind == VersionKind.ACCESSION:
        acc, errors = parse_accession(content)
        return (acc.model_dump(mode="json") if acc else {}), errors
    agr, errors = parse_agreement(content)
    return (agr.model_dump(mode="json") if agr else {}), errors


def _problems(version: AgreementVersion, content: dict[str, Any], *, complete: bool) -> dict[str, list[str]]:
    if version.kind == VersionKind.ACCESSION:
        acc, errors = parse_accession(content)
        if acc is None:
            return errors
        assert version.acceding_organisation is not None  # noqa: S101 (database constraint)
        return accession_problems(acc, version.acceding_organisation.uscc)
    agr, errors = parse_agreement(content)
    if agr is None:
        return errors
    parties = {o.uscc for o in active_member_organisations(version.alliance)}
    problems = content_problems(agr, parties)
    if complete:
        for path, messages in completeness_problems(agr, parties).items():
            problems.setdefault(path, []).extend(messages)
    return problems


def _next_number(alliance: Alliance) -> int:
    # lock the alliance row so that concurrent drafts take distinct numbers (the unique constraint backs it)
    Alliance.objects.select_for_update(of=("self",)).filter(pk=alliance.pk).first()
    last = (
        AgreementVersion.objects.filter(alliance=alliance)
        .order_by("-number")
        .values_list("number", flat=True)
    )
    return (last.first() or 0) + 1


def _save_draft(
    version: AgreementVersion, *, by: User, data: dict[str, Any], content: Any, conflict: str
) -> None:
    """Validate a new draft, number it and save it with its history row and audit entry."""
    shape, errors = _parse(version.kind, content)
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    version.content = shape
    problems = _problems(version, shape, complete=False)
    if problems:
        raise DomainError(_("Please correct the errors below."), fields=problems)
    try:
        with transaction.atomic():
            version.number = _next_number(version.alliance)
            version.created_by = by if getattr(by, "is_authenticated", False) else None
            version.save()
            row = record(VersionStatusChange, version, "", VersionStatus.DRAFT, by=by)
            log_action(
                version,
                actions.VERSION_CREATED,
                by=by,
                data={
                    "alliance": version.alliance.code,
                    "number": version.number,
                    "kind": version.kind,
                    **data,
                },
                object_repr=version.label,
                sealed=[row],
            )
    except IntegrityError as exc:
        raise Conflict(conflict) from exc


def _starting_content(current: AgreementVersion | None) -> dict[str, Any]:
    """A new draft's content: the effective text for an amendment, else an empty agreement; with the
    template's procedures where the text states none (a founding draft, or an agreement made before
    procedures were stated), for the decision bodies it names."""
    content: dict[str, Any] = dict(current.content) if current else {}
    if content.get("procedures") is None:
        parsed, _errors = parse_agreement(content)
        bodies = parsed.bodies if parsed is not None else []
        content["procedures"] = default_procedures(bodies).model_dump(mode="json")
    return content


def version_create(
    *, by: User, alliance: Alliance, content: dict[str, Any] | None = None, is_demo: bool = False
) -> AgreementVersion:
    """Draft the founding agreement, or, once one is effective, an amendment starting from its text."""
    _require_edit(by, alliance)
    current = effective_version(alliance)
    kind = VersionKind.AMENDMENT if current else VersionKind.AGREEMENT
    if content is None:
        content = _starting_content(current)
    version = AgreementVersion(alliance=alliance, kind=kind, based_on=current, is_demo=is_demo)
    _save_draft(
        version,
        by=by,
        data={},
        content=content,
        conflict=_(
            "%(code)s already has an agreement or amendment in preparation; finish or withdraw it first."
        )
        % {"code": alliance.code},
    )
    return version


def accession_create(
    *, by: User, alliance: Alliance, organisation: Organisation, content: dict[str, Any] | None = None
) -> AgreementVersion:
    """Draft an accession instrument (补充协议) by which ``organisation`` joins the effective agreement."""
    _require_edit(by, alliance)
    current = effective_version(alliance)
    if current is None:
        raise DomainError(_("%(code)s has no effective agreement to accede to.") % {"code": alliance.code})
    if party_organisations(current).filter(pk=organisation.pk).exists():
        raise Conflict(
            _("%(org)s is already a party to %(version)s.")
            % {"org": organisation.name_zh, "version": current.label}
        )
    if content is None:
        with translation.override("zh-hans"):  # the instrument's text is Chinese, whoever drafts it
            content = {
                "undertaking_zh": _("%(org)s accepts all terms of %(version)s and becomes a party to it.")
                % {"org": organisation.name_zh, "version": current.label}
            }
    version = AgreementVersion(
        alliance=alliance, kind=VersionKind.ACCESSION, based_on=current, acceding_organisation=organisation
    )
    _save_draft(
        version,
        by=by,
        data={"organisation": organisation.uscc, "accedes_to": current.label},
        content=content,
        conflict=_("An accession of %(org)s is already in preparation.") % {"org": organisation.name_zh},
    )
    return version


def version_update(*, by: User, version: AgreementVersion, content: dict[str, Any]) -> AgreementVersion:
    """Replace a draft's content. What is filled in must be right; what is missing may wait."""
    _require_edit(by, version.alliance)
    data, errors = _parse(version.kind, content)
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    with transaction.atomic():
        obj = (
            AgreementVersion.objects.select_for_update(of=("self",))
            .select_related("alliance", "acceding_organisation")
            .get(pk=version.pk)
        )
        if obj.status != VersionStatus.DRAFT:
            raise InvalidTransition(_("Only a draft can be edited; this version is frozen."))
        problems = _problems(obj, data, complete=False)
        if problems:
            raise DomainError(_("Please correct the errors below."), fields=problems)
        if obj.content == data:
            return obj
        obj.content = data
        obj.save(update_fields=["content", "updated_at"])
        log_action(obj, actions.VERSION_EDITED, by=by, data={"content": data}, object_repr=obj.label)
    return obj


def _signatories_for(version: AgreementVersion) -> list[tuple[Organisation, str]]:
    """Who must sign, in signing-block order, with the capacity in which they sign."""
    if version.kind == VersionKind.ACCESSION:
        assert version.based_on is not None and version.acceding_organisation is not None  # noqa: S101
        liability = version.based_on.content.get("liability_member", "")
        signer_for_alliance = (
            Organisation.objects.select_related("legal_representative").filter(uscc=liability).first()
        )
        if signer_for_alliance is None:
            raise DomainError(
                _(
                    "The effective agreement names no member bearing external liability to sign for the alliance."
                )
            )
        acceding = Organisation.objects.select_related("legal_representative").get(
            pk=version.acceding_organisation.pk
        )
        return [(acceding, Capacity.ACCEDING), (signer_for_alliance, Capacity.FOR_ALLIANCE)]
    members = active_member_organisations(version.alliance)
    liability = version.content.get("liability_member", "")
    members.sort(key=lambda o: (o.uscc != liability, o.uscc))
    return [(o, Capacity.PARTY) for o in members]


def _pending_conflict(version: AgreementVersion) -> str:
    """An accession and an amendment must not be open at once: one would miss the other's party."""
    others = AgreementVersion.objects.filter(alliance=version.alliance, status=VersionStatus.OPEN).exclude(
        pk=version.pk
    )
    if version.kind == VersionKind.ACCESSION:
        blocking = others.exclude(kind=VersionKind.ACCESSION).first()
    else:
        blocking = others.filter(kind=VersionKind.ACCESSION).first()
    if blocking is None:
        return ""
    return _("%(other)s is open for signature; it must take effect or be withdrawn first.") % {
        "other": blocking.label
    }


def version_open(*, by: User, version: AgreementVersion) -> AgreementVersion:
    """Freeze a draft and send it for signature: fix signatories, canonical bytes and digest."""
    _require_edit(by, version.alliance)
    with transaction.atomic():
        obj = (
            AgreementVersion.objects.select_for_update(of=("self",))
            .select_related("alliance", "based_on", "acceding_organisation")
            .get(pk=version.pk)
        )
        only_drafts = _("Only a draft can be sent for signature.")
        VERSION_TRANSITIONS.check(obj.status, VersionStatus.OPEN, {SECRETARIAT}, invalid=only_drafts)
        if obj.kind != VersionKind.AGREEMENT:
            current = effective_version(obj.alliance)
            if current is None or obj.based_on_id != current.pk:
                raise InvalidTransition(
                    _(
                        "The version this one is based on is no longer effective; draft it again from the current one."
                    )
                )
        conflict = _pending_conflict(obj)
        if conflict:
            raise InvalidTransition(conflict)
        problems = _problems(obj, obj.content, complete=True)
        signatories = _signatories_for(obj)
        missing_rep = [o.name_zh for o, _c in signatories if o.legal_representative is None]
        if missing_rep:
            problems.setdefault("parties", []).append(
                _("These parties have no legal representative on record: %(names)s.")
                % {"names": "、".join(missing_rep)}
            )
        if problems:
            raise DomainError(
                _("The version cannot be sent for signature yet."), code=ErrorCode.VALIDATION, fields=problems
            )
        rows = []
        for position, (org, capacity) in enumerate(signatories, start=1):
            rep = org.legal_representative
            assert rep is not None  # noqa: S101 (checked above)
            rows.append(
                Signatory(
                    version=obj,
                    organisation=org,
                    capacity=capacity,
                    name_zh=org.name_zh,
                    uscc=org.uscc,
                    address=org.address,
                    representative=rep,
                    representative_name=rep.name_zh,
                    position=position,
                )
            )
        Signatory.objects.bulk_create(rows)
        document = canonical_document(
            alliance_code=obj.alliance.code,
            alliance_name_zh=obj.alliance.name_zh,
            number=obj.number,
            kind=obj.kind,
            based_on=(
                {"version": obj.based_on.number, "digest": obj.based_on.digest}
                if obj.based_on is not None
                else None
            ),
            signatories=[
                {
                    "capacity": r.capacity,
                    "uscc": r.uscc,
                    "name_zh": r.name_zh,
                    "address": r.address,
                    "legal_representative": r.representative_name,
                }
                for r in rows
            ],
            content=obj.content,
        )
        data = canonical_bytes(document)
        obj.canonical = data
        obj.digest = sha256_hex(data)
        obj.opened_at = timezone.now()
        copy = _signing_copy(obj)
        move(
            obj,
            VersionStatus.OPEN,
            by=by,
            actors={SECRETARIAT},
            table=VERSION_TRANSITIONS,
            history=VersionStatusChange,
            action=actions.VERSION_OPENED,
            data={
                "digest": obj.digest,
                "signatories": [r.uscc for r in rows],
                "statement_format": copy.statement_format,
                "pdf_sha256": copy.pdf_sha256,
            },
            fields=("canonical", "digest", "opened_at"),
            invalid=only_drafts,
            object_repr=obj.label,
            sealed=[copy],
        )
        notices.version_opened(obj, [r.organisation_id for r in rows], by=by)
    return obj


def _signing_copy(version: AgreementVersion) -> SigningCopy:
    """Render the PDF the parties will read, once, and store it with the statement they sign (format 2),
    which names the SHA-256 of the canonical bytes and of that PDF (docs/agreements.md)."""
    from itisa.agreements.pdf import render_signing_copy  # pdf reads this module's party list

    pdf = render_signing_copy(version)
    pdf_sha256 = sha256_hex(pdf)
    copy = SigningCopy(
        version=version,
        statement_format=statement.CURRENT,
        statement=statement.statement_bytes(
            label=version.label, canonical_sha256=version.digest, pdf_sha256=pdf_sha256
        ),
        pdf=pdf,
        pdf_sha256=pdf_sha256,
        created_at=version.opened_at or timezone.now(),
    )
    copy.full_clean()
    copy.save()
    return copy


def version_withdraw(*, by: User, version: AgreementVersion, reason: str) -> AgreementVersion:
    """Withdraw a draft or a version open for signature. Signatures already given stay on record."""
    _require_edit(by, version.alliance)
    if is_blank(reason):
        raise DomainError(
            _("Give the reason for withdrawing."), fields={"reason": [_("This field is required.")]}
        )
    with transaction.atomic():
        obj = (
            AgreementVersion.objects.select_for_update(of=("self",))
            .select_related("alliance")
            .get(pk=version.pk)
        )
        move(
            obj,
            VersionStatus.WITHDRAWN,
            by=by,
            actors={SECRETARIAT},
            table=VERSION_TRANSITIONS,
            history=VersionStatusChange,
            action=actions.VERSION_WITHDRAWN,
            data={"from": obj.status, "reason": strip_text(reason)},
            comment=strip_text(reason),
            invalid=_("Only a draft or a version open for signature can be withdrawn."),
            object_repr=obj.label,
        )
    return obj
