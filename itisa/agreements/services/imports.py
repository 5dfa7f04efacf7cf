"""Importing frozen agreement versions from a dossier: every signature is verified again first.

Nothing is trusted: every version must pass ``verification.check_version`` (the same checks the
eligibility check of a dossier applies) before anything is written: the canonical bytes hash to the
digest and name the listed signatories, the content is the signed content, and every signature
verifies, by the party's legal representative, with a key that was confirmed when it signed. A key
already registered here must be the signer's. The caller (the dossier import) holds the transaction
and turns a refusal into a problem.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.agreements import actions, statement
from itisa.agreements.choices import KeyStatus
from itisa.agreements.models import (
    AgreementVersion,
    Signatory,
    Signature,
    SigningCopy,
    SigningKey,
    VersionStatusChange,
)
from itisa.agreements.verification import check_version
from itisa.audit.services import log_action
from itisa.audit.workflows import record as record_status
from itisa.core.errors import DomainError
from itisa.registry.models import Alliance, Organisation, Person

if TYPE_CHECKING:
    from itisa.accounts.models import User


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _refuse(path: str, message: str) -> DomainError:
    return DomainError(message, fields={path: [message]})


def _dt(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _person_for(org: Organisation, name: str) -> Person:
    """The signer: the organisation's representative, or (``check_version`` has shown the name is the one
    the signed text gives) the former representative of that name."""
    rep = org.legal_representative
    if rep is not None and rep.name_zh == name:
        return rep
    person = Person.objects.filter(name_zh=name, represented_organisations=org).first()
    return person or Person.objects.create(name_zh=name)


def _key_for(
    sig: dict[str, Any],
    org: Organisation,
    person: Person,
    by: User | None,
    counts: ImportCounts,
    path: str,
    first_signed: dt.datetime,
) -> SigningKey:
    """The key registered here under the signature's key id (it must be the signer's), or a new one
    with the status and dates the dossier gives. A dossier before 1.4 gives no dates: the key was
    confirmed by its first signature at the latest, and a revoked key is refused (``check_version``)."""
    key = SigningKey.objects.select_related("person").filter(key_id=sig["key_id"]).first()
    if key is not None:
        if key.organisation_id != org.pk or key.person.name_zh != sig["signer"]:
            raise _refuse(
                f"{path}.key_id",
                _("The key %(key_id)s is registered here to another person.") % {"key_id": sig["key_id"]},
            )
        return key
    now = dt.datetime.now(dt.UTC)
    revoked = sig["key_status"] == KeyStatus.REVOKED
    key = SigningKey.objects.create(
        key_id=sig["key_id"],
        public_key=base64.b64decode(sig["public_key"]),
        person=person,
        organisation=org,
        holder=None,
        origin="import",
        status=KeyStatus.REVOKED if revoked else KeyStatus.CONFIRMED,
        registered_at=now,
        confirmed_at=_dt(sig.get("key_confirmed_at")) or first_signed,
        identity_check=_("Imported from a dossier; confirmed in the system it came from."),
        revoked_at=_dt(sig.get("key_revoked_at")) if revoked else None,
        revoke_reason=_("Revoked in the system it came from.") if revoked else "",
    )
    log_action(
        key,
        actions.KEY_REGISTERED,
        by=by,
        data={"key_id": key.key_id, "imported": True, "status": key.status},
    )
    counts.created += 1
    return key


def _signing_copy(version: AgreementVersion, encoded: str | None) -> SigningCopy | None:
    """The imported version's signing statement (format 2, checked by ``check_version``). The PDF it
    names does not travel in a dossier: only its SHA-256, in the statement."""
    if encoded is None:
        return None
    text = base64.b64decode(encoded)
    parsed = statement.parse_statement(text)
    assert parsed is not None  # noqa: S101 (check_version refused any other)
    copy = SigningCopy(
        version=version,
        statement_format=statement.STATEMENT,
        statement=text,
        pdf=None,
        pdf_sha256=parsed.pdf_sha256,
        created_at=version.opened_at or timezone.now(),
    )
    copy.save()
    return copy


def agreements_import(
    *,
    alliance: Alliance,
    versions: list[dict[str, Any]],
    organisations: dict[str, Organisation],
    by: User | None,
    path: str = "$.agreements",
) -> ImportCounts:
    """Create the versions and signatures the database lacks, after verifying all of them.

    Versions are matched by (alliance, number); one that exists with another digest is a conflict.
    Raises DomainError (fields keyed by JSON path) and writes nothing of its own when anything fails;
    the caller's transaction rolls back the rest.
    """
    counts = ImportCounts()
    labels = {}
    representatives = {
        uscc: org.legal_representative.name_zh if org.legal_representative else ""
        for uscc, org in organisations.items()
    }
    for i, doc in enumerate(versions):
        label = f"{alliance.code}/v{doc['number']}"
        labels[i] = label
        check = check_version(
            doc, alliance_code=alliance.code, representatives=representatives, path=f"{path}[{i}]"
        )
        # a revocation without its date cannot be recorded: refused here, left to review by the check
        problems = [*check.problems, *((where, message) for where, _uscc, message in check.in_doubt)]
        if problems:
            fields: dict[str, list[str]] = {}
            for where, message in problems:
                fields.setdefault(where, []).append(message)
            raise DomainError(problems[0][1], fields=fields)
        for s in doc["signatories"]:
            if s["organisation"] not in organisations:
                raise _refuse(
                    f"{path}[{i}].signatories",
                    _("%(version)s: the signatory %(uscc)s is not among the organisations.")
                    % {"version": label, "uscc": s["organisation"]},
                )
    # a key confirmed by its first signature at the latest, when the dossier (before 1.4) gives no date
    first_signed: dict[str, dt.datetime] = {}
    for doc in versions:
        for sig in doc["signatures"]:
            at = dt.datetime.fromisoformat(sig["signed_at"])
            first_signed[sig["key_id"]] = min(first_signed.get(sig["key_id"], at), at)
    existing = {v.number: v for v in AgreementVersion.objects.filter(alliance=alliance)}
    by_number: dict[int, AgreementVersion] = {}
    for i, doc in sorted(enumerate(versions), key=lambda pair: pair[1]["number"]):
        vpath = f"{path}[{i}]"
        version = existing.get(doc["number"])
        if version is not None and version.digest != doc["digest"]:
            raise _refuse(
                f"{vpath}.digest",
                _("%(version)s exists here with another text (digest %(digest)s).")
                % {"version": labels[i], "digest": version.digest or "—"},
            )
        if version is None:
            version = AgreementVersion.objects.create(
                alliance=alliance,
                number=doc["number"],
                kind=doc["kind"],
                status=doc["status"],
                content=doc["content"],
                based_on=by_number.get(doc["based_on"]) or existing.get(doc["based_on"])
                if doc["based_on"]
                else None,
                acceding_organisation=organisations.get(doc["acceding_organisation"] or ""),
                canonical=base64.b64decode(doc["canonical"]),
                digest=doc["digest"],
                opened_at=_dt(doc["opened_at"]),
                effective_at=_dt(doc["effective_at"]),
                superseded_at=_dt(doc["superseded_at"]),
            )
            Signatory.objects.bulk_create(
                Signatory(
                    version=version,
                    organisation=organisations[s["organisation"]],
                    capacity=s["capacity"],
                    name_zh=s["name_zh"],
                    uscc=s["organisation"],
                    address=s["address"],
                    representative_name=s["representative"],
                    position=position,
                )
                for position, s in enumerate(doc["signatories"], start=1)
            )
            copy = _signing_copy(version, doc.get("statement"))
            row = record_status(
                VersionStatusChange, version, "", version.status, by=by, comment=_("Imported from a dossier.")
            )
            log_action(
                version,
                actions.VERSION_IMPORTED,
                by=by,
                data={"digest": version.digest, "status": version.status},
                object_repr=labels[i],
                sealed=[row, *([copy] if copy else [])],
            )
            counts.created += 1
        elif version.status != doc["status"]:
            old = version.status
            version.status = doc["status"]
            version.effective_at = version.effective_at or _dt(doc["effective_at"])
            version.superseded_at = version.superseded_at or _dt(doc["superseded_at"])
            version.save(update_fields=["status", "effective_at", "superseded_at", "updated_at"])
            row = record_status(
                VersionStatusChange,
                version,
                old,
                version.status,
                by=by,
                comment=_("Imported from a dossier."),
            )
            log_action(
                version,
                actions.VERSION_IMPORTED,
                by=by,
                data={"from": old, "to": version.status},
                object_repr=labels[i],
                sealed=[row],
            )
            counts.updated += 1
        else:
            counts.unchanged += 1
        by_number[doc["number"]] = version
        signed = set(Signature.objects.filter(version=version).values_list("organisation__uscc", flat=True))
        for j, sig in enumerate(doc["signatures"]):
            if sig["organisation"] in signed:
                counts.unchanged += 1
                continue
            org = organisations[sig["organisation"]]
            person = _person_for(org, sig["signer"])
            key = _key_for(
                sig, org, person, by, counts, f"{path}[{i}].signatures[{j}]", first_signed[sig["key_id"]]
            )
            record = Signature.objects.create(
                version=version,
                organisation=org,
                signer=person,
                signer_name=sig["signer"],
                key=key,
                digest=version.digest,
                signature=base64.b64decode(sig["signature"]),
                signed_at=dt.datetime.fromisoformat(sig["signed_at"]),
                imported=True,
            )
            log_action(
                record,
                actions.SIGNED,
                by=by,
                data={
                    "version": labels[i],
                    "organisation": sig["organisation"],
                    "key_id": key.key_id,
                    "imported": True,
                },
                object_repr=f"{labels[i]} · {sig['organisation']}",
                sealed=[record],
            )
            counts.created += 1
    for doc in versions:
        if doc["superseded_by"] and doc["number"] in by_number and doc["superseded_by"] in by_number:
            version = by_number[doc["number"]]
            if version.superseded_by_id is None:
                version.superseded_by = by_number[doc["superseded_by"]]
                version.save(update_fields=["superseded_by"])
    return counts
