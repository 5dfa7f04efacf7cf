"""``GET /api/dossiers/{code}``: the dossier of an alliance whose record the viewer keeps."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.responses import errors
from itisa.dossier.extensions import full_model
from itisa.dossier.permissions import can_view_dossier, can_view_restricted
from itisa.dossier.services import dossier_export
from itisa.registry.selectors import access_alliance

router = Router(tags=["dossiers"])


@router.get(
    "/{code}",
    response={200: full_model(), **errors(401, 403, 404, 422)},
    summary="The dossier of one alliance",
    auth=AUTHENTICATED,
)
def dossier_get(request: HttpRequest, code: str) -> Any:
    """Everything the platform knows about the alliance, in the exchange format (docs/dossier.md).

    401 without credentials (the public never keeps a record); 404 when the viewer may not see the
    alliance at all; 403 when they may see it but do not keep its record (the dossier carries the legal
    representatives' contact details). Expert reviews of pilot applications travel only to the national
    office: for others each application's
    ``reviews`` is empty.
    """
    user = viewer(request)
    alliance = access_alliance(user, code, need=can_view_dossier)
    data = dossier_export(alliance, include_restricted=bool(can_view_restricted(user)))
    return full_model().model_validate(data, strict=False)
