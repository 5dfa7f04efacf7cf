"""Who is told about access requests, in their own language, with a link to the result's page: the
contacts and legal representatives of the result's owners when a member asks; those of the requesting
member when the owners decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from itisa.accounts.choices import ORGANISATION_ROLES
from itisa.accounts.models import RoleAssignment
from itisa.notifications.services import link, notify
from itisa.results.models import AccessRequest, Owner

if TYPE_CHECKING:
    from itisa.accounts.models import User


def contacts_of(alliance_id: int, organisation_ids: list[int]) -> list[Any]:
    """The accounts acting for these organisations in the alliance (contacts, legal representatives)."""
    rows = RoleAssignment.objects.filter(
        alliance_id=alliance_id, role__in=ORGANISATION_ROLES, organisation_id__in=organisation_ids
    ).select_related("user")
    return [ra.user for ra in rows.order_by("user_id", "pk")]


def _names(request: AccessRequest) -> dict[str, str]:
    return {
        "org": request.organisation.name_zh,
        "code": request.result.code,
        "title": request.result.title_zh,
        "alliance": request.result.alliance.name_zh,
    }


def access_requested(request: AccessRequest, *, by: User) -> None:
    owners = list(
        Owner.objects.filter(record_id=request.result.ownership_id).values_list("organisation_id", flat=True)
    )
    notify(
        recipients=contacts_of(request.result.alliance_id, owners),
        kind="results.access.requested",
        subject=lambda: _("Access to %(code)s requested by %(org)s") % _names(request),
        body=lambda: _("%(org)s asks for access rights to the result %(code)s %(title)s of %(alliance)s. As its "
                       "owner, grant them with their terms or refuse with the reason.") % _names(request),
        url=link("results:detail", request.result_id),
        alliance=request.result.alliance,
        by=by,
    )  # fmt: skip


def access_decided(request: AccessRequest, *, by: User) -> None:
    names = _names(request)
    notify(
        recipients=contacts_of(request.result.alliance_id, [request.organisation_id]),
        kind="results.access.decided",
        subject=lambda: _("Access to %(code)s: %(status)s") % {**names, "status": request.get_status_display()},
        body=lambda: _("The owners of the result %(code)s %(title)s decided on the request of %(org)s: %(status)s.")
        % {**names, "status": request.get_status_display()},
        url=link("results:detail", request.result_id),
        alliance=request.result.alliance,
        by=by,
    )  # fmt: skip
