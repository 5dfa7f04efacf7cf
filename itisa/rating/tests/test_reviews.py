"""Reviews: the first review by the alliance's group adjusts dimension scores with reasons, the next group
cross-reviews, the plenary fixes disputed scores; every act a new row, the final score derived, audited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, PermissionDenied
from itisa.pilots.tests.pilot_fixtures import make_expert
from itisa.rating import services
from itisa.rating.models import Campaign, Outcome, Rating, Review
from itisa.rating.selectors import final_scores
from itisa.rating.tests.conftest import RW, full, put_values, snapshot
from tests.factories import AllianceFactory


def opened(rw: RW, groups: list | None = None) -> Campaign:  # type: ignore[type-arg]
    services.scheme_create(by=rw.office, year=2025, title="2025年度方案", definition=full())
    put_values(rw.world.csa, 2025, a="80", b="6", c="50")  # org 80, inn 75 → 77.00
    put_values(AllianceFactory(code="X1"), 2025, a="100", b="10", c="50")  # 100.00
    put_values(AllianceFactory(code="X2"), 2025, a="50", b="2", c="0")  # org 50, inn 0 → 20.00
    campaign = services.campaign_create(by=rw.office, year=2025, groups=groups or rw.groups)
    return services.campaign_advance(by=rw.office, campaign=campaign)


def rating(code: str) -> Rating:
    return Rating.objects.select_related("campaign", "alliance").get(alliance__code=code)


def test_first_review_cross_review_plenary_and_the_derived_final_score(rw: RW) -> None:
    campaign = opened(rw)
    assert dict(Rating.objects.values_list("alliance__code", "group")) == {"CSA": 1, "X1": 2, "X2": 1}
    g1, g2 = rw.groups[0][0].user, rw.groups[1][0].user
    services.review_record(by=g1, rating=rating("CSA"), verdict="adjust", dimension="inn", score="95.00",
                           reason="联合研发投入的证明材料补充后核实")  # fmt: skip
    counts = snapshot()
    with pytest.raises(PermissionDenied):  # group 2 does not first-review CSA
        services.review_record(
            by=g2, rating=rating("CSA"), verdict="adjust", dimension="inn", score="1", reason="x"
        )
    with pytest.raises(DomainError) as exc:
        services.review_record(by=g1, rating=rating("CSA"), verdict="adjust", dimension="nope", score="101")
    assert exc.value.fields == {"dimension": ["Choose a dimension of the scheme."],
                                "score": ["Give a score from 0 to 100 with at most two decimals."],
                                "reason": ["Write the reason."]}  # fmt: skip
    assert snapshot() == counts
    campaign = services.campaign_advance(by=rw.office, campaign=campaign)
    with pytest.raises(DomainError) as exc:
        services.campaign_advance(by=rw.office, campaign=campaign)
    assert exc.value.message == "Every rated alliance needs its cross review first: CSA, X1, X2"
    services.review_record(by=g2, rating=rating("CSA"), verdict="dispute", reason="调整幅度过大")
    services.review_record(by=g1, rating=rating("X1"), verdict="confirm")
    services.review_record(by=g2, rating=rating("X2"), verdict="confirm")
    with pytest.raises(PermissionDenied):  # the first-review group does not cross-review its own
        services.review_record(by=g1, rating=rating("CSA"), verdict="confirm")
    campaign = services.campaign_advance(by=rw.office, campaign=campaign)
    finals = {
        f.rating.alliance.code: (f.breakdown.total, f.disputed) for f in final_scores(campaign).values()
    }
    assert finals == {
        "CSA": (Decimal("89.00"), True),
        "X1": (Decimal("100.00"), False),
        "X2": (Decimal("20.00"), False),
    }
    with pytest.raises(DomainError) as exc:
        services.campaign_advance(by=rw.office, campaign=campaign)
    assert exc.value.message == "The plenary has not decided the disputed ratings: CSA"
    with pytest.raises(DomainError) as exc:
        services.review_record(by=rw.office, rating=rating("X1"), verdict="decide", score="90", reason="x")
    assert exc.value.fields == {"verdict": ["The plenary decides disputed ratings only."]}
    services.review_record(by=rw.office, rating=rating("CSA"), verdict="decide", score="85.50",
                           reason="全体会议审议：调整部分认可")  # fmt: skip
    audit = AuditEntry.objects.count()
    services.campaign_advance(by=rw.office, campaign=campaign)
    assert AuditEntry.objects.count() == audit + 1
    assert list(Outcome.objects.order_by("alliance__code").values_list("alliance__code", "total", "band")) == [
        ("CSA", Decimal("85.50"), "fairly_high"), ("X1", Decimal("100.00"), "high"), ("X2", Decimal("20.00"), "low")]  # fmt: skip
    assert list(Review.objects.order_by("pk").values_list("stage", "verdict")) == [
        ("first", "adjust"), ("cross", "dispute"), ("cross", "confirm"), ("cross", "confirm"), ("plenary", "decide")]  # fmt: skip
    assert rating("CSA").total == Decimal("77.00")  # the computed score stays as it was
    codes = list(AuditEntry.objects.filter(action__startswith="rating.").values_list("action", flat=True))
    assert codes.count("rating.review.recorded") == 5
    assert codes.count("rating.campaign.moved") == 4


def test_an_expert_with_a_conflict_of_interest_does_not_review(rw: RW) -> None:
    conflicted = make_expert(rw.world, "成员单位专家", organisation=rw.world.member_a, username="conflicted")
    opened(rw, groups=[[conflicted], rw.groups[1]])
    counts = snapshot()
    with pytest.raises(PermissionDenied) as exc:
        services.review_record(by=conflicted.user, rating=rating("CSA"), verdict="adjust", dimension="org",
                               score="90", reason="x")  # fmt: skip
    assert "conflict of interest" in exc.value.message
    assert snapshot() == counts


@pytest.mark.parametrize(
    "persona", ["anonymous", "secretariat", "expert", "provincial_officer", "national_officer"]
)
def test_only_the_groups_experts_review(rw: RW, persona: str) -> None:
    opened(rw)
    counts = snapshot()
    with pytest.raises(PermissionDenied):
        services.review_record(by=rw.user(persona), rating=rating("CSA"), verdict="adjust", dimension="org",
                               score="90", reason="理由")  # fmt: skip
    assert snapshot() == counts


def test_a_published_campaign_takes_no_review(rw: RW) -> None:
    campaign = opened(rw, groups=[rw.groups[0]])  # one group: no cross review
    g1 = rw.groups[0][0].user
    for _ in range(3):
        campaign = services.campaign_advance(by=rw.office, campaign=campaign)
    counts = snapshot()
    with pytest.raises(DomainError) as exc:
        services.review_record(
            by=g1, rating=rating("CSA"), verdict="adjust", dimension="org", score="1", reason="x"
        )
    assert exc.value.message == "The campaign is not in a review stage."
    with pytest.raises(DomainError):
        services.campaign_advance(by=rw.office, campaign=campaign)
    assert snapshot() == counts
