"""A licence recorded by the licensing app reaches the catalogue: the entry says it is licensed (exclusively
or not) while the licence runs and open again after it ends; the licensing filter follows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from itisa.audit.models import AuditEntry
from itisa.diffusion.models import SearchDoc
from itisa.diffusion.search import Filters
from itisa.diffusion.selectors import catalogue_search, licensing_status
from itisa.diffusion.services import ListingInput, listing_publish, listing_save
from itisa.licensing.tests.conftest import Lic, grant, licence_input
from itisa.licensing.tests.conftest import lic as lic  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _codes(licensing: str, today: dt.date) -> list[str]:
    found = catalogue_search("", filters=Filters(licensing=licensing), today=today)
    return [h.result for h in found.hits]


def test_a_licence_changes_what_the_catalogue_says(lic: Lic) -> None:
    s = lic.secretariat
    listing = listing_save(by=s, result=lic.result, data=ListingInput(abstract_zh="大规模接入方法"))
    listing_publish(by=s, listing=listing)
    doc = SearchDoc.objects.get()
    assert (doc.licensed_until, doc.exclusive_until, licensing_status(doc, dt.date(2026, 3, 2))) == (
        None, None, "available")  # fmt: skip
    grant(lic)  # non-exclusive, 2026-03-01 to 2030-12-31
    doc.refresh_from_db()
    assert (doc.licensed_until, doc.exclusive_until) == (dt.date(2030, 12, 31), None)
    assert licensing_status(doc, dt.date(2026, 3, 2)) == "licensed"
    assert licensing_status(doc, dt.date(2031, 1, 1)) == "available"
    assert _codes("licensed", dt.date(2026, 3, 2)) == ["R00001"]
    assert _codes("available", dt.date(2026, 3, 2)) == ["R00001"]  # a non-exclusive licence leaves it open
    assert _codes("exclusive", dt.date(2026, 3, 2)) == []
    entry = AuditEntry.objects.filter(action="diffusion.listing.licensing").get()
    assert (entry.actor_id, entry.data["licensed_until"], entry.data["exclusive_until"]) == (
        None,
        "2030-12-31",
        None,
    )


def test_an_exclusive_licence_closes_it_until_it_ends(lic: Lic, world: Any) -> None:
    s = lic.secretariat
    listing_publish(
        by=s, listing=listing_save(by=s, result=lic.result, data=ListingInput(abstract_zh="接入"))
    )
    consents = [{"organisation": o.pk, "document_ref": f"同意书-{o.pk}", "given_on": dt.date(2026, 2, 20)}
                for o in (world.member_a, world.member_b)]  # fmt: skip
    from itisa.licensing.services import licence_grant

    licence_grant(by=s, alliance=world.csa, data=licence_input(lic, exclusive=True, consents=consents,
                                                             ends_on=dt.date(2027, 6, 30)))  # fmt: skip
    assert _codes("exclusive", dt.date(2026, 3, 2)) == ["R00001"]
    assert _codes("available", dt.date(2026, 3, 2)) == []
    assert _codes("available", dt.date(2027, 7, 1)) == ["R00001"]
