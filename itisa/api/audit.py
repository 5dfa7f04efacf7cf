"""``GET /api/audit/{object_type}/{object_id}``: one object's audit history, for those who may edit it.

This layer knows every app, so it maps an object type to the object and to the permission
that guards its history: alliance → ``can_edit_alliance``; organisation →
``can_edit_organisation``; membership → ``can_manage_members`` on its alliance. National
officers see every history.
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.accounts.roles import role_summary
from itisa.audit.schemas import AuditEntryOut
from itisa.audit.selectors import history_of
from itisa.core.decisions import Need, demand
from itisa.core.errors import NotFound
from itisa.core.responses import errors
from itisa.membership.permissions import can_manage_members
from itisa.membership.selectors import access_membership
from itisa.registry.permissions import can_edit_alliance, can_edit_organisation
from itisa.registry.selectors import access_alliance, access_organisation, active_alliance_ids_of

router = Router(tags=["audit"])


def _membership(user: Any, key: str) -> models.Model:
    if not key.isdigit():
        raise NotFound(_("No such membership."))
    return access_membership(user, int(key))


# object type → how to find the object by its natural key (the access function: NotFound whether
# missing or hidden) and who may read its history (a need; national officers pass every one)
OBJECT_TYPES: dict[str, tuple[Callable[[Any, str], models.Model], Need]] = {
    "alliance": (access_alliance, can_edit_alliance),  # key: short code
    "organisation": (  # key: credit code
        access_organisation,
        lambda user, org: can_edit_organisation(user, org, active_alliance_ids=active_alliance_ids_of(org)),
    ),
    "membership": (_membership, lambda user, m: can_manage_members(user, m.alliance)),  # key: id
}


@router.get(
    "/audit/{object_type}/{object_id}",
    response={200: list[AuditEntryOut], **errors(401, 403, 404, 422)},
    auth=AUTHENTICATED,
)
@paginate
def audit_history(request: HttpRequest, object_type: str, object_id: str) -> Any:
    user = viewer(request)
    found = OBJECT_TYPES.get(object_type)
    if found is None:
        raise NotFound(_("Unknown object type %(type)s.") % {"type": object_type})
    access, need = found
    obj = access(user, object_id)
    if not role_summary(user).national:
        demand(user, obj, need)
    return history_of(obj)
