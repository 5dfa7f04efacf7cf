"""Shared pages: home, login and throttling, language switch, audit history, API tokens, CSRF."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from itisa.accounts.models import ApiToken
from itisa.accounts.services import api_token_authenticate
from itisa.audit.models import AuditEntry
from itisa.registry.services import AllianceInput, OrganisationInput, alliance_update, organisation_update

pytestmark = pytest.mark.django_db


def client_for(world: Any, persona: str) -> Client:
    client = Client()
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    return client


def test_home_for_the_public(world: Any) -> None:
    html = client_for(world, "anonymous").get("/").content.decode()
    assert 'data-testid="public-total">1<' in html
    assert 'data-testid="my-alliances"' not in html
    assert 'data-testid="chart-status"' not in html
    assert 'data-testid="login-link"' in html
    assert "国科发政〔2008〕770号" in html
    assert 'data-testid="nav-new-alliance"' not in html


def test_home_lists_my_alliances(world: Any) -> None:
    html = client_for(world, "secretariat").get("/").content.decode()
    assert html.count('data-testid="my-alliance-row"') == 1
    assert "半导体照明产业技术创新战略联盟" in html
    assert 'data-testid="current-user">secretariat<' in html
    assert 'data-testid="nav-new-organisation"' in html
    assert 'data-testid="nav-new-alliance"' not in html


def test_home_charts_for_officers(world: Any) -> None:
    html = client_for(world, "national_officer").get("/en/").content.decode()
    assert 'data-testid="chart-status"' in html
    assert 'data-testid="chart-province"' in html
    assert '<span class="itisa-bar-label">Shandong</span>' in html
    assert 'aria-label="Forming: 1"' in html
    assert 'aria-label="Established: 1"' in html
    assert 'data-testid="nav-new-alliance"' in html


def test_login_and_logout(world: Any) -> None:
    client = Client()
    page = client.get("/login/").content.decode()
    assert 'id="login-form"' in page and 'id="id_username"' in page and 'id="id_password"' in page
    response = client.post("/login/", {"username": "expert", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert 'data-testid="current-user">expert<' in client.get("/").content.decode()
    client.post("/logout/")
    assert 'data-testid="login-link"' in client.get("/").content.decode()


def test_failed_login_shows_error_and_lockout(world: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    bad = client.post("/login/", {"username": "expert", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert bad.status_code == 200
    assert 'class="alert alert-danger"' in bad.content.decode()
    locked = client.post("/login/", {"username": "expert", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert 'data-testid="lockout"' in locked.content.decode()
    still = client.post(
        "/login/", {"username": "expert", "password": "correct-horse-battery"}, REMOTE_ADDR="10.0.0.1"
    )
    assert 'data-testid="lockout"' in still.content.decode()


def test_language_switch_gives_english(world: Any) -> None:
    client = Client()
    zh = client.get("/alliances/").content.decode()
    assert '<html lang="zh-hans">' in zh
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/alliances/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/alliances/"
    en = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in en
    assert 'data-testid="nav-alliances">Alliances<' in en
    assert 'data-testid="lang-en"' in en and 'data-testid="lang-zh"' in en


def test_post_without_csrf_token_is_refused(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("national_officer"))
    before = AuditEntry.objects.count()
    response = client.post("/alliances/SDC/status/established/", {"comment": "x"})
    assert response.status_code == 403
    world.sdc.refresh_from_db()
    assert world.sdc.status == "forming"
    assert AuditEntry.objects.count() == before
    assert client.post("/i18n/setlang/", {"language": "en"}).status_code == 403


def test_audit_history_for_editor(world: Any) -> None:
    alliance_update(
        by=world.user("secretariat"), alliance=world.csa, data=AllianceInput(website="https://csa.example.cn")
    )
    html = (
        client_for(world, "secretariat").get(f"/en/audit/registry.alliance/{world.csa.pk}/").content.decode()
    )
    assert html.count('data-testid="audit-row"') == 1
    assert "<td>Alliance updated</td>" in html
    assert '<span class="text-secondary">Website</span> — → https://csa.example.cn' in html
    assert "<td>secretariat</td>" in html


def test_audit_history_shows_field_labels_and_choice_labels_in_chinese(world: Any) -> None:
    alliance_update(
        by=world.user("national_officer"), alliance=world.csa, data=AllianceInput(key_area="manufacturing")
    )
    html = (
        client_for(world, "national_officer")
        .get(f"/audit/registry.alliance/{world.csa.pk}/")
        .content.decode()
    )
    assert '<span class="text-secondary">《规划纲要》重点领域</span> 能源 → 制造业' in html


def test_audit_history_is_paginated_oldest_first(world: Any) -> None:
    officer = world.user("national_officer")
    org = world.member_a
    for n in range(60):
        org = organisation_update(by=officer, organisation=org, data=OrganisationInput(address=f"地址{n}"))
    url = f"/en/audit/registry.organisation/{org.pk}/"
    client = client_for(world, "national_officer")
    first = client.get(url).content.decode()
    assert first.count('data-testid="audit-row"') == 50
    assert first.index(
        '<span class="text-secondary">Address</span> <span lang="zh-Hans">北京市海淀区 → 地址0<'
    ) < first.index("地址48 → 地址49<")
    assert "地址49 → 地址50<" not in first
    assert 'href="?page=2" data-testid="page-next"' in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert second.count('data-testid="audit-row"') == 10
    assert "Page 2 of 2" in second
    assert 'href="?page=1" data-testid="page-prev"' in second
    assert 'data-testid="page-next"' not in second
    assert second.index(
        '<span class="text-secondary">Address</span> <span lang="zh-Hans">地址49 → 地址50<'
    ) < second.index("地址58 → 地址59<")
    assert "地址48 → 地址49<" not in second


def test_audit_history_shows_a_move_without_its_seal(world: Any) -> None:
    """The entry seals the history row it wrote (for ``audit verify``); the page shows only the move."""
    from itisa.registry.services import alliance_change_status

    alliance_change_status(
        by=world.user("national_officer"), alliance=world.sdc, new_status="established", comment="批准成立"
    )
    assert sorted(AuditEntry.objects.get().data) == ["comment", "from", "sealed", "to"]
    html = (
        client_for(world, "national_officer")
        .get(f"/en/audit/registry.alliance/{world.sdc.pk}/")
        .content.decode()
    )
    rows = html.split('data-testid="audit-row"')[1]
    assert '<span class="text-secondary">Comment</span> <span lang="zh-Hans">批准成立</span>' in rows
    assert '<span class="text-secondary">Status</span> Forming → Established' in rows
    assert ("sealed" in rows, "registry_alliancestatuschange" in rows) == (False, False)
    zh = (
        client_for(world, "national_officer")
        .get(f"/audit/registry.alliance/{world.sdc.pk}/")
        .content.decode()
    )
    assert '<span class="text-secondary">状态</span> 组建中 → 已成立' in zh
    assert '<span class="text-secondary">说明</span> 批准成立' in zh
    assert ">from<" not in zh and ">to<" not in zh and "forming" not in zh and "established" not in zh


def test_audit_history_names_notification_kinds_recipients_and_the_system(world: Any) -> None:
    """A notification's entry on the alliance: its kind's label, the recipients by name, the system as actor."""
    from itisa.notifications.services import notify

    council = world.user("council_member")
    council.display_name, council.first_name, council.last_name = "", "理事", "李"
    council.save(update_fields=["display_name", "first_name", "last_name"])
    notify(recipients=[council, world.user("secretariat")], kind="governance.meeting.notice",
           subject="会议通知", body="理事会开会。", url="/", alliance=world.csa, by=None)  # fmt: skip
    zh = (
        client_for(world, "national_officer")
        .get(f"/audit/registry.alliance/{world.csa.pk}/")
        .content.decode()
    )
    row = zh.split('data-testid="audit-row"')[-1].split("</tr>")[0]
    assert "<td>系统</td>" in row and "<td>system</td>" not in row
    assert '<span class="text-secondary">类别</span> 会议通知' in row
    assert '<span class="text-secondary">收件人</span> 理事 李、secretariat' in row
    assert "governance.meeting.notice" not in row and "council_member" not in row and "[" not in row
    en = (
        client_for(world, "national_officer")
        .get(f"/en/audit/registry.alliance/{world.csa.pk}/")
        .content.decode()
    )
    row = en.split('data-testid="audit-row"')[-1].split("</tr>")[0]
    assert "<td>System</td>" in row
    assert '<span class="text-secondary">Kind</span> Meeting notice' in row
    assert (
        '<span class="text-secondary">Recipients</span> <span lang="zh-Hans">理事 李, secretariat</span>'
        in row
    )


def test_audit_history_denied_for_non_editor(world: Any) -> None:
    assert (
        client_for(world, "council_member").get(f"/audit/registry.alliance/{world.csa.pk}/").status_code
        == 403
    )
    assert client_for(world, "outsider").get(f"/audit/registry.alliance/{world.sdc.pk}/").status_code == 404
    assert client_for(world, "national_officer").get("/audit/accounts.user/1/").status_code == 404
    org = world.member_a
    assert client_for(world, "expert").get(f"/audit/registry.organisation/{org.pk}/").status_code == 403
    assert (
        client_for(world, "national_officer").get(f"/audit/registry.organisation/{org.pk}/").status_code
        == 200
    )


def test_token_create_shows_secret_once_and_revoke(world: Any) -> None:
    client = client_for(world, "expert")
    html = client.post("/tokens/", {"name": "脚本"}).content.decode()
    token = ApiToken.objects.get(user=world.user("expert"))
    start = html.index('data-testid="token-secret">') + len('data-testid="token-secret">')
    secret = html[start : html.index("<", start)]
    assert api_token_authenticate(secret) == world.user("expert")
    again = client.get("/tokens/").content.decode()
    assert secret not in again
    assert again.count('data-testid="token-row"') == 1
    confirm = client.get(f"/tokens/{token.pk}/revoke/")
    assert 'data-testid="token-revoke-confirm"' in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(f"/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(secret) is None


def test_cannot_revoke_someone_elses_token(world: Any) -> None:
    client_for(world, "expert").post("/tokens/", {"name": "mine"})
    token = ApiToken.objects.get(user=world.user("expert"))
    assert client_for(world, "secretariat").post(f"/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_error_pages_use_the_layout(world: Any, settings: Any) -> None:
    settings.DEBUG = False
    missing = client_for(world, "anonymous").get("/alliances/NOPE/")
    assert missing.status_code == 404
    assert 'data-testid="error-404"' in missing.content.decode()
    denied = client_for(world, "council_member").get("/alliances/CSA/edit/")
    assert 'data-testid="error-403"' in denied.content.decode()
    assert "Only the alliance&#x27;s secretariat and the competent officers may edit this alliance." in (
        client_for(world, "council_member").get("/en/alliances/CSA/edit/").content.decode()
    )


def test_audit_history_of_a_membership(world: Any) -> None:
    from itisa.membership.models import Membership
    from itisa.membership.services import membership_change_rank

    m = Membership.objects.get(alliance=world.csa, organisation=world.member_b)
    membership_change_rank(by=world.user("secretariat"), membership=m, rank="vice_chair")
    html = client_for(world, "secretariat").get(f"/en/audit/membership.membership/{m.pk}/").content.decode()
    assert html.count('data-testid="audit-row"') == 1
    assert "<td>Member rank changed</td>" in html
    assert '<span class="text-secondary">Rank</span> Council member unit → Vice-chair unit' in html
    rows = html.split('data-testid="audit-row"')[1]
    assert ">from<" not in rows and "vice_chair" not in rows
    assert client_for(world, "expert").get(f"/audit/membership.membership/{m.pk}/").status_code == 403


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/alliances/?q=x", "/alliances/?q=x"),
        ("/alliances/", "/alliances/"),
        ("/en/", "/"),
        ("/english/", "/english/"),
    ],
)
def test_language_neutral_path(path: str, expected: str) -> None:
    from itisa.web.context_processors import language_neutral_path

    assert language_neutral_path(path) == expected


def test_switching_back_to_chinese_from_an_english_page(db) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/alliances/"})
    page = client.get("/en/alliances/").content.decode()
    assert 'name="next" value="/alliances/"' in page
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/alliances/"})
    assert response["Location"] == "/alliances/"
    assert '<html lang="zh-hans">' in client.get("/alliances/").content.decode()


def test_the_language_switch_also_sets_a_logged_in_users_preferred_language(world: Any) -> None:
    user = world.user("expert")
    client = Client()
    client.force_login(user)
    before = AuditEntry.objects.count()
    to_en = client.post("/language/", {"language": "en", "next": "/alliances/"})
    assert (to_en.status_code, to_en["Location"]) == (302, "/en/alliances/")
    user.refresh_from_db()
    assert user.preferred_language == "en"
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (AuditEntry.objects.count(), entry.action, entry.data) == (
        before + 1,
        "accounts.user.language_set",
        {"language": "en"},
    )
    again = client.post("/en/language/", {"language": "en", "next": "/alliances/"})
    assert again["Location"] == "/en/alliances/"
    assert AuditEntry.objects.count() == before + 1  # the same choice writes nothing
    back = client.post("/en/language/", {"language": "zh-hans", "next": "/alliances/"})
    assert back["Location"] == "/alliances/"
    user.refresh_from_db()
    assert user.preferred_language == "zh-hans"


def test_the_language_switch_of_a_visitor_or_with_a_bad_code_changes_no_account(world: Any) -> None:
    before = AuditEntry.objects.count()
    visitor = Client().post("/language/", {"language": "en", "next": "/alliances/"})
    assert (visitor.status_code, visitor["Location"]) == (302, "/en/alliances/")
    user = world.user("expert")
    client = Client()
    client.force_login(user)
    client.post("/language/", {"language": "fr", "next": "/alliances/"})
    user.refresh_from_db()
    assert user.preferred_language == "zh-hans"
    assert AuditEntry.objects.count() == before
