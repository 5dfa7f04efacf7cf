"""The national office's findings as a dossier carries them (``office_findings``, dossier 1.4), and signing.

``recorded_findings`` writes what the office has recorded here (the latest finding per current member
and question on a day, as ``build`` reads them) as the ``findings`` object of the section; ``sign`` signs
such an object with the office's private key (which stays with the office, never on the platform) and,
given a dossier, puts the signed section into it. See docs/dossier.md, "Office findings (since 1.4)".
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import ValidationError

from itisa.agreements import crypto
from itisa.dossier.base import Problem, json_path
from itisa.dossier.extensions import version_index
from itisa.dossier.office_findings import FindingsDoc, findings_sign
from itisa.membership.models import Membership
from itisa.pilots.models import Finding
from itisa.registry.models import Alliance

OFFICE = "国家试点工作办公室"


def recorded_findings(alliance: Alliance, *, as_of: dt.date, office: str = OFFICE) -> dict[str, Any]:
    """The office's latest finding per current member and question, made on or before ``as_of``."""
    members = set(
        Membership.objects.active_on(as_of)
        .filter(alliance=alliance)
        .values_list("organisation_id", flat=True)
    )
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for finding in (
        Finding.objects.filter(alliance=alliance, at__date__lte=as_of, organisation_id__in=members)
        .select_related("organisation")
        .order_by("at", "pk")
    ):
        latest[finding.question, finding.organisation.uscc] = {
            "organisation": finding.organisation.uscc,
            "holds": finding.holds,
            "reason": finding.reason,
        }  # the latest finding holds
    return {
        "alliance": alliance.code,
        "office": office,
        "as_of": as_of.isoformat(),
        **{
            question: [latest[key] for key in sorted(latest) if key[0] == question]
            for question in ("backbone", "frontier")
        },
    }


def findings_problems(findings: Any) -> list[Problem]:
    """Whether a findings object has the section's shape (every problem with its path)."""
    try:
        FindingsDoc.model_validate_json(json.dumps(findings))
    except ValidationError as exc:
        return [
            Problem(json_path(("office_findings", "findings", *err["loc"])), err["msg"])
            for err in exc.errors(include_url=False)
        ]
    return []


def sign(
    findings: dict[str, Any], private_pem: bytes, *, dossier: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The signed section, or ``dossier`` (1.4 or later) with it as its ``office_findings``.

    Raises ``crypto.KeyFormatError`` for a key that is not an unencrypted Ed25519 PEM private key and
    ``ValueError`` for a dossier older than 1.4 (it has no place for the findings).
    """
    section = findings_sign(findings, crypto.load_private_key(private_pem))
    if dossier is None:
        return section
    if version_index(dossier.get("version")) < version_index("1.4"):
        raise ValueError(dossier.get("version"))
    return {**dossier, "office_findings": section}
