"""The alliance dossier exchange format (``itisa.dossier`` version 1.6), defined once as Pydantic models.

The API answers with these models, ``dossier export`` writes them and ``dossier import`` reads them.
Shapes are checked by Pydantic (strict: no extra fields, choices as enums, ISO dates); rules that
look across fields or across the document (credit codes, region codes, references, one active
membership per organisation) are in ``cross_check`` so that every problem is reported with its
JSON path, also when the shape is wrong elsewhere. Apps above the dossier add sections through
``itisa.dossier.extensions`` (the pilot program's ``pilot_applications`` since 1.3); ``full_model()``
is ``DossierDoc`` with them. 1.4 adds ``funds`` (``funds_schemas``), the national office's signed
``office_findings`` (``office_findings``) and the signing keys' dates; 1.5 the projects (registered by
``itisa.projects``). See docs/dossier.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from pydantic import AwareDatetime, Field

from itisa.agreements.choices import Capacity, KeyStatus, VersionKind, VersionStatus
from itisa.core.identifiers import UsccStatus, check_uscc
from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.dossier.application_checks import application_problems
from itisa.dossier.base import Problem, json_path
from itisa.dossier.base import Strict as _Strict
from itisa.dossier.base import raw_date as _date
from itisa.dossier.base import raw_datetime as _datetime
from itisa.dossier.base import raw_items as _items
from itisa.dossier.base import raw_str as _str
from itisa.dossier.extensions import VERSIONS, full_model, section_problems, version_index
from itisa.dossier.funds_schemas import FundsDoc, funds_problems
from itisa.dossier.governance_checks import governance_problems
from itisa.dossier.governance_schemas import (
    ApplicationDoc,
    BodyDoc,
    LiabilityDesignationDoc,
    StaffMemberDoc,
)
from itisa.dossier.office_findings import OfficeFindingsDoc, office_findings_problems
from itisa.membership.choices import Rank
from itisa.registry.choices import (
    AllianceScope,
    AllianceStatus,
    EmergingIndustry,
    KeyArea,
    OrganisationKind,
    Ownership,
)
from itisa.registry.rules import organisation_problems
from itisa.registry.services import uscc_failure_message

DOSSIER_FORMAT = "itisa.dossier"
DOSSIER_VERSION = "1.6"
# 1.1 adds `agreements`; 1.2 adds `bodies`, `staff`, `liability_designations` and `applications`;
# 1.3 adds the sections registered by apps above the dossier (`pilot_applications`); 1.4 adds `funds`,
# `office_findings` and the signing keys' `key_confirmed_at` / `key_revoked_at`; 1.5 adds the versions'
# signing `statement` (statement format 2) and the projects app's section (`projects`); 1.6 adds the sections of
# open development (diffusion, standards, platforms, talent, financing). Older files are still read.
DOSSIER_VERSIONS = VERSIONS

REGION_CODE_PATTERN = r"^[0-9]{6}$"
ALLIANCE_CODE_PATTERN = r"^[A-Z][A-Z0-9-]{0,19}$"


class PersonDoc(_Strict):
    """An organisation's legal representative (法定代表人)."""

    name_zh: str = Field(min_length=1, max_length=100)
    name_en: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=254)


class OrganisationDoc(_Strict):
    """A member unit or host unit, identified by its unified social credit code."""

    uscc: str = Field(description="Unified social credit code (GB 32100-2015), 18 characters.")
    uscc_confirmed_reason: str = Field(
        default="", description="Why a code failing only the 18th check character was accepted."
    )
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=300)
    kind: OrganisationKind
    ownership: Ownership | None = Field(default=None, description="Enterprises only.")
    province: Province
    region_code: str = Field(pattern=REGION_CODE_PATTERN, description="GB/T 2260 six-digit region code.")
    address: str = Field(default="", max_length=300)
    industry: Industry
    legal_representative: PersonDoc | None = None
    is_demo: bool = False


class AllianceDoc(_Strict):
    """The alliance record; the host unit is named by its credit code."""

    code: str = Field(pattern=ALLIANCE_CODE_PATTERN)
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=300)
    short_name_zh: str = Field(default="", max_length=50)
    short_name_en: str = Field(default="", max_length=80)
    key_area: KeyArea | None = None
    emerging_industry: EmergingIndustry | None = None
    industry: Industry
    scope: AllianceScope
    province: Province | None = Field(default=None, description="Regional alliances only (Art. 12).")
    founded_on: dt.date | None = None
    host_unit: str | None = Field(default=None, description="Credit code of an organisation in the dossier.")
    website: str = Field(default="", max_length=200)
    status: AllianceStatus
    is_demo: bool = False


class MembershipDoc(_Strict):
    """One membership, current or past, identified by (organisation, joined_on)."""

    organisation: str = Field(description="Credit code of an organisation in the dossier.")
    rank: Rank
    joined_on: dt.date
    left_on: dt.date | None = None
    left_reason: str = ""


class StatusChangeDoc(_Strict):
    """One move of the alliance's status, identified by (at, new_status)."""

    at: AwareDatetime
    old_status: AllianceStatus | None = None
    new_status: AllianceStatus
    by: str | None = Field(
        default=None,
        description=(
            "Username of the actor when the change was made; null for the system. "
            "Import keeps it as a label and links the user of that name if one exists."
        ),
    )
    comment: str = ""


class SignatoryDoc(_Strict):
    """An organisation that signs a version, as frozen when it was sent for signature."""

    organisation: str = Field(description="Credit code of an organisation in the dossier.")
    capacity: Capacity
    name_zh: str = Field(min_length=1, max_length=200)
    address: str = Field(default="", max_length=300)
    representative: str = Field(
        default="", max_length=100, description="Legal representative as of the version."
    )


class SignatureDoc(_Strict):
    """A signature of the version's digest, with the signer's public key; re-verified on import."""

    organisation: str
    signer: str = Field(min_length=1, max_length=100)
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    public_key: str = Field(max_length=100, description="base64 of the raw 32-byte Ed25519 public key")
    key_status: KeyStatus
    key_confirmed_at: AwareDatetime | None = Field(
        default=None, description="Since 1.4: when the key was confirmed (it must be before the signature)."
    )
    key_revoked_at: AwareDatetime | None = Field(
        default=None,
        description="Since 1.4: when the key was revoked, if it was (it must be after the signature).",
    )
    signature: str = Field(max_length=200, description="base64 of the 64-byte Ed25519 signature")
    signed_at: AwareDatetime


class AgreementVersionDoc(_Strict):
    """A frozen agreement version (docs/agreements.md): content, canonical bytes, signatories, signatures."""

    number: int = Field(ge=1)
    kind: VersionKind
    status: VersionStatus
    based_on: int | None = None
    acceding_organisation: str | None = None
    content: dict[str, Any]
    canonical: str = Field(description="base64 of the canonical RFC 8785 bytes whose SHA-256 is signed")
    digest: str = Field(pattern=r"^[0-9a-f]{64}$")
    statement: str | None = Field(
        default=None,
        max_length=1000,
        description=(
            "Since 1.5: base64 of the statement each party signed (statement format 2: it names the version "
            "and the SHA-256 of the canonical bytes and of the PDF the parties read); null: format 1, the "
            "digest itself was signed."
        ),
    )
    opened_at: AwareDatetime | None = None
    effective_at: AwareDatetime | None = None
    superseded_at: AwareDatetime | None = None
    superseded_by: int | None = None
    signatories: list[SignatoryDoc]
    signatures: list[SignatureDoc]


class DossierDoc(_Strict):
    """Everything the platform knows about one alliance. Later versions add sections, never rename."""

    format: Literal["itisa.dossier"]
    version: Literal["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    alliance: AllianceDoc
    organisations: list[OrganisationDoc]
    memberships: list[MembershipDoc]
    status_history: list[StatusChangeDoc]
    agreements: list[AgreementVersionDoc] = Field(
        default_factory=list, description="Since 1.1: frozen agreement versions with their signatures."
    )
    bodies: list[BodyDoc] = Field(
        default_factory=list,
        description="Since 1.2: bodies with their rule versions, seats, meetings, motions and votes.",
    )
    staff: list[StaffMemberDoc] = Field(
        default_factory=list, description="Since 1.2: the secretariat's staff register."
    )
    liability_designations: list[LiabilityDesignationDoc] = Field(
        default_factory=list, description="Since 1.2: who bears the external liability, from when."
    )
    applications: list[ApplicationDoc] = Field(
        default_factory=list, description="Since 1.2: admission applications with their history."
    )
    funds: FundsDoc | None = Field(
        default=None,
        description="Since 1.4: the book, its funds and the fund supervisors (Art. 8(4)); null: not stated.",
    )
    office_findings: OfficeFindingsDoc | None = Field(
        default=None,
        description="Since 1.4: the national office's findings (Art. 8(1)), signed by its key; null: none.",
    )


def _valid(validator: Any, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def _organisation_problems(data: dict[str, Any]) -> tuple[list[Problem], set[str]]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, org in _items(data, "organisations"):
        uscc = org.get("uscc")
        if not isinstance(uscc, str):
            continue
        path = json_path(("organisations", i, "uscc"))
        result = check_uscc(uscc)
        if result.code != uscc:
            problems.append(
                Problem(
                    path, _("Write the code in capitals without blanks: %(code)s.") % {"code": result.code}
                )
            )
        if result.status is UsccStatus.INVALID or (
            result.status is UsccStatus.NEEDS_CONFIRMATION and not _str(org, "uscc_confirmed_reason").strip()
        ):
            problems.append(Problem(path, uscc_failure_message(result.failure, result.expected)))
        if result.status is UsccStatus.VALID and _str(org, "uscc_confirmed_reason"):
            problems.append(
                Problem(
                    json_path(("organisations", i, "uscc_confirmed_reason")),
                    _("Only a code that fails the 18th check character needs a confirmation reason."),
                )
            )
        if uscc in seen:
            problems.append(Problem(path, _("The organisation %(uscc)s appears twice.") % {"uscc": uscc}))
        seen.add(uscc)
        rep = org.get("legal_representative")
        if isinstance(rep, dict) and _str(rep, "email") and not _valid(EmailValidator(), _str(rep, "email")):
            problems.append(
                Problem(
                    json_path(("organisations", i, "legal_representative", "email")),
                    _("Enter a valid email address."),
                )
            )
        region = _str(org, "region_code")
        problems.extend(
            Problem(json_path(("organisations", i, field)), message)
            for field, message in organisation_problems(
                kind=_str(org, "kind"),
                ownership=org.get("ownership"),
                province=_str(org, "province"),
                # the schema's pattern already reports a code that is not six digits
                region_code=region if len(region) == 6 and region.isdigit() else "",
            )
        )
    return problems, seen


def _alliance_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    alliance = data.get("alliance")
    if not isinstance(alliance, dict):
        return []
    problems: list[Problem] = []
    scope, province = _str(alliance, "scope"), alliance.get("province")
    if scope == AllianceScope.REGIONAL and not province:
        problems.append(Problem("$.alliance.province", _("A regional alliance names its province.")))
    if scope == AllianceScope.NATIONAL and province:
        problems.append(Problem("$.alliance.province", _("A national alliance has no province.")))
    if not alliance.get("key_area") and not alliance.get("emerging_industry"):
        problems.append(
            Problem(
                "$.alliance.key_area",
                _("Give the key area of the national plan, the strategic emerging industry, or both."),
            )
        )
    if _str(alliance, "website") and not _valid(URLValidator(), _str(alliance, "website")):
        problems.append(Problem("$.alliance.website", _("Enter a valid URL.")))
    host = alliance.get("host_unit")
    if isinstance(host, str) and host not in usccs:
        problems.append(
            Problem(
                "$.alliance.host_unit",
                _("The host unit %(uscc)s is not among the organisations.") % {"uscc": host},
            )
        )
    history = [item for _i, item in _items(data, "status_history")]
    if history:
        dated = [(at, _str(h, "new_status")) for h in history if (at := _datetime(h, "at")) is not None]
        last = max(dated)[1] if len(dated) == len(history) else ""
        if _str(alliance, "status") and last and last != alliance["status"]:
            problems.append(
                Problem(
                    "$.alliance.status",
                    _("The status differs from the last status change (%(status)s).") % {"status": last},
                )
            )
    return problems


def _membership_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    alliance = data.get("alliance") if isinstance(data.get("alliance"), dict) else {}
    founded_on = _date(alliance, "founded_on") if isinstance(alliance, dict) else None
    keys: set[tuple[str, str]] = set()
    active: set[str] = set()
    for i, membership in _items(data, "memberships"):
        org = membership.get("organisation")
        if not isinstance(org, str):
            continue
        path = json_path(("memberships", i, "organisation"))
        if org not in usccs:
            problems.append(
                Problem(path, _("The organisation %(uscc)s is not among the organisations.") % {"uscc": org})
            )
        joined, left = _date(membership, "joined_on"), _date(membership, "left_on")
        key = (org, _str(membership, "joined_on"))
        if key in keys:
            problems.append(
                Problem(path, _("A second membership of %(uscc)s joining on the same day.") % {"uscc": org})
            )
        keys.add(key)
        if membership.get("left_on") is None:
            if org in active:
                problems.append(
                    Problem(path, _("%(uscc)s has more than one active membership.") % {"uscc": org})
                )
            active.add(org)
        elif not _str(membership, "left_reason").strip():
            problems.append(
                Problem(json_path(("memberships", i, "left_reason")), _("Give the reason for leaving."))
            )
        if joined and left and left < joined:
            problems.append(
                Problem(
                    json_path(("memberships", i, "left_on")),
                    _("The leaving date is before the joining date."),
                )
            )
        if joined and founded_on and joined < founded_on:
            problems.append(
                Problem(
                    json_path(("memberships", i, "joined_on")),
                    _("A member cannot join before the alliance was founded (%(date)s).")
                    % {"date": founded_on.isoformat()},
                )
            )
    return problems


def _history_problems(data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    keys: set[tuple[str, str]] = set()
    for i, change in _items(data, "status_history"):
        key = (_str(change, "at"), _str(change, "new_status"))
        if key in keys:
            problems.append(
                Problem(json_path(("status_history", i)), _("The same status change appears twice."))
            )
        keys.add(key)
    return problems


def _agreement_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    if data.get("version") == "1.0" and "agreements" in data:
        problems.append(Problem("$.agreements", _("Agreements are carried from version 1.1 on.")))
    numbers: set[int] = set()
    for i, version in _items(data, "agreements"):
        number = version.get("number")
        if number in numbers:
            problems.append(
                Problem(json_path(("agreements", i, "number")), _("The same version appears twice."))
            )
        if isinstance(number, int):
            numbers.add(number)
        for j, signatory in _items(version, "signatories"):
            org = signatory.get("organisation")
            if isinstance(org, str) and org not in usccs:
                problems.append(
                    Problem(
                        json_path(("agreements", i, "signatories", j, "organisation")),
                        _("The organisation %(uscc)s is not among the organisations.") % {"uscc": org},
                    )
                )
    return problems


def _since_1_5_problems(data: dict[str, Any]) -> list[Problem]:
    """A file before 1.5 carries no signing statement (its versions were signed in statement format 1)."""
    if version_index(data.get("version")) >= version_index("1.5"):
        return []
    return [
        Problem(
            json_path(("agreements", i, "statement")),
            _("The signing statement is carried from version 1.5 on."),
        )
        for i, version in _items(data, "agreements")
        if version.get("statement") is not None
    ]


def _since_1_4_problems(data: dict[str, Any]) -> list[Problem]:
    """A file before 1.4 carries neither the 1.4 sections nor the keys' dates."""
    if version_index(data.get("version")) >= version_index("1.4"):
        return []
    problems = [
        Problem(json_path((key,)), message)
        for key, message in (
            ("funds", _("The funds section is carried from version 1.4 on.")),
            ("office_findings", _("The office's findings are carried from version 1.4 on.")),
        )
        if key in data
    ]
    for i, version in _items(data, "agreements"):
        for j, signature in _items(version, "signatures"):
            problems.extend(
                Problem(
                    json_path(("agreements", i, "signatures", j, key)),
                    _("The keys' dates are carried from version 1.4 on."),
                )
                for key in ("key_confirmed_at", "key_revoked_at")
                if key in signature
            )
    return problems


def cross_check(data: dict[str, Any]) -> list[Problem]:
    """Rules across fields and sections, on the raw JSON so that they run even when the shape is wrong."""
    problems, usccs = _organisation_problems(data)
    problems += _since_1_4_problems(data)
    problems += _since_1_5_problems(data)
    problems += _agreement_problems(data, usccs)
    problems += _alliance_problems(data, usccs)
    problems += _membership_problems(data, usccs)
    problems += _history_problems(data)
    problems += governance_problems(data, usccs)
    problems += application_problems(data, usccs)
    problems += funds_problems(data)
    problems += office_findings_problems(data, usccs)
    problems += section_problems(data, usccs)
    return problems


def dossier_json_schema() -> dict[str, Any]:
    """The JSON Schema of the format with every registered section (committed as docs/dossier.schema.json)."""
    schema = full_model().model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
