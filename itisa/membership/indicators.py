"""What membership counts for the yearly indicators (``itisa.core.indicators``): the members at the end
of the year, in all and by kind of unit (Art. 2, Art. 8(1) of 国科发政〔2008〕770号), the members admitted
in the year (Art. 8(6): an open mechanism that takes in new members) and the dues paid in the year
(Art. 8(4): the alliance's funds). One grouped query per indicator, whatever the number of alliances."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Sum

from itisa.core.indicators import ComputeFn, Indicator, year_bounds
from itisa.core.yearly import FEN, grouped
from itisa.membership.choices import InvoiceStatus
from itisa.membership.models import Invoice, Membership
from itisa.registry.choices import OrganisationKind
from itisa.registry.memberships import active_membership_on_q

MEMBERS_REFERENCE = "国科发政〔2008〕770号 第二条、第八条(一)"


def _members_at_year_end(kind: str | None) -> ComputeFn:
    def compute(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
        """Organisations whose membership had begun and not ended on 31 December (Beijing)."""
        _start, end = year_bounds(year)
        rows = Membership.objects.filter(active_membership_on_q(end), alliance_id__in=alliance_ids)
        if kind is not None:
            rows = rows.filter(organisation__kind=kind)
        return grouped(alliance_ids, rows, "alliance_id", Count("organisation", distinct=True))

    return compute


def admitted(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Memberships that began in the year (founding members in the founding year included)."""
    rows = Membership.objects.filter(alliance_id__in=alliance_ids, joined_on__range=year_bounds(year))
    return grouped(alliance_ids, rows, "alliance_id", Count("organisation", distinct=True))


def dues_paid(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Dues invoices paid in the year (by the day paid, whatever year they bill), in yuan."""
    paid = Invoice.objects.filter(
        status=InvoiceStatus.PAID, alliance_id__in=alliance_ids, paid_on__range=year_bounds(year)
    )
    return grouped(alliance_ids, paid, "alliance_id", Sum("amount"), places=FEN)


INDICATORS = (
    Indicator(
        code="membership.members", name_zh="年末成员单位总数", name_en="Members at year end",
        unit="count", dimension="organisation", compute=_members_at_year_end(None),
        reference=MEMBERS_REFERENCE, order=10,
    ),
    Indicator(
        code="membership.members.enterprise", name_zh="年末企业成员数", name_en="Enterprise members at year end",
        unit="count", dimension="organisation", compute=_members_at_year_end(OrganisationKind.ENTERPRISE),
        reference=MEMBERS_REFERENCE, order=11,
    ),
    Indicator(
        code="membership.members.university", name_zh="年末高等学校成员数",
        name_en="University members at year end", unit="count", dimension="organisation",
        compute=_members_at_year_end(OrganisationKind.UNIVERSITY), reference=MEMBERS_REFERENCE, order=12,
    ),
    Indicator(
        code="membership.members.research_institute", name_zh="年末科研机构成员数",
        name_en="Research institute members at year end", unit="count", dimension="organisation",
        compute=_members_at_year_end(OrganisationKind.RESEARCH_INSTITUTE), reference=MEMBERS_REFERENCE,
        order=13,
    ),
    Indicator(
        code="membership.members.other", name_zh="年末其他组织成员数", name_en="Other members at year end",
        unit="count", dimension="organisation", compute=_members_at_year_end(OrganisationKind.OTHER),
        reference=MEMBERS_REFERENCE, order=14,
    ),
    Indicator(
        code="membership.admitted", name_zh="年度新吸收成员单位数", name_en="New members admitted in the year",
        unit="count", dimension="organisation", compute=admitted,
        reference="国科发政〔2008〕770号 第八条(六)", order=15,
    ),
    Indicator(
        code="membership.dues_paid", name_zh="年度会费收入", name_en="Membership dues paid in the year",
        unit="yuan", dimension="funds", compute=dues_paid,
        reference="国科发政〔2008〕770号 第八条(四)", order=10,
    ),
)  # fmt: skip
