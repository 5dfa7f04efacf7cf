"""GET /api/notifications, POST /api/notifications/{id}/read, POST /api/notifications/read-all."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from itisa.accounts.services import api_token_create
from itisa.notifications.models import Notification
from itisa.notifications.services import notify

pytestmark = pytest.mark.django_db


def api_for(world: Any, persona: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    return client


def _send(world: Any, persona: str, subject: str, alliance: Any = None) -> Notification:
    (n,) = notify(
        recipients=[world.user(persona)],
        kind="governance.resolution.assigned",
        subject=subject,
        body="请落实决议事项。",
        url="/alliances/CSA/governance/",
        alliance=alliance,
    )
    return n


def test_list_is_own_newest_first_and_cursor_paginated(world: Any) -> None:
    first = _send(world, "expert", "一", alliance=world.csa)
    second = _send(world, "expert", "二")
    _send(world, "council_member", "别人的")
    client = api_for(world, "expert")
    page = client.get("/api/notifications", {"limit": 1}).json()
    assert [i["subject"] for i in page["items"]] == ["二"]
    assert page["items"][0] == {
        "id": second.pk,
        "kind": "governance.resolution.assigned",
        "subject": "二",
        "body": "请落实决议事项。",
        "url": "/alliances/CSA/governance/",
        "alliance": None,
        "created_at": page["items"][0]["created_at"],
        "read_at": None,
    }
    rest = client.get("/api/notifications", {"limit": 1, "cursor": page["next_cursor"]}).json()
    assert [(i["id"], i["alliance"]) for i in rest["items"]] == [(first.pk, "CSA")]
    assert rest["next_cursor"] is None


def test_list_unread_only(world: Any) -> None:
    read = _send(world, "expert", "已读")
    _send(world, "expert", "未读")
    client = api_for(world, "expert")
    assert client.post(f"/api/notifications/{read.pk}/read").status_code == 200
    assert [i["subject"] for i in client.get("/api/notifications", {"unread": "true"}).json()["items"]] == [
        "未读"
    ]
    assert [i["subject"] for i in client.get("/api/notifications").json()["items"]] == ["未读", "已读"]


def test_mark_read_returns_the_notification_and_is_idempotent(world: Any) -> None:
    n = _send(world, "expert", "表决已开始")
    client = api_for(world, "expert")
    response = client.post(f"/api/notifications/{n.pk}/read")
    assert response.status_code == 200
    read_at = Notification.objects.get(pk=n.pk).read_at
    assert read_at is not None
    assert response.json()["read_at"] is not None
    assert client.post(f"/api/notifications/{n.pk}/read").status_code == 200
    assert Notification.objects.get(pk=n.pk).read_at == read_at


@pytest.mark.parametrize("persona", ["outsider", "council_member", "national_officer"])
def test_another_users_notification_is_not_found_and_unchanged(world: Any, persona: str) -> None:
    n = _send(world, "expert", "表决已开始")
    response = api_for(world, persona).post(f"/api/notifications/{n.pk}/read")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "No such notification.", "fields": {}}
    assert Notification.objects.get(pk=n.pk).read_at is None
    assert api_for(world, persona).get("/api/notifications").json()["items"] == []


def test_read_all_marks_only_own(world: Any) -> None:
    _send(world, "expert", "一")
    _send(world, "expert", "二")
    _send(world, "council_member", "三")
    client = api_for(world, "expert")
    assert client.post("/api/notifications/read-all").json() == {"marked": 2}
    assert client.post("/api/notifications/read-all").json() == {"marked": 0}
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("subject", flat=True)) == ["三"]


def test_anonymous_gets_401_and_nothing_changes(world: Any) -> None:
    n = _send(world, "expert", "一")
    client = api_for(world, "anonymous")
    assert client.get("/api/notifications").status_code == 401
    assert client.post(f"/api/notifications/{n.pk}/read").status_code == 401
    assert client.post("/api/notifications/read-all").status_code == 401
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_bearer_token_works(world: Any) -> None:
    _send(world, "expert", "一")
    _token, secret = api_token_create(by=world.user("expert"), name="inbox")
    response = Client().get("/api/notifications", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert [i["subject"] for i in response.json()["items"]] == ["一"]
