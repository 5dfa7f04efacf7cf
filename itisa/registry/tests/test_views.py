"""Registry pages: alliance list, search, filters, export, alliance page, status moves, organisation forms."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from itisa.audit.models import AuditEntry
from itisa.registry.models import Alliance, AllianceStatusChange, Organisation
from tests.factories import AllianceFactory, OrganisationFactory, synthetic_uscc

pytestmark = pytest.mark.django_db

# A Shandong code that passes every check but the 18th character (expected "1", given "0").
SD_CODE_BAD_CHECK = synthetic_uscc(999, "370102")[:-1] + "0"
# Character 17 (GB 11714) is wrong: not acceptable by anyone.
BAD_ORG_CODE = "914403001922038276"


def client_for(world: Any, persona: str) -> Client:
    client = Client()
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    return client


def rows(html: str, testid: str) -> int:
    return html.count(f'data-testid="{testid}"')


def xlsx_rows(response: Any) -> list[list[Any]]:
    """The cell values of the first sheet of an Excel download, a list per row."""
    return [list(r) for r in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)]


def org_post_data(**overrides: str) -> dict[str, str]:
    data = {
        "name_zh": "鲁新材料有限公司",
        "name_en": "",
        "uscc": SD_CODE_BAD_CHECK,
        "kind": "enterprise",
        "ownership": "private",
        "province": "37",
        "region_code": "370102",
        "address": "济南市",
        "industry": "C",
        "legal_rep_name_zh": "王五",
        "legal_rep_title": "董事长",
        "legal_rep_phone": "0531-1234567",
        "legal_rep_email": "wang@example.cn",
    }
    data.update(overrides)
    return data


# --- alliance list -------------------------------------------------------------------------------


def test_public_list_shows_established_alliance_but_not_forming_one(world: Any) -> None:
    html = client_for(world, "anonymous").get("/alliances/").content.decode()
    assert "半导体照明产业技术创新战略联盟" in html
    assert "山东煤化工产业技术创新战略联盟" not in html
    assert rows(html, "alliance-row") == 1


def test_search_finds_chinese_name(world: Any) -> None:
    AllianceFactory(code="OTHER", name_zh="农业机械产业技术创新战略联盟")
    html = client_for(world, "national_officer").get("/alliances/", {"q": "半导体"}).content.decode()
    assert rows(html, "alliance-row") == 1
    assert 'data-code="CSA"' in html


def test_filters_narrow_the_list(world: Any) -> None:
    html = (
        client_for(world, "national_officer")
        .get("/alliances/", {"status": "forming", "province": "37"})
        .content
    )
    text = html.decode()
    assert rows(text, "alliance-row") == 1
    assert 'data-code="SDC"' in text


def test_pagination_keeps_filters_and_shows_second_page(world: Any) -> None:
    for n in range(30):
        AllianceFactory(code=f"P{n:02d}", key_area="health")
    client = client_for(world, "anonymous")
    first = client.get("/alliances/", {"key_area": "health"}).content.decode()
    assert rows(first, "alliance-row") == 25
    assert "?key_area=health&amp;page=2" in first
    second = client.get("/alliances/", {"key_area": "health", "page": "2"}).content.decode()
    codes = [f"P{n:02d}" for n in range(25, 30)]
    assert rows(second, "alliance-row") == 5
    assert all(f'data-code="{c}"' in second for c in codes)
    assert 'data-code="P24"' not in second


def test_htmx_request_gets_only_the_results_partial(world: Any) -> None:
    response = client_for(world, "anonymous").get("/alliances/", {"q": "半导体"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert rows(html, "alliance-row") == 1


@pytest.mark.parametrize("extra", [5, 30])
def test_list_query_count_does_not_grow_with_rows(
    world: Any, extra: int, django_assert_max_num_queries: Any
) -> None:
    host = OrganisationFactory()
    for n in range(extra):
        AllianceFactory(code=f"Q{n:02d}", host_unit=host)
    client = client_for(world, "national_officer")
    with django_assert_max_num_queries(12):
        assert client.get("/alliances/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/organisations/").status_code == 200


def test_excel_export_has_translated_headers_and_filtered_rows(world: Any) -> None:
    response = client_for(world, "national_officer").get("/en/alliances/export.xlsx", {"scope": "regional"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    values = xlsx_rows(response)
    assert values[0] == [
        "Short code",
        "Name (Chinese)",
        "Name (English)",
        "Scope",
        "Province",
        "Status",
        "Key area",
        "Strategic emerging industry",
        "Industry",
        "Founding date",
        "Host unit",
    ]
    assert len(values) == 2
    assert values[1][:6] == [
        "SDC",
        "山东煤化工产业技术创新战略联盟",
        "Shandong Coal Chemical Alliance",
        "Regional",
        "Shandong",
        "Forming",
    ]


def test_excel_export_is_scoped_to_the_viewer(world: Any) -> None:
    response = client_for(world, "anonymous").get("/alliances/export.xlsx")
    assert [r[0] for r in xlsx_rows(response)[1:]] == ["CSA"]


def test_organisation_export_has_translated_headers_filtered_rows_and_no_contacts(world: Any) -> None:
    response = client_for(world, "national_officer").get(
        "/en/organisations/export.xlsx", {"kind": "enterprise"}
    )
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="organisations.xlsx"'
    assert load_workbook(BytesIO(response.content)).active.title == "Organisations"
    a, sd = world.member_a, world.sd_org
    assert xlsx_rows(response) == [
        [
            "Unified social credit code",
            "Name (Chinese)",
            "Name (English)",
            "Kind",
            "Ownership",
            "Province",
            "Region code (GB/T 2260)",
            "Industry",
        ],
        [
            "914403001922038216",
            "甲公司",
            a.name_en,
            "Enterprise",
            "Private",
            "Guangdong",
            "440300",
            "Manufacturing",
        ],
        [sd.uscc, "鲁煤集团", sd.name_en, "Enterprise", "Private", "Shandong", "370100", "Mining"],
    ]
    assert a.legal_representative.email not in response.content.decode("latin-1")


def test_organisation_export_headers_in_chinese_by_default(world: Any) -> None:
    response = client_for(world, "national_officer").get("/organisations/export.xlsx", {"q": "乙大学"})
    values = xlsx_rows(response)
    assert values[0][:4] == ["统一社会信用代码", "中文名称", "英文名称", "单位类型"]
    assert values[1] == [
        "12100000400000624D",
        "乙大学",
        world.member_b.name_en,
        "高等学校",
        None,
        "北京市",
        "100000",
        "制造业",
    ]


def test_organisation_export_is_scoped_to_the_viewer(world: Any) -> None:
    # The public sees members of public alliances only: not the member of the forming SDC.
    rows = xlsx_rows(client_for(world, "anonymous").get("/organisations/export.xlsx"))
    assert [r[:2] for r in rows[1:]] == [["12100000400000624D", "乙大学"], ["914403001922038216", "甲公司"]]


@pytest.mark.parametrize("extra", [5, 30])
def test_organisation_export_query_count_does_not_grow_with_rows(
    world: Any, extra: int, django_assert_num_queries: Any
) -> None:
    OrganisationFactory.create_batch(extra)
    client = client_for(world, "national_officer")
    client.get("/organisations/")  # session and role lookups warm up the same way for both sizes
    with django_assert_num_queries(4):
        response = client.get("/organisations/export.xlsx")
    assert len(xlsx_rows(response)) == 1 + 3 + extra


def test_organisation_list_links_to_export_with_filters(world: Any) -> None:
    html = client_for(world, "anonymous").get("/organisations/", {"kind": "university"}).content.decode()
    assert 'href="/organisations/export.xlsx?kind=university" data-testid="organisation-export"' in html


# --- alliance page -------------------------------------------------------------------------------


def test_alliance_page_shows_record_members_and_history(world: Any) -> None:
    html = client_for(world, "anonymous").get("/alliances/CSA/").content.decode()
    assert '<h1 class="page-title">半导体照明产业技术创新战略联盟</h1>' in html
    assert 'data-testid="member-count">2<' in html
    assert rows(html, "member-row") == 2
    assert html.index("甲公司") < html.index("乙大学")  # chair before council member
    assert 'data-testid="edit-alliance"' not in html
    assert 'data-testid="status-moves"' not in html
    assert 'id="member-add-form"' not in html


def test_forming_alliance_is_404_for_the_public(world: Any) -> None:
    assert client_for(world, "anonymous").get("/alliances/SDC/").status_code == 404
    assert client_for(world, "secretariat").get("/alliances/SDC/").status_code == 404


def test_past_members_only_on_request(world: Any) -> None:
    world.member_b.memberships.update(left_on=dt.date(2020, 1, 1), left_reason="退出")
    client = client_for(world, "anonymous")
    assert rows(client.get("/alliances/CSA/").content.decode(), "member-row") == 1
    html = client.get("/alliances/CSA/", {"past": "1"}).content.decode()
    assert rows(html, "member-row") == 2
    assert 'data-testid="member-count">1<' in html


def test_status_moves_offered_match_the_transition_table(world: Any) -> None:
    national = client_for(world, "national_officer").get("/alliances/CSA/").content.decode()
    assert [
        m for m in ("pilot", "suspended", "dissolved", "established") if f'data-testid="move-{m}"' in national
    ] == ["suspended", "dissolved"]
    secretariat = client_for(world, "secretariat").get("/alliances/CSA/").content.decode()
    assert 'data-testid="move-dissolved"' in secretariat
    assert 'data-testid="move-pilot"' not in secretariat
    assert 'data-testid="edit-alliance"' in secretariat


def test_status_change_with_comment(world: Any) -> None:
    client = client_for(world, "provincial_officer")
    assert client.get("/alliances/SDC/status/established/").status_code == 200
    response = client.post("/alliances/SDC/status/established/", {"comment": "协议已签署"})
    assert response.status_code == 302
    world.sdc.refresh_from_db()
    assert world.sdc.status == "established"
    change = AllianceStatusChange.objects.get(alliance=world.sdc)
    assert (change.old_status, change.new_status, change.comment) == ("forming", "established", "协议已签署")
    # the alliance page says what happened
    page = client.get(response["Location"]).content.decode()
    assert '<div class="alert alert-success" role="alert">联盟状态已变更为“已成立”。</div>' in page


def test_the_national_office_cannot_make_an_alliance_a_pilot_by_hand(world: Any) -> None:
    """The finding of issue 20: two clicks made an alliance with no members a pilot. The page now refuses,
    says why, and nothing changes."""
    before = (AllianceStatusChange.objects.count(), AuditEntry.objects.count())
    client = client_for(world, "national_officer")
    for response in (
        client.get("/en/alliances/CSA/status/pilot/"),
        client.post("/en/alliances/CSA/status/pilot/", {"comment": "直接设为试点"}),
    ):
        assert response.status_code == 403
        assert (
            "An alliance becomes a pilot only when the national office publishes the list of a call for pilots "
            "that selected it; its status cannot be set to pilot by hand."
        ) in response.content.decode()
    world.csa.refresh_from_db()
    assert world.csa.status == "established"
    assert (AllianceStatusChange.objects.count(), AuditEntry.objects.count()) == before


def test_leaving_pilot_status_on_the_page_asks_for_the_reason(world: Any) -> None:
    from itisa.registry.services import alliance_make_pilot

    alliance_make_pilot(by=world.user("national_officer"), alliance=world.csa, comment="入选试点。")
    client = client_for(world, "national_officer")
    page = client.get("/en/alliances/CSA/status/established/").content.decode()
    assert "Leaving pilot status undoes or ends a published pilot decision" in page
    before = (AllianceStatusChange.objects.count(), AuditEntry.objects.count())
    refused = client.post("/en/alliances/CSA/status/established/", {"comment": " "})
    assert refused.status_code == 200
    assert (
        "Say why: leaving pilot status undoes or ends a published pilot decision" in refused.content.decode()
    )
    world.csa.refresh_from_db()
    assert world.csa.status == "pilot"
    assert (AllianceStatusChange.objects.count(), AuditEntry.objects.count()) == before
    moved = client.post("/en/alliances/CSA/status/established/", {"comment": "误记为试点，予以更正。"})
    assert moved.status_code == 302
    change = AllianceStatusChange.objects.filter(alliance=world.csa).latest("pk")
    assert (change.old_status, change.new_status, change.comment) == (
        "pilot",
        "established",
        "误记为试点，予以更正。",
    )


def test_status_change_refused_for_secretariat_pilot(world: Any) -> None:
    before = AuditEntry.objects.count()
    client = client_for(world, "secretariat")
    assert client.get("/alliances/CSA/status/pilot/").status_code == 403
    assert client.post("/alliances/CSA/status/pilot/", {"comment": "x"}).status_code == 403
    world.csa.refresh_from_db()
    assert world.csa.status == "established"
    assert AuditEntry.objects.count() == before


# --- alliance forms ------------------------------------------------------------------------------


def alliance_post(**overrides: str) -> dict[str, str]:
    data = {
        "code": "SDN",
        "name_zh": "山东新能源产业技术创新战略联盟",
        "name_en": "",
        "short_name_zh": "",
        "short_name_en": "",
        "key_area": "energy",
        "emerging_industry": "",
        "industry": "D",
        "scope": "regional",
        "province": "37",
        "founded_on": "2020-05-01",
        "host_unit": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_provincial_officer_creates_regional_alliance(world: Any) -> None:
    response = client_for(world, "provincial_officer").post(
        "/alliances/new/", alliance_post(host_unit=world.sd_org.uscc)
    )
    assert response.status_code == 302
    assert response["Location"] == "/alliances/SDN/"
    created = Alliance.objects.get(code="SDN")
    assert (created.status, created.province, created.host_unit) == ("forming", "37", world.sd_org)


def test_creating_an_alliance_says_so_once(world: Any) -> None:
    client = client_for(world, "provincial_officer")
    page = client.post(
        "/alliances/new/", alliance_post(host_unit=world.sd_org.uscc), follow=True
    ).content.decode()
    assert (
        '<div class="alert alert-success" role="alert">联盟 SDN 已登记：山东新能源产业技术创新战略联盟。</div>'
        in page
    )
    assert "alert-success" not in client.get("/alliances/SDN/").content.decode()  # shown once


def test_alliance_form_shows_service_errors_next_to_fields(world: Any) -> None:
    response = client_for(world, "national_officer").post(
        "/alliances/new/", alliance_post(scope="national", province="37", key_area="", code="bad code")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_province-errors"' in html
    assert "全国性联盟不填写省份。" in html
    assert 'id="id_key_area-errors"' in html
    assert 'data-testid="form-errors"' in html
    assert not Alliance.objects.filter(name_zh="山东新能源产业技术创新战略联盟").exists()


def test_alliance_create_denied(world: Any) -> None:
    before = (Alliance.objects.count(), AuditEntry.objects.count())
    assert client_for(world, "secretariat").post("/alliances/new/", alliance_post()).status_code == 403
    response = client_for(world, "anonymous").post("/alliances/new/", alliance_post())
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert (Alliance.objects.count(), AuditEntry.objects.count()) == before


def test_secretariat_edits_alliance(world: Any) -> None:
    client = client_for(world, "secretariat")
    page = client.get("/alliances/CSA/edit/").content.decode()
    assert 'value="半导体照明产业技术创新战略联盟"' in page
    assert 'name="founded_on" value="2004-10-01"' in page
    data = alliance_post(
        code="CSA",
        name_zh="半导体照明联盟",
        scope="national",
        province="",
        industry="C",
        host_unit=world.member_a.uscc,
        key_area="energy",
        emerging_industry="new_materials",
        founded_on="2004-10-01",
    )
    assert client.post("/alliances/CSA/edit/", data).status_code == 302
    world.csa.refresh_from_db()
    assert world.csa.name_zh == "半导体照明联盟"


def test_edit_denied_for_council_member(world: Any) -> None:
    client = client_for(world, "council_member")
    assert client.get("/alliances/CSA/edit/").status_code == 403
    assert client.post("/alliances/CSA/edit/", alliance_post(code="CSA")).status_code == 403
    world.csa.refresh_from_db()
    assert world.csa.name_zh == "半导体照明产业技术创新战略联盟"


# --- organisations -------------------------------------------------------------------------------


def test_organisation_list_search_by_code(world: Any) -> None:
    html = (
        client_for(world, "national_officer")
        .get("/organisations/", {"q": "914403001922038216"})
        .content.decode()
    )
    assert rows(html, "organisation-row") == 1
    assert "甲公司" in html


def test_organisation_page_contacts_only_for_those_allowed(world: Any) -> None:
    url = f"/organisations/{world.member_b.uscc}/"
    rep = world.member_b.legal_representative
    public = client_for(world, "anonymous").get(url).content.decode()
    assert '<h1 class="page-title">乙大学</h1>' in public
    assert rep.email not in public
    assert 'data-testid="membership-row"' in public
    contact = client_for(world, "member_contact").get(url).content.decode()
    assert rep.email in contact
    assert 'data-testid="edit-organisation"' in contact


def test_bad_organisation_code_names_the_failed_check(world: Any) -> None:
    response = client_for(world, "national_officer").post(
        "/organisations/new/", org_post_data(uscc=BAD_ORG_CODE, province="44", region_code="440300")
    )
    html = response.content.decode()
    assert 'id="id_uscc-errors"' in html
    assert "组织机构代码校验（第 17 位，GB 11714）未通过；应为 1。" in html
    assert 'data-testid="uscc-confirm"' not in html
    assert not Organisation.objects.filter(uscc=BAD_ORG_CODE).exists()


def test_check_character_failure_offers_confirmation_to_officer_only(world: Any) -> None:
    officer = (
        client_for(world, "provincial_officer").post("/organisations/new/", org_post_data()).content.decode()
    )
    assert "校验码（第 18 位，GB 32100）未通过；应为 1。" in officer
    assert 'data-testid="uscc-confirm"' in officer
    assert 'name="uscc_confirmation_reason"' in officer
    secretariat = (
        client_for(world, "secretariat").post("/organisations/new/", org_post_data()).content.decode()
    )
    assert "校验码（第 18 位，GB 32100）未通过；应为 1。" in secretariat
    assert 'data-testid="uscc-confirm"' not in secretariat
    # A reason smuggled in by a non-officer is ignored: the code is still refused.
    smuggled = client_for(world, "secretariat").post(
        "/organisations/new/", org_post_data(uscc_confirmation_reason="我看过营业执照")
    )
    assert smuggled.status_code == 200
    assert not Organisation.objects.filter(uscc=SD_CODE_BAD_CHECK).exists()


def test_officer_confirms_code_manually(world: Any) -> None:
    response = client_for(world, "provincial_officer").post(
        "/organisations/new/", org_post_data(uscc_confirmation_reason="已核对营业执照原件")
    )
    assert response.status_code == 302
    org = Organisation.objects.get(uscc=SD_CODE_BAD_CHECK)
    assert (org.uscc_confirmed_reason, org.uscc_confirmed_by) == (
        "已核对营业执照原件",
        world.user("provincial_officer"),
    )
    assert org.legal_representative.name_zh == "王五"
    actions = list(AuditEntry.objects.filter(object_id=str(org.pk)).values_list("action", flat=True))
    assert actions == ["registry.organisation.created", "registry.organisation.uscc_confirmed"]


def test_edit_organisation_with_bad_code_saves_nothing(world: Any) -> None:
    client = client_for(world, "national_officer")
    url = f"/organisations/{world.member_a.uscc}/edit/"
    page = client.get(url).content.decode()
    assert 'id="organisation-form"' in page
    assert 'value="甲公司"' in page
    data = org_post_data(uscc=BAD_ORG_CODE, name_zh="甲公司", province="44", region_code="440300")
    before = AuditEntry.objects.count()
    html = client.post(url, data).content.decode()
    assert "GB 11714" in html
    assert f'value="{BAD_ORG_CODE}"' in html
    world.member_a.refresh_from_db()
    assert world.member_a.uscc == "914403001922038216"
    assert AuditEntry.objects.count() == before


def test_organisation_edit_denied_for_expert(world: Any) -> None:
    url = f"/organisations/{world.member_a.uscc}/edit/"
    client = client_for(world, "expert")
    assert client.get(url).status_code == 403
    assert client.post(url, org_post_data(name_zh="改名")).status_code == 403
    world.member_a.refresh_from_db()
    assert world.member_a.name_zh == "甲公司"


def test_dossier_download_link_only_for_those_who_keep_the_record(world: Any) -> None:
    link = 'href="/api/dossiers/CSA" download="CSA-dossier.json"'
    assert link in client_for(world, "secretariat").get("/alliances/CSA/").content.decode()
    assert link not in client_for(world, "council_member").get("/alliances/CSA/").content.decode()
    response = client_for(world, "secretariat").get("/api/dossiers/CSA")
    assert (response.status_code, response.json()["alliance"]["code"]) == (200, "CSA")


def test_excel_export_never_writes_formulas(world: Any) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from itisa.registry.services import OrganisationInput, organisation_update

    organisation_update(
        by=world.user("national_officer"),
        organisation=world.member_b,
        data=OrganisationInput(name_en='=HYPERLINK("http://x","x")'),
    )
    data = (
        client_for(world, "national_officer")
        .get("/en/organisations/export.xlsx?q=12100000400000624D")
        .content
    )
    ws = load_workbook(BytesIO(data)).active
    cell = ws.cell(row=2, column=3)
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("http://x","x")', "s")


def test_alliance_list_varies_on_htmx_header(world: Any) -> None:
    response = Client().get("/alliances/")
    assert "HX-Request" in response["Vary"]


def test_one_bad_filter_keeps_the_others(world: Any) -> None:
    html = Client().get("/alliances/?q=半导体&status=bogus").content.decode()
    assert rows(html, "alliance-row") == 1


def test_live_search_updates_the_export_link(world: Any) -> None:
    html = Client().get("/alliances/?q=CSA", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="alliance-export" hx-swap-oob="true"' in html
    assert 'href="/alliances/export.xlsx?q=CSA"' in html
