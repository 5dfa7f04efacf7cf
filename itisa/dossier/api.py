"""``GET /api/dossiers/{code}``: the dossier of an alliance the viewer may see."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from itisa.dossier.schemas import DossierDoc
from itisa.dossier.services import dossier_export
from itisa.registry.selectors import alliance_get

router = Router(tags=["dossiers"])


@router.get("/{code}", response=DossierDoc, summary="The dossier of one alliance")
def dossier_get(request: HttpRequest, code: str) -> Any:
    """Everything the platform knows about the alliance, in the exchange format (docs/dossier.md)."""
    alliance = alliance_get(request.user, code)
    if alliance is None:
        raise Http404
    return DossierDoc.model_validate(dossier_export(alliance), strict=False)
