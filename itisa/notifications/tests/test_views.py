"""The inbox page, mark-as-read buttons and the unread badge in the header."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from itisa.notifications.models import Notification
from itisa.notifications.services import notify

pytestmark = pytest.mark.django_db


def client_for(world: Any, persona: str) -> Client:
    client = Client()
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    return client


def _send(world: Any, persona: str, subject: str, url: str = "/alliances/CSA/") -> Notification:
    (n,) = notify(
        recipients=[world.user(persona)],
        kind="governance.ballot.opened",
        subject=subject,
        body="请在截止时间前投票。",
        url=url,
        alliance=world.csa,
    )
    return n


def subjects(html: str) -> list[str]:
    return re.findall(r'data-testid="notification-link">([^<]*)<', html)


def test_anonymous_is_sent_to_login(world: Any) -> None:
    response = client_for(world, "anonymous").get("/inbox/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/inbox/"


def test_inbox_shows_only_own_notifications_with_links(world: Any) -> None:
    _send(world, "expert", "表决已开始", url="/alliances/CSA/governance/")
    _send(world, "council_member", "理事会会议通知")
    html = client_for(world, "expert").get("/inbox/").content.decode()
    assert subjects(html) == ["表决已开始"]
    assert 'href="/alliances/CSA/governance/" data-testid="notification-link"' in html
    assert "理事会会议通知" not in html
    assert html.count('data-testid="notification-read"') == 1
    assert 'data-testid="inbox-read-all"' in html


def test_unread_filter_and_mark_read(world: Any) -> None:
    first = _send(world, "expert", "第一条")
    _send(world, "expert", "第二条")
    client = client_for(world, "expert")
    response = client.post(f"/inbox/{first.pk}/read/", {"next": "/inbox/?show=unread"})
    assert response.status_code == 302
    assert response["Location"] == "/inbox/?show=unread"
    assert Notification.objects.get(pk=first.pk).read_at is not None
    assert subjects(client.get("/inbox/", {"show": "unread"}).content.decode()) == ["第二条"]
    assert subjects(client.get("/inbox/").content.decode()) == ["第二条", "第一条"]


def test_mark_read_ignores_an_outside_next(world: Any) -> None:
    n = _send(world, "expert", "第一条")
    response = client_for(world, "expert").post(f"/inbox/{n.pk}/read/", {"next": "https://evil.example.com/"})
    assert response["Location"] == "/inbox/"


@pytest.mark.parametrize("persona", ["outsider", "council_member", "national_officer"])
def test_another_user_cannot_mark_my_notification_read(world: Any, persona: str) -> None:
    n = _send(world, "expert", "表决已开始")
    response = client_for(world, persona).post(f"/inbox/{n.pk}/read/")
    assert response.status_code == 404
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_mark_read_needs_post(world: Any) -> None:
    n = _send(world, "expert", "表决已开始")
    assert client_for(world, "expert").get(f"/inbox/{n.pk}/read/").status_code == 405
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_mark_all_read_only_touches_own(world: Any) -> None:
    _send(world, "expert", "一")
    _send(world, "expert", "二")
    _send(world, "council_member", "三")
    response = client_for(world, "expert").post("/inbox/read-all/")
    assert (response.status_code, response["Location"]) == (302, "/inbox/")
    unread = Notification.objects.filter(read_at__isnull=True).values_list("subject", "recipient__username")
    assert list(unread) == [("三", "council_member")]


def test_nav_badge_shows_the_unread_count(world: Any) -> None:
    client = client_for(world, "expert")
    html = client.get("/").content.decode()
    assert 'data-testid="inbox-link"' in html
    assert 'data-testid="inbox-badge"' not in html
    for n in range(3):
        _send(world, "expert", f"通知{n}")
    _send(world, "council_member", "别人的通知")
    html = client.get("/en/").content.decode()
    badge = re.search(r'data-testid="inbox-badge">(.*?)</span></a>', html)
    assert badge is not None
    assert badge.group(1) == '<span class="visually-hidden">Unread notifications: </span>3'
    client.post("/inbox/read-all/")
    assert 'data-testid="inbox-badge"' not in client.get("/").content.decode()


def test_no_inbox_link_for_the_public(world: Any) -> None:
    html = client_for(world, "anonymous").get("/").content.decode()
    assert 'data-testid="inbox-link"' not in html


@pytest.mark.parametrize("rows", [3, 40])
def test_inbox_query_count_does_not_grow_with_rows(
    world: Any, rows: int, django_assert_max_num_queries: Any
) -> None:
    for n in range(rows):
        _send(world, "expert", f"通知{n}")
    client = client_for(world, "expert")
    with django_assert_max_num_queries(6):
        response = client.get("/inbox/")
    assert len(subjects(response.content.decode())) == min(rows, 25)
    with django_assert_max_num_queries(6):
        response = client.get("/inbox/", {"page": 2})
    # an out-of-range page shows the last one
    assert len(subjects(response.content.decode())) == (rows - 25 if rows > 25 else rows)
