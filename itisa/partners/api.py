"""Partner search endpoint: public, the page's filters, the project-wide cursor pagination."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from itisa.accounts.api import PUBLIC
from itisa.core.responses import errors
from itisa.partners.selectors import PartnerFilters, partner_search

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
