"""The pages of the formal evaluation: each step's action from the browser, the decision confirmed first, the
published grades public (page and PDF), the campaign table in Excel, and what others may not see."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.core.exports import XLSX_CONTENT_TYPE
from itisa.evaluation.models import Campaign, Evaluation, Rectification
from itisa.evaluation.tests.conftest import PARTS, expert, open_campaign, to_panel
from itisa.pilots.models import Application

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_steps_from_the_pages(world: Any, pilot: Application) -> None:
    office, secretariat = _client(world.user("national_officer")), _client(world.user("secretariat"))
    response = office.post("/en/evaluation/campaigns/new/", {
        "title_zh": "2026年度评估", "title_en": "2026", "year": 2026, "opens_on": "2026-06-01", "ends_on": "2026-12-31",
        "self_evaluation_due": "2026-07-31", "verification_due": "2026-08-31", "panel_due": "2026-09-30",
        "comments_due": "2026-10-31", "decision_due": "2026-11-30", "rectification_months": 6,
    })  # fmt: skip
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/evaluation/campaigns/{campaign.pk}/"
    page = office.get(f"/en/evaluation/campaigns/{campaign.pk}/")
    assert page.content.decode().count('data-testid="add-pilot"') == 1
    assert (
        office.post(f"/en/evaluation/campaigns/{campaign.pk}/", {"application": pilot.pk}).status_code == 302
    )
    evaluation = Evaluation.objects.get()
    form = {**PARTS, "figures_year": ""}
    assert secretariat.post(f"/en/evaluation/{evaluation.pk}/self-evaluation/", form).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "verification"
    assert secretariat.get(f"/en/evaluation/{evaluation.pk}/self-evaluation/").status_code == 403
    returned = office.post(
        f"/en/evaluation/{evaluation.pk}/", {"action": "verify", "accept": "0", "comment": ""}
    )
    assert returned.status_code == 400 and "Say what the alliance must correct" in returned.content.decode()
    assert (
        office.post(f"/en/evaluation/{evaluation.pk}/", {"action": "verify", "accept": "1"}).status_code
        == 302
    )
    assert office.post(f"/en/evaluation/{evaluation.pk}/", {"action": "recheck"}).status_code == 302
    one = expert(world)
    assert (
        office.post(f"/en/evaluation/{evaluation.pk}/", {"action": "assign", "expert": one.pk}).status_code
        == 302
    )
    assignment = evaluation.assignments.get()
    reviewer = _client(one.user)
    assert (
        reviewer.post(
            f"/en/evaluation/panel/{assignment.pk}/", {"grade": "B", "reasons": "不足。"}
        ).status_code
        == 302
    )
    # the alliance sees that a review is in, never what it says
    assert "不足。" not in secretariat.get(f"/en/evaluation/{evaluation.pk}/").content.decode()
    assert office.post(f"/en/evaluation/{evaluation.pk}/", {"action": "close_panel"}).status_code == 302
    audit = AuditEntry.objects.count()
    asked = office.post(f"/en/evaluation/{evaluation.pk}/decide/", {"grade": "B", "reasons": "存在不足。"})
    assert 'data-testid="confirmation"' in asked.content.decode()
    assert (Evaluation.objects.get().status, AuditEntry.objects.count()) == ("comments", audit)
    done = office.post(
        f"/en/evaluation/{evaluation.pk}/decide/", {"grade": "B", "reasons": "存在不足。", "confirmed": "1"}
    )
    assert done.status_code == 302 and Evaluation.objects.get().status == "decided"
    assert _client(None).get(f"/en/evaluation/campaigns/{campaign.pk}/grades/").status_code == 404
    assert (
        office.post(f"/en/evaluation/campaigns/{campaign.pk}/publish/", {"confirmed": "1"}).status_code == 302
    )
    public = _client(None).get(f"/en/evaluation/campaigns/{campaign.pk}/grades/")
    assert (
        public.status_code == 200 and "B — results with shortcomings; must rectify" in public.content.decode()
    )
    pdf = _client(None).get(f"/en/evaluation/campaigns/{campaign.pk}/grades/?format=pdf")
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")
    record = office.get(f"/en/evaluation/{evaluation.pk}/?format=pdf")
    assert (record.status_code, record.content[:5]) == (200, b"%PDF-")
    xlsx = office.get(f"/en/evaluation/?campaign={campaign.pk}&format=xlsx")
    assert (xlsx.status_code, xlsx["Content-Type"]) == (200, XLSX_CONTENT_TYPE)
    rect = Rectification.objects.get()
    listed = secretariat.get("/en/evaluation/").content.decode()
    assert "2026年度评估" in listed and secretariat.get("/en/evaluation/rectifications/").status_code == 200
    assert (
        "2026年度评估" in _client(world.user("outsider")).get("/en/evaluation/").content.decode()
    )  # published
    assert (
        secretariat.post(
            f"/en/evaluation/rectifications/{rect.pk}/", {"action": "plan", "plan": "整改。"}
        ).status_code
        == 302
    )
    assert office.post(f"/en/evaluation/rectifications/{rect.pk}/",
                       {"action": "check", "passed": "0", "comment": "未整改到位。"}).status_code == 302  # fmt: skip
    assert Rectification.objects.get().status == "failed"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 404), ("council_member", 404), ("association_officer", 404),
     ("secretariat", 200), ("national_officer", 200)],
)  # fmt: skip
def test_who_sees_an_evaluation(world: Any, pilot: Application, persona: str, status: int) -> None:
    evaluation = Evaluation.objects.get(campaign=open_campaign(world, [pilot]))
    assert _client(world.user(persona)).get(f"/en/evaluation/{evaluation.pk}/").status_code == status


def test_an_expert_with_a_conflict_is_refused_and_the_office_sees_why(world: Any, pilot: Application) -> None:
    evaluation = Evaluation.objects.get(campaign=open_campaign(world, [pilot]))
    to_panel(world, evaluation)
    insider = expert(world, "内部专家")
    insider.organisation = world.member_a
    insider.save(update_fields=["organisation"])
    office = _client(world.user("national_officer"))
    page = office.get(f"/en/evaluation/{evaluation.pk}/").content.decode()
    assert "is an active member of the alliance" in page
    audit = AuditEntry.objects.count()
    refused = office.post(f"/en/evaluation/{evaluation.pk}/", {"action": "assign", "expert": insider.pk})
    assert refused.status_code == 400 and "is an active member of the alliance" in refused.content.decode()
    assert (evaluation.assignments.count(), AuditEntry.objects.count()) == (0, audit)
