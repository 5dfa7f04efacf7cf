"""What a pilot application consists of, and where each of its materials is read.

Every material is read through its application: pages and the API check ``can_read_materials`` on the
application, then link or serve the material from here. An uploaded PDF is served from storage. The
agreement the platform supplied is the version named when the alliance supplied it (the material's
reference, e.g. ``/alliances/CSA/agreements/v2/``), served as that version's PDF at the application's own
material URL: an assigned expert reads the agreement the application froze, and nothing else of the
alliance's agreements, whose own rule (``agreements.permissions.can_view_agreements``) stays as it is.
The member list and the bodies and staff are the alliance's public pages (an applying alliance is past
forming), linked as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils import translation

from itisa.agreements.choices import VersionKind, VersionStatus
from itisa.agreements.models import AgreementVersion
from itisa.agreements.pdf import render_pdf
from itisa.pilots.choices import MaterialKind
from itisa.pilots.models import Application, Material

# The platform pages a generated material may name, besides the agreement version served here.
PUBLIC_PAGES = frozenset({"registry:alliance_detail", "governance:governance"})
AGREEMENT_PAGE = "agreements:version_detail"


@dataclass(frozen=True)
class MaterialRow:
    """One item of the call's checklist with what the alliance supplied (``material`` None when missing)."""

    code: str
    label_zh: str
    label_en: str
    material: Material | None
    url: str  # where it is read ("" when missing, or when a generated reference names nothing readable)
    version: AgreementVersion | None = None  # the agreement version a generated agreement names


@dataclass(frozen=True)
class MaterialContent:
    """The bytes of a material as served: a stored file or the rendered agreement, and its download name."""

    body: Any  # a FieldFile, or bytes
    filename: str


def _platform_page(application: Application, reference: str) -> ResolverMatch | None:
    """The page of this alliance that a generated material names (references carry no language prefix)."""
    if not reference.startswith("/") or reference.startswith("//"):
        return None
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(reference)
        except Resolver404:
            return None
    if match.kwargs.get("code") != application.alliance.code:
        return None
    return match


def frozen_agreement(application: Application, material: Material) -> AgreementVersion | None:
    """The agreement version a generated "agreement" material names: this alliance's agreement or amendment
    that was in effect (effective or since superseded); None for anything else."""
    if material.kind != MaterialKind.GENERATED or material.code != "agreement":
        return None
    match = _platform_page(application, material.reference)
    if match is None or match.view_name != AGREEMENT_PAGE:
        return None
    return (
        AgreementVersion.objects.filter(
            alliance_id=application.alliance_id,
            number=match.kwargs["number"],
            kind__in=[VersionKind.AGREEMENT, VersionKind.AMENDMENT],
            status__in=[VersionStatus.EFFECTIVE, VersionStatus.SUPERSEDED],
        )
        .select_related("alliance")
        .first()
    )


def _url(application: Application, material: Material, version: AgreementVersion | None) -> str:
    if material.kind == MaterialKind.UPLOAD:
        return reverse("pilots:material", args=[application.pk, material.pk]) if material.file else ""
    if version is not None:
        return reverse("pilots:material", args=[application.pk, material.pk])
    match = _platform_page(application, material.reference)
    if match is None or match.view_name not in PUBLIC_PAGES:
        return ""
    return reverse(match.view_name, kwargs=match.kwargs)  # in the viewer's language


def material_rows(application: Application) -> list[MaterialRow]:
    """The call's checklist, each item with what the alliance supplied and where the viewer reads it; a
    material outside the checklist (none, unless the checklist was changed) comes last."""
    supplied = {m.code: m for m in application.materials.all()}
    items = [(m["code"], m["label_zh"], m["label_en"]) for m in application.call.materials]
    listed = {code for code, _zh, _en in items}
    items += [(code, code, code) for code in sorted(supplied) if code not in listed]
    rows = []
    for code, label_zh, label_en in items:
        material = supplied.get(code)
        version = frozen_agreement(application, material) if material is not None else None
        url = _url(application, material, version) if material is not None else ""
        rows.append(MaterialRow(code, label_zh, label_en, material, url, version))
    return rows


def material_content(application: Application, pk: int) -> MaterialContent | None:
    """Material ``pk`` of an application the viewer may read the materials of, as served at its URL: the
    uploaded PDF, or the PDF of the agreement version the application froze (None for anything else)."""
    material = application.materials.filter(pk=pk).first()
    if material is None:
        return None
    code = application.alliance.code
    if material.kind == MaterialKind.UPLOAD:
        return MaterialContent(material.file, f"{code}-{material.code}.pdf") if material.file else None
    version = frozen_agreement(application, material)
    if version is None:
        return None
    return MaterialContent(render_pdf(version), f"{code}-agreement-v{version.number}.pdf")
