"""Export and validation of alliance dossiers: deterministic bytes, every problem with its JSON path."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from itisa.agreements.exchange import agreements_export
from itisa.dossier.extensions import export_sections, full_model, section_organisations
from itisa.dossier.schemas import (
    DOSSIER_FORMAT,
    DOSSIER_VERSION,
    DOSSIER_VERSIONS,
    Problem,
    cross_check,
    json_path,
)
from itisa.dossier.services._fields import (
    ALLIANCE_FIELDS,
    ORG_FIELDS,
    PERSON_FIELDS,
)
from itisa.dossier.services.export_governance import governance_export, governance_organisations
from itisa.dossier.services.funds import funds_export
from itisa.membership.models import Membership
from itisa.registry.models import Alliance, AllianceStatusChange, Organisation, Person

# ---------------------------------------------------------------- export


def _person_raw(person: Person | None) -> dict[str, Any] | None:
    return None if person is None else {f: getattr(person, f) for f in PERSON_FIELDS}


def _org_raw(org: Organisation) -> dict[str, Any]:
    data: dict[str, Any] = {f: getattr(org, f) for f in ORG_FIELDS}
    data["uscc"] = org.uscc
    data["ownership"] = org.ownership or None
    data["legal_representative"] = _person_raw(org.legal_representative)
    return data


def _actor(change: AllianceStatusChange) -> str | None:
    """The username recorded with the change; rows written before ``actor_label`` existed fall back to
    the user's current username."""
    if change.actor_label:
        return change.actor_label
    return change.by.get_username() if change.by else None


def dossier_export(alliance: Alliance, *, include_restricted: bool = True) -> dict[str, Any]:
    """The dossier of one alliance as plain JSON data, checked against the schema.

    ``include_restricted`` says whether the confidential parts of the registered sections travel
    (the pilot program's expert reviews): the system (the command line) sees everything; the API
    passes what the viewer may see (``can_view_restricted``).
    """
    memberships = list(Membership.objects.filter(alliance=alliance).select_related("organisation"))
    agreements = agreements_export(alliance)
    org_ids = {m.organisation_id for m in memberships}
    # signatories who have since left stay parties of record: their organisations travel too
    signatory_codes = {s["organisation"] for v in agreements for s in v["signatories"]}
    org_ids |= set(Organisation.objects.filter(uscc__in=signatory_codes).values_list("pk", flat=True))
    if alliance.host_unit_id:
        org_ids.add(alliance.host_unit_id)
    org_ids |= governance_organisations(alliance)
    section_codes = section_organisations(alliance, include_restricted=include_restricted)
    if section_codes:
        org_ids |= set(Organisation.objects.filter(uscc__in=section_codes).values_list("pk", flat=True))
    orgs = Organisation.objects.filter(pk__in=org_ids).select_related("legal_representative")
    history = AllianceStatusChange.objects.filter(alliance=alliance).select_related("by")
    alliance_raw: dict[str, Any] = {f: getattr(alliance, f) for f in ALLIANCE_FIELDS}
    alliance_raw.update(
        code=alliance.code,
        key_area=alliance.key_area or None,
        emerging_industry=alliance.emerging_industry or None,
        province=alliance.province or None,
        founded_on=alliance.founded_on.isoformat() if alliance.founded_on else None,
        host_unit=alliance.host_unit.uscc if alliance.host_unit else None,
    )
    raw: dict[str, Any] = {
        "format": DOSSIER_FORMAT,
        "version": DOSSIER_VERSION,
        "alliance": alliance_raw,
        "organisations": sorted((_org_raw(o) for o in orgs), key=lambda o: o["uscc"]),
        "memberships": sorted(
            (
                {
                    "organisation": m.organisation.uscc,
                    "rank": m.rank,
                    "joined_on": m.joined_on.isoformat(),
                    "left_on": m.left_on.isoformat() if m.left_on else None,
                    "left_reason": m.left_reason,
                }
                for m in memberships
            ),
            key=lambda m: (m["organisation"], m["joined_on"]),
        ),
        "status_history": [
            {
                "at": h.at.astimezone(dt.UTC).isoformat(),
                "old_status": h.old_status or None,
                "new_status": h.new_status,
                "by": _actor(h),
                "comment": h.comment,
            }
            for h in sorted(history, key=lambda h: (h.at, h.new_status))
        ],
        "agreements": agreements,
        **governance_export(alliance),
        "funds": funds_export(alliance),
        # the office's findings travel only signed by the office (``itisa eligibility sign-findings``)
        "office_findings": None,
        **export_sections(alliance, include_restricted=include_restricted),
    }
    # Validate through the schema so that an export is always a valid dossier.
    return full_model().model_validate_json(json.dumps(raw)).model_dump(mode="json")


def dossier_dumps(data: dict[str, Any]) -> bytes:
    """The canonical bytes of a dossier: sorted keys, UTF-8, two-space indent, trailing newline."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


def dossier_export_json(alliance: Alliance, *, include_restricted: bool = True) -> bytes:
    """The dossier of one alliance as canonical JSON bytes."""
    return dossier_dumps(dossier_export(alliance, include_restricted=include_restricted))


# ---------------------------------------------------------------- validate


def dossier_validate(data: Any) -> list[Problem]:
    """Every problem of a dossier with its JSON path: shape (Pydantic) first, then the cross-checks."""
    if not isinstance(data, dict):
        return [Problem("$", _("A dossier is a JSON object."))]
    problems: list[Problem] = []
    try:
        full_model().model_validate_json(json.dumps(data))
    except PydanticValidationError as exc:
        problems = [Problem(json_path(err["loc"]), err["msg"]) for err in exc.errors(include_url=False)]
    if data.get("format") != DOSSIER_FORMAT or data.get("version") not in DOSSIER_VERSIONS:
        return problems  # another format or version: its sections mean something else
    seen = set(problems)
    return problems + [p for p in cross_check(data) if p not in seen]
