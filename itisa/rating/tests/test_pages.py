"""Pages, API and CLI of the rating: who sees what, the scheme pages with their weight check, the campaign page
with filters, the breakdown and review form, publication with confirmation, the public results (PDF), the
Excel download, the alliance panel; the dashboards' selectors in a fixed number of queries."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from itisa.rating import services
from itisa.rating.models import Campaign, Outcome, Review
from itisa.rating.selectors import band_distribution, ratings_for
from itisa.rating.tests.conftest import RW, full, identity, put_values, snapshot
from itisa.registry.models import Alliance
from tests.factories import AllianceFactory


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def published(rw: RW) -> Campaign:
    services.scheme_create(by=rw.office, year=2025, title="2025年度方案", definition=full())
    put_values(rw.world.csa, 2025, a="100", b="10", c="50")  # 100.00 高
    put_values(AllianceFactory(code="X1", name_zh="甲联盟"), 2025, a="80", b="6", c="50")  # 77.00 较高
    AllianceFactory(code="X2", name_zh="乙联盟")  # no data: not rated
    campaign = services.campaign_create(by=rw.office, year=2025)
    for _ in range(4):
        campaign = services.campaign_advance(by=rw.office, campaign=campaign)
    return campaign


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("secretariat", 403), ("provincial_officer", 403), ("national_officer", 200)],
)
def test_the_scheme_and_campaign_pages_are_the_offices(rw: RW, persona: str, status: int) -> None:
    services.scheme_create(by=rw.office, year=2025, title="2025年度方案", definition=full())
    services.campaign_create(by=rw.office, year=2025)
    client = client_for(rw.user(persona))
    for url in ("/rating/schemes/", "/rating/schemes/2025/", "/rating/campaigns/", "/rating/campaigns/2025/"):
        assert client.get(url).status_code == status, url


def test_scheme_pages_show_the_weight_check_copy_and_edit_a_draft(rw: RW) -> None:
    client = client_for(rw.office)
    definition = identity()
    response = client.post("/rating/schemes/new/", {"year": "2024", "title": "2024年度方案",
                                                     "definition": json.dumps(definition)})  # fmt: skip
    assert response.status_code == 302
    page = client.get("/rating/schemes/2024/").content.decode()
    assert "维度权重合计为 100" in page or "Dimension weights sum to 100" in page
    assert (
        client.post("/rating/schemes/2024/copy/", {"year": "2025"})["Location"]
        == "/rating/schemes/2025/edit/"
    )
    definition["dimensions"][0]["weight"] = "90"
    counts = snapshot()
    response = client.post(
        "/rating/schemes/2025/edit/", {"title": "2025年度方案", "definition": json.dumps(definition)}
    )
    assert response.status_code == 200
    assert "dimensions: weights sum to 90, not 100" in response.content.decode()
    assert snapshot() == counts


def test_the_campaign_page_filters_the_breakdown_and_the_review_form(rw: RW) -> None:
    services.scheme_create(by=rw.office, year=2025, title="2025年度方案", definition=full())
    put_values(rw.world.csa, 2025, a="80", b="6", c="50")
    put_values(AllianceFactory(code="X1"), 2025, a="100", b="10", c="50")
    AllianceFactory(code="X2")
    campaign = services.campaign_create(by=rw.office, year=2025, groups=rw.groups)
    services.campaign_advance(by=rw.office, campaign=campaign)
    office = client_for(rw.office)
    page = office.get("/rating/campaigns/2025/?rated=no").content.decode()
    assert page.count('data-testid="rating-row"') == 1
    assert "test.a, test.b, test.c" in page
    page = office.get("/rating/campaigns/2025/?band=high").content.decode()
    assert page.count('data-testid="rating-row"') == 1 and "X1" in page
    assert 'data-testid="review-form"' not in office.get("/rating/campaigns/2025/CSA/").content.decode()
    expert = client_for(rw.groups[0][0].user)  # group 1 first-reviews CSA
    page = expert.get("/rating/campaigns/2025/CSA/").content.decode()
    assert 'data-testid="review-form"' in page and "77.00" in page
    response = expert.post("/rating/campaigns/2025/CSA/", {"verdict": "adjust", "dimension": "inn",
                                                           "score": "95.00", "reason": "核实补充材料"})  # fmt: skip
    assert response.status_code == 302
    assert list(Review.objects.values_list("dimension", "score")) == [("inn", 95)]
    assert "89.00" in expert.get("/rating/campaigns/2025/CSA/").content.decode()
    other = client_for(rw.groups[1][0].user)
    counts = snapshot()
    assert other.post("/rating/campaigns/2025/CSA/", {"verdict": "adjust", "dimension": "inn", "score": "1",
                                                      "reason": "x"}).status_code == 403  # fmt: skip
    assert snapshot() == counts
    assert client_for(rw.user("secretariat")).get("/rating/campaigns/2025/").status_code == 403


def test_advancing_asks_for_confirmation_and_publishing_shows_the_public_results(rw: RW) -> None:
    services.scheme_create(by=rw.office, year=2025, title="2025年度方案", definition=full())
    put_values(rw.world.csa, 2025, a="100", b="10", c="50")
    services.campaign_create(by=rw.office, year=2025)
    office = client_for(rw.office)
    response = office.post("/rating/campaigns/2025/advance/", {"comment": "启动"})
    assert response.status_code == 200 and 'data-testid="confirmation"' in response.content.decode()
    assert Campaign.objects.get().status == "draft"
    for _ in range(4):
        assert (
            office.post("/rating/campaigns/2025/advance/", {"comment": "", "confirmed": "1"}).status_code
            == 302
        )
    assert Campaign.objects.get().status == "published"
    public = client_for(None).get("/rating/results/2025/").content.decode()
    assert "半导体照明产业技术创新战略联盟" in public and "100.00" in public
    assert client_for(None).get("/rating/results/2024/").status_code == 404


def test_the_public_list_shows_no_scores_of_unrated_alliances_and_the_downloads(rw: RW) -> None:
    published(rw)
    page = client_for(None).get("/rating/results/2025/").content.decode()
    unrated = page.split('data-testid="unrated"')[1]
    assert "乙联盟 (X2)" in unrated
    pdf = client_for(None).get("/rating/results/2025/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client_for(rw.office).get("/rating/campaigns/2025/?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for(rw.user("secretariat")).get("/rating/campaigns/2025/?format=xlsx").status_code == 403


def test_the_alliance_page_shows_its_rating_history(rw: RW) -> None:
    published(rw)
    page = client_for(None).get("/alliances/CSA/").content.decode()
    assert 'data-testid="rating-panel"' in page and "100.00" in page


def test_the_api_public_results_and_office_campaign(rw: RW) -> None:
    published(rw)
    body = client_for(None).get("/api/rating/results?year=2025").json()
    assert [(r["alliance"], r["total"], r["band"]) for r in body["results"]] == [
        ("CSA", "100.00", "high"), ("X1", "77.00", "fairly_high"), ("X2", None, "")]  # fmt: skip
    assert client_for(None).get("/api/rating/titles?year=2025").json() == []
    assert client_for(None).get("/api/rating/campaigns/2025").status_code == 401
    assert client_for(rw.user("secretariat")).get("/api/rating/campaigns/2025").status_code == 404
    campaign = client_for(rw.office).get("/api/rating/campaigns/2025").json()
    assert [(r["alliance"], r["rated"], r["missing"]) for r in campaign["ratings"]] == [
        ("CSA", True, []), ("X1", True, []), ("X2", False, ["test.a", "test.b", "test.c"])]  # fmt: skip
    counts = snapshot()
    response = client_for(rw.user("secretariat")).post(
        "/api/rating/schemes",
        {"year": 2026, "title": "x", "definition": identity()},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert snapshot() == counts


def test_the_cli_opens_advances_and_lists(rw: RW) -> None:
    services.scheme_create(by=rw.office, year=2025, title="2025年度方案", definition=identity())
    put_values(rw.world.csa, 2025, a="86")
    out = StringIO()
    call_command("rating", "campaign-open", "2025", "--as", "national_officer", "--group", "rater1",
                 "--group", "rater2", "--json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert (data["status"], data["groups"], data["ratings"][0]["computed"]["total"]) == (
        "first_review",
        2,
        "86.00",
    )
    out = StringIO()
    call_command("rating", "schemes", "--json", stdout=out)
    assert [(s["year"], s["status"]) for s in json.loads(out.getvalue())] == [(2025, "in_use")]
    call_command("rating", "campaign-advance", "2025", "--as", "national_officer", stdout=StringIO())
    rating = Campaign.objects.get().ratings.get(alliance__code="CSA")
    services.review_record(by=rw.groups[1][0].user, rating=rating, verdict="confirm")
    for _ in range(2):
        call_command("rating", "campaign-advance", "2025", "--as", "national_officer", stdout=StringIO())
    out = StringIO()
    call_command("rating", "results", "2025", "--json", stdout=out)
    assert [(r["alliance"], r["total"], r["band"]) for r in json.loads(out.getvalue())["results"]] == [
        ("CSA", "86.00", "high")]  # fmt: skip
    out = StringIO()
    call_command("rating", "titles", "2025", "--json", stdout=out)
    assert json.loads(out.getvalue()) == []


def test_dashboard_selectors_take_a_fixed_number_of_queries(rw: RW) -> None:
    published(rw)  # 2025: three alliances
    services.scheme_create(by=rw.office, year=2024, title="2024年度方案", definition=identity())
    for n in range(10):
        put_values(AllianceFactory(code=f"M{n}"), 2024, a=str(60 + 3 * n))
    campaign = services.campaign_create(by=rw.office, year=2024)
    for _ in range(4):
        campaign = services.campaign_advance(by=rw.office, campaign=campaign)
    assert (Outcome.objects.filter(year=2025).count(), Outcome.objects.filter(year=2024).count()) == (3, 13)
    everyone = Alliance.objects.all()
    with CaptureQueriesContext(connection) as few:
        assert len(ratings_for(2025, everyone)) == 3
        band_distribution(2025, everyone)
    with CaptureQueriesContext(connection) as many:
        assert len(ratings_for(2024, everyone)) == 13
        assert band_distribution(2024, everyone) == [
            ("high", "High", 1), ("fairly_high", "Fairly high", 4), ("average", "Average", 3), ("low", "Low", 2),
            ("", "", 3)]  # fmt: skip
    assert len(many) == len(few) == 3
