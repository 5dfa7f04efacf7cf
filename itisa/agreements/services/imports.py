"""Importing frozen agreement versions from a dossier: every signature is verified again first.

Nothing is trusted: the canonical bytes must hash to the digest and name the listed signatories,
and every signature must verify with its public key over that digest, before anything is written.
The caller (the dossier import) holds the transaction and turns a refusal into a problem.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from itisa.agreements import actions, crypto
from itisa.agreements.canonical import sha256_hex
from itisa.agreements.choices import KeyStatus, VersionStatus
from itisa.agreements.models import AgreementVersion, Signatory, Signature, SigningKey, VersionStatusChange
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


def _b64(value: str, path: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _refuse(path, _("Not valid base64.")) from exc


def _verify(doc: dict[str, Any], path: str, label: str) -> bytes:
    """Check the canonical bytes and every signature of one version; return the canonical bytes."""
    canonical = _b64(doc["canonical"], f"{path}.canonical")
    if sha256_hex(canonical) != doc["digest"]:
        raise _refuse(
            f"{path}.canonical",
            _("%(version)s: the canonical bytes do not match the digest.") % {"version": label},
        )
    try:
        document = json.loads(canonical)
    except ValueError as exc:
        raise _refuse(
            f"{path}.canonical", _("%(version)s: the canonical bytes are not JSON.") % {"version": label}
        ) from exc
    alliance_code = label.split("/", 1)[0]
    if not isinstance(document, dict) or (document.get("alliance") or {}).get("code") != alliance_code:
        raise _refuse(
            f"{path}.canonical",
            _("%(version)s: the canonical document belongs to another alliance.") % {"version": label},
        )
    listed = [s["organisation"] for s in doc["signatories"]]
    frozen = [s.get("uscc") for s in document.get("signatories", []) if isinstance(s, dict)]
    if frozen != listed or document.get("version") != doc["number"] or document.get("kind") != doc["kind"]:
        raise _refuse(
            f"{path}.signatories",
            _("%(version)s: the signatories, number or kind differ from the canonical document.")
            % {"version": label},
        )
    message = bytes.fromhex(doc["digest"])
    for j, sig in enumerate(doc["signatures"]):
        spath = f"{path}.signatures[{j}]"
        if sig["organisation"] not in listed:
            raise _refuse(
                f"{spath}.organisation",
                _("%(version)s: %(uscc)s signed but is not a signatory.")
                % {"version": label, "uscc": sig["organisation"]},
            )
        raw = _b64(sig["public_key"], f"{spath}.public_key")
        if len(raw) != crypto.RAW_KEY_BYTES or crypto.key_id(raw) != sig["key_id"]:
            raise _refuse(
                f"{spath}.public_key",
                _("%(version)s: the key of %(uscc)s does not match its key id.")
                % {"version": label, "uscc": sig["organisation"]},
            )
        if not crypto.verify(raw, _b64(sig["signature"], f"{spath}.signature"), message):
            raise _refuse(
                f"{spath}.signature",
                _("%(version)s: the signature of %(uscc)s does not verify.")
                % {"version": label, "uscc": sig["organisation"]},
            )
    if doc["status"] in (VersionStatus.EFFECTIVE, VersionStatus.SUPERSEDED) and len(
        {s["organisation"] for s in doc["signatures"]}
    ) != len(listed):
        raise _refuse(
            f"{path}.signatures",
            _("%(version)s is recorded as effective but not every party signed.") % {"version": label},
        )
    return canonical


def _dt(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _person_for(org: Organisation, name: str) -> Person:
    rep = org.legal_representative
    if rep is not None and rep.name_zh == name:
        return rep
    person = Person.objects.filter(name_zh=name, represented_organisations=org).first()
    return person or Person.objects.create(name_zh=name)


def _key_for(
    sig: dict[str, Any], org: Organisation, person: Person, by: User | None, counts: ImportCounts
) -> SigningKey:
    key = SigningKey.objects.filter(key_id=sig["key_id"]).first()
    if key is not None:
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
        confirmed_at=now,
        identity_check=_("Imported from a dossier; confirmed in the system it came from."),
        revoked_at=now if revoked else None,
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
    for i, doc in enumerate(versions):
        label = f"{alliance.code}/v{doc['number']}"
        labels[i] = label
        _verify(doc, f"{path}[{i}]", label)
        for s in doc["signatories"]:
            if s["organisation"] not in organisations:
                raise _refuse(
                    f"{path}[{i}].signatories",
                    _("%(version)s: the signatory %(uscc)s is not among the organisations.")
                    % {"version": label, "uscc": s["organisation"]},
                )
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
            row = record_status(
                VersionStatusChange, version, "", version.status, by=by, comment=_("Imported from a dossier.")
            )
            log_action(
                version,
                actions.VERSION_IMPORTED,
                by=by,
                data={"digest": version.digest, "status": version.status},
                object_repr=labels[i],
                sealed=[row],
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
        for sig in doc["signatures"]:
            if sig["organisation"] in signed:
                counts.unchanged += 1
                continue
            org = organisations[sig["organisation"]]
            person = _person_for(org, sig["signer"])
            key = _key_for(sig, org, person, by, counts)
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
