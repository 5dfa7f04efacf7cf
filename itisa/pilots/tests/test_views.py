"""Pages of the pilot program: who sees what, the forms, query counts, the public list and its exports."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from itisa.pilots import services
from itisa.pilots.models import Application, Call
from itisa.pilots.tests.pilot_fixtures import (
    PDF,
    make_expert,
    submitted,
    to_review,
)
from tests.factories import AllianceFactory

pytestmark = pytest.mark.django_db


def test_the_office_creates_and_opens_a_call(world: Any, client: Any) -> None:
    client.force_login(world.user("national_officer"))
    r = client.post("/en/pilots/calls/new/", {"title_zh": "2026年试点", "opens_on": "2026-01-01", "closes_on": "2026-01-31",
                                             "rules": "2016", "max_pilots": "3", "max_cultivation": "5"})  # fmt: skip
    call = Call.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/en/pilots/calls/{call.pk}/"
    assert (call.rules, call.max_pilots, call.status) == ("2016", 3, "draft")
    client.post(f"/en/pilots/calls/{call.pk}/open/")
    call.refresh_from_db()
    assert call.status == "open"


def test_others_cannot_create_calls(world: Any, client: Any) -> None:
    client.force_login(world.user("provincial_officer"))
    assert client.get("/en/pilots/calls/new/").status_code == 403
    client.logout()
    assert client.get("/en/pilots/calls/new/").status_code == 302


def test_the_secretariat_applies_uploads_and_submits(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    client.force_login(world.user("secretariat"))
    r = client.post(f"/en/pilots/calls/{call.pk}/apply/", {"alliance": "CSA"})
    application = Application.objects.get()
    assert r["Location"] == f"/en/pilots/applications/{application.pk}/"
    r = client.post(f"/en/pilots/applications/{application.pk}/submit/")
    assert r.status_code == 200
    assert "Materials are missing" in r.content.decode()
    r = client.post(f"/en/pilots/applications/{application.pk}/materials/",
                    {"code": "charter", "file": SimpleUploadedFile("x.txt", b"hello")})  # fmt: skip
    assert "Upload a PDF file (.pdf)." in r.content.decode()
    for code in [m["code"] for m in call.materials]:
        data = {"code": code, "file": SimpleUploadedFile(f"{code}.pdf", PDF)}
        if code == "member_list":
            data = {"code": code, "generate": "1"}
        assert client.post(f"/en/pilots/applications/{application.pk}/materials/", data).status_code == 302
    assert client.post(f"/en/pilots/applications/{application.pk}/submit/").status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    page = client.get(f"/en/pilots/applications/{application.pk}/").content.decode()
    assert 'data-testid="eligibility"' in page
    assert "Draft → Submitted" in page.replace("\n", " ") or "Submitted" in page
    material = application.materials.get(code="charter")
    r = client.get(f"/en/pilots/applications/{application.pk}/materials/{material.pk}/")
    assert b"".join(r.streaming_content) == PDF
    assert r["Content-Disposition"] == 'attachment; filename="CSA-charter.pdf"'


def test_the_application_page_shows_conflicts_and_scores_to_the_office_only(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    application = to_review(world, submitted(world, call))
    conflicted = make_expert(world, "冲突专家", organisation=world.member_a)
    fine = make_expert(world, "独立专家")
    assignment = services.expert_assign(
        by=world.user("national_officer"), application=application, expert=fine
    )
    services.review_submit(
        by=fine.user, assignment=assignment, summary="好",
        scores={"innovation": 90, "industry": 90, "governance": 90, "cooperation": 90, "funds": 90},
    )  # fmt: skip
    client.force_login(world.user("national_officer"))
    page = client.get(f"/en/pilots/applications/{application.pk}/").content.decode()
    assert "the expert&#x27;s organisation 甲公司 is an active member of the alliance" in page
    assert f'data-testid="assign-{conflicted.pk}"' not in page
    assert 'data-testid="score-summary"' in page and "Mean 90.00" in page
    client.force_login(world.user("secretariat"))
    page = client.get(f"/en/pilots/applications/{application.pk}/").content.decode()
    assert 'data-testid="scores"' not in page and "90.00" not in page and "独立专家" not in page


def test_decision_needs_confirmation_and_the_list_is_public_with_exports(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    application = to_review(world, submitted(world, call))
    client.force_login(world.user("national_officer"))
    url = f"/en/pilots/applications/{application.pk}/decide/"
    r = client.post(url, {"outcome": "pilot", "reasons": "评分最高。"})
    assert 'data-testid="confirmation"' in r.content.decode()
    application.refresh_from_db()
    assert application.status == "expert_review"
    client.post(url, {"outcome": "pilot", "reasons": "评分最高。", "confirmed": "1"})
    application.refresh_from_db()
    assert (application.status, application.outcome) == ("decided", "pilot")
    client.post(f"/en/pilots/calls/{call.pk}/close/")
    r = client.post(f"/en/pilots/calls/{call.pk}/publish/", {"confirmed": "1"})
    assert r["Location"] == f"/en/pilots/calls/{call.pk}/list/"
    client.logout()
    page = client.get(f"/en/pilots/calls/{call.pk}/list/").content.decode()
    assert page.count('data-testid="published-row"') == 1 and "半导体照明产业技术创新战略联盟" in page
    from openpyxl import load_workbook

    r = client.get(f"/en/pilots/calls/{call.pk}/list.xlsx")
    rows = list(load_workbook(BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("CSA", "半导体照明产业技术创新战略联盟", "Pilot")


def test_the_list_of_an_unpublished_call_is_not_shown(world: Any, client: Any, call: Call) -> None:
    assert client.get(f"/en/pilots/calls/{call.pk}/list/").status_code == 404


def test_list_pages_do_not_grow_in_queries(
    world: Any, client: Any, call: Call, needs_review: Any, django_assert_max_num_queries: Any
) -> None:
    from itisa.accounts.models import RoleAssignment
    from itisa.accounts.roles import forget_roles

    def add(n: int) -> None:
        for i in range(n):
            alliance = AllianceFactory(
                code=f"Q{Application.objects.count()}{i}", status="established", industry="C"
            )
            RoleAssignment.objects.create(
                user=world.user("secretariat"), role="secretariat", alliance=alliance
            )
            forget_roles(world.user("secretariat"))
            submitted(world, call, alliance)

    add(2)
    client.force_login(world.user("national_officer"))
    for url in (
        "/en/pilots/applications/",
        f"/en/pilots/calls/{call.pk}/applications/",
        "/en/pilots/",
        "/en/pilots/dashboard/",
    ):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
    add(5)
    for url in (
        "/en/pilots/applications/",
        f"/en/pilots/calls/{call.pk}/applications/",
        "/en/pilots/",
        "/en/pilots/dashboard/",
    ):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_the_dashboard_counts_by_province_industry_and_criterion(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    submitted(world, call)
    client.force_login(world.user("national_officer"))
    r = client.get("/en/pilots/dashboard/")
    assert r.context["total"] == 1
    assert [(b["label"], b["count"]) for b in r.context["by_province"]] == [("Guangdong", 1)]
    assert [b["count"] for b in r.context["by_criterion"]] == [1]
    assert r.context["by_criterion"][0]["label"].startswith("art8.1.backbone")
    client.force_login(world.user("secretariat"))
    assert client.get("/en/pilots/dashboard/").status_code == 403


def test_the_expert_pool_and_the_review_form(world: Any, client: Any, call: Call, needs_review: Any) -> None:
    from tests.factories import UserFactory

    application = to_review(world, submitted(world, call))
    user = UserFactory(username="reviewer1")
    client.force_login(world.user("national_officer"))
    r = client.post(
        "/en/pilots/experts/",
        {"username": "reviewer1", "name": "评审一", "organisation": "", "specialities": "照明"},
    )
    assert r.status_code == 302
    expert = user.pilot_expert
    client.post(f"/en/pilots/applications/{application.pk}/assign/", {"expert": expert.pk})
    assignment = expert.assignments.get()
    client.force_login(user)
    assert 'data-testid="assignment-CSA"' in client.get("/en/pilots/reviews/").content.decode()
    data = {f"score_{c}": "60" for c in ("innovation", "industry", "governance", "cooperation", "funds")}
    r = client.post(f"/en/pilots/reviews/{assignment.pk}/", {**data, "summary": "同意推荐。"})
    assert r.status_code == 302
    assert str(assignment.__class__.objects.get(pk=assignment.pk).review.total) == "60.00"
    page = client.get(f"/en/pilots/reviews/{assignment.pk}/").content.decode()
    assert 'data-testid="review-submitted"' in page and 'data-testid="review-form"' not in page
