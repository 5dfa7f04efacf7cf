"""Findings on what data cannot decide (Art. 8(1)): recorded by the national office, the latest counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from itisa.audit.models import AuditEntry
from itisa.audit.seals import seals_of
from itisa.core.errors import DomainError, PermissionDenied
from itisa.pilots.eligibility.build import alliance_report
from itisa.pilots.models import Finding
from itisa.pilots.services.findings import finding_record
from itisa.pilots.tests.test_eligibility_db import complete_csa, not_passing
from tests.factories import MembershipFactory

TODAY = dt.date(2026, 11, 28)


def _state() -> tuple[int, int]:
    return Finding.objects.count(), AuditEntry.objects.count()


@pytest.mark.django_db
def test_findings_settle_the_review_and_the_latest_counts(agreement_world: Any) -> None:
    world = complete_csa(agreement_world)
    national = world.user("national_officer")
    before = AuditEntry.objects.count()
    finding_record(
        by=national, alliance=world.csa, organisation=world.member_a, question="backbone", holds=True,
        reason="国内LED芯片产能前三。",
    )  # fmt: skip
    finding_record(
        by=national, alliance=world.csa, organisation=world.member_b, question="frontier", holds=True,
        reason="国家重点实验室依托单位。",
    )  # fmt: skip
    report = alliance_report(world.csa)
    assert not_passing(report) == {} and report.eligible is True
    assert AuditEntry.objects.count() == before + 2
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry is not None and entry.action == "pilots.finding.recorded"
    finding = Finding.objects.get(organisation=world.member_b)
    assert entry.data == {
        "alliance": "CSA", "organisation": world.member_b.uscc, "question": "frontier", "holds": True,
        "reason": "国家重点实验室依托单位。", "sealed": seals_of([finding]),
    }  # fmt: skip
    assert entry.data["sealed"][0]["table"] == "pilots_finding"
    assert entry.data["sealed"][0]["id"] == finding.pk
    # a later finding replaces the earlier one in the report; both stay on record
    finding_record(
        by=national, alliance=world.csa, organisation=world.member_b, question="frontier", holds=False,
        reason="复核：该领域已落后。",
    )  # fmt: skip
    assert not_passing(alliance_report(world.csa)) == {"art8.1.frontier": "fail"}
    assert Finding.objects.filter(organisation=world.member_b).count() == 2
    # findings are per alliance: a backbone of CSA's industry is not thereby one of SDC's
    MembershipFactory(alliance=world.sdc, organisation=world.member_a, joined_on=dt.date(2020, 1, 1))
    sdc = alliance_report(world.sdc)
    assert next(r for r in sdc.results if r.code == "art8.1.backbone").result == "needs_review"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "org", "question", "reason", "error"),
    [
        ("secretariat", "member_a", "backbone", "理由", PermissionDenied),
        ("provincial_officer", "member_a", "backbone", "理由", PermissionDenied),
        ("national_officer", "member_b", "backbone", "理由", {"organisation": ["This question is asked of enterprises only."]}),
        ("national_officer", "member_a", "frontier", "理由", {"organisation": ["This question is asked of universities and research institutes only."]}),
        ("national_officer", "sd_org", "backbone", "理由", {"organisation": ["鲁煤集团 is not a current member of CSA."]}),
        ("national_officer", "member_a", "backbone", "  ", {"reason": ["Give the reason for the finding."]}),
        ("national_officer", "member_a", "leadership", "理由", {"question": ["Choose backbone or frontier."]}),
    ],
)  # fmt: skip
def test_refused_findings_change_nothing(
    world: Any, persona: str, org: str, question: str, reason: str, error: Any
) -> None:
    before = _state()
    with pytest.raises(PermissionDenied if error is PermissionDenied else DomainError) as exc:
        finding_record(
            by=world.user(persona), alliance=world.csa, organisation=getattr(world, org), question=question,
            holds=True, reason=reason,
        )  # fmt: skip
    if error is not PermissionDenied:
        assert exc.value.fields == error
    assert _state() == before


@pytest.mark.django_db
def test_the_database_refuses_to_change_a_finding(world: Any) -> None:
    finding = finding_record(
        by=world.user("national_officer"), alliance=world.csa, organisation=world.member_a,
        question="backbone", holds=True, reason="理由",
    )  # fmt: skip
    for sql in ("UPDATE pilots_finding SET holds = FALSE", "DELETE FROM pilots_finding"):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    finding.refresh_from_db()
    assert finding.holds is True


@pytest.mark.django_db
def test_the_checklist_page_records_a_finding(agreement_world: Any, client: Any) -> None:
    world = complete_csa(agreement_world)
    client.force_login(world.user("secretariat"))
    assert 'data-testid="finding-form"' not in client.get("/en/alliances/CSA/eligibility/").content.decode()
    assert (
        client.post(
            "/en/alliances/CSA/eligibility/findings/",
            {"organisation": world.member_a.pk, "question": "backbone", "holds": "yes", "reason": "理由"},
        ).status_code
        == 403
    )
    client.force_login(world.user("national_officer"))
    page = client.get("/en/alliances/CSA/eligibility/").content.decode()
    assert 'data-testid="finding-form"' in page and "No findings yet." in page
    bad = client.post(
        "/en/alliances/CSA/eligibility/findings/",
        {"organisation": world.member_a.pk, "question": "backbone", "holds": "yes", "reason": ""},
    )
    assert bad.status_code == 200 and "This field is required." in bad.content.decode()
    assert Finding.objects.count() == 0
    done = client.post(
        "/en/alliances/CSA/eligibility/findings/",
        {"organisation": world.member_a.pk, "question": "backbone", "holds": "yes", "reason": "行业龙头"},
    )
    assert done.status_code == 302 and done["Location"] == "/en/alliances/CSA/eligibility/#findings"
    page = client.get("/en/alliances/CSA/eligibility/").content.decode()
    assert page.count('data-testid="finding"') == 1 and "行业龙头" in page
    assert 'data-code="art8.1.backbone" data-result="pass"' in page


@pytest.mark.django_db
def test_the_findings_api(world: Any, client: Any) -> None:
    client.force_login(world.user("national_officer"))
    body = {"organisation": world.member_b.uscc, "question": "frontier", "holds": True, "reason": "前沿"}
    created = client.post("/api/alliances/CSA/eligibility/findings", body, content_type="application/json")
    assert created.status_code == 201
    data = created.json()
    assert {k: data[k] for k in ("alliance", "organisation", "question", "holds", "reason", "by")} == {
        "alliance": "CSA", "organisation": world.member_b.uscc, "question": "frontier", "holds": True,
        "reason": "前沿", "by": "national_officer",
    }  # fmt: skip
    unknown = client.post(
        "/api/alliances/CSA/eligibility/findings", {**body, "organisation": "91350100M000100Y43"},
        content_type="application/json",
    )  # fmt: skip
    assert unknown.status_code == 422 and list(unknown.json()["fields"]) == ["organisation"]
    client.force_login(world.user("secretariat"))
    listed = client.get("/api/alliances/CSA/eligibility/findings").json()
    assert [(f["organisation"], f["holds"]) for f in listed] == [(world.member_b.uscc, True)]
    before = _state()
    refused = client.post("/api/alliances/CSA/eligibility/findings", body, content_type="application/json")
    assert refused.status_code == 403 and _state() == before
