"""Eligibility from the database: the facts builder, the command, the pages and the API."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from itisa.audit.models import AuditEntry
from itisa.governance.services import body_create, liability_designate, staff_add
from itisa.ledger.tests.conftest import make_books
from itisa.pilots.eligibility.build import alliance_facts, alliance_report, facts_for_alliances
from itisa.pilots.eligibility.permissions import can_view_eligibility
from itisa.pilots.eligibility.selectors import alliances_for_survey, eligibility_survey, findings_of
from itisa.pilots.models import Finding
from itisa.pilots.services.findings import finding_record
from itisa.registry.models import Alliance
from tests.factories import AllianceFactory, MembershipFactory, OrganisationFactory

# An individual business (个体工商户): registration authority 9, institution category 2 (GB 32100-2015).
INDIVIDUAL_BUSINESS_USCC = "92320106L000000110"

TODAY = dt.date(2026, 11, 28)
AGREEMENT_CODES = {
    "art8.2.agreement",
    "art8.2.goals",
    "art8.2.tasks",
    "art8.2.signatures",
    "art8.4.rules",
    "art8.5.ip",
    "art8.5.breach",
    "art8.6.admission",
    "art8.6.diffusion",
    "art8.6.public_results",
}


def not_passing(report: Any) -> dict[str, str]:
    return {r.code: r.result for r in report.results if r.result != "pass"}


def complete_csa(aw: Any) -> Any:
    """CSA with a signed agreement, its three kinds of body, full-time staff, liability and books."""
    world = aw.world
    s = world.user("secretariat")
    version = aw.open_version()
    aw.sign(version, "a")
    aw.sign(version, "b")
    for body_type, name in (
        ("council", "理事会"),
        ("expert_committee", "专家委员会"),
        ("secretariat", "秘书处"),
    ):
        body_create(
            by=s, alliance=world.csa, body_type=body_type, name_zh=name, adopted_on=dt.date(2024, 1, 1)
        )
    staff_add(
        by=s,
        alliance=world.csa,
        name="王秘书长",
        position="秘书长",
        full_time=True,
        since=dt.date(2024, 1, 1),
    )
    liability_designate(by=s, alliance=world.csa, organisation=world.member_a, since=dt.date(2024, 1, 1))
    make_books(world)
    return world


@pytest.mark.django_db
def test_without_an_agreement_or_bodies_the_alliance_fails_what_they_settle(world: Any) -> None:
    report = alliance_report(world.csa, as_of=TODAY)
    assert not_passing(report) == {
        **dict.fromkeys(AGREEMENT_CODES, "fail"),
        "art8.1.backbone": "needs_review",
        "art8.1.frontier": "needs_review",
        "art8.3.bodies": "fail",
        "art8.3.liability": "fail",
        "art8.3.staff": "fail",
        "art8.4.supervision": "fail",  # a fund supervisor is appointed, but no books are kept here
    }
    assert report.eligible is False


@pytest.mark.django_db
def test_a_complete_alliance_needs_only_the_reviewers_judgement(agreement_world: Any) -> None:
    world = complete_csa(agreement_world)
    facts = alliance_facts(world.csa, as_of=TODAY)
    assert (facts.liability_member, facts.full_time_staff, facts.government_funds_separate) == (
        world.member_a.uscc,
        1,
        True,
    )
    assert facts.body_kinds == frozenset({"decision", "advisory", "executive"})
    assert facts.task_division_covers == frozenset({world.member_a.uscc, world.member_b.uscc})
    report = alliance_report(world.csa, as_of=TODAY)
    assert not_passing(report) == {"art8.1.backbone": "needs_review", "art8.1.frontier": "needs_review"}
    assert report.eligible is None
    assert not_passing(alliance_report(world.csa, rules="2016", as_of=TODAY)) == not_passing(report)
    # a member that joins without an accession has no task and has not signed
    MembershipFactory(alliance=world.csa, organisation=OrganisationFactory(), rank="ordinary")
    assert not_passing(alliance_report(world.csa, as_of=TODAY)) == {
        "art8.1.backbone": "needs_review",
        "art8.1.frontier": "needs_review",
        "art8.2.tasks": "fail",
        "art8.2.signatures": "fail",
    }


@pytest.mark.django_db
def test_an_individual_business_among_the_members_is_not_a_legal_person(agreement_world: Any) -> None:
    world = complete_csa(agreement_world)
    shop = OrganisationFactory(
        uscc=INDIVIDUAL_BUSINESS_USCC, kind="other", ownership="", name_zh="鼓楼区光明灯具维修部"
    )
    MembershipFactory(alliance=world.csa, organisation=shop, joined_on=dt.date(2020, 1, 1))
    facts = alliance_facts(world.csa, as_of=TODAY)
    assert {m.uscc: m.independent_legal_person for m in facts.members} == {
        world.member_a.uscc: True,
        world.member_b.uscc: True,
        INDIVIDUAL_BUSINESS_USCC: False,
    }
    report = alliance_report(world.csa, as_of=TODAY)
    legal_persons = next(r for r in report.results if r.code == "art8.1.legal_persons")
    assert (legal_persons.result, legal_persons.reason_en, legal_persons.facts) == (
        "fail",
        "Some members are not independent legal persons.",
        {"members": 3, "not_independent": [INDIVIDUAL_BUSINESS_USCC]},
    )
    # admitted without an accession, the shop also has no task and has not signed (as in the dossier case)
    assert not_passing(report) == {
        "art8.1.legal_persons": "fail",
        "art8.1.backbone": "needs_review",
        "art8.1.frontier": "needs_review",
        "art8.2.tasks": "fail",
        "art8.2.signatures": "fail",
    }


@pytest.mark.django_db
def test_the_registry_is_checked_in_a_fixed_number_of_queries(agreement_world: Any) -> None:
    complete_csa(agreement_world)
    for i in range(3):
        alliance = AllianceFactory()
        for _ in range(i + 2):
            MembershipFactory(alliance=alliance, organisation=OrganisationFactory())
    shop = OrganisationFactory(uscc=INDIVIDUAL_BUSINESS_USCC, kind="other", ownership="")
    MembershipFactory(alliance=alliance, organisation=shop)

    alliances = list(Alliance.objects.order_by("pk"))
    with CaptureQueriesContext(connection) as one:
        facts_for_alliances(alliances[:1], as_of=TODAY)
    with CaptureQueriesContext(connection) as all_of_them:
        facts = facts_for_alliances(alliances, as_of=TODAY)
    assert len(one) == len(all_of_them) == 10
    assert [len(facts[a.pk].members) for a in alliances] == [2, 1, 2, 3, 5]
    assert [m.uscc for m in facts[alliances[-1].pk].members if not m.independent_legal_person] == [shop.uscc]

    # a queryset is read as a subquery (no bound id per alliance), with the same facts
    with CaptureQueriesContext(connection) as from_queryset:
        same = facts_for_alliances(Alliance.objects.order_by("pk"), as_of=TODAY)
    assert len(from_queryset) == 11  # the alliances themselves, then the same ten
    assert same == facts
    sources = [q["sql"] for q in from_queryset[1:]]
    assert [("IN (SELECT" in sql) for sql in sources] == [True] * 10


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "status"), [(["CSA"], 2), (["SDC"], 1)])
def test_the_command_exits_by_the_verdict(
    agreement_world: Any, args: list[str], status: int, capsys: Any
) -> None:
    complete_csa(agreement_world)
    with pytest.raises(SystemExit) as exc:
        call_command("eligibility", "check", *args, "--json", "--as-of", "2026-11-28")
    assert exc.value.code == status
    data = json.loads(capsys.readouterr().out)
    assert (data["alliance"], data["rules"], data["eligible"]) == (
        args[0],
        "2008",
        None if status == 2 else False,
    )
    assert [c["code"] for c in data["criteria"]][:3] == [
        "art8.1.legal_persons",
        "art8.1.composition",
        "art8.1.backbone",
    ]
    assert set(data["criteria"][0]) == {"code", "result", "reason_zh", "reason_en", "reference", "facts"}


@pytest.mark.django_db
def test_the_command_exits_0_for_an_alliance_that_meets_every_condition(
    agreement_world: Any, capsys: Any
) -> None:
    world = complete_csa(agreement_world)
    national = world.user("national_officer")
    finding_record(
        by=national, alliance=world.csa, organisation=world.member_a, question="backbone", holds=True,
        reason="国内LED芯片产能前三。",
    )  # fmt: skip
    finding_record(
        by=national, alliance=world.csa, organisation=world.member_b, question="frontier", holds=True,
        reason="国家重点实验室依托单位。",
    )  # fmt: skip
    with pytest.raises(SystemExit) as exc:
        call_command("eligibility", "check", "CSA", "--json")  # as of today: the findings were made today
    assert exc.value.code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["alliance"], data["rules"], data["eligible"]) == ("CSA", "2008", True)
    assert {c["code"]: c["result"] for c in data["criteria"]} == dict.fromkeys(
        [
            "art8.1.legal_persons", "art8.1.composition", "art8.1.backbone", "art8.1.frontier",
            "art8.2.agreement", "art8.2.goals", "art8.2.tasks", "art8.2.signatures",
            "art8.3.bodies", "art8.3.liability", "art8.3.staff",
            "art8.4.rules", "art8.4.supervision", "art8.4.government_funds",
            "art8.5.ip", "art8.5.breach",
            "art8.6.admission", "art8.6.diffusion", "art8.6.public_results",
        ],
        "pass",
    )  # fmt: skip
    with pytest.raises(SystemExit) as exc:
        call_command("eligibility", "check", "CSA")
    assert exc.value.code == 0
    assert capsys.readouterr().out.splitlines()[0] == "CSA under the 2008 rules: eligible"


def test_the_command_checks_a_dossier_file_with_the_office_key_configured_here(
    tmp_path: Any, capsys: Any, settings: Any
) -> None:
    from itisa.agreements import crypto
    from itisa.pilots.tests.dossier_cases import CASES, public

    dossier = str(CASES / "csa.dossier.json")
    settings.ITISA_OFFICE_PUBLIC_KEY = str(tmp_path / "office.pem.pub")  # not there: nothing to verify with
    with pytest.raises(SystemExit) as exc:
        call_command("eligibility", "check", "--dossier", dossier, "--as-of", "2026-11-28")
    assert exc.value.code == 2
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "CSA under the 2008 rules: needs review"
    assert (
        "?  art8.1.backbone          骨干地位需专家判断。本系统未配置国家办公室的公钥，无法验证卷宗所附认定。"
        in out
    )
    assert "✔  art8.4.supervision" in out and "✔  art8.2.signatures" in out
    # the office's published key: its signed findings count, and a dossier alone can be eligible
    (tmp_path / "office.pem.pub").write_text(crypto.public_pem(public("office")), encoding="ascii")
    with pytest.raises(SystemExit) as exc:
        call_command("eligibility", "check", "--dossier", dossier, "--as-of", "2026-11-28", "--json")
    assert exc.value.code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["eligible"], {c["result"] for c in data["criteria"]}) == (True, {"pass"})
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not valid JSON"):
        call_command("eligibility", "check", "--dossier", str(bad))
    bad.write_text(json.dumps({"format": "itisa.dossier", "version": "1.2"}), encoding="utf-8")
    with pytest.raises(CommandError, match=r"Not a valid dossier:\n  \$\.alliance"):
        call_command("eligibility", "check", "--dossier", str(bad))


@pytest.mark.django_db
def test_the_command_checks_every_alliance(agreement_world: Any, capsys: Any) -> None:
    complete_csa(agreement_world)
    call_command("eligibility", "check", "--all", "--json", "--as-of", "2026-11-28")
    data = json.loads(capsys.readouterr().out)
    assert [(a["alliance"], a["eligible"]) for a in data["alliances"]] == [("CSA", None), ("SDC", False)]
    bodies = next(c for c in data["criteria"] if c["code"] == "art8.3.bodies")
    assert bodies == {"code": "art8.3.bodies", "pass": 1, "fail": 1, "needs_review": 0}


@pytest.mark.django_db
def test_the_checklist_page_and_the_alliance_panel(agreement_world: Any, client: Any) -> None:
    world = complete_csa(agreement_world)
    client.force_login(world.user("secretariat"))
    before = AuditEntry.objects.count()
    page = client.get("/en/alliances/CSA/eligibility/").content.decode()
    assert 'data-eligible="null"' in page
    assert page.count('data-result="pass"') == 17 and page.count('data-result="needs_review"') == 2
    # the article in English around the document's number, which is marked as Chinese
    assert '<span lang="zh-Hans">国科发政〔2008〕770号</span>, Article 8 (3)' in page
    zh = client.get("/alliances/CSA/eligibility/?rules=2016").content.decode()
    assert 'data-code="operation.one_year" data-result="pass"' in zh and "已有效运行一年以上。" in zh
    panel = client.get("/en/alliances/CSA/").content.decode()
    assert 'data-testid="eligibility-panel" data-eligible="null"' in panel
    assert AuditEntry.objects.count() == before  # reading a report writes nothing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("secretariat", 200),
        ("council_member", 200),
        ("expert", 200),
        ("provincial_officer", 403),  # CSA is national; Shandong's officer checks Shandong's alliances
        ("association_officer", 403),  # CSA is in industry C, the officer's is B
        ("national_officer", 200),
    ],
)
def test_who_sees_the_checklist(world: Any, client: Any, persona: str, status: int) -> None:
    if world.user(persona):
        client.force_login(world.user(persona))
    assert client.get("/en/alliances/CSA/eligibility/").status_code == status
    panel = client.get("/en/alliances/CSA/").content.decode()
    assert ('data-testid="eligibility-panel"' in panel) is (status == 200)


@pytest.mark.django_db
def test_the_survey_page_counts_per_criterion_in_scope(agreement_world: Any, client: Any) -> None:
    world = complete_csa(agreement_world)
    client.force_login(world.user("national_officer"))
    page = client.get("/en/pilots/eligibility/").content.decode()
    assert 'data-code="art8.3.bodies" data-pass="1" data-fail="1" data-review="0"' in page
    assert 'data-code="art8.1.backbone" data-pass="0" data-fail="0" data-review="2"' in page
    assert page.count('data-testid="survey-row"') == 2
    filtered = client.get("/en/pilots/eligibility/?failing=art8.3.staff").content.decode()
    assert filtered.count('data-testid="survey-row"') == 1 and 'data-code="SDC"' in filtered
    # live filtering: htmx gets the results and the Excel link in step with the filters, not the page
    fragment = client.get("/en/pilots/eligibility/?failing=art8.3.staff", HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body and 'data-testid="survey-filters"' not in body
    assert body.count('data-testid="survey-row"') == 1 and 'data-code="SDC"' in body
    assert 'href="?failing=art8.3.staff&amp;format=xlsx"' in body and 'hx-swap-oob="true"' in body
    xlsx = client.get("/en/pilots/eligibility/?format=xlsx")
    rows = list(load_workbook(BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Alliance", "Name", "Eligible", "art8.1.legal_persons")
    assert [r[0] for r in rows[1:]] == ["CSA", "SDC"] and rows[1][2] == "Needs review"
    client.force_login(world.user("provincial_officer"))
    only_shandong = client.get("/en/pilots/eligibility/").content.decode()
    assert only_shandong.count('data-testid="survey-row"') == 1 and 'data-code="SDC"' in only_shandong
    client.force_login(world.user("secretariat"))
    assert client.get("/en/pilots/eligibility/").status_code == 403


@pytest.mark.django_db
def test_the_survey_page_query_count_does_not_grow(
    world: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(world.user("national_officer"))
    for _ in range(30):
        MembershipFactory(alliance=AllianceFactory(), organisation=OrganisationFactory())
    with django_assert_max_num_queries(16):
        assert client.get("/en/pilots/eligibility/").status_code == 200


@pytest.mark.django_db
def test_the_api(agreement_world: Any, client: Any) -> None:
    world = complete_csa(agreement_world)
    client.force_login(world.user("secretariat"))
    data = client.get("/api/alliances/CSA/eligibility?rules=2016").json()
    assert (data["alliance"], data["rules"], data["eligible"], len(data["criteria"])) == (
        "CSA",
        "2016",
        None,
        20,
    )
    bad = client.get("/api/alliances/CSA/eligibility?rules=1999")
    assert bad.status_code == 422 and bad.json()["fields"]["rules"] == [
        "未知的规则版本；请从以下选择：2008, 2016。"
    ]
    assert client.get("/api/eligibility").status_code == 403
    client.force_login(world.user("association_officer"))
    assert client.get("/api/alliances/CSA/eligibility").status_code == 403
    client.force_login(world.user("national_officer"))
    survey = client.get("/api/eligibility").json()
    assert [(a["alliance"], a["eligible"]) for a in survey["alliances"]] == [("CSA", None), ("SDC", False)]
    assert survey["criteria"][0] == {
        "code": "art8.1.legal_persons",
        "passed": 1,
        "failed": 1,
        "needs_review": 0,
    }


@pytest.mark.django_db
def test_the_checklist_prints_as_a_chinese_pdf(agreement_world: Any, client: Any) -> None:
    from pypdf import PdfReader

    world = complete_csa(agreement_world)
    client.force_login(world.user("secretariat"))
    response = client.get("/en/alliances/CSA/eligibility/pdf/?rules=2016")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="CSA-eligibility-2016-')
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "产业技术创新战略联盟试点条件核查表" in text and "结论：需审核" in text
    assert "已有效运行一年以上。" in text
    client.force_login(world.user("outsider"))
    assert client.get("/en/alliances/CSA/eligibility/pdf/").status_code == 403


def _hosted_alliances(world: Any) -> tuple[Alliance, Alliance]:
    """A national alliance hosted by a Shandong enterprise, and one hosted in Guangdong."""
    shandong = AllianceFactory(code="SDH", host_unit=world.sd_org, industry="C")
    guangdong = AllianceFactory(
        code="GDH", host_unit=OrganisationFactory(province="44", region_code="440300"), industry="C"
    )
    return shandong, guangdong


@pytest.mark.django_db
def test_a_provincial_officer_checks_the_national_alliances_hosted_in_the_province(
    world: Any, client: Any
) -> None:
    shandong, guangdong = _hosted_alliances(world)
    officer = world.user("provincial_officer")
    decision = can_view_eligibility(officer, Alliance.objects.get(code="SDH"))
    assert (decision.allowed, str(decision.reason)) == (
        True,
        "Provincial officers check the alliances of their province and those hosted in it.",
    )
    assert [a.code for a in alliances_for_survey(officer)] == ["SDC", "SDH"]
    assert [(a.code, r.eligible) for a, r in eligibility_survey(officer).rows] == [
        ("SDC", False),
        ("SDH", False),
    ]
    client.force_login(officer)
    assert client.get("/en/alliances/SDH/eligibility/").status_code == 200
    page = client.get("/en/pilots/eligibility/").content.decode()
    assert page.count('data-testid="survey-row"') == 2
    assert 'data-code="SDC"' in page and 'data-code="SDH"' in page
    assert [a["alliance"] for a in client.get("/api/eligibility").json()["alliances"]] == ["SDC", "SDH"]
    assert client.get("/api/alliances/SDH/eligibility").json()["alliance"] == "SDH"


@pytest.mark.django_db
def test_a_provincial_officer_is_refused_the_alliances_hosted_elsewhere(world: Any, client: Any) -> None:
    shandong, guangdong = _hosted_alliances(world)
    officer = world.user("provincial_officer")
    national = world.user("national_officer")
    MembershipFactory(alliance=guangdong, organisation=guangdong.host_unit)
    finding_record(
        by=national, alliance=guangdong, organisation=guangdong.host_unit, question="backbone", holds=True,
        reason="行业骨干。",
    )  # fmt: skip
    before = (AuditEntry.objects.count(), Finding.objects.count())
    decision = can_view_eligibility(officer, guangdong)
    assert (decision.allowed, str(decision.reason)) == (
        False,
        "Only the alliance's own people and the competent officers see its eligibility.",
    )
    assert list(findings_of(officer, guangdong)) == []
    assert "GDH" not in [a.code for a in alliances_for_survey(officer)]
    client.force_login(officer)
    assert client.get("/en/alliances/GDH/eligibility/").status_code == 403
    assert client.get("/en/alliances/GDH/eligibility/pdf/").status_code == 403
    assert client.get("/api/alliances/GDH/eligibility").status_code == 403
    page = client.get("/en/pilots/eligibility/").content.decode()
    assert 'data-code="GDH"' not in page and 'data-code="CSA"' not in page
    assert (AuditEntry.objects.count(), Finding.objects.count()) == before


@pytest.mark.django_db
def test_a_provincial_officers_survey_takes_the_same_queries_however_many_hosted_alliances(
    world: Any, client: Any
) -> None:
    client.force_login(world.user("provincial_officer"))
    AllianceFactory(host_unit=world.sd_org)
    client.get("/en/pilots/eligibility/")  # warm up what is cached per process
    with CaptureQueriesContext(connection) as few:
        page = client.get("/en/pilots/eligibility/").content.decode()
    assert page.count('data-testid="survey-row"') == 2
    for _ in range(10):
        hosted = AllianceFactory(host_unit=OrganisationFactory(province="37", region_code="370100"))
        MembershipFactory(alliance=hosted, organisation=hosted.host_unit)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/en/pilots/eligibility/").content.decode()
    assert page.count('data-testid="survey-row"') == 12
    assert len(many) == len(few)


def _cells(page: str, code: str) -> str:
    """The row of criterion ``code`` on the checklist."""
    return page.split(f'data-testid="criterion" data-code="{code}"')[1].split("</tr>")[0]


@pytest.mark.django_db
def test_the_checklist_names_the_facts_and_their_values(agreement_world: Any, client: Any) -> None:
    world = complete_csa(agreement_world)
    client.force_login(world.user("secretariat"))
    zh = client.get("/alliances/CSA/eligibility/").content.decode()
    row = _cells(zh, "art8.1.legal_persons")
    assert (
        '<span class="text-nowrap">成员数量</span>: 2<br><span class="text-nowrap">非独立法人的成员</span>: —'
        in row
    )
    assert "members" not in row.split("</td>", 1)[1] and "not_independent" not in row
    row = _cells(zh, "art8.1.composition")
    assert '<span class="text-nowrap">成员类别</span>: 企业、高等学校</td>' in row
    assert "kinds" not in row.split("</td>", 1)[1] and "enterprise" not in row and "university" not in row
    row = _cells(zh, "art8.3.bodies")
    assert '<span class="text-nowrap">缺少的组织机构</span>: —' in row
    en = client.get("/en/alliances/CSA/eligibility/").content.decode()
    assert '<span class="text-nowrap">Kinds of member</span>: Enterprise, University</td>' in _cells(
        en, "art8.1.composition"
    )
    assert '<span class="text-nowrap">Number of members</span>: 2<br>' in _cells(en, "art8.1.legal_persons")


@pytest.mark.django_db
def test_the_survey_names_the_failing_criteria(agreement_world: Any, client: Any) -> None:
    world = complete_csa(agreement_world)
    client.force_login(world.user("national_officer"))
    zh = client.get("/pilots/eligibility/").content.decode()
    sdc = zh.split('data-testid="survey-row" data-code="SDC"')[1].split("</tr>")[0]
    failing = sdc.split('data-testid="survey-failing">')[1].split("</td>")[0]
    assert '<span title="art8.2.agreement" data-code="art8.2.agreement">有效的联盟协议</span>' in failing
    assert '<span title="art8.3.staff" data-code="art8.3.staff">专职人员</span>' in failing
    assert "art8." not in failing.replace('title="art8.', "").replace('data-code="art8.', "")
    en = client.get("/en/pilots/eligibility/").content.decode()
    sdc = en.split('data-testid="survey-row" data-code="SDC"')[1].split("</tr>")[0]
    assert '<span title="art8.3.staff" data-code="art8.3.staff">Full-time staff</span>' in sdc
