"""The invitation pages (list with filters and pages, create, resend and revoke confirmed first, accept with
sign-in or sign-up), the navigation link, the API and the command."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from itisa.accounts.models import RoleAssignment, User
from itisa.audit.models import AuditEntry
from itisa.invitations.models import Invitation
from itisa.invitations.tests.conftest import NOW, counts, invite

pytestmark = pytest.mark.usefixtures("clock")


def test_the_list_filters_pages_and_costs_a_fixed_number_of_queries(
    world: Any, client: Any, django_assert_max_num_queries: Any, clock: Any
) -> None:
    invite(world)
    client.force_login(world.user("secretariat"))
    with django_assert_max_num_queries(12) as one:
        html = client.get("/en/invitations/").content.decode()
    assert html.count('data-testid="invitation-row"') == 1
    assert "wang.wu@example.com" in html and "China Solid State Lighting Alliance (CSA)" in html
    assert 'data-testid="nav-invitations"' in html
    for i in range(30):
        invite(world, email=f"p{i}@example.com", role="expert", days=1 if i < 5 else 14)
    invite(
        world, persona="national_officer", alliance="SDC", email="sdc@example.com"
    )  # not the secretariat's
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get("/en/invitations/").content.decode()
    assert html.count('data-testid="invitation-row"') == 25
    assert client.get("/en/invitations/?page=2").content.decode().count('data-testid="invitation-row"') == 6
    clock.move_to(NOW + dt.timedelta(days=2))
    client.force_login(world.user("secretariat"))  # the session of two days ago has lapsed
    html = client.get("/en/invitations/?status=expired").content.decode()
    assert (
        html.count('data-testid="invitation-row"') == 5
        and '<td data-testid="invitation-status">Expired' in html
    )
    pending = client.get("/en/invitations/?status=pending&page=2").content.decode()  # 26: 25 and 1
    assert pending.count('data-testid="invitation-row"') == 1 and "Page 2 of 2" in pending
    assert 'href="?status=pending&amp;page=1"' in pending
    assert (
        client.get("/en/invitations/?status=accepted").content.decode().count('data-testid="invitation-row"')
        == 0
    )
    assert 'data-testid="filter-errors"' in client.get("/en/invitations/?status=nope").content.decode()
    client.force_login(world.user("national_officer"))
    assert (
        client.get("/en/invitations/?alliance=SDC").content.decode().count('data-testid="invitation-row"')
        == 1
    )
    client.force_login(world.user("council_member"))
    response = client.get("/en/invitations/")
    assert response.status_code == 403
    assert 'data-testid="nav-invitations"' not in client.get("/en/").content.decode()
    client.logout()
    assert client.get("/en/invitations/")["Location"] == "/en/login/?next=/en/invitations/"


def test_create_through_the_page(world: Any, client: Any) -> None:
    client.force_login(world.user("secretariat"))
    html = client.get("/en/invitations/new/").content.decode()
    assert '<option value="CSA">CSA 半导体照明产业技术创新战略联盟</option>' in html
    assert 'value="provincial_officer"' not in html and 'value="council_member"' in html
    form = {
        "email": "not-an-address",
        "role": "council_member",
        "alliance": "CSA",
        "days": "14",
        "language": "en",
    }
    before = counts()
    response = client.post("/en/invitations/new/", form)
    assert response.status_code == 200 and counts() == before
    assert "Enter a valid e-mail address." in response.content.decode()
    assert 'aria-describedby="id_email-errors"' in response.content.decode()
    response = client.post("/en/invitations/new/", {**form, "email": "wang.wu@example.com"})
    assert response.status_code == 302 and response["Location"] == "/en/invitations/"
    assert Invitation.objects.get().invited_by == world.user("secretariat")
    response = client.post("/en/invitations/new/", {**form, "email": "wang.wu@example.com"})
    assert (
        "already has a pending invitation to this role; send it again instead." in response.content.decode()
    )
    client.force_login(world.user("member_contact"))
    assert client.get("/en/invitations/new/").status_code == 403


def test_revoke_and_resend_are_confirmed_first(world: Any, client: Any) -> None:
    invitation, secret = invite(world)
    client.force_login(world.user("secretariat"))
    url = f"/en/invitations/{invitation.pk}/revoke/"
    assert 'data-testid="confirmation"' in client.get(url).content.decode()
    response = client.post(url, {})
    assert response.status_code == 200 and 'data-testid="confirmation"' in response.content.decode()
    assert Invitation.objects.get().status == "pending"
    assert client.post(url, {"confirmed": "1"})["Location"] == "/en/invitations/"
    assert Invitation.objects.get().status == "revoked"
    assert client.get(f"/en/invitations/accept/{secret}/").status_code == 410
    again, _s = invite(world)
    url = f"/en/invitations/{again.pk}/resend/"
    response = client.post(url, {"days": "5"})
    assert 'data-testid="confirmation"' in response.content.decode()
    assert Invitation.objects.get(pk=again.pk).sent_at == NOW and AuditEntry.objects.filter(
        action="invitations.invitation.resent").count() == 0  # fmt: skip
    assert client.post(url, {"days": "5", "confirmed": "1"}).status_code == 302
    assert Invitation.objects.get(pk=again.pk).expires_at == NOW + dt.timedelta(days=5)
    client.force_login(world.user("council_member"))
    assert client.get(url).status_code == 404  # not among the invitations it may see
    assert client.get("/en/invitations/999/revoke/").status_code == 404


def test_the_accept_page_signed_in(world: Any, client: Any) -> None:
    invitation, secret = invite(world)
    url = f"/en/invitations/accept/{secret}/"
    client.force_login(world.user("outsider"))
    html = client.get(url).content.decode()
    assert '<dd class="col-sm-9" data-testid="invitation-role">Council member</dd>' in html
    assert "29 Sep 2026 10:00" in html and 'data-testid="accept"' in html
    response = client.post(url, {})
    assert response.status_code == 302 and response["Location"] == "/en/alliances/CSA/"
    assert RoleAssignment.objects.filter(user=world.user("outsider"), role="council_member").count() == 1
    response = client.get(url)
    assert response.status_code == 410
    assert "This invitation has already been accepted; it works once." in response.content.decode()
    assert client.get("/en/invitations/accept/inv_nothing/").status_code == 404


def test_the_accept_page_refuses_when_the_inviter_lost_the_role(world: Any, client: Any) -> None:
    _invitation, secret = invite(world)
    RoleAssignment.objects.filter(user=world.user("secretariat")).delete()
    client.force_login(world.user("outsider"))
    before = counts()
    response = client.post(f"/en/invitations/accept/{secret}/", {})
    assert response.status_code == 200 and counts() == before
    assert "The person who invited you may no longer grant this role" in response.content.decode()


def test_the_accept_page_signs_up(world: Any, client: Any, clock: Any) -> None:
    _invitation, secret = invite(world)
    url = f"/en/invitations/accept/{secret}/"
    html = client.get(url).content.decode()
    assert (
        f'href="/en/login/?next=/en/invitations/accept/{secret}/"' in html and 'data-testid="signup"' in html
    )
    form = {"username": "wangwu", "display_name": "王五", "password": "short", "password_again": "short"}
    before = counts()
    response = client.post(url, form)
    assert response.status_code == 200 and counts() == before
    assert "This password is too short." in response.content.decode()
    good = {**form, "password": "a-long-passphrase-9", "password_again": "a-long-passphrase-9"}
    response = client.post(url, good)
    assert response.status_code == 302 and response["Location"] == "/en/alliances/CSA/"
    user = User.objects.get(username="wangwu")
    assert user.email == "wang.wu@example.com" and user.roles.get().role == "council_member"
    assert client.get("/en/invitations/").status_code == 403  # signed in now, as a council member
    clock.move_to(NOW + dt.timedelta(days=20))
    _late, late_secret = invite(world, role="expert", days=1)
    clock.move_to(NOW + dt.timedelta(days=22))
    response = client.get(f"/en/invitations/accept/{late_secret}/")
    assert (
        response.status_code == 410
        and "This invitation has expired; ask for a new one." in response.content.decode()
    )


def test_the_api(world: Any, client: Any) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(world.user("secretariat"))
    body = {"email": "wang.wu@example.com", "role": "legal_representative", "alliance": "CSA",
            "organisation": world.member_b.uscc, "days": 7, "language": "en"}  # fmt: skip
    response = client.post("/api/invitations", body, content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    assert {k: created[k] for k in ("email", "role", "alliance", "organisation", "status", "invited_by")} == {
        "email": "wang.wu@example.com", "role": "legal_representative", "alliance": "CSA",
        "organisation": "12100000400000624D", "status": "pending", "invited_by": "secretariat"}  # fmt: skip
    assert (
        created["expires_at"] == "2026-09-22T02:00:00Z" and "token" not in created and "digest" not in created
    )
    response = client.post("/api/invitations", body, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    response = client.post("/api/invitations", {**body, "email": "x"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["fields"] == {
        "email": ["Enter a valid e-mail address."]
    }
    before = counts()
    response = client.post("/api/invitations", {**body, "alliance": "SDC", "organisation": world.sd_org.uscc},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 403 and counts() == before
    assert response.json() == {"code": "permission_denied", "fields": {},
                               "message": "Only the alliance's secretariat invites people to its roles."}  # fmt: skip
    assert [x["email"] for x in client.get("/api/invitations?status=pending").json()] == [
        "wang.wu@example.com"
    ]
    assert client.get("/api/invitations?status=accepted").json() == []
    pk = created["id"]
    response = client.post(f"/api/invitations/{pk}/resend", {"days": 3}, content_type="application/json")
    assert response.status_code == 200 and response.json()["expires_at"] == "2026-09-18T02:00:00Z"
    client.force_login(world.user("council_member"))
    assert client.get("/api/invitations").status_code == 403
    assert client.post(f"/api/invitations/{pk}/revoke").status_code == 404
    # accepting needs the secret, which only the e-mail carries: take a new one through the service
    _inv, secret = invite(world, email="other@example.com")
    client.force_login(world.user("outsider"))
    response = client.post("/api/invitations/accept", {"token": secret}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["accepted_by"]) == ("accepted", "outsider")
    before = counts()
    response = client.post("/api/invitations/accept", {"token": secret}, content_type="application/json")
    assert (
        response.status_code == 409 and response.json()["code"] == "invalid_transition" and counts() == before
    )
    response = client.post(
        "/api/invitations/accept", {"token": "inv_unknown"}, content_type="application/json"
    )
    assert response.status_code == 404
    client.force_login(world.user("secretariat"))
    response = client.post(f"/api/invitations/{pk}/revoke")
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert client.post(f"/api/invitations/{pk}/revoke").status_code == 409
    client.logout()
    assert client.get("/api/invitations").status_code == 401
    assert (
        client.post("/api/invitations/accept", {"token": secret}, content_type="application/json").status_code
        == 401
    )


def test_the_command(world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invitation", "create", "li@example.com", "provincial_officer", "--province", "37",
                     "--as", "provincial_officer", "--language", "en", stdout=out)  # fmt: skip
    pk = Invitation.objects.get().pk
    assert out.getvalue() == f"Invitation {pk} sent to li@example.com.\n" and len(mailoutbox) == 1
    before = counts()
    with pytest.raises(CommandError, match="You may not invite anyone to this role in this scope."):
        call_command("invitation", "create", "li@example.com", "provincial_officer", "--province", "44",
                     "--as", "provincial_officer")  # fmt: skip
    assert counts() == before
    call_command(
        "invitation", "create", "zhao@example.com", "secretariat", "--alliance", "CSA", stdout=io.StringIO()
    )
    assert Invitation.objects.get(email="zhao@example.com").invited_by is None  # the operator, as the system
    out = io.StringIO()
    call_command("invitation", "list", "--json", stdout=out)
    docs = json.loads(out.getvalue())
    assert [(d["email"], d["role"], d["status"], d["invited_by"]) for d in docs] == [
        ("zhao@example.com", "secretariat", "pending", ""),
        ("li@example.com", "provincial_officer", "pending", "provincial_officer"),
    ]
    call_command("invitation", "resend", str(pk), "--days", "2", stdout=io.StringIO())
    assert Invitation.objects.get(pk=pk).expires_at == NOW + dt.timedelta(days=2)
    out = io.StringIO()
    call_command("invitation", "revoke", str(pk), "--as", "provincial_officer", stdout=out)
    assert out.getvalue() == f"Invitation {pk} revoked.\n"
    out = io.StringIO()
    call_command("invitation", "list", "--status", "revoked", stdout=out)
    assert "li@example.com" in out.getvalue() and "zhao@example.com" not in out.getvalue()
    with pytest.raises(CommandError, match="No invitation 999."):
        call_command("invitation", "revoke", "999")
    with pytest.raises(CommandError, match="This invitation is no longer pending."):
        call_command("invitation", "revoke", str(pk))


def test_the_admin_only_reads_and_hides_the_digest(world: Any, rf: Any, admin_client: Any) -> None:
    from django.contrib import admin

    invitation, _secret = invite(world)
    model_admin = admin.site._registry[Invitation]
    request = rf.get("/admin/")
    assert (model_admin.has_add_permission(request), model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request)) == (False, False, False)  # fmt: skip
    html = admin_client.get(f"/admin/invitations/invitation/{invitation.pk}/change/").content.decode()
    assert "wang.wu@example.com" in html and invitation.digest not in html
