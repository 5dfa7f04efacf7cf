"""Pages of the pilot program: who sees what, the forms, query counts, the public list and its exports."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from itisa.pilots import services
from itisa.pilots.choices import DEFAULT_MATERIALS
from itisa.pilots.models import Application, Call, Review
from itisa.pilots.tests.pilot_fixtures import (
    PDF,
    item_rows,
    make_expert,
    submitted,
    to_review,
)
from tests.factories import AllianceFactory

pytestmark = pytest.mark.django_db


CALL_FORM = {"title_zh": "2026年试点", "opens_on": "2026-01-01", "closes_on": "2026-01-31", "rules": "2016",
             "max_pilots": "3", "max_cultivation": "5",
             **item_rows("materials", [("application_form", "试点申请书", "Application form"), ("", "", ""),
                                       ("summary", "工作总结", "Work summary")]),
             **item_rows("rubric", [("innovation", "创新能力", "Innovation", 60),
                                    ("governance", "组织管理", "Governance", 40)])}  # fmt: skip


def posted(page: str) -> dict[str, str]:
    """What the call form page posts as it is shown: every input's name and value, the rows' too (not the
    selects, nor the empty row a script copies)."""
    from html import unescape

    values = {}
    for tag in re.findall(r"<input [^>]*>", re.sub(r"<template.*?</template>", "", page, flags=re.S)):
        name = re.search(r' name="([^"]+)"', tag)
        value = re.search(r' value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken" and ' type="checkbox"' not in tag:
            values[name.group(1)] = unescape(value.group(1)) if value else ""
        elif name and " checked" in tag:
            values[name.group(1)] = "on"
    return values


def test_the_office_creates_and_opens_a_call(world: Any, client: Any) -> None:
    client.force_login(world.user("national_officer"))
    page = client.get("/en/pilots/calls/new/").content.decode()
    shown = posted(page)
    # a new call starts from the default checklist and rubric, a row each
    assert [shown[f"materials-{i}-code"] for i in range(8)] == [m["code"] for m in DEFAULT_MATERIALS]
    assert (shown["materials-0-label_zh"], shown["materials-0-label_en"]) == (
        "试点申请书",
        "Application form",
    )
    assert (shown["materials-TOTAL_FORMS"], shown["rubric-TOTAL_FORMS"]) == ("8", "5")
    assert (shown["rubric-4-code"], shown["rubric-4-weight"]) == ("funds", "15")
    assert '<script src="/static/pilots/call_form.js"></script>' in page
    assert "Weight: the criterion's share of the total score, a whole number from 1 to 100" in page
    r = client.post("/en/pilots/calls/new/", CALL_FORM)
    call = Call.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/en/pilots/calls/{call.pk}/"
    assert (call.rules, call.max_pilots, call.status) == ("2016", 3, "draft")
    assert call.materials == [
        {"code": "application_form", "label_zh": "试点申请书", "label_en": "Application form"},
        {"code": "summary", "label_zh": "工作总结", "label_en": "Work summary"},
    ]
    assert call.rubric == [
        {"code": "innovation", "label_zh": "创新能力", "label_en": "Innovation", "weight": 60},
        {"code": "governance", "label_zh": "组织管理", "label_en": "Governance", "weight": 40},
    ]
    client.post(f"/en/pilots/calls/{call.pk}/open/")
    call.refresh_from_db()
    assert call.status == "open"


def test_a_new_call_stores_exactly_its_rows(world: Any, client: Any) -> None:
    client.force_login(world.user("national_officer"))
    data = {
        **CALL_FORM,
        **item_rows("materials", [(" charter ", "联盟章程", "Charter"), ("budget", "经费预算", "Budget"),
                                  ("plan", "工作计划", "Work plan")]),
        **item_rows("rubric", [("quality", "质量", "Quality", "70"), ("reach", "影响", "Reach", "30")]),
    }  # fmt: skip
    r = client.post("/en/pilots/calls/new/", data)
    call = Call.objects.get()
    assert r["Location"] == f"/en/pilots/calls/{call.pk}/"
    assert call.materials == [
        {"code": "charter", "label_zh": "联盟章程", "label_en": "Charter"},
        {"code": "budget", "label_zh": "经费预算", "label_en": "Budget"},
        {"code": "plan", "label_zh": "工作计划", "label_en": "Work plan"},
    ]
    assert call.rubric == [
        {"code": "quality", "label_zh": "质量", "label_en": "Quality", "weight": 70},
        {"code": "reach", "label_zh": "影响", "label_en": "Reach", "weight": 30},
    ]


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        (item_rows("rubric", [("innovation", "创新能力", "Innovation", 60), ("governance", "组织管理", "Governance", 30)]),
         "Scoring rubric: The weights add up to 90; they must add up to 100."),
        (item_rows("rubric", [("innovation", "创新能力", "Innovation", 60), ("governance", "组织管理", "", 40)]),
         "Scoring rubric row 2, Name (English): This field is required."),
        (item_rows("rubric", [("innovation", "创新能力", "Innovation", "sixty")]),
         "Scoring rubric row 1, Weight: Enter a whole number."),
        (item_rows("rubric", [("innovation", "创新能力", "Innovation", 100), ("governance", "组织管理", "Governance", 0)]),
         "Scoring rubric row 2, Weight: The weight of “governance” must be a whole number from 1 to 100."),
        (item_rows("materials", [("Agreement!", "协议", "Agreement")]),
         "Required materials row 1, Code: “Agreement!” is not a valid code (lower-case letters, digits, underscores)."),
        (item_rows("materials", [("charter", "章程", "Charter"), ("", "", ""), ("charter", "章程", "Charter")]),
         "Required materials row 3, Code: The code “charter” is used twice."),
        (item_rows("materials", [("charter", "章程", "Charter"), ("budget", " ", "Budget")]),
         "Required materials row 2, Name (Chinese): This field is required."),
        (item_rows("materials", [("", "", "")]), "Required materials: Give at least one item."),
        (item_rows("materials", []), "Required materials: Give at least one item."),
        ({"materials-0-code": "charter"}, "Required materials: ManagementForm data is missing or has been tampered with"),
    ],
)  # fmt: skip
def test_a_bad_checklist_or_rubric_is_refused_by_row_and_column(
    world: Any, client: Any, rows: dict[str, str], error: str
) -> None:
    from django.utils.html import escape

    client.force_login(world.user("national_officer"))
    data = {k: v for k, v in CALL_FORM.items() if not k.startswith("materials-")} | rows
    r = client.post("/en/pilots/calls/new/", data)
    assert r.status_code == 200
    assert escape(error) in r.content.decode()
    assert Call.objects.count() == 0


def test_row_problems_are_named_in_chinese_on_their_cells_and_nothing_is_saved(
    world: Any, client: Any
) -> None:
    from itisa.audit.models import AuditEntry

    client.force_login(world.user("national_officer"))
    before = AuditEntry.objects.count()
    rows = item_rows("materials", [("charter", "章程", "Charter"), ("charter", "", "Charter again")])
    r = client.post("/pilots/calls/new/", {**CALL_FORM, **rows})
    page = r.content.decode()
    assert r.status_code == 200
    assert "申报材料清单第 2 行 编号：代码“charter”重复使用。" in page
    assert "申报材料清单第 2 行 中文名称：此项为必填项。" in page
    # the cells say it too, and keep what was typed
    shown = posted(page)
    assert (shown["materials-1-code"], shown["materials-1-label_en"]) == ("charter", "Charter again")
    assert re.search(r'name="materials-1-code"[^>]*class="[^"]*is-invalid', page)
    assert 'id="id_materials-1-code-errors"' in page
    assert (Call.objects.count(), AuditEntry.objects.count()) == (0, before)


def test_without_javascript_add_a_line_shows_one_more_empty_row_and_saves_nothing(
    world: Any, client: Any
) -> None:
    client.force_login(world.user("national_officer"))
    r = client.post("/en/pilots/calls/new/", {**CALL_FORM, "title_zh": "", "more": "rubric"})
    assert r.status_code == 200
    page = r.content.decode()
    assert 'data-testid="form-errors"' not in page
    shown = posted(page)
    assert shown["title_zh"] == "" and shown["max_pilots"] == "3"
    assert (shown["rubric-TOTAL_FORMS"], shown["materials-TOTAL_FORMS"]) == ("3", "3")
    assert [(shown[f"rubric-{i}-code"], shown[f"rubric-{i}-weight"]) for i in range(3)] == [
        ("innovation", "60"), ("governance", "40"), ("", ""),
    ]  # fmt: skip
    assert shown["materials-2-label_en"] == "Work summary"
    assert Call.objects.count() == 0
    # the page posts back as shown (the empty rows ignored) and the call is saved
    r = client.post("/en/pilots/calls/new/", {**shown, "title_zh": "2026年试点", "rules": "2016"})
    assert Call.objects.get().rubric == [
        {"code": "innovation", "label_zh": "创新能力", "label_en": "Innovation", "weight": 60},
        {"code": "governance", "label_zh": "组织管理", "label_en": "Governance", "weight": 40},
    ]


def test_others_cannot_create_calls(world: Any, client: Any) -> None:
    client.force_login(world.user("association_officer"))
    assert client.get("/en/pilots/calls/new/").status_code == 403
    # a provincial officer drafts its own province's calls (test_provincial.py), never a national one
    client.force_login(world.user("provincial_officer"))
    r = client.post("/en/pilots/calls/new/", {**CALL_FORM, "scope": "national"})
    assert r.status_code == 403
    assert Call.objects.count() == 0
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
    r = client.post(f"/en/pilots/calls/{call.pk}/close/")
    assert 'data-testid="confirmation"' in r.content.decode()
    assert Call.objects.get(pk=call.pk).status == "open"
    r = client.post(f"/en/pilots/calls/{call.pk}/close/", {"confirmed": "1"})
    assert (r["Location"], Call.objects.get(pk=call.pk).status) == (f"/en/pilots/calls/{call.pk}/", "closed")
    r = client.post(f"/en/pilots/calls/{call.pk}/publish/", {"confirmed": "1"})
    assert r["Location"] == f"/en/pilots/calls/{call.pk}/list/"
    client.logout()
    page = client.get(f"/en/pilots/calls/{call.pk}/list/").content.decode()
    assert page.count('data-testid="published-row"') == 1 and f"CSA {world.csa.name_en}</td>" in page
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
    industry = world.csa.get_industry_display()
    assert [(b["label"], b["count"]) for b in r.context["by_industry"]] == [(industry, 1)]
    assert [b["count"] for b in r.context["by_criterion"]] == [1]
    assert 'href="/en/pilots/eligibility/" data-testid="survey-link"' in r.content.decode()
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
    r = client.post(
        f"/en/pilots/reviews/{assignment.pk}/", {**data, "score_funds": "100", "summary": "同意推荐。"}
    )
    page = r.content.decode()
    assert 'data-testid="confirmation"' in page and "Weighted total 66.00." in page
    assert not Review.objects.filter(assignment=assignment).exists()
    r = client.post(
        f"/en/pilots/reviews/{assignment.pk}/", {**data, "summary": "同意推荐。", "confirmed": "1"}
    )
    assert r.status_code == 302
    assert str(assignment.__class__.objects.get(pk=assignment.pk).review.total) == "60.00"
    page = client.get(f"/en/pilots/reviews/{assignment.pk}/").content.decode()
    assert 'data-testid="review-submitted"' in page and 'data-testid="review-form"' not in page


# --- downloads, editing a draft call, removing an expert, the list as PDF --------------------------


def test_materials_and_signed_letters_download_as_pdf_attachments(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    application = submitted(world, call)
    with_file = services.recommendation_add(
        by=world.user("national_officer"), application=application, letter="推荐。", name="签字.pdf", data=PDF
    )
    material = application.materials.get(code="charter")
    client.force_login(world.user("secretariat"))
    page = client.get(f"/en/pilots/applications/{application.pk}/").content.decode()
    letter_url = f"/en/pilots/applications/{application.pk}/recommendations/{with_file.pk}/letter/"
    assert f'href="{letter_url}" data-testid="letter-{with_file.pk}"' in page
    for url, filename in (
        (f"/en/pilots/applications/{application.pk}/materials/{material.pk}/", "CSA-charter.pdf"),
        (letter_url, f"CSA-recommendation-{with_file.pk}.pdf"),
    ):
        r = client.get(url)
        assert r.status_code == 200
        assert b"".join(r.streaming_content) == PDF
        assert (r["Content-Type"], r["Content-Disposition"], r["X-Content-Type-Options"]) == (
            "application/pdf",
            f'attachment; filename="{filename}"',
            "nosniff",
        )


def test_a_letter_that_was_not_uploaded_is_not_found(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    application = submitted(world, call)
    recommendation = services.recommendation_add(
        by=world.user("national_officer"), application=application, letter="推荐。"
    )
    generated = application.materials.get(code="member_list")
    client.force_login(world.user("national_officer"))
    base = f"/en/pilots/applications/{application.pk}"
    assert client.get(f"{base}/recommendations/{recommendation.pk}/letter/").status_code == 404
    assert client.get(f"{base}/materials/{generated.pk}/").status_code == 404
    page = client.get(f"{base}/").content.decode()
    assert f'data-testid="letter-{recommendation.pk}"' not in page


def test_the_office_edits_a_draft_call_but_not_an_open_one(world: Any, client: Any) -> None:
    from itisa.audit.models import AuditEntry

    office = world.user("national_officer")
    call = services.call_create(
        by=office,
        data=services.CallInput(title_zh="草稿通知", opens_on=dt.date(2027, 1, 1), closes_on=dt.date(2027, 2, 1),
                                rules="2008", max_pilots=1, max_cultivation=1),
    )  # fmt: skip
    client.force_login(office)
    r = client.get(f"/en/pilots/calls/{call.pk}/edit/")
    assert r.status_code == 200
    assert r.context["form"]["title_zh"].value() == "草稿通知"
    assert 'data-testid="edit-call"' in client.get(f"/en/pilots/calls/{call.pk}/").content.decode()
    form = {**posted(r.content.decode()), "title_zh": "修改后的通知", "title_en": "Changed",
            "closes_on": "2027-03-01", "rules": "2016", "max_pilots": "2"}  # fmt: skip
    r = client.post(f"/en/pilots/calls/{call.pk}/edit/", {**form, "closes_on": "2026-12-01"})
    assert "The call must close on or after the day it opens." in r.content.decode()
    r = client.post(f"/en/pilots/calls/{call.pk}/edit/", form)
    assert r["Location"] == f"/en/pilots/calls/{call.pk}/"
    call.refresh_from_db()
    assert (call.title_zh, call.closes_on, call.rules, call.max_pilots, call.status) == (
        "修改后的通知",
        dt.date(2027, 3, 1),
        "2016",
        2,
        "draft",
    )
    entry = AuditEntry.objects.filter(action="pilots.call.updated").get()
    assert entry.data == {
        "title_zh": {"from": "草稿通知", "to": "修改后的通知"},
        "title_en": {"from": "", "to": "Changed"},
        "closes_on": {"from": "2027-02-01", "to": "2027-03-01"},
        "rules": {"from": "2008", "to": "2016"},
        "max_pilots": {"from": 1, "to": 2},
    }

    services.call_open(by=office, call=call)
    before = AuditEntry.objects.count()
    r = client.get(f"/en/pilots/calls/{call.pk}/edit/")
    assert r.status_code == 403
    assert "Only a draft call can be edited; this call is already open to applications." in r.content.decode()
    r = client.post(f"/en/pilots/calls/{call.pk}/edit/", {**form, "title_zh": "再改"})
    assert r.status_code == 403
    call.refresh_from_db()
    assert (call.title_zh, call.status) == ("修改后的通知", "open")
    assert AuditEntry.objects.count() == before
    assert 'data-testid="edit-call"' not in client.get(f"/en/pilots/calls/{call.pk}/").content.decode()


def test_editing_a_call_shows_and_keeps_its_stored_rows(world: Any, client: Any) -> None:
    from itisa.audit.models import AuditEntry

    office = world.user("national_officer")
    materials = [
        {"code": "charter", "label_zh": "联盟章程", "label_en": "Charter"},
        {"code": "plan", "label_zh": "工作计划", "label_en": "Work plan"},
    ]
    rubric = [{"code": "overall", "label_zh": "综合", "label_en": "Overall", "weight": 100}]
    call = services.call_create(
        by=office,
        data=services.CallInput(title_zh="草稿通知", opens_on=dt.date(2027, 1, 1), closes_on=dt.date(2027, 2, 1),
                                rules="2008", max_pilots=1, max_cultivation=1, materials=materials, rubric=rubric),
    )  # fmt: skip
    client.force_login(office)
    shown = posted(client.get(f"/en/pilots/calls/{call.pk}/edit/").content.decode())
    assert {k: v for k, v in shown.items() if k.startswith(("materials-", "rubric-"))} == {
        "materials-TOTAL_FORMS": "2", "materials-INITIAL_FORMS": "2", "materials-MIN_NUM_FORMS": "0",
        "materials-MAX_NUM_FORMS": "60",
        "materials-0-code": "charter", "materials-0-label_zh": "联盟章程", "materials-0-label_en": "Charter",
        "materials-1-code": "plan", "materials-1-label_zh": "工作计划", "materials-1-label_en": "Work plan",
        "rubric-TOTAL_FORMS": "1", "rubric-INITIAL_FORMS": "1", "rubric-MIN_NUM_FORMS": "0",
        "rubric-MAX_NUM_FORMS": "60",
        "rubric-0-code": "overall", "rubric-0-label_zh": "综合", "rubric-0-label_en": "Overall",
        "rubric-0-weight": "100",
    }  # fmt: skip
    # without JavaScript, "Add a line" keeps the stored rows and adds an empty one to the checklist
    more = posted(
        client.post(f"/en/pilots/calls/{call.pk}/edit/", {**shown, "more": "materials"}).content.decode()
    )
    assert (more["materials-TOTAL_FORMS"], more["materials-1-code"], more["materials-2-code"]) == (
        "3",
        "plan",
        "",
    )
    r = client.post(f"/en/pilots/calls/{call.pk}/edit/", {**shown, "rules": "2008", "title_zh": "改过的草稿"})
    assert r["Location"] == f"/en/pilots/calls/{call.pk}/"
    call.refresh_from_db()
    assert (call.title_zh, call.materials, call.rubric) == ("改过的草稿", materials, rubric)
    assert AuditEntry.objects.filter(action="pilots.call.updated").get().data == {
        "title_zh": {"from": "草稿通知", "to": "改过的草稿"}
    }


def test_removing_an_expert_asks_first_and_keeps_assignments_and_reviews(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    from itisa.audit.models import AuditEntry

    application = to_review(world, submitted(world, call))
    expert = make_expert(world, "退休专家")
    assignment = services.expert_assign(
        by=world.user("national_officer"), application=application, expert=expert
    )
    services.review_submit(
        by=expert.user, assignment=assignment, summary="好",
        scores={"innovation": 80, "industry": 80, "governance": 80, "cooperation": 80, "funds": 80},
    )  # fmt: skip
    client.force_login(world.user("national_officer"))
    pool = client.get("/en/pilots/experts/").content.decode()
    assert f'href="/en/pilots/experts/{expert.pk}/remove/" data-testid="remove-{expert.pk}"' in pool
    url = f"/en/pilots/experts/{expert.pk}/remove/"
    r = client.get(url)
    assert 'data-testid="confirmation"' in r.content.decode()
    assert "Their 1 assignment and any review already submitted stay as they are." in r.content.decode()
    r = client.post(url, {})
    assert 'data-testid="confirmation"' in r.content.decode()
    expert.refresh_from_db()
    assert expert.active is True
    before = AuditEntry.objects.count()
    r = client.post(url, {"confirmed": "1"})
    assert r["Location"] == "/en/pilots/experts/"
    expert.refresh_from_db()
    assert expert.active is False
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.latest("pk").action == "pilots.expert.removed"
    # the assignment and the review stay, and still count in the scores
    assert list(expert.assignments.values_list("pk", flat=True)) == [assignment.pk]
    assert str(Review.objects.get(assignment=assignment).total) == "80.00"
    pool = client.get("/en/pilots/experts/").content.decode()
    assert f'data-testid="removed-{expert.pk}"' in pool and f'data-testid="remove-{expert.pk}"' not in pool
    page = client.get(f"/en/pilots/applications/{application.pk}/").content.decode()
    assert f'data-testid="candidate-{expert.pk}"' not in page and "Mean 80.00" in page
    # removed a second time: refused, nothing written
    r = client.post(url, {"confirmed": "1"})
    assert "退休专家 is no longer in the expert pool." in r.content.decode()
    assert AuditEntry.objects.count() == before + 1


def test_a_removed_expert_cannot_be_assigned(world: Any, call: Call, needs_review: Any) -> None:
    from itisa.audit.models import AuditEntry
    from itisa.core.errors import DomainError

    application = to_review(world, submitted(world, call))
    expert = services.expert_remove(by=world.user("national_officer"), expert=make_expert(world, "离库专家"))
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError, match="This expert is no longer in the pool."):
        services.expert_assign(by=world.user("national_officer"), application=application, expert=expert)
    assert (application.assignments.count(), AuditEntry.objects.count()) == (0, before)


def test_the_published_list_as_pdf_names_the_selected_alliances_in_chinese(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    from pypdf import PdfReader

    from itisa.accounts.models import RoleAssignment
    from itisa.accounts.roles import forget_roles

    office = world.user("national_officer")
    outcomes = {"CSA": "pilot", "CUL": "cultivation", "NOS": "not_selected"}
    for code, outcome in outcomes.items():
        alliance = world.csa
        if code != "CSA":
            alliance = AllianceFactory(code=code, name_zh=f"{code}产业技术创新战略联盟", industry="C")
            RoleAssignment.objects.create(
                user=world.user("secretariat"), role="secretariat", alliance=alliance
            )
            forget_roles(world.user("secretariat"))
        application = to_review(world, submitted(world, call, alliance))
        services.application_decide(by=office, application=application, outcome=outcome, reasons="评审结果。")
    services.call_close(by=office, call=call)
    services.call_publish(by=office, call=call, on=dt.date(2026, 6, 1))
    r = client.get(f"/en/pilots/calls/{call.pk}/list.pdf")
    assert (r.status_code, r["Content-Type"]) == (200, "application/pdf")
    assert r["Content-Disposition"] == f'attachment; filename="pilots-call-{call.pk}.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(r.content)).pages)
    text = "".join(text.split())  # the layout may break lines anywhere
    assert "2026年产业技术创新战略试点联盟申报" in text
    assert "半导体照明产业技术创新战略联盟试点2026年6月1日–2028年5月31日" in text
    assert "CUL产业技术创新战略联盟重点培育联盟" in text
    assert "NOS产业技术创新战略联盟" not in text and "未入选" not in text
    # the PDF is in Chinese whatever the page language: no English label
    assert "Pilot" not in text and "Cultivation" not in text


def test_pool_review_and_list_pages_do_not_grow_in_queries(
    world: Any, client: Any, call: Call, needs_review: Any, django_assert_max_num_queries: Any
) -> None:
    """The expert pool, the application page's candidates, an expert's assignments and the published list."""
    from itisa.accounts.models import RoleAssignment
    from itisa.accounts.roles import forget_roles

    office = world.user("national_officer")
    reviewer = make_expert(world, "常驻专家")
    applications: list[Application] = []

    def add(n: int) -> None:
        for _i in range(n):
            code = f"G{Application.objects.count()}"
            alliance = AllianceFactory(code=code, name_zh=f"{code}联盟", industry="C")
            RoleAssignment.objects.create(
                user=world.user("secretariat"), role="secretariat", alliance=alliance
            )
            forget_roles(world.user("secretariat"))
            application = to_review(world, submitted(world, call, alliance))
            services.expert_assign(by=office, application=application, expert=reviewer)
            services.expert_assign(
                by=office, application=application, expert=make_expert(world, f"专家{code}")
            )
            applications.append(application)

    def pages() -> None:
        client.force_login(office)
        for url in ("/en/pilots/experts/", f"/en/pilots/applications/{applications[0].pk}/"):
            with django_assert_max_num_queries(22):
                assert client.get(url).status_code == 200
        client.force_login(reviewer.user)
        with django_assert_max_num_queries(8):
            assert client.get("/en/pilots/reviews/").status_code == 200

    add(1)
    pages()
    add(5)
    pages()
    for application in applications:
        services.application_decide(
            by=office, application=application, outcome="not_selected", reasons="否。"
        )
    services.call_close(by=office, call=call)
    services.call_publish(by=office, call=call)
    client.logout()
    with django_assert_max_num_queries(6):
        assert client.get(f"/en/pilots/calls/{call.pk}/list/").status_code == 200


def test_the_queue_answers_htmx_with_the_results_only(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    """Live filtering: htmx gets the table alone, filtered; a normal request gets the whole page."""
    from itisa.accounts.models import RoleAssignment
    from itisa.accounts.roles import forget_roles

    for code in ("HXA", "HXB"):
        alliance = AllianceFactory(code=code, status="established", industry="C")
        RoleAssignment.objects.create(user=world.user("secretariat"), role="secretariat", alliance=alliance)
        forget_roles(world.user("secretariat"))
        submitted(world, call, alliance)
    client.force_login(world.user("national_officer"))
    fragment = client.get("/en/pilots/applications/?q=HXB", HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert fragment.headers["Vary"].count("HX-Request") == 1
    assert "<html" not in body and 'data-testid="application-filters"' not in body
    assert body.count('data-testid="application-row"') == 1 and ">HXB</a>" in body
    page = client.get("/en/pilots/applications/?q=HXB").content.decode()
    assert "<html" in page and 'hx-target="#application-results"' in page
    assert page.count('data-testid="application-row"') == 1


def test_the_queue_downloads_as_excel_with_its_filters(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    from openpyxl import load_workbook

    application = submitted(world, call)
    client.force_login(world.user("national_officer"))
    response = client.get("/en/pilots/applications/?q=CSA&format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="pilot-applications.xlsx"'
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    submitted_at = application.submitted_at
    assert submitted_at is not None
    assert rows == [
        (
            "Alliance", "Name", "Call", "Province", "Industry", "Submitted at", "Eligible",
            "Recommendations", "Reviews", "Status", "Decision",
        ),
        (
            "CSA", world.csa.name_zh, call.title_zh, "Guangdong", "C",
            timezone.localtime(submitted_at).replace(tzinfo=None, microsecond=0), "Needs review",
            0, "0/0", "Submitted", None,
        ),
    ]  # fmt: skip
    none = client.get("/en/pilots/applications/?q=NOPE&format=xlsx")
    assert len(list(load_workbook(BytesIO(none.content)).active.iter_rows(values_only=True))) == 1
    page = client.get("/en/pilots/applications/?q=CSA").content.decode()
    assert 'href="?q=CSA&amp;format=xlsx"' in page


def test_the_expert_pool_is_searched_by_name_organisation_and_field(world: Any, client: Any) -> None:
    from tests.factories import OrganisationFactory

    make_expert(world, "王照明", specialities="半导体照明")
    make_expert(
        world, "李化工", organisation=OrganisationFactory(name_zh="化工研究院"), specialities="煤化工"
    )
    client.force_login(world.user("national_officer"))

    def names(q: str) -> list[str]:
        page = client.get("/en/pilots/experts/", {"q": q}).content.decode()
        return [n for n in ("王照明", "李化工") if f'<td><span lang="zh-Hans">{n}</span></td>' in page]

    assert names("") == ["王照明", "李化工"]
    assert names("照明") == ["王照明"]
    assert names("化工研究院") == ["李化工"]
    assert names("王") == ["王照明"]
    assert "No expert matches." in client.get("/en/pilots/experts/", {"q": "航天"}).content.decode()


def test_the_alliance_page_shows_the_pilot_period_publicly_and_applications_to_those_who_may_see_them(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    office = world.user("national_officer")
    application = to_review(world, submitted(world, call))
    client.force_login(world.user("secretariat"))
    page = client.get("/en/alliances/CSA/").content.decode()
    assert page.count('data-testid="pilot-application"') == 1
    assert f'href="/en/pilots/applications/{application.pk}/"' in page
    client.logout()
    assert 'data-testid="pilot-panel"' not in client.get("/en/alliances/CSA/").content.decode()

    services.application_decide(by=office, application=application, outcome="pilot", reasons="综合评分第一。")
    services.call_close(by=office, call=call)
    services.call_publish(by=office, call=call, on=dt.date(2026, 6, 1))
    page = client.get("/en/alliances/CSA/").content.decode()
    assert page.count('data-testid="pilot-selection"') == 1
    assert (
        'pilot from <span class="text-nowrap">1 Jun 2026</span> to <span class="text-nowrap">31 May 2028</span>'
        in page
    )
    assert f'href="/en/pilots/calls/{call.pk}/list/"' in page
    assert 'data-testid="pilot-application"' not in page


def test_pages_show_labels_not_codes(world: Any, client: Any, call: Call, needs_review: Any) -> None:
    """The expert list's login column is 账号, the queue's industry its GB/T 4754 section, and the decision's
    confirmation the outcome's label (issue 21)."""
    make_expert(world, "王专家", username="wang")
    application = to_review(world, submitted(world, call))
    client.force_login(world.user("national_officer"))
    experts = client.get("/pilots/experts/").content.decode()
    assert "<th>账号</th>" in experts and "会计科目" not in experts
    assert "<th>Account</th>" in client.get("/en/pilots/experts/").content.decode()
    queue = client.get("/pilots/applications/").content.decode()
    row = queue.split('data-testid="application-row"')[1].split("</tr>")[0]
    assert '<td title="GB/T 4754 C">制造业</td>' in row and "<td>C</td>" not in row
    url = f"/pilots/applications/{application.pk}/decide/"
    for outcome, zh, en in (
        ("pilot", "试点", "Pilot"),
        ("cultivation", "重点培育联盟", "Cultivation (key cultivation alliance)"),
    ):
        page = client.post(url, {"outcome": outcome, "reasons": "评分最高。"}).content.decode()
        assert f'<p class="small"><strong>决定</strong>: {zh}</p>' in page
        assert f"<strong>决定</strong>: {outcome}<" not in page
        page = client.post(f"/en{url}", {"outcome": outcome, "reasons": "评分最高。"}).content.decode()
        assert f'<p class="small"><strong>Decision</strong>: {en}</p>' in page
    application.refresh_from_db()
    assert application.status == "expert_review"  # nothing decided without the confirmation


def test_the_queue_shows_the_office_each_applications_mean_spread_and_rank_in_its_call(
    world: Any, client: Any, call: Call, needs_review: Any, django_assert_max_num_queries: Any
) -> None:
    """Issue 21: the office ranks applications by their experts' scores; the alliance never sees them."""
    from itisa.accounts.models import RoleAssignment
    from itisa.accounts.roles import forget_roles

    office = world.user("national_officer")
    experts = [make_expert(world, name) for name in ("甲专家", "乙专家")]
    # three applications: two reviewed (A by both experts, B by one), one not yet
    scores = {"RKA": [(70, 80), (90, 90)], "RKB": [(60, 60)], "RKC": []}
    applications = {}
    for code, marks in scores.items():
        alliance = AllianceFactory(code=code, status="established", industry="C")
        RoleAssignment.objects.create(user=world.user("secretariat"), role="secretariat", alliance=alliance)
        forget_roles(world.user("secretariat"))
        application = to_review(world, submitted(world, call, alliance))
        applications[code] = application
        for expert, (innovation, rest) in zip(experts, marks, strict=False):
            assignment = services.expert_assign(by=office, application=application, expert=expert)
            values = {"innovation": innovation, "industry": rest, "governance": rest, "cooperation": rest,
                      "funds": rest}  # fmt: skip
            services.review_submit(by=expert.user, assignment=assignment, scores=values, summary="意见")
    totals = dict(
        Review.objects.values_list("assignment__application__alliance__code", "total").order_by("total")
    )
    assert totals["RKB"] == Decimal("60.00")

    client.force_login(office)
    with django_assert_max_num_queries(12):
        page = client.get(f"/en/pilots/calls/{call.pk}/applications/?q=RK").content.decode()
    rows = {
        code: re.findall(r'data-testid="queue-(?:mean|spread|rank)">([^<]*)<', row)
        for code, row in re.findall(r">(RK[ABC])</a>(.*?)</tr>", page, re.S)
    }
    a_totals = sorted(
        Review.objects.filter(assignment__application=applications["RKA"]).values_list("total", flat=True)
    )
    a_mean = ((a_totals[0] + a_totals[1]) / 2).quantize(Decimal("0.01"))
    assert rows == {
        "RKA": [str(a_mean), str(a_totals[1] - a_totals[0]), "1 of 2"],
        "RKB": ["60.00", "0.00", "2 of 2"],
        "RKC": ["—", "—", "—"],
    }
    # the alliance's own secretariat sees its applications, never the scores
    client.force_login(world.user("secretariat"))
    own = client.get("/en/pilots/applications/?q=RK").content.decode()
    assert own.count('data-testid="application-row"') == 3
    assert "queue-mean" not in own and "Mean score" not in own


def test_add_a_line_without_the_tables_management_form_starts_from_the_default_rows(
    world: Any, client: Any
) -> None:
    from itisa.pilots.choices import DEFAULT_RUBRIC

    client.force_login(world.user("national_officer"))
    data = {k: v for k, v in CALL_FORM.items() if not k.startswith("rubric-")}
    r = client.post("/en/pilots/calls/new/", {**data, "more": "rubric"})
    assert r.status_code == 200
    shown = posted(r.content.decode())
    n = len(DEFAULT_RUBRIC)
    assert shown["rubric-TOTAL_FORMS"] == str(n + 1)
    assert [shown[f"rubric-{i}-code"] for i in range(n + 1)] == [c["code"] for c in DEFAULT_RUBRIC] + [""]
    assert Call.objects.count() == 0
