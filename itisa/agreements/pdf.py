"""Render an agreement version to a PDF in Chinese (WeasyPrint, Noto Sans SC embedded).

The PDF is for people to read, print and file. When a version is opened for signature its *signing
copy* is rendered once and stored (``models.SigningCopy``): the parties sign a statement that names its
SHA-256 next to the canonical bytes' digest (``agreements.statement``), and every later download of a
frozen version serves those stored bytes. Versions opened before then (statement format 1) are rendered
afresh, with their signatures, and their PDF is not covered by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from itisa.agreements.choices import (
    Beneficiary,
    BodyKind,
    Capacity,
    CommitmentKind,
    LicenceTerms,
    Ownership,
    VersionKind,
    VersionStatus,
)
from itisa.agreements.content import AccessionContent, AgreementContent
from itisa.agreements.models import AgreementVersion, SigningCopy
from itisa.agreements.procedures import procedures_display
from itisa.agreements.selectors import signature_status
from itisa.agreements.services.versions import active_member_organisations
from itisa.core.pdf import font_uris, html_to_pdf
from itisa.registry.models import Organisation


@dataclass(frozen=True)
class PartyLine:
    name_zh: str
    uscc: str
    address: str
    representative: str
    capacity: str


def _label(choices: Any, value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _names_by_uscc(codes: set[str]) -> dict[str, str]:
    return dict(Organisation.objects.filter(uscc__in=codes).values_list("uscc", "name_zh"))


def agreement_display(content: AgreementContent) -> dict[str, Any]:
    codes = {t.party for t in content.tasks} | {content.liability_member}
    names = _names_by_uscc({c for c in codes if c})
    tasks = [
        {
            "party": names.get(t.party, t.party),
            "uscc": t.party,
            "description": t.description_zh,
            "commitments": [
                {
                    "kind": _label(CommitmentKind, c.kind),
                    "description": c.description,
                    "amount": c.amount_cny,
                    "quantity": c.quantity,
                }
                for c in t.commitments
            ],
        }
        for t in content.tasks
    ]
    return {
        "c": content,
        "tasks": tasks,
        "bodies": [
            {"kind": _label(BodyKind, b.kind), "name": b.name_zh, "duties": b.duties_zh}
            for b in content.bodies
        ],
        "liability_name": names.get(content.liability_member, content.liability_member),
        "ownership": _label(Ownership, content.ip.default_ownership),
        "member_licence": _label(LicenceTerms, content.ip.member_licence),
        "non_member_licence": _label(LicenceTerms, content.ip.non_member_licence),
        "split": [
            {"who": _label(Beneficiary, s.beneficiary), "percent": s.percent}
            for s in content.ip.revenue_split
        ],
        "procedures": procedures_display(content.procedures),
    }


def _parties(version: AgreementVersion, rows: list[Any]) -> list[PartyLine]:
    if rows:
        return [
            PartyLine(
                r.signatory.name_zh,
                r.signatory.uscc,
                r.signatory.address,
                r.signatory.representative_name,
                _label(Capacity, r.signatory.capacity),
            )
            for r in rows
        ]
    # a draft: who would sign if it were sent for signature now, in signing-block order
    if version.kind == VersionKind.ACCESSION:
        based_on = version.based_on
        liability = based_on.content.get("liability_member", "") if based_on is not None else ""
        acceding = [version.acceding_organisation] if version.acceding_organisation is not None else []
        pairs = [(o, Capacity.ACCEDING) for o in acceding] + [
            (o, Capacity.FOR_ALLIANCE)
            for o in Organisation.objects.filter(uscc=liability).select_related("legal_representative")
        ]
    else:
        liability = (version.content or {}).get("liability_member", "")
        members = active_member_organisations(version.alliance)
        members.sort(key=lambda o: (o.uscc != liability, o.uscc))
        pairs = [(o, Capacity.PARTY) for o in members]
    return [
        PartyLine(
            o.name_zh,
            o.uscc,
            o.address,
            o.legal_representative.name_zh if o.legal_representative else "",
            _label(Capacity, capacity),
        )
        for o, capacity in pairs
    ]


def render_html(version: AgreementVersion, *, signing_copy: bool = False) -> str:
    """The print HTML of a version, in Chinese whatever the request language. The signing copy shows
    no status and leaves the signature block to be filled by the electronic signatures."""
    with translation.override("zh-hans"):
        rows = signature_status(version) if version.status != VersionStatus.DRAFT else []
        context: dict[str, Any] = {
            "signing_copy": signing_copy,
            "version": version,
            "alliance": version.alliance,
            "kind": _label(VersionKind, version.kind),
            "status": _label(VersionStatus, version.status),
            "parties": _parties(version, rows),
            "signatures": rows,
            "fonts": font_uris(),
        }
        if version.kind == VersionKind.ACCESSION:
            acc = AccessionContent.model_validate(version.content or {})
            based_on = version.based_on
            context.update(
                accession=acc,
                based_on=based_on,
                based_on_title=(based_on.content.get("title_zh") if based_on else "") or "",
                task=(
                    agreement_display(AgreementContent(tasks=[acc.task]))["tasks"][0] if acc.task else None
                ),
            )
        else:
            context.update(agreement_display(AgreementContent.model_validate(version.content or {})))
        return render_to_string("agreements/pdf.html", context)


def render_signing_copy(version: AgreementVersion) -> bytes:
    """The PDF the parties read and sign, rendered once when the version is opened for signature."""
    return html_to_pdf(render_html(version, signing_copy=True))


def render_pdf(version: AgreementVersion) -> bytes:
    """The version as PDF (A4, Chinese, fonts embedded), for any status: the stored signing copy of a
    version opened with one, else rendered now."""
    if version.status != VersionStatus.DRAFT:
        stored = SigningCopy.objects.filter(version=version).values_list("pdf", flat=True).first()
        if stored is not None:
            return bytes(stored)
    return html_to_pdf(render_html(version))
