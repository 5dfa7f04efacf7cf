"""An invitation that expired unanswered is on its inviter's to-do list for 30 days: resend or revoke."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from itisa.invitations.services import invitation_resend, invitation_revoke
from itisa.invitations.tests.conftest import NOW, invite
from itisa.notifications.todo import todos_for

pytestmark = pytest.mark.django_db
KIND = "invitations.invitation.expired"


def _items(user: Any, at: dt.datetime) -> list[tuple[str, str, str, str | None]]:
    with translation.override("zh-hans"):
        return [(t.subject, t.detail, t.url, t.alliance) for t in todos_for(user, now=at, kind=KIND)]


def test_an_expired_invitation_waits_on_its_inviter_for_30_days(world: Any, clock: Any) -> None:
    invitation, _secret = invite(world, days=14)
    secretariat = world.user("secretariat")
    expires = invitation.expires_at
    assert _items(secretariat, expires - dt.timedelta(seconds=1)) == []
    expected = [
        (
            "wang.wu@example.com",
            "理事 · 半导体照明产业技术创新战略联盟 (CSA)",
            f"/invitations/{invitation.pk}/resend/",
            "CSA",
        )
    ]
    assert _items(secretariat, expires) == expected
    assert _items(secretariat, expires + dt.timedelta(days=29)) == expected
    assert _items(secretariat, expires + dt.timedelta(days=30)) == []
    # nobody else has it
    assert _items(world.user("national_officer"), expires) == []


def test_resending_or_revoking_takes_it_off(world: Any, clock: Any) -> None:
    first, _s1 = invite(world, days=1)
    second, _s2 = invite(world, email="li@example.com", days=1)
    clock.move_to(NOW + dt.timedelta(days=2))
    secretariat = world.user("secretariat")
    assert [s for s, *_rest in _items(secretariat, NOW + dt.timedelta(days=2))] == [
        "li@example.com",  # by subject within a kind
        "wang.wu@example.com",
    ]
    invitation_resend(by=secretariat, invitation=first, days=7)
    invitation_revoke(by=secretariat, invitation=second)
    assert _items(secretariat, NOW + dt.timedelta(days=2)) == []
