"""Opening an account without the command line: sign up, follow the e-mailed link, and the account opens
(inactive until then, no role either way); refusals write nothing; sign-ups are throttled per address."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from itisa.accounts import actions
from itisa.accounts.models import RoleAssignment, User
from itisa.accounts.services import SIGNUPS_PER_ADDRESS_PER_HOUR, address_digest
from itisa.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
PASSWORD = "hydrogen-storage-2027"
FORM = {"username": "huanglei", "display_name": "黄磊", "email": "huang@example.com",
        "password1": PASSWORD, "password2": PASSWORD}  # fmt: skip


def _sign_up(client: Client, capture: Any, form: dict[str, str] | None = None, path: str = "/signup/") -> Any:
    with capture(execute=True):
        return client.post(path, form or FORM, REMOTE_ADDR="203.0.113.7")


def _link(message: Any) -> str:
    found = re.findall(r"https?://[^/\s]+(/(?:en/)?signup/[^/\s]+/[^/\s]+/)", message.body)
    assert len(found) == 1, message.body
    return str(found[0])


def test_signing_up_opens_an_inactive_account_and_mails_the_link_in_the_page_language(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with time_machine.travel(START, tick=False):
        response = _sign_up(Client(), django_capture_on_commit_callbacks)
    assert (response.status_code, response["Location"]) == (302, "/signup/sent/")
    user = User.objects.get(username="huanglei")
    assert (user.is_active, user.display_name, user.email, user.preferred_language) == (
        False, "黄磊", "huang@example.com", "zh-hans"
    )  # fmt: skip
    assert user.check_password(PASSWORD)
    assert RoleAssignment.objects.filter(user=user).count() == 0
    entry = AuditEntry.objects.get(action=actions.USER_REGISTERED)
    assert (entry.actor_id, entry.object_id, entry.data) == (
        None, str(user.pk),
        {"username": "huanglei", "address": address_digest("203.0.113.7"), "language": "zh-hans"},
    )  # fmt: skip
    assert "203.0.113.7" not in str(entry.data)
    assert [(m.to, m.subject) for m in mail.outbox] == [(["huang@example.com"], "ITISA：开通您的账号")]
    assert "huanglei" in mail.outbox[0].body
    # an inactive account cannot log in
    refused = Client().post("/login/", {"username": "huanglei", "password": PASSWORD})
    assert (refused.status_code, refused.wsgi_request.user.is_authenticated) == (200, False)


def test_following_the_link_asks_first_then_opens_the_account_once_and_signs_in(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with time_machine.travel(START, tick=False):
        _sign_up(Client(), django_capture_on_commit_callbacks)
        link = _link(mail.outbox[0])
        client = Client()
        page = client.get(link)
        assert page.status_code == 200
        assert 'data-testid="signup-activate"' in page.content.decode()
        assert User.objects.get(username="huanglei").is_active is False  # a GET opens nothing
        response = client.post(link)
        assert (response.status_code, response["Location"]) == (302, "/")
        user = User.objects.get(username="huanglei")
        assert user.is_active is True
        assert client.get("/account/").status_code == 200  # signed in
        entries = list(
            AuditEntry.objects.filter(action=actions.USER_ACTIVATED).values_list("actor_id", "data")
        )
        assert entries == [(None, {"username": "huanglei"})]
        # the link works once
        again = Client().post(link)
        assert again.status_code == 400
        assert 'data-testid="signup-invalid"' in again.content.decode()
        assert AuditEntry.objects.filter(action=actions.USER_ACTIVATED).count() == 1


def test_a_tampered_or_expired_link_opens_nothing(django_capture_on_commit_callbacks: Any) -> None:
    with time_machine.travel(START, tick=False):
        _sign_up(Client(), django_capture_on_commit_callbacks)
        link = _link(mail.outbox[0])
        assert Client().post(link[:-3] + "xx/").status_code == 400
        assert Client().post("/signup/AAAA/abc-def/").status_code == 400
    with time_machine.travel(START + dt.timedelta(days=3, minutes=1), tick=False):
        assert Client().post(link).status_code == 400
    assert User.objects.get(username="huanglei").is_active is False
    assert AuditEntry.objects.filter(action=actions.USER_ACTIVATED).count() == 0


def test_an_english_sign_up_gets_an_english_account_and_mail(django_capture_on_commit_callbacks: Any) -> None:
    _sign_up(Client(), django_capture_on_commit_callbacks, path="/en/signup/")
    assert User.objects.get(username="huanglei").preferred_language == "en"
    assert mail.outbox[0].subject == "ITISA: open your account"
    assert "/en/signup/" in _link(mail.outbox[0])


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password2": "something-else-2027"}, "password2", "两次输入的密码不一致。"),
        ({"password1": "40928371650", "password2": "40928371650"}, "password1", "密码只包含数字。"),
        ({"email": "not-an-address"}, "email", "请输入有效的电子邮箱地址。"),
        ({"username": "bad name!"}, "username", None),
    ],
)
def test_a_refused_sign_up_names_the_field_and_writes_nothing(
    django_capture_on_commit_callbacks: Any, change: dict[str, str], field: str, message: str | None
) -> None:
    response = _sign_up(Client(), django_capture_on_commit_callbacks, {**FORM, **change})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message is not None:
        assert message in errors[field]
    assert (User.objects.count(), AuditEntry.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_a_taken_account_name_is_refused_whatever_its_case(django_capture_on_commit_callbacks: Any) -> None:
    User.objects.create_user(username="HuangLei", password=PASSWORD)
    response = _sign_up(Client(), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert response.context["form"].errors == {"username": ["该账号名已被使用。"]}
    assert (User.objects.count(), AuditEntry.objects.count(), len(mail.outbox)) == (1, 0, 0)


def test_sign_ups_from_one_address_are_throttled_for_an_hour(django_capture_on_commit_callbacks: Any) -> None:
    with time_machine.travel(START, tick=False):
        for n in range(SIGNUPS_PER_ADDRESS_PER_HOUR):
            form = {**FORM, "username": f"user{n}", "email": f"u{n}@example.com"}
            assert _sign_up(Client(), django_capture_on_commit_callbacks, form).status_code == 302
        refused = _sign_up(Client(), django_capture_on_commit_callbacks, {**FORM, "username": "one-more"})
        assert refused.status_code == 429
        assert not User.objects.filter(username="one-more").exists()
        assert len(mail.outbox) == SIGNUPS_PER_ADDRESS_PER_HOUR
    with time_machine.travel(START + dt.timedelta(hours=1, seconds=1), tick=False):
        later = _sign_up(Client(), django_capture_on_commit_callbacks, {**FORM, "username": "one-more"})
        assert later.status_code == 302


def test_a_signed_in_person_is_sent_home_and_the_login_page_offers_sign_up(db: Any) -> None:
    user = User.objects.create_user(username="someone", password=PASSWORD)
    client = Client()
    client.force_login(user)
    assert client.get("/signup/")["Location"] == "/"
    page = Client().get("/login/").content.decode()
    assert 'href="/signup/" data-testid="signup-link"' in page
    form = Client().get("/signup/").content.decode()
    assert ("账号名" in form, "Account name" in form) == (True, False)
