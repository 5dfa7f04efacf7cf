"""Campaigns: opening rates the alliances in scope from their recorded values (bands exactly at their
boundaries), leaves incomplete ones unrated, publication writes the outcomes and the A级 title; a later
scheme does not change an earlier campaign; refusals change nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from itisa.core.errors import DomainError, PermissionDenied
from itisa.rating import services
from itisa.rating.models import Campaign, CampaignStatusChange, Outcome, Rating, Scheme
from itisa.rating.selectors import band_distribution, ratings_for
from itisa.rating.tests.conftest import RW, full, identity, put_values, snapshot
from itisa.registry.models import Alliance
from tests.factories import AllianceFactory


def publish(rw: RW, year: int, groups: Any = ()) -> Campaign:
    campaign = services.campaign_create(by=rw.office, year=year, groups=groups)
    for _ in range(4):
        campaign = services.campaign_advance(by=rw.office, campaign=campaign)
    return campaign


def scheme(rw: RW, year: int, definition: Any = None) -> Scheme:
    return services.scheme_create(by=rw.office, year=year, title=f"{year}年度活跃度评价方案",
                                  definition=definition or identity())  # fmt: skip


BOUNDARIES = [("85.99", "fairly_high"), ("86.00", "high"), ("74.99", "average"), ("75.00", "fairly_high"),
              ("64.99", "low"), ("65.00", "average"), ("0", "low"), ("100", "high")]  # fmt: skip


def test_a_stored_scheme_reproduces_the_bands_exactly_at_their_boundaries(rw: RW) -> None:
    scheme(rw, 2025)
    alliances = {}
    for n, (value, _band) in enumerate(BOUNDARIES):
        alliances[value] = AllianceFactory(code=f"B{n}")
        put_values(alliances[value], 2025, a=value)
    campaign = services.campaign_create(by=rw.office, year=2025)
    campaign = services.campaign_advance(by=rw.office, campaign=campaign)
    got = {r.alliance.code: (r.total, r.band) for r in Rating.objects.filter(campaign=campaign, rated=True)}
    assert got == {alliances[v].code: (Decimal(v).quantize(Decimal("0.01")), band) for v, band in BOUNDARIES}
    for _ in range(3):
        campaign = services.campaign_advance(by=rw.office, campaign=campaign)
    published = dict(
        Outcome.objects.filter(campaign=campaign, rated=True).values_list("alliance__code", "band")
    )
    assert published == {alliances[v].code: band for v, band in BOUNDARIES}
    assert campaign.status == "published"
    assert list(CampaignStatusChange.objects.filter(campaign=campaign).values_list("new_status", flat=True)) == [
        "draft", "first_review", "cross_review", "plenary", "published"]  # fmt: skip


def test_incomplete_alliances_are_recorded_as_not_rated_with_their_missing_indicators(rw: RW) -> None:
    scheme(rw, 2025, full())
    csa, sdc = rw.world.csa, rw.world.sdc
    complete = AllianceFactory(code="FULL")
    put_values(complete, 2025, a="80", b="6", c="50")  # 40×0.8 + 60×(50×0.5 + 50×1)/100 = 32 + 45 = 77
    put_values(csa, 2025, a="90", c="60")  # test.b missing
    put_values(sdc, 2025, a="90", b="9", c="90")  # regional and forming: out of scope
    put_values(complete, 2024, a="1")  # another year is not this campaign's
    campaign = services.campaign_advance(
        by=rw.office, campaign=services.campaign_create(by=rw.office, year=2025)
    )
    rows = {r.alliance.code: r for r in Rating.objects.filter(campaign=campaign).select_related("alliance")}
    assert set(rows) == {"CSA", "FULL"}
    assert (rows["CSA"].rated, rows["CSA"].missing, rows["CSA"].total, rows["CSA"].band) == (
        False, ["test.b"], None, "")  # fmt: skip
    assert (rows["FULL"].dimensions, rows["FULL"].total, rows["FULL"].band) == (
        {"org": "80.00", "inn": "75.00"}, Decimal("77.00"), "fairly_high")  # fmt: skip
    for _ in range(3):
        campaign = services.campaign_advance(by=rw.office, campaign=campaign)
    outcomes = {
        o.alliance.code: (o.rated, o.total, o.band) for o in Outcome.objects.filter(campaign=campaign)
    }
    assert outcomes == {"CSA": (False, None, ""), "FULL": (True, Decimal("77.00"), "fairly_high")}
    everyone = Alliance.objects.all()
    assert band_distribution(2025, everyone) == [
        ("high", "High", 0), ("fairly_high", "Fairly high", 1), ("average", "Average", 0), ("low", "Low", 0), ("", "", 1)]  # fmt: skip
    assert {k: (v.rated, v.total, v.band) for k, v in ratings_for(2025, everyone).items()} == {
        rw.world.csa.pk: (False, None, ""), complete.pk: (True, Decimal("77.00"), "fairly_high")}  # fmt: skip


def test_the_title_comes_only_after_three_consecutive_top_bands(rw: RW) -> None:
    steady, broken = AllianceFactory(code="STEADY"), AllianceFactory(code="BROKEN")
    for year, steady_value, broken_value in [(2021, "90", "90"), (2022, "86", "70"), (2023, "99", "90"),
                                             (2024, "86", "90"), (2025, "85.99", "90")]:  # fmt: skip
        scheme(rw, year)
        put_values(steady, year, a=steady_value)
        put_values(broken, year, a=broken_value)
        publish(rw, year)
    got = list(Outcome.objects.filter(alliance__code__in=["STEADY", "BROKEN"]).order_by("alliance__code", "year")
               .values_list("alliance__code", "year", "band", "title"))  # fmt: skip
    assert got == [
        ("BROKEN", 2021, "high", False), ("BROKEN", 2022, "average", False), ("BROKEN", 2023, "high", False),
        ("BROKEN", 2024, "high", False), ("BROKEN", 2025, "high", True),
        ("STEADY", 2021, "high", False), ("STEADY", 2022, "high", False), ("STEADY", 2023, "high", True),
        ("STEADY", 2024, "high", True), ("STEADY", 2025, "fairly_high", False),
    ]  # fmt: skip


def test_a_later_scheme_changes_nothing_of_an_earlier_campaign(rw: RW) -> None:
    earlier = scheme(rw, 2024, full())
    a = AllianceFactory(code="ONE")
    put_values(a, 2024, a="80", b="6", c="50")
    put_values(a, 2025, a="80", b="6", c="50")
    campaign = publish(rw, 2024)
    before = list(Rating.objects.values_list("alliance_id", "dimensions", "total", "band"))
    outcomes = list(Outcome.objects.values_list("alliance_id", "total", "band", "title"))
    later = services.scheme_copy(by=rw.office, source=Scheme.objects.get(year=2024), year=2025)
    changed = full()
    changed["dimensions"][0]["weight"], changed["dimensions"][1]["weight"] = "60", "40"
    services.scheme_update(by=rw.office, scheme=later, title="2025年度方案", definition=changed)
    publish(rw, 2025)
    assert Outcome.objects.get(year=2025, alliance=a).total == Decimal("78.00")  # 60×0.8 + 40×0.75
    assert (
        list(
            Rating.objects.filter(campaign=campaign).values_list("alliance_id", "dimensions", "total", "band")
        )
        == before
    )
    assert (
        list(Outcome.objects.filter(year=2024).values_list("alliance_id", "total", "band", "title"))
        == outcomes
    )
    earlier.refresh_from_db()
    assert (earlier.status, earlier.sha256, Campaign.objects.get(year=2024).scheme_sha256) == (
        "in_use", campaign.scheme_sha256, campaign.scheme_sha256)  # fmt: skip
    counts = snapshot()
    with pytest.raises(DomainError):
        services.scheme_update(by=rw.office, scheme=earlier, title="改", definition=changed)
    assert snapshot() == counts
    with pytest.raises(IntegrityError), transaction.atomic():
        Scheme.objects.filter(pk=earlier.pk).update(title="改")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.filter(campaign=campaign).update(total=Decimal("1"))


@pytest.mark.parametrize("persona", ["anonymous", "secretariat", "provincial_officer", "expert"])
def test_only_the_national_office_runs_campaigns(rw: RW, persona: str) -> None:
    scheme(rw, 2025)
    campaign = services.campaign_create(by=rw.office, year=2025)
    counts = snapshot()
    with pytest.raises(PermissionDenied):
        services.campaign_advance(by=rw.user(persona), campaign=campaign)
    with pytest.raises(PermissionDenied):
        services.campaign_create(by=rw.user(persona), year=2024)
    with pytest.raises(PermissionDenied):
        services.scheme_create(by=rw.user(persona), year=2026, title="x", definition=identity())
    assert snapshot() == counts
    campaign.refresh_from_db()
    assert campaign.status == "draft"


def test_a_campaign_needs_its_years_scheme_and_distinct_experts(rw: RW) -> None:
    counts = snapshot()
    with pytest.raises(DomainError) as exc:
        services.campaign_create(by=rw.office, year=2025)
    assert exc.value.fields == {"year": ["The year has no rating scheme yet: create or copy one first."]}
    scheme(rw, 2025)
    counts = snapshot()
    g1 = rw.groups[0]
    with pytest.raises(DomainError) as exc:
        services.campaign_create(by=rw.office, year=2025, groups=[g1, g1])
    assert exc.value.fields == {"groups": ["An expert sits in one group only."]}
    assert snapshot() == counts


def test_weights_must_sum_to_100_and_indicators_exist(rw: RW) -> None:
    bad = full()
    bad["dimensions"][0]["weight"] = "41"
    bad["dimensions"][1]["indicators"][0]["code"] = "test.nope"
    counts = snapshot()
    with pytest.raises(DomainError) as exc:
        services.scheme_create(by=rw.office, year=2025, title="方案", definition=bad)
    assert exc.value.fields == {"definition": [
        "dimension inn: no indicator 'test.nope' in the registry", "dimensions: weights sum to 101, not 100"]}  # fmt: skip
    floats = '{"dimensions": [{"code": "d", "name_zh": "维", "weight": 100.0, "indicators": [{"code": "test.a", "weight": "100", "rule": "linear", "target": "10"}]}], "bands": [{"code": "x", "name_zh": "甲", "lower": "0"}]}'
    scheme_from_text = services.scheme_create(by=rw.office, year=2025, title="方案", definition=floats)
    assert (
        scheme_from_text.definition["dimensions"][0]["weight"] == "100.0"
    )  # JSON numbers read as Decimal text
    assert snapshot()[0] == counts[0] + 1
