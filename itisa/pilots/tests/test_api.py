"""The pilot-program API: one error shape, scoped lists, the whole path from call to published list."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from itisa.audit.models import AuditEntry
from itisa.pilots import actions
from itisa.pilots.models import Application, Call, Review
from itisa.pilots.tests.pilot_fixtures import (
    CODES,
    PDF,
    audit_count,
    make_call,
    make_expert,
    submitted,
    to_review,
)

pytestmark = pytest.mark.django_db
ALL_70 = {"innovation": 70, "industry": 70, "governance": 70, "cooperation": 70, "funds": 70}


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_whole_path_through_the_api(world: Any, client: Any, media: Any, needs_review: Any) -> None:
    client.force_login(world.user("national_officer"))
    r = _post(client, "/api/pilots/calls", {"title_zh": "2026年试点", "opens_on": "2026-01-01", "closes_on": "2099-12-31",
                                             "rules": "2008", "max_pilots": 1, "max_cultivation": 2})  # fmt: skip
    assert r.status_code == 201, r.content
    call_id = r.json()["id"]
    assert (r.json()["status"], len(r.json()["materials"]), len(r.json()["rubric"])) == ("draft", 8, 5)
    assert _post(client, f"/api/pilots/calls/{call_id}/open", {}).json()["status"] == "open"

    client.force_login(world.user("secretariat"))
    r = _post(client, f"/api/pilots/calls/{call_id}/applications", {"alliance": "CSA"})
    assert r.status_code == 201, r.content
    app_id = r.json()["id"]
    r = client.post(f"/api/pilots/applications/{app_id}/submit")
    assert r.status_code == 422
    assert r.json()["code"] == "validation_error"
    assert r.json()["fields"]["materials"] == CODES[:3] + ["member_list"] + CODES[4:]
    for code in CODES:
        if code == "member_list":
            r = _post(client, f"/api/pilots/applications/{app_id}/materials/generate", {"code": code})
        else:
            r = client.post(
                f"/api/pilots/applications/{app_id}/materials",
                {
                    "code": code,
                    "file": SimpleUploadedFile(f"{code}.pdf", PDF, content_type="application/pdf"),
                },
            )
        assert r.status_code == 201, r.content
    r = client.post(f"/api/pilots/applications/{app_id}/submit")
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["eligible"], r.json()["eligibility"]["rules"]) == (
        "submitted",
        None,
        "2008",
    )

    client.force_login(world.user("national_officer"))
    for status in ("formal_check", "expert_review"):
        assert (
            _post(client, f"/api/pilots/applications/{app_id}/transition", {"status": status}).json()[
                "status"
            ]
            == status
        )
    expert = make_expert(world, "张工")
    r = _post(client, f"/api/pilots/applications/{app_id}/assignments", {"expert_id": expert.pk})
    assert r.status_code == 201, r.content
    assignment_id = r.json()["id"]

    client.force_login(expert.user)
    r = _post(
        client, f"/api/pilots/assignments/{assignment_id}/review", {"scores": ALL_70, "summary": "可以"}
    )
    assert r.status_code == 201, r.content
    assert r.json()["total"] == "70.00"
    assert client.get(f"/api/pilots/applications/{app_id}/reviews").status_code == 403

    client.force_login(world.user("secretariat"))
    r = client.get(f"/api/pilots/applications/{app_id}/reviews")
    assert (r.status_code, r.json()["code"]) == (403, "permission_denied")

    client.force_login(world.user("national_officer"))
    r = client.get(f"/api/pilots/applications/{app_id}/reviews")
    assert r.json()["mean"] == "70.00"
    assert r.json()["reviews"][0]["expert"] == "张工"
    r = _post(
        client, f"/api/pilots/applications/{app_id}/decision", {"outcome": "pilot", "reasons": "评分最高。"}
    )
    assert (r.json()["status"], r.json()["outcome"]) == ("decided", "pilot")
    _post(client, f"/api/pilots/calls/{call_id}/close", {})
    assert client.post(f"/api/pilots/calls/{call_id}/publish").json()["status"] == "published"

    client.logout()
    r = client.get(f"/api/pilots/calls/{call_id}/published")
    assert r.status_code == 200
    [row] = r.json()
    assert (row["alliance"], row["outcome"]) == ("CSA", "pilot")


def test_a_refused_upload_answers_the_error_shape(world: Any, client: Any, call: Call) -> None:
    client.force_login(world.user("secretariat"))
    app_id = _post(client, f"/api/pilots/calls/{call.pk}/applications", {"alliance": "CSA"}).json()["id"]
    before = audit_count()
    r = client.post(
        f"/api/pilots/applications/{app_id}/materials",
        {
            "code": "charter",
            "file": SimpleUploadedFile("charter.pdf", b"MZ\x90\x00", content_type="application/pdf"),
        },
    )
    assert r.status_code == 422
    assert r.json() == {"code": "validation_error", "message": "只接受 PDF 文件。",
                        "fields": {"file": ["请上传 PDF 文件（.pdf）。"]}}  # fmt: skip
    assert audit_count() == before


def test_calls_cannot_be_created_by_others(world: Any, client: Any) -> None:
    client.force_login(world.user("secretariat"))
    r = _post(client, "/api/pilots/calls", {"title_zh": "x", "opens_on": "2026-01-01", "closes_on": "2026-02-01",
                                             "max_pilots": 1, "max_cultivation": 1})  # fmt: skip
    assert (r.status_code, r.json()["code"]) == (403, "permission_denied")
    assert Call.objects.count() == 0
    client.logout()
    assert _post(client, "/api/pilots/calls", {}).status_code == 401


def test_the_list_is_scoped_and_the_alliance_cannot_read_reviews(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    application = to_review(world, submitted(world, call))
    expert = make_expert(world, "林工")
    from itisa.pilots import services

    assignment = services.expert_assign(
        by=world.user("national_officer"), application=application, expert=expert
    )
    services.review_submit(by=expert.user, assignment=assignment, scores=ALL_70, summary="好")
    client.force_login(world.user("provincial_officer"))
    assert client.get("/api/pilots/applications").json()["items"] == []
    assert client.get(f"/api/pilots/applications/{application.pk}").status_code == 404
    client.force_login(world.user("secretariat"))
    items = client.get("/api/pilots/applications").json()["items"]
    assert [(i["alliance"], i["status"], i["outcome"]) for i in items] == [("CSA", "expert_review", "")]
    body = client.get(f"/api/pilots/applications/{application.pk}").content.decode()
    assert "林工" not in body and "70.00" not in body
    assert Review.objects.count() == 1
    assert Application.objects.count() == 1


def test_materials_and_signed_letters_download_through_the_api(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    from itisa.pilots import services

    application = submitted(world, call)
    letter = services.recommendation_add(
        by=world.user("national_officer"),
        application=application,
        letter="推荐。",
        name="letter.pdf",
        data=PDF,
    )
    material = application.materials.get(code="agreement")
    client.force_login(world.user("secretariat"))
    detail = client.get(f"/api/pilots/applications/{application.pk}").json()
    assert [r["has_file"] for r in detail["recommendations"]] == [True]
    base = f"/api/pilots/applications/{application.pk}"
    for url, filename in (
        (f"{base}/materials/{material.pk}/file", "CSA-agreement.pdf"),
        (f"{base}/recommendations/{letter.pk}/letter", f"CSA-recommendation-{letter.pk}.pdf"),
    ):
        r = client.get(url)
        assert r.status_code == 200, r.content
        assert b"".join(r.streaming_content) == PDF
        assert (r["Content-Type"], r["Content-Disposition"], r["X-Content-Type-Options"]) == (
            "application/pdf",
            f'attachment; filename="{filename}"',
            "nosniff",
        )
    generated = application.materials.get(code="member_list")
    r = client.get(f"{base}/materials/{generated.pk}/file")
    assert (r.status_code, r.json()) == (404, {"code": "not_found", "message": "没有该材料。", "fields": {}})
    client.force_login(world.user("provincial_officer"))  # Shandong; CSA is hosted in Guangdong
    assert client.get(f"{base}/materials/{material.pk}/file").status_code == 404
    assert client.get(f"{base}/recommendations/{letter.pk}/letter").status_code == 404


def test_a_draft_call_is_patched_and_an_open_one_is_refused(world: Any, client: Any) -> None:
    client.force_login(world.user("national_officer"))
    r = _post(client, "/api/pilots/calls", {"title_zh": "草稿", "opens_on": "2027-01-01", "closes_on": "2027-02-01",
                                             "max_pilots": 1, "max_cultivation": 1})  # fmt: skip
    call_id = r.json()["id"]
    url = f"/api/pilots/calls/{call_id}"
    rubric = [
        {"code": "quality", "label_zh": "质量", "label_en": "Quality", "weight": 60},
        {"code": "reach", "label_zh": "影响", "label_en": "Reach", "weight": 40},
    ]
    r = client.patch(url, json.dumps({"max_pilots": 4, "rubric": rubric}), content_type="application/json")
    assert r.status_code == 200, r.content
    assert (r.json()["title_zh"], r.json()["max_pilots"], r.json()["rubric"]) == ("草稿", 4, rubric)
    before = audit_count()
    r = client.patch(
        url,
        json.dumps({"closes_on": "2026-12-31", "rubric": [{**rubric[0], "weight": 50}, rubric[1]]}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (r.status_code, r.json()["fields"]) == (
        422,
        {
            "closes_on": ["The call must close on or after the day it opens."],
            "rubric": ["The weights add up to 90; they must add up to 100."],
        },
    )
    assert audit_count() == before
    assert _post(client, f"{url}/open", {}).json()["status"] == "open"
    before = audit_count()
    r = client.patch(
        url, json.dumps({"max_pilots": 9}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (r.status_code, r.json()) == (
        409,
        {
            "code": "invalid_transition",
            "message": "Only a draft call can be edited; this call is already open to applications.",
            "fields": {},
        },
    )
    call = Call.objects.get(pk=call_id)
    assert (call.max_pilots, call.status, audit_count()) == (4, "open", before)


def test_an_expert_is_removed_from_the_pool_and_keeps_assignments(
    world: Any, client: Any, call: Call, needs_review: Any
) -> None:
    from itisa.pilots import services

    application = to_review(world, submitted(world, call))
    expert = make_expert(world, "冯工")
    assignment = services.expert_assign(
        by=world.user("national_officer"), application=application, expert=expert
    )
    services.review_submit(by=expert.user, assignment=assignment, scores=ALL_70, summary="可以")
    client.force_login(world.user("national_officer"))
    r = client.post(f"/api/pilots/experts/{expert.pk}/remove")
    assert (r.status_code, r.json()["active"], r.json()["name"]) == (200, False, "冯工")
    listed = client.get("/api/pilots/experts").json()["items"]
    assert [(e["name"], e["active"]) for e in listed] == [("冯工", False)]
    assert client.get(f"/api/pilots/applications/{application.pk}/reviews").json()["mean"] == "70.00"
    other = to_review(world, submitted(world, make_call(world, title_zh="第二批")))
    before = audit_count()
    r = _post(client, f"/api/pilots/applications/{other.pk}/assignments", {"expert_id": expert.pk})
    assert (r.status_code, r.json()["fields"]) == (422, {"expert": ["不在专家库中。"]})
    r = client.post(f"/api/pilots/experts/{expert.pk}/remove", HTTP_ACCEPT_LANGUAGE="en")
    assert (r.status_code, r.json()["message"]) == (409, "冯工 is no longer in the expert pool.")
    assert audit_count() == before
    assert other.assignments.count() == 0


@pytest.mark.parametrize("persona", ["secretariat", "council_member", "outsider"])
def test_applying_for_a_hidden_alliance_answers_like_a_missing_one(
    world: Any, client: Any, call: Call, persona: str
) -> None:
    """SDC is forming and hidden from these personas: 404, as for a code that does not exist (it used to
    answer 403, which told that SDC exists). Nothing is written."""
    client.force_login(world.user(persona))
    before = (Application.objects.count(), audit_count())
    hidden = _post(client, f"/api/pilots/calls/{call.pk}/applications", {"alliance": "SDC"})
    missing = _post(client, f"/api/pilots/calls/{call.pk}/applications", {"alliance": "NOPE"})
    assert (hidden.status_code, hidden.json()["code"]) == (404, missing.json()["code"])
    assert missing.status_code == 404
    assert (Application.objects.count(), audit_count()) == before


def test_turning_the_recommendation_requirement_on_and_off_is_logged_both_ways(
    world: Any, client: Any
) -> None:
    # found by schemathesis: the audit diff read a key that only the "after" side had (it was a 500)
    client.force_login(world.user("national_officer"))
    r = _post(client, "/api/pilots/calls", {"title_zh": "草稿", "opens_on": "2027-01-01", "closes_on": "2027-02-01",
                                             "max_pilots": 1, "max_cultivation": 1})  # fmt: skip
    url = f"/api/pilots/calls/{r.json()['id']}"
    for value, logged in ((True, {"from": None, "to": True}), (False, {"from": True, "to": None})):
        r = client.patch(url, json.dumps({"recommendation_required": value}), content_type="application/json")
        assert (r.status_code, r.json()["recommendation_required"]) == (200, value), r.content
        entry = AuditEntry.objects.filter(action=actions.CALL_UPDATED).order_by("-pk").first()
        assert entry is not None and entry.data == {"recommendation_required": logged}
    before = audit_count()
    r = client.patch(url, json.dumps({"recommendation_required": None}), content_type="application/json")
    assert (r.status_code, r.json()["recommendation_required"], audit_count()) == (200, False, before)
