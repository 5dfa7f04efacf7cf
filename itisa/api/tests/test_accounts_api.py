"""/me, tokens, bearer-token authentication and CSRF on session writes."""

from __future__ import annotations

from django.test import Client

from itisa.accounts.models import ApiToken
from itisa.accounts.services import api_token_create, api_token_revoke
from itisa.audit.models import AuditEntry
from itisa.registry.models import Alliance


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_me_lists_roles_with_scopes(world, as_persona) -> None:
    assert as_persona("member_contact").get("/me").json() == {
        "username": "member_contact",
        "display_name": "member_contact",
        "roles": [
            {
                "role": "member_contact",
                "scope": "alliance",
                "alliance": "CSA",
                "organisation": "12100000400000624D",
                "province": "",
                "industry": "",
            }
        ],
    }
    assert as_persona("provincial_officer").get("/me").json()["roles"] == [
        {
            "role": "provincial_officer",
            "scope": "province",
            "alliance": None,
            "organisation": None,
            "province": "37",
            "industry": "",
        }
    ]
    assert as_persona("outsider").get("/me").json()["roles"] == []
    assert as_persona("anonymous").get("/me").status_code == 401


def test_token_create_list_revoke(world, as_persona) -> None:
    api = as_persona("secretariat")
    created = api.post("/tokens", {"name": "脚本"})
    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["secret"][:6], body["prefix"], body["revoked_at"]) == (
        "脚本",
        "itisa_",
        body["secret"][:12],
        None,
    )
    listed = api.get("/tokens").json()
    assert [(t["id"], t["name"]) for t in listed] == [(body["id"], "脚本")]
    assert "secret" not in listed[0]
    revoked = api.delete(f"/tokens/{body['id']}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert ApiToken.objects.get(pk=body["id"]).revoked_at is not None  # kept, as revoked
    assert list(
        AuditEntry.objects.filter(object_type="accounts.apitoken").values_list("action", flat=True)
    ) == ["accounts.token.created", "accounts.token.revoked"]


def test_token_refusals(world, as_persona) -> None:
    token, _secret = api_token_create(by=world.user("secretariat"), name="mine")
    before = AuditEntry.objects.count()
    assert as_persona("expert").delete(f"/tokens/{token.pk}").status_code == 404  # not the expert's token
    assert as_persona("anonymous").post("/tokens", {"name": "x"}).status_code == 401
    empty = as_persona("expert").post("/tokens", {"name": "  "})
    assert (empty.status_code, empty.json()["fields"]) == (422, {"name": ["This field is required."]})
    token.refresh_from_db()
    assert token.revoked_at is None
    assert AuditEntry.objects.count() == before


def test_bearer_token_valid_revoked_wrong(world) -> None:
    token, secret = api_token_create(by=world.user("provincial_officer"), name="ci")
    client = Client()
    # valid: sees the forming regional alliance of its province, and may write
    assert client.get("/api/alliances/SDC", **_bearer(secret)).status_code == 200
    response = client.patch(
        "/api/alliances/SDC",
        data='{"website": "https://sdc.example.cn/"}',
        content_type="application/json",
        **_bearer(secret),
    )
    assert response.status_code == 200
    assert Alliance.objects.get(code="SDC").website == "https://sdc.example.cn/"
    token.refresh_from_db()
    assert token.last_used_at is not None
    wrong = client.get("/api/alliances", **_bearer("itisa_not-a-real-token"))
    assert wrong.status_code == 401
    assert wrong.json() == {
        "code": "unauthenticated",
        "message": "The API token is invalid or has been revoked.",
        "fields": {},
    }
    api_token_revoke(by=world.user("provincial_officer"), token=token)
    before = AuditEntry.objects.count()
    revoked = client.patch(
        "/api/alliances/SDC", data='{"website": ""}', content_type="application/json", **_bearer(secret)
    )
    assert (revoked.status_code, revoked.json()["code"]) == (401, "unauthenticated")
    assert Alliance.objects.get(code="SDC").website == "https://sdc.example.cn/"
    assert AuditEntry.objects.count() == before


def test_token_writes_need_no_csrf(world) -> None:
    _token, secret = api_token_create(by=world.user("national_officer"), name="ci")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/alliances/SDC/transitions",
        data='{"status": "established"}',
        content_type="application/json",
        **_bearer(secret),
    )
    assert response.status_code == 200


def test_csrf_enforced_for_session_writes(world) -> None:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.user("national_officer"))
    before = AuditEntry.objects.count()
    response = client.post(
        "/api/alliances/SDC/transitions", data='{"status": "established"}', content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Alliance.objects.get(code="SDC").status == "forming"
    assert AuditEntry.objects.count() == before
    # reads need no token; with the CSRF cookie and header the write goes through
    assert client.get("/api/alliances/SDC").status_code == 200
    client.get("/api/alliances")  # any request; set the cookie explicitly below
    from django.middleware.csrf import _get_new_csrf_string

    csrf = _get_new_csrf_string()
    client.cookies["csrftoken"] = csrf
    response = client.post(
        "/api/alliances/SDC/transitions",
        data='{"status": "established"}',
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 200
    assert Alliance.objects.get(code="SDC").status == "established"


def test_anonymous_write_is_401_even_with_csrf_enforced(world) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/tokens", data='{"name": "x"}', content_type="application/json")
    assert response.status_code == 401
