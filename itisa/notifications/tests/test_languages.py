"""notify in each recipient's language: callables rendered per preferred language, links with the
recipient's language prefix, the audit entry in the site's language, nothing left after a rollback."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils.translation import gettext as _

from itisa.audit.models import AuditEntry
from itisa.notifications.models import Notification
from itisa.notifications.services import link, notify


def _bilingual(world: Any) -> tuple[Any, Any]:
    """The expert reads Chinese (the default), the council member English; both have an address."""
    zh, en = world.user("expert"), world.user("council_member")
    zh.email, en.email = "expert@example.cn", "council@example.cn"
    zh.save(update_fields=["email"])
    en.preferred_language = "en"
    en.save(update_fields=["email", "preferred_language"])
    return zh, en


def _send(world: Any, recipients: list[Any]) -> list[Notification]:
    return notify(
        recipients=recipients,
        kind="notifications.test",
        subject=lambda: _("Test notification"),
        body=lambda: _("You must log in first."),
        url=link("notifications:inbox"),
        alliance=world.csa,
        by=None,
    )


def test_each_recipient_reads_it_in_their_language_with_a_link_in_it(
    world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://itisa.example.cn"
    zh, en = _bilingual(world)
    with django_capture_on_commit_callbacks(execute=True):
        _send(world, [zh, en])
    rows = sorted(Notification.objects.values_list("recipient__username", "subject", "body", "url"))
    assert rows == [
        ("council_member", "Test notification", "You must log in first.", "/en/inbox/"),
        ("expert", "测试通知", "请先登录。", "/inbox/"),
    ]
    assert sorted((m.to[0], m.subject, m.body) for m in mailoutbox) == [
        (
            "council@example.cn",
            "Test notification",
            "You must log in first.\n\nhttps://itisa.example.cn/en/inbox/",
        ),
        ("expert@example.cn", "测试通知", "请先登录。\n\nhttps://itisa.example.cn/inbox/"),
    ]
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    # the record is kept in the site's language, whoever read it
    assert entry.data == {
        "kind": "notifications.test",
        "subject": "测试通知",
        "recipients": ["council_member", "expert"],
    }


def test_an_unknown_preferred_language_falls_back_to_the_sites(world: Any) -> None:
    user = world.user("expert")
    user.preferred_language = "fr"
    user.save(update_fields=["preferred_language"])
    _send(world, [user])
    assert list(Notification.objects.values_list("subject", "url")) == [("测试通知", "/inbox/")]


def test_a_rolled_back_transaction_leaves_no_notification_and_sends_no_mail(
    world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    zh, en = _bilingual(world)
    before = (Notification.objects.count(), AuditEntry.objects.count())
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _send(world, [zh, en])
        raise RuntimeError("the workflow step failed after notifying")
    assert callbacks == []
    assert mailoutbox == []
    assert (Notification.objects.count(), AuditEntry.objects.count()) == before
