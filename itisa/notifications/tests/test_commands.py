"""``itisa notify-test USERNAME``: a test notification in the inbox and by e-mail."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from itisa.notifications.models import Notification
from tests.factories import UserFactory


@pytest.mark.django_db
def test_notify_test_sends_in_the_users_language(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    UserFactory(username="alice", email="alice@example.cn", preferred_language="en")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True), translation.override("zh-hans"):
        call_command("notify_test", "alice", stdout=out)
    n = Notification.objects.get()
    assert (n.recipient.username, n.kind, n.subject, n.url, n.emailed_at is not None) == (
        "alice",
        "notifications.test",
        "Test notification",  # alice's language, not the command's (zh-Hans)
        "/en/inbox/",
        True,
    )
    assert [(m.subject, m.to) for m in mailoutbox] == [(n.subject, ["alice@example.cn"])]
    # the command itself speaks the active language (zh-Hans here); it names the address once
    assert out.getvalue().count("alice@example.cn") == 1


@pytest.mark.django_db
def test_notify_test_without_address_and_unknown_user(mailoutbox: list[Any]) -> None:
    UserFactory(username="bob", email="")
    out = StringIO()
    call_command("notify_test", "bob", stdout=out)
    assert out.getvalue() == "Notification sent to bob (no e-mail address).\n"
    assert mailoutbox == []
    with pytest.raises(CommandError, match="No active user nobody."):
        call_command("notify_test", "nobody")
    assert Notification.objects.count() == 1
