"""Partner search endpoints: the public search (the page's filters, the project-wide cursor pagination) and
inviting a found organisation to apply (its secretariat)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, PUBLIC, viewer
from itisa.core.errors import NotFound
from itisa.core.responses import errors
from itisa.membership.services import join_invite_send
from itisa.partners.selectors import PartnerFilters, invitable_alliances, invitable_partner, partner_search

router = Router(tags=["partners"])


class PartnerFilterIn(Schema):
    """A Chinese or English name fragment, and GB/T 4754 industry, GB/T 2260 province and kind codes."""

    q: str = ""
    industry: str = ""
    province: str = ""
    kind: str = ""


class PartnerOut(Schema):
    """An organisation's public profile: codes, the public alliances it is an active member of, and its
    published catalogue entries."""

    uscc: str
    name_zh: str
    name_en: str
    kind: str
    province: str
    industry: str
    alliances: list[str]
    catalogue_entries: int

    @staticmethod
    def resolve_alliances(obj: Any) -> list[str]:
        return [m.alliance.code for m in obj.public_memberships]


@router.get("/partners", response={200: list[PartnerOut], **errors(401, 422)}, auth=PUBLIC)
@paginate
def partner_list(request: HttpRequest, filters: Query[PartnerFilterIn]) -> Any:
    return partner_search(PartnerFilters(**filters.dict()))


class PartnerInviteIn(Schema):
    alliance: str = Field(description="Short code of an alliance whose secretariat you are", max_length=20)
    message: str = Field("", description="Sent with the invitation", max_length=1000)


class PartnerInviteOut(Schema):
    alliance: str
    organisation: str
    recipients: int = Field(description="How many of the organisation's people were told")


@router.post("/partners/{uscc}/invite", response={200: PartnerInviteOut, **errors(400, 401, 403, 404, 409, 413, 422)},
             auth=AUTHENTICATED)  # fmt: skip
def partner_invite(request: HttpRequest, uscc: str, payload: PartnerInviteIn) -> Any:
    """Invite an organisation of the partner search to apply to an alliance whose secretariat you are; its
    contacts and legal representatives are told. 404 for an organisation the search does not show or an
    alliance you are not the secretariat of; 409 for a member or one invited in the last 30 days; 422 when
    no one acts for it on the platform."""
    organisation = invitable_partner(uscc)
    alliance = invitable_alliances(viewer(request)).filter(code=payload.alliance).first()
    if organisation is None or alliance is None:
        raise NotFound(_("No such organisation in the partner search, or no such alliance of yours."))
    told = join_invite_send(
        by=viewer(request), alliance=alliance, organisation=organisation, message=payload.message
    )
    return {"alliance": alliance.code, "organisation": organisation.uscc, "recipients": len(told)}
