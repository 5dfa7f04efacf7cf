"""notify: exact rows, de-duplication, one audit entry, e-mail only after commit; marking as read."""

from __future__ import annotations

from typing import Any

import pytest

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, PermissionDenied
from itisa.notifications.models import Notification
from itisa.notifications.selectors import inbox_of, unread_count
from itisa.notifications.services import notification_mark_read, notifications_mark_all_read, notify
from tests.factories import UserFactory

SUBJECT = "理事会会议通知"
BODY = "兹定于2026年3月1日召开第一届理事会第三次会议。"


def _send(world: Any, recipients: list[Any], **kwargs: Any) -> list[Notification]:
    values: dict[str, Any] = {
        "kind": "governance.meeting.notice",
        "subject": SUBJECT,
        "body": BODY,
        "url": "/alliances/CSA/governance/",
        "alliance": world.csa,
        "by": world.user("secretariat"),
    }
    values.update(kwargs)
    return notify(recipients=recipients, **values)


def _state() -> tuple[int, int]:
    return Notification.objects.count(), AuditEntry.objects.count()


def test_notify_creates_one_row_per_recipient_and_one_audit_entry(world: Any) -> None:
    council, expert = world.user("council_member"), world.user("expert")
    before = AuditEntry.objects.count()
    created = _send(world, [expert, council])
    rows = list(
        Notification.objects.order_by("recipient__username").values_list(
            "recipient__username", "kind", "subject", "body", "url", "alliance__code", "read_at", "emailed_at"
        )
    )
    assert rows == [
        (
            "council_member",
            "governance.meeting.notice",
            SUBJECT,
            BODY,
            "/alliances/CSA/governance/",
            "CSA",
            None,
            None,
        ),
        (
            "expert",
            "governance.meeting.notice",
            SUBJECT,
            BODY,
            "/alliances/CSA/governance/",
            "CSA",
            None,
            None,
        ),
    ]
    assert sorted(n.pk for n in created) == sorted(Notification.objects.values_list("pk", flat=True))
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (entry.action, entry.actor_label, entry.object_type, entry.object_id) == (
        "notifications.sent",
        "secretariat",
        "registry.alliance",
        str(world.csa.pk),
    )
    assert entry.data == {
        "kind": "governance.meeting.notice",
        "subject": SUBJECT,
        "recipients": ["council_member", "expert"],
    }


def test_notify_without_alliance_is_audited_as_a_notification(world: Any) -> None:
    _send(world, [world.user("expert")], alliance=None, by=None)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (entry.action, entry.actor_label, entry.object_type, entry.object_id, entry.object_repr) == (
        "notifications.sent",
        "system",
        "notifications.notification",
        "",
        SUBJECT,
    )


def test_notify_deduplicates_and_skips_none_and_inactive_users(world: Any) -> None:
    expert = world.user("expert")
    gone = UserFactory(username="gone", is_active=False)
    created = _send(world, [expert, None, gone, expert, world.user("council_member"), expert])
    assert len(created) == 2
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "council_member",
        "expert",
    ]
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert entry.data["recipients"] == ["council_member", "expert"]


def test_notify_with_nobody_to_tell_writes_nothing(world: Any, mailoutbox: list[Any]) -> None:
    before = _state()
    assert _send(world, [None, UserFactory(username="gone", is_active=False)]) == []
    assert _state() == before
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("kind", {"kind": "Governance Meeting"}),
        ("subject", {"subject": "第一行\n第二行"}),
        ("subject", {"subject": "长" * 201}),
        ("url", {"url": "https://evil.example.com/"}),
        ("url", {"url": "//evil.example.com/"}),
    ],
)
def test_invalid_notification_is_refused_and_nothing_changes(
    world: Any, mailoutbox: list[Any], field: str, values: dict[str, Any]
) -> None:
    before = _state()
    with pytest.raises(DomainError) as exc:
        _send(world, [world.user("expert")], **values)
    assert list(exc.value.fields) == [field]
    assert _state() == before
    assert mailoutbox == []


def test_mail_goes_out_only_after_commit_and_stamps_emailed_at(
    world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.DEFAULT_FROM_EMAIL = "noreply@itisa.example.cn"
    settings.SITE_URL = "https://itisa.example.cn/"
    expert, council = world.user("expert"), world.user("council_member")
    expert.email = "expert@example.cn"
    expert.save(update_fields=["email"])
    council.email = ""  # no address: inbox only
    council.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = _send(world, [expert, council])
        assert mailoutbox == []  # nothing is sent inside the transaction
    assert len(callbacks) == 1
    assert [(m.subject, m.to, m.from_email, m.body) for m in mailoutbox] == [
        (
            SUBJECT,
            ["expert@example.cn"],
            "noreply@itisa.example.cn",
            f"{BODY}\n\nhttps://itisa.example.cn/alliances/CSA/governance/",
        )
    ]
    stamped = dict(Notification.objects.values_list("recipient__username", "emailed_at"))
    assert stamped["council_member"] is None
    assert stamped["expert"] is not None
    assert {n.recipient.username for n in created} == {"expert", "council_member"}


def test_mail_without_url_is_the_body_alone(
    world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    expert = world.user("expert")
    expert.email = "expert@example.cn"
    expert.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        _send(world, [expert], url="")
    assert [m.body for m in mailoutbox] == [BODY]


def test_a_rolled_back_notify_sends_no_mail(world: Any, mailoutbox: list[Any]) -> None:
    expert = world.user("expert")
    expert.email = "expert@example.cn"
    expert.save(update_fields=["email"])
    _send(world, [expert])
    # the test's transaction is never committed: on_commit callbacks never run
    assert mailoutbox == []
    assert Notification.objects.get().emailed_at is None


def test_recipient_marks_read_idempotently(world: Any) -> None:
    expert = world.user("expert")
    (n,) = _send(world, [expert])
    audit_before = AuditEntry.objects.count()
    assert notification_mark_read(by=expert, notification=n).read_at is not None
    first = Notification.objects.get(pk=n.pk).read_at
    assert first is not None
    notification_mark_read(by=expert, notification=Notification.objects.get(pk=n.pk))
    assert Notification.objects.get(pk=n.pk).read_at == first
    assert AuditEntry.objects.count() == audit_before  # reads are not records
    assert unread_count(expert) == 0


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "council_member", "national_officer"])
def test_nobody_else_can_mark_a_notification_read(world: Any, persona: str) -> None:
    (n,) = _send(world, [world.user("expert")])
    audit_before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        notification_mark_read(by=world.user(persona), notification=n)
    assert Notification.objects.get(pk=n.pk).read_at is None
    assert AuditEntry.objects.count() == audit_before


def test_mark_all_read_touches_only_own_unread(world: Any) -> None:
    expert, council = world.user("expert"), world.user("council_member")
    _send(world, [expert, council])
    _send(world, [expert], subject="第二条通知")
    assert notifications_mark_all_read(by=expert) == 2
    assert notifications_mark_all_read(by=expert) == 0
    assert unread_count(expert) == 0
    assert unread_count(council) == 1
    with pytest.raises(PermissionDenied):
        notifications_mark_all_read(by=None)
    assert unread_count(council) == 1


def test_inbox_is_own_newest_first_and_filters_unread(world: Any) -> None:
    expert, council = world.user("expert"), world.user("council_member")
    _send(world, [expert], subject="一")
    _send(world, [expert, council], subject="二")
    _send(world, [expert], subject="三")
    assert [n.subject for n in inbox_of(expert)] == ["三", "二", "一"]
    assert [n.subject for n in inbox_of(council)] == ["二"]
    notification_mark_read(by=expert, notification=Notification.objects.get(recipient=expert, subject="二"))
    assert [n.subject for n in inbox_of(expert, unread=True)] == ["三", "一"]
    assert list(inbox_of(None)) == []
    assert unread_count(None) == 0
