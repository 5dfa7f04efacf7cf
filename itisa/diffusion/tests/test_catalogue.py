"""The public catalogue: the secretariat writes and publishes an entry (moderation), anonymous visitors
find it by 1-, 2-, 3- and 4-character Chinese queries and by English words, filter it, read it and write to
the secretariat (rate-limited, spam-guarded); a licence changes what it says about licensing."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core import signing
from django.urls import reverse

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, PermissionDenied
from itisa.diffusion.models import ContactMessage, Diffusion, Listing, Obligation, SearchDoc
from itisa.diffusion.search import Filters
from itisa.diffusion.selectors import catalogue_search
from itisa.diffusion.services import (
    EnquiryInput,
    ListingInput,
    enquiry_submit,
    listing_publish,
    listing_save,
    listing_withdraw,
)
from itisa.diffusion.tests.conftest import DW, end_project

pytestmark = pytest.mark.django_db

ABSTRACT = "本发明提出一种面向大功率LED芯片的储能散热结构，显著提高光效与可靠性。"
ABSTRACT_EN = "A heat-spreading structure for high-power LED chips that raises luminous efficacy."


def publish(dw: DW, result: Any = None, **overrides: Any) -> Listing:
    s = dw.user("secretariat")
    data = {"abstract_zh": ABSTRACT, "abstract_en": ABSTRACT_EN, "keywords": "LED 散热"} | overrides
    listing = listing_save(by=s, result=result or dw.result, data=ListingInput(**data))
    return listing_publish(by=s, listing=listing)


def codes(q: str, **filters: Any) -> list[str]:
    found = catalogue_search(q, filters=Filters(**filters))
    return [h.result for h in found.hits]


def test_a_draft_is_not_public_and_publishing_makes_it_findable(dw: DW) -> None:
    s = dw.user("secretariat")
    listing = listing_save(by=s, result=dw.result, data=ListingInput(abstract_zh=ABSTRACT))
    assert (listing.status, SearchDoc.objects.count(), codes("散热")) == ("draft", 0, [])
    listing_publish(by=s, listing=listing)
    dw.result.refresh_from_db()
    assert (Listing.objects.get().status, dw.result.public, codes("散热")) == ("published", True, ["R00001"])
    listing_withdraw(by=s, listing=listing, comment="信息有误")
    dw.result.refresh_from_db()
    assert (Listing.objects.get().status, dw.result.public, codes("散热"), SearchDoc.objects.count()) == (
        "withdrawn", False, [], 0)  # fmt: skip


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("储", ["R00001"]),  # one character
        ("储能", ["R00001"]),  # two
        ("大规模", ["R00001"]),  # three, in the title
        ("协同传输", ["R00001"]),  # four
        ("芯片散热", []),  # every bigram occurs, but not this substring
        ("能储", []),
        ("heat", ["R00001"]),  # an English word
        ("LUMINOUS", ["R00001"]),  # any case
        ("chip", ["R00001"]),  # another form of "chips" (the same stem)
        ("efficacies", ["R00001"]),
        ("ＬＥＤ", ["R00001"]),  # full-width letters
        ("储能 chips", ["R00001"]),  # all terms
        ("储能 battery", []),
        ('"储能" *', ["R00001"]),  # FTS syntax is not syntax here
        ("储能 OR 光", []),  # nor is OR: a word that must occur
        ("", ["R00001"]),  # browse
    ],
)
def test_anonymous_queries_of_one_to_four_characters_and_english_words(
    dw: DW, query: str, found: list[str]
) -> None:
    publish(dw)
    assert codes(query) == found


def test_ranking_puts_title_matches_first_and_filters_narrow(dw: DW) -> None:
    from itisa.results.tests.conftest import register

    other = register(dw.world, kind="paper", title_zh="LED 储能散热综述", number="", status="recorded",
                     filed_on=None, granted_on=None)  # fmt: skip
    publish(dw, abstract_zh="大规模接入方法的储能研究")  # R00001: 储能 in the abstract only
    publish(dw, other, abstract_zh="综述")  # R00002: 储能 in the title
    assert codes("储能") == ["R00002", "R00001"]
    assert codes("储能", kind="paper") == ["R00002"]
    assert codes("储能", kind="invention") == ["R00001"]
    assert codes("储能", industry="C") == ["R00002", "R00001"]
    assert codes("储能", industry="B") == []
    # without an agreement the law makes the contributors joint owners in equal shares: the tie goes to the
    # lower credit code, 乙大学 (Beijing, 11)
    assert sorted(SearchDoc.objects.values_list("province", flat=True)) == ["11", "11"]
    assert codes("储能", province="11") == ["R00002", "R00001"]
    assert codes("储能", province="44") == []
    assert codes("储能", licensing="available") == ["R00002", "R00001"]


def test_publishing_meets_the_obligation_by_the_catalogue(dw: DW, clock: Any) -> None:
    end_project(dw)
    listing = publish(dw)
    # publishing met the obligation by the catalogue
    assert list(Obligation.objects.values_list("status", "met_on")) == [("met", dt.date(2026, 3, 2))]
    assert list(Diffusion.objects.values_list("means", "listing_id")) == [("catalogue", listing.pk)]
    assert listing.pk and codes("", licensing="available") == ["R00001"]


def test_enquiries_reach_the_secretariat_and_are_rate_limited(dw: DW) -> None:
    listing = publish(dw)
    data = EnquiryInput(
        name="王工", organisation="某照明公司", email="wang@example.com", message="希望洽谈许可。"
    )
    for _ in range(5):
        enquiry_submit(listing=listing, data=data, sender="203.0.113.7")
    before = (ContactMessage.objects.count(), AuditEntry.objects.count())
    with pytest.raises(Conflict) as caught:
        enquiry_submit(listing=listing, data=data, sender="203.0.113.7")
    assert str(caught.value) == "Too many enquiries from your address: please try again in an hour."
    assert (ContactMessage.objects.count(), AuditEntry.objects.count()) == before == (5, before[1])
    enquiry_submit(listing=listing, data=data, sender="198.51.100.2")  # another sender
    from itisa.notifications.models import Notification

    assert set(Notification.objects.filter(kind="diffusion.message.received").values_list(
        "recipient__username", flat=True)) == {"secretariat"}  # fmt: skip
    assert ContactMessage.objects.filter(sender_digest__contains="203.0.113.7").count() == 0  # not kept


def test_a_withdrawn_entry_takes_no_enquiries(dw: DW) -> None:
    listing = publish(dw)
    listing_withdraw(by=dw.user("secretariat"), listing=listing)
    with pytest.raises(PermissionDenied):
        enquiry_submit(
            listing=listing, data=EnquiryInput(name="a", email="a@example.com", message="m"), sender="x"
        )
    assert ContactMessage.objects.count() == 0


def test_only_the_secretariat_moderates(dw: DW) -> None:
    before = (Listing.objects.count(), AuditEntry.objects.count())
    for persona in ("member_contact", "council_member", "provincial_officer"):
        with pytest.raises(PermissionDenied):
            listing_save(by=dw.user(persona), result=dw.result, data=ListingInput(abstract_zh=ABSTRACT))
    assert (Listing.objects.count(), AuditEntry.objects.count()) == before


def _stamp(seconds_ago: int) -> str:
    return signing.dumps(int(time.time()) - seconds_ago, salt="itisa.diffusion.enquiry")


def test_pages_for_anonymous_visitors(dw: DW, client: Any, django_assert_max_num_queries: Any) -> None:
    publish(dw)
    page = client.get(reverse("diffusion:catalogue"), {"q": "储能"})
    assert page.status_code == 200
    assert [h.result for h in page.context["hits"]] == ["R00001"]
    entry_url = reverse("diffusion:entry", args=["CSA", "R00001"])
    entry = client.get(entry_url)
    assert entry.status_code == 200 and ABSTRACT_EN in entry.content.decode()  # an English reader
    from django.utils import translation

    with translation.override("zh-hans"):
        zh_url = reverse("diffusion:entry", args=["CSA", "R00001"])
    assert ABSTRACT in client.get(zh_url).content.decode()  # a Chinese reader
    form = {"name": "王工", "email": "wang@example.com", "message": "希望洽谈许可。", "website": ""}
    # a robot: the hidden field filled, or posted at once
    assert client.post(entry_url, {**form, "website": "http://spam", "stamp": _stamp(10)}).status_code == 400
    assert client.post(entry_url, {**form, "stamp": _stamp(0)}).status_code == 400
    assert ContactMessage.objects.count() == 0
    response = client.post(entry_url, {**form, "stamp": _stamp(10)})
    assert (response.status_code, response["Location"], ContactMessage.objects.count()) == (302, entry_url, 1)
    assert client.get(reverse("diffusion:entry", args=["CSA", "R99999"])).status_code == 404
    # a page's queries do not grow with its rows
    with django_assert_max_num_queries(8):
        client.get(reverse("diffusion:catalogue"), {"q": "储"})


def test_open_data_in_json_lines_and_csv(dw: DW, client: Any) -> None:
    import json

    publish(dw)
    response = client.get(reverse("diffusion:open_data", args=["jsonl"]))
    rows = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert [(r["id"], r["kind"], r["licensing"], r["owners"], r["province"]) for r in rows] == [
        ("CSA/R00001", "invention", "available", ["乙大学", "甲公司"], "11")
    ]
    text = b"".join(client.get(reverse("diffusion:open_data", args=["csv"])).streaming_content).decode()
    assert (
        text.splitlines()[0]
        == "id,alliance,result,kind,title_zh,title_en,abstract_zh,abstract_en,keywords,number,owners,industry,province,licensing,published_at"
    )
    assert text.splitlines()[1].startswith("CSA/R00001,CSA,R00001,invention,")
    assert client.get(reverse("diffusion:open_data", args=["xml"])).status_code == 404


def test_the_sitemap_lists_the_catalogue_and_every_published_entry(dw: DW, client: Any) -> None:
    publish(dw)
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-catalogue.xml" in index and "/sitemap-entries.xml" in index
    entries = client.get("/sitemap-entries.xml").content.decode()
    assert entries.count("<loc>") == 2  # Chinese and English
    assert "/catalogue/CSA/R00001/</loc>" in entries and "/en/catalogue/CSA/R00001/</loc>" in entries


def test_draft_entries_are_for_the_alliances_people_only(dw: DW, client: Any) -> None:
    listing_save(by=dw.user("secretariat"), result=dw.result, data=ListingInput(abstract_zh="草稿摘要"))
    url = reverse("diffusion:listings", args=["CSA"])
    client.force_login(dw.supervisor)  # a fund supervisor follows obligations, not the alliance's drafts
    assert client.get(url).status_code == 403
    client.force_login(dw.user("council_member"))
    response = client.get(url)
    assert [lst.result.code for lst in response.context["page"]] == ["R00001"]
