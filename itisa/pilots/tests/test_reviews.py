"""Experts, conflicts of interest, independent immutable reviews and aggregated scores; who sees what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, transaction

from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.governance.models import Body, Seat
from itisa.pilots import services
from itisa.pilots.models import Application, Assignment, Call, Review
from itisa.pilots.permissions import can_view_application, can_view_reviews
from itisa.pilots.selectors import OUTLIER_POINTS, applications_visible_to, score_summary
from itisa.pilots.tests.pilot_fixtures import (
    audit_count,
    make_expert,
    submitted,
    to_review,
)
from tests.factories import AllianceFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
ALL_80 = {"innovation": 80, "industry": 80, "governance": 80, "cooperation": 80, "funds": 80}


@pytest.fixture
def application(world: Any, call: Call, needs_review: Any) -> Application:
    return to_review(world, submitted(world, call))


def _seat(world: Any, **kwargs: Any) -> Seat:
    body = Body.objects.create(alliance=world.csa, kind="decision", body_type="council", name_zh="理事会")
    return Seat.objects.create(body=body, term_start=dt.date(2020, 1, 1), holder_name="某人", **kwargs)


def test_an_expert_from_a_member_organisation_cannot_be_assigned_and_the_reason_is_given(
    world: Any, application: Application
) -> None:
    expert = make_expert(world, "王工", organisation=world.member_b)
    before = audit_count()
    with pytest.raises(Conflict) as exc:
        services.expert_assign(by=world.user("national_officer"), application=application, expert=expert)
    assert (
        exc.value.message
        == "王工 has a conflict of interest: the expert's organisation 乙大学 is an active member of the alliance."
    )
    assert Assignment.objects.count() == 0
    assert audit_count() == before


def test_an_expert_without_an_account_cannot_be_assigned(world: Any, application: Application) -> None:
    """Experts brought in by a dossier import have no account until one is linked."""
    expert = make_expert(world, "孙工")
    expert.user = None
    expert.save()
    before = audit_count()
    with pytest.raises(DomainError) as exc:
        services.expert_assign(by=world.user("national_officer"), application=application, expert=expert)
    assert exc.value.message == "孙工 has no account on the platform yet, so could not review."
    assert exc.value.fields == {"expert": ["No account."]}
    assert Assignment.objects.count() == 0
    assert audit_count() == before


def test_an_expert_without_an_account_is_removed_from_the_pool(world: Any) -> None:
    expert = make_expert(world, "孙工")
    expert.user = None
    expert.save()
    services.expert_remove(by=world.user("national_officer"), expert=expert)
    expert.refresh_from_db()
    assert expert.active is False


def test_an_expert_representing_a_seat_cannot_be_assigned(world: Any, application: Application) -> None:
    expert = make_expert(world, "李工")
    _seat(world, representative=expert.user)
    with pytest.raises(Conflict) as exc:
        services.expert_assign(by=world.user("national_officer"), application=application, expert=expert)
    assert exc.value.fields == {"expert": ["the expert represents a seat on one of the alliance's bodies"]}


def test_an_expert_whose_organisation_holds_a_seat_cannot_be_assigned(
    world: Any, application: Application
) -> None:
    org = OrganisationFactory(name_zh="席位单位")
    expert = make_expert(world, "赵工", organisation=org)
    _seat(world, organisation=org)
    with pytest.raises(Conflict, match="the expert's organisation 席位单位 holds a seat"):
        services.expert_assign(by=world.user("national_officer"), application=application, expert=expert)


def test_an_expert_with_a_conflict_cannot_open_the_application(
    world: Any, application: Application, client: Any
) -> None:
    """Assigned while impartial; the organisation joined the alliance afterwards: the page is refused."""
    from tests.factories import MembershipFactory

    org = OrganisationFactory(name_zh="后入盟单位")
    expert = make_expert(world, "钱工", organisation=org)
    assignment = services.expert_assign(
        by=world.user("national_officer"), application=application, expert=expert
    )
    assert can_view_application(expert.user, application)
    MembershipFactory(alliance=world.csa, organisation=org, joined_on=dt.date(2026, 1, 1))
    decision = can_view_application(expert.user, application)
    assert not decision
    assert str(decision.reason) == (
        "You have a conflict of interest with this alliance: the expert's organisation 后入盟单位 is an active member of the alliance"
    )
    client.force_login(expert.user)
    assert client.get(f"/en/pilots/applications/{application.pk}/").status_code == 403
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services.review_submit(by=expert.user, assignment=assignment, scores=ALL_80, summary="好")
    assert Review.objects.count() == 0
    assert audit_count() == before


def test_the_office_sees_weighted_totals_mean_spread_and_outliers(
    world: Any, application: Application
) -> None:
    office = world.user("national_officer")
    scores = [
        ("甲", ALL_80),  # 80.00
        ("乙", {"innovation": 90, "industry": 70, "governance": 85, "cooperation": 75, "funds": 60}),
        ("丙", {"innovation": 40, "industry": 50, "governance": 45, "cooperation": 55, "funds": 35}),
    ]
    for name, s in scores:
        expert = make_expert(world, name)
        assignment = services.expert_assign(by=office, application=application, expert=expert)
        services.review_submit(by=expert.user, assignment=assignment, scores=s, summary="意见")
    summary = score_summary(application)
    # 乙: (90×25 + 70×20 + 85×20 + 75×20 + 60×15) / 100 = 77.50; 丙: 45.25
    assert [(r.expert.name, r.total, r.deviation, r.outlier) for r in summary.rows] == [
        ("甲", Decimal("80.00"), Decimal("12.42"), False),
        ("乙", Decimal("77.50"), Decimal("9.92"), False),
        ("丙", Decimal("45.25"), Decimal("-22.33"), True),
    ]
    assert (summary.mean, summary.spread, summary.std_dev) == (
        Decimal("67.58"),
        Decimal("34.75"),
        Decimal("15.82"),
    )
    assert Decimal("15") == OUTLIER_POINTS
    assert summary.assigned == 3


def test_a_review_is_written_once(world: Any, application: Application) -> None:
    expert = make_expert(world, "孙工")
    assignment = services.expert_assign(
        by=world.user("national_officer"), application=application, expert=expert
    )
    review = services.review_submit(by=expert.user, assignment=assignment, scores=ALL_80, summary="同意")
    before = audit_count()
    with pytest.raises(PermissionDenied, match="Your review is submitted; it cannot be changed."):
        services.review_submit(
            by=expert.user, assignment=Assignment.objects.get(pk=assignment.pk), scores=ALL_80, summary="改"
        )
    assert audit_count() == before
    with pytest.raises(DatabaseError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(summary="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        Review.objects.filter(pk=review.pk).delete()
    review.refresh_from_db()
    assert (review.summary, review.total) == ("同意", Decimal("80.00"))


def test_application_history_rows_cannot_be_changed(world: Any, application: Application) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        application.status_changes.update(comment="tampered")


def test_scores_outside_0_to_100_are_refused(world: Any, application: Application) -> None:
    expert = make_expert(world, "周工")
    assignment = services.expert_assign(
        by=world.user("national_officer"), application=application, expert=expert
    )
    with pytest.raises(DomainError) as exc:
        services.review_submit(
            by=expert.user, assignment=assignment, scores={**ALL_80, "funds": 101, "extra": 5}, summary=""
        )
    assert exc.value.fields == {
        "score_funds": ["Give a whole number from 0 to 100."],
        "scores": ["Unknown criteria: extra."],
        "summary": ["Give your overall opinion."],
    }
    assert Review.objects.count() == 0


def test_reviews_are_independent_and_never_seen_by_the_alliance(world: Any, application: Application) -> None:
    office = world.user("national_officer")
    first, second = make_expert(world, "吴工"), make_expert(world, "郑工")
    a1 = services.expert_assign(by=office, application=application, expert=first)
    services.expert_assign(by=office, application=application, expert=second)
    assert not can_view_reviews(second.user, application)
    assert str(can_view_reviews(second.user, application).reason) == (
        "Reviews are independent: submit your own before you see the others."
    )
    services.review_submit(by=first.user, assignment=a1, scores=ALL_80, summary="好")
    assert not can_view_reviews(second.user, application)
    assert can_view_reviews(first.user, application)
    assert can_view_reviews(office, application)
    for persona in ("secretariat", "council_member", "provincial_officer", "association_officer", "expert"):
        assert not can_view_reviews(world.user(persona), application), persona


def test_a_provincial_officer_sees_only_their_province(world: Any, call: Call, needs_review: Any) -> None:
    from itisa.accounts.models import RoleAssignment

    # a national alliance hosted in Shandong, and one hosted in Beijing
    sd_hosted = AllianceFactory(code="SDH", status="established", host_unit=world.sd_org, industry="C")
    bj_hosted = AllianceFactory(
        code="BJH", status="established", host_unit=OrganisationFactory(province="11"), industry="C"
    )
    sd_draft = AllianceFactory(code="SDD", status="established", host_unit=world.sd_org, industry="C")
    secretary = UserFactory(username="sec2")
    for alliance in (sd_hosted, bj_hosted, sd_draft):
        RoleAssignment.objects.create(user=secretary, role="secretariat", alliance=alliance)
    world.users["secretariat"] = secretary
    for alliance in (sd_hosted, bj_hosted):
        submitted(world, call, alliance)
    draft = services.application_create(by=secretary, call=call, alliance=sd_draft)
    assert draft.status == "draft"
    seen = sorted(a.alliance.code for a in applications_visible_to(world.user("provincial_officer")))
    assert seen == ["SDH"]
    assert sorted(a.alliance.code for a in applications_visible_to(world.user("national_officer"))) == [
        "BJH",
        "SDD",
        "SDH",
    ]
    assert list(applications_visible_to(world.user("association_officer"))) == []  # industry B, these are C
    assert list(applications_visible_to(world.user("outsider"))) == []
    assert list(applications_visible_to(None)) == []


def test_a_provincial_officer_recommends_in_scope_only(world: Any, call: Call, needs_review: Any) -> None:
    csa_app = submitted(world, call)
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services.recommendation_add(by=world.user("provincial_officer"), application=csa_app, letter="推荐")
    assert csa_app.recommendations.count() == 0
    assert audit_count() == before
    rec = services.recommendation_add(
        by=world.user("national_officer"), application=csa_app, letter="推荐该联盟。"
    )
    assert (rec.capacity, rec.recommender_label, rec.letter) == (
        "national",
        "national_officer",
        "推荐该联盟。",
    )
    with pytest.raises(Conflict, match="You have already recommended this application."):
        services.recommendation_add(by=world.user("national_officer"), application=csa_app, letter="再次")


def test_a_ministry_officer_recommends_the_alliances_of_its_industry(
    world: Any, call: Call, needs_review: Any
) -> None:
    """The 2013 practice: central ministries recommended candidates of the industries they are in charge of."""
    from itisa.accounts.models import RoleAssignment
    from itisa.accounts.roles import role_summary

    csa_app = submitted(world, call)
    industry = world.csa.industry
    ministry, elsewhere, association = (UserFactory(username=n) for n in ("miit", "moa", "assoc"))
    RoleAssignment.objects.create(user=ministry, role="ministry_officer", industry=industry)
    RoleAssignment.objects.create(user=elsewhere, role="ministry_officer", industry="A")
    RoleAssignment.objects.create(user=association, role="association_officer", industry=industry)
    assert [a.alliance.code for a in applications_visible_to(ministry)] == ["CSA"]
    assert list(applications_visible_to(elsewhere)) == []
    assert (role_summary(ministry).ministry_industries, role_summary(association).ministry_industries) == (
        frozenset({industry}),
        frozenset(),
    )
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services.recommendation_add(by=elsewhere, application=csa_app, letter="推荐")
    assert (csa_app.recommendations.count(), audit_count()) == (0, before)
    for user in (ministry, association):
        services.recommendation_add(by=user, application=csa_app, letter="推荐该联盟。")
    assert list(
        csa_app.recommendations.order_by("at", "pk").values_list("recommender_label", "capacity")
    ) == [
        ("miit", "ministry"),
        ("assoc", "association"),
    ]
