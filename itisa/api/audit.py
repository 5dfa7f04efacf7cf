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
from itisa.core.decisions import Decision
from itisa.core.errors import NotFound, PermissionDenied
from itisa.membership.permissions import can_manage_members
from itisa.membership.selectors import membership_get
from itisa.registry.permissions import can_edit_alliance, can_edit_organisation
from itisa.registry.selectors import active_alliance_ids_of, alliance_get, organisation_get

router = Router(tags=["audit"])


def _alliance(user: Any, key: str) -> tuple[models.Model | None, Callable[[], Decision]]:
    alliance = alliance_get(user, key)
    return alliance, lambda: can_edit_alliance(user, alliance)  # type: ignore[arg-type]


def _organisation(user: Any, key: str) -> tuple[models.Model | None, Callable[[], Decision]]:
    org = organisation_get(user, key)
    return org, lambda: can_edit_organisation(user, org, active_alliance_ids=active_alliance_ids_of(org))  # type: ignore[arg-type]


def _membership(user: Any, key: str) -> tuple[models.Model | None, Callable[[], Decision]]:
    membership = membership_get(user, int(key)) if key.isdigit() else None
    return membership, lambda: can_manage_members(user, membership.alliance)  # type: ignore[union-attr]


# object type → how to find the object (by its natural key) and who may read its history
OBJECT_TYPES: dict[str, Callable[[Any, str], tuple[models.Model | None, Callable[[], Decision]]]] = {
    "alliance": _alliance,  # key: short code
    "organisation": _organisation,  # key: credit code
    "membership": _membership,  # key: id
}


@router.get("/audit/{object_type}/{object_id}", response=list[AuditEntryOut], auth=AUTHENTICATED)
@paginate
def audit_history(request: HttpRequest, object_type: str, object_id: str) -> Any:
    user = viewer(request)
    finder = OBJECT_TYPES.get(object_type)
    if finder is None:
        raise NotFound(_("Unknown object type %(type)s.") % {"type": object_type})
    obj, decide = finder(user, object_id)
    if obj is None:
        raise NotFound(_("No such object."))
    if not role_summary(user).national:
        decision = decide()
        if not decision:
            raise PermissionDenied(decision.reason)
    return history_of(obj)
