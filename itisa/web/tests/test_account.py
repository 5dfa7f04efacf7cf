"""A person's own account: profile, password change, and the e-mailed one-time reset link."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from itisa.accounts import actions
from itisa.accounts.models import User
from itisa.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
OLD = "old-password-2026"
NEW = "a-new-long-passphrase-7"
START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def person(db: Any) -> User:
    return User.objects.create_user(
        username="wangmin",
        password=OLD,
        email="wang@example.com",
        display_name="王敏",
        preferred_language="en",
    )


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entries(action: str) -> list[tuple[Any, Any]]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk").values_list("actor_id", "data"))


def test_the_profile_needs_a_login(db: Any) -> None:
    response = Client().get("/account/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/account/")


def test_the_profile_saves_what_changed_and_audits_it_once(person: User) -> None:
    client = _signed_in(person)
    page = client.get("/account/").content.decode()
    assert 'data-testid="profile-username">wangmin<' in page
    form = {"display_name": " 王敏（秘书处） ", "last_name": "王", "first_name": "敏",
            "email": "wm@example.com", "preferred_language": "zh-hans"}  # fmt: skip
    response = client.post("/account/", form)
    assert (response.status_code, response["Location"]) == (302, "/account/")
    person.refresh_from_db()
    assert (person.display_name, person.get_full_name(), person.email, person.preferred_language) == (
        "王敏（秘书处）", "敏 王", "wm@example.com", "zh-hans"
    )  # fmt: skip
    assert _entries(actions.PROFILE_CHANGED) == [
        (
            person.pk,
            {
                "display_name": {"from": "王敏", "to": "王敏（秘书处）"},
                "first_name": {"from": "", "to": "敏"},
                "last_name": {"from": "", "to": "王"},
                "email": {"from": "wang@example.com", "to": "wm@example.com"},
                "preferred_language": {"from": "en", "to": "zh-hans"},
            },
        )
    ]
    # the same values again: nothing is written
    assert client.post("/account/", form).status_code == 302
    assert len(_entries(actions.PROFILE_CHANGED)) == 1
    # the header names the person and links here
    assert (
        'href="/account/" title="我的账户" data-testid="current-user">王敏（秘书处）<'
        in client.get("/").content.decode()
    )


def test_a_bad_e_mail_address_changes_nothing(person: User) -> None:
    client = _signed_in(person)
    before = AuditEntry.objects.count()
    response = client.post(
        "/en/account/",
        {"display_name": "Someone else", "email": "not-an-address", "preferred_language": "en"},
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    person.refresh_from_db()
    assert (person.display_name, person.email, AuditEntry.objects.count()) == (
        "王敏",
        "wang@example.com",
        before,
    )


def test_changing_the_password_needs_the_old_one_and_keeps_this_session(person: User) -> None:
    client = _signed_in(person)
    before = AuditEntry.objects.count()
    wrong = client.post(
        "/en/account/password/", {"old_password": "not-it-at-all", "new_password1": NEW, "new_password2": NEW}
    )
    assert wrong.status_code == 400
    assert "Your old password was entered incorrectly." in wrong.content.decode()
    weak = client.post(
        "/en/account/password/",
        {"old_password": OLD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 400
    person.refresh_from_db()
    assert person.check_password(OLD) and AuditEntry.objects.count() == before

    response = client.post(
        "/account/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}
    )
    assert (response.status_code, response["Location"]) == (302, "/account/")
    person.refresh_from_db()
    assert person.check_password(NEW) and not person.check_password(OLD)
    assert _entries(actions.PASSWORD_SET) == [(person.pk, {"how": "changed"})]
    assert client.get("/account/").status_code == 200  # still signed in


def _reset_link(message: Any) -> str:
    match = re.search(r"http://testserver(\S*/password-reset/\S+/)", message.body)
    assert match is not None, message.body
    return match.group(1)


def test_a_reset_link_is_sent_in_the_persons_language_and_works_once(person: User) -> None:
    with time_machine.travel(START, tick=False):
        response = Client().post("/password-reset/", {"email": "wang@example.com"})
        assert (response.status_code, response["Location"]) == (302, "/password-reset/sent/")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert (message.to, message.subject) == (["wang@example.com"], "ITISA: choose a new password")
        assert "Your account name is wangmin." in message.body
        link = _reset_link(message)
        assert link.startswith("/en/password-reset/")

        client = Client()
        form = client.get(link, follow=True)
        assert 'id="password-set-form"' in form.content.decode()
        set_url = form.redirect_chain[-1][0]
        before = AuditEntry.objects.count()
        weak = client.post(set_url, {"new_password1": "wangmin123", "new_password2": "wangmin123"})
        assert weak.status_code == 200 and "form-errors" in weak.content.decode()
        person.refresh_from_db()
        assert person.check_password(OLD) and AuditEntry.objects.count() == before

        done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
        assert (done.status_code, done["Location"]) == (302, "/en/password-reset/done/")
        person.refresh_from_db()
        assert person.check_password(NEW)
        assert _entries(actions.PASSWORD_SET) == [(None, {"how": "reset"})]
        # the same link again: no longer valid, nothing changes
        again = Client().get(link, follow=True)
        assert 'data-testid="password-reset-invalid"' in again.content.decode()
        assert AuditEntry.objects.count() == before + 1


def test_an_unknown_address_gets_the_same_answer_and_no_mail(person: User) -> None:
    response = Client().post("/password-reset/", {"email": "nobody@example.com"})
    assert (response.status_code, response["Location"]) == (302, "/password-reset/sent/")
    assert mail.outbox == []


def test_a_chinese_speaker_gets_the_link_in_chinese(person: User) -> None:
    User.objects.filter(pk=person.pk).update(preferred_language="zh-hans")
    Client().post("/en/password-reset/", {"email": "wang@example.com"})
    assert mail.outbox[0].subject == "ITISA：设置新密码"
    assert _reset_link(mail.outbox[0]).startswith("/password-reset/")


def test_a_reset_link_expires_after_three_days(person: User) -> None:
    with time_machine.travel(START, tick=False):
        Client().post("/password-reset/", {"email": "wang@example.com"})
    link = _reset_link(mail.outbox[0])
    with time_machine.travel(START + dt.timedelta(days=3) - dt.timedelta(minutes=1), tick=False):
        assert 'id="password-set-form"' in Client().get(link, follow=True).content.decode()
    with time_machine.travel(START + dt.timedelta(days=3, minutes=1), tick=False):
        page = Client().get(link, follow=True).content.decode()
        assert 'data-testid="password-reset-invalid"' in page
    person.refresh_from_db()
    assert person.check_password(OLD)


def test_the_login_page_offers_the_reset(db: Any) -> None:
    assert (
        'href="/password-reset/" data-testid="forgot-password">忘记密码？<'
        in Client().get("/login/").content.decode()
    )


@pytest.mark.parametrize(
    ("persona", "keys"),
    [("secretariat", True), ("legal_representative", True), ("national_officer", True), ("expert", False),
     ("member_contact", False), ("council_member", False), ("outsider", False)],
)  # fmt: skip
def test_the_header_offers_signing_keys_only_to_those_who_sign_or_confirm(
    world: Any, persona: str, keys: bool
) -> None:
    client = _signed_in(world.user(persona))
    header = client.get("/").content.decode()
    assert ('data-testid="keys-link"' in header) is keys
    assert 'data-testid="tokens-link"' not in header  # API tokens: on the account page
    assert 'href="/tokens/" data-testid="tokens-link"' in client.get("/account/").content.decode()


@pytest.mark.parametrize(
    ("persona", "ledger"),
    [("secretariat", True), ("council_member", False), ("member_contact", False), ("legal_representative", False),
     ("fund_supervisor", True), ("expert", False)],
)  # fmt: skip
def test_every_quick_link_on_the_home_page_opens(world: Any, persona: str, ledger: bool) -> None:
    from itisa.ledger.tests.conftest import make_books  # noqa: PLC0415

    make_books(world)
    client = _signed_in(world.user(persona))
    home = client.get("/").content.decode()
    cell = re.search(r'data-testid="quick-links">(.*?)</td>', home, re.S)
    assert cell is not None
    links = re.findall(r'href="([^"]+)"', cell.group(1))
    expected = ["/alliances/CSA/", "/alliances/CSA/governance/", "/alliances/CSA/agreements/",
                "/alliances/CSA/projects/", "/alliances/CSA/results/"]  # fmt: skip
    assert [link.split("#")[0] for link in links] == expected + (["/alliances/CSA/ledger/"] if ledger else [])
    for link in links:
        assert client.get(link).status_code == 200, link


def test_someone_with_no_role_is_shown_where_to_start(world: Any) -> None:
    home = _signed_in(world.user("outsider")).get("/").content.decode()
    assert "你尚未在任何联盟中担任角色。" in home
    assert 'href="/applications/" data-testid="my-applications-link">我的入盟申请<' in home


def test_the_site_has_an_icon_served_locally(db: Any) -> None:
    page = Client().get("/").content.decode()
    assert '<link rel="icon" type="image/svg+xml" href="/static/web/favicon.svg">' in page
    response = Client().get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, "/static/web/favicon.svg")


def test_reset_requests_are_throttled_per_address_for_an_hour(person: User) -> None:
    from itisa.accounts.services import RESET_REQUESTS_PER_ADDRESS_PER_HOUR

    with time_machine.travel(START, tick=False):
        for _n in range(RESET_REQUESTS_PER_ADDRESS_PER_HOUR):
            response = Client().post(
                "/password-reset/", {"email": "wang@example.com"}, REMOTE_ADDR="198.51.100.4"
            )
            assert response.status_code == 302
        entries = AuditEntry.objects.count()
        refused = Client().post(
            "/en/password-reset/", {"email": "wang@example.com"}, REMOTE_ADDR="198.51.100.4"
        )
        assert refused.status_code == 429
        assert "Too many password-reset links were asked for from your address" in refused.content.decode()
        assert (len(mail.outbox), AuditEntry.objects.count()) == (
            RESET_REQUESTS_PER_ADDRESS_PER_HOUR,
            entries,
        )
        # another address is not held back, and the log keeps no e-mail address
        assert (
            Client()
            .post("/password-reset/", {"email": "x@example.com"}, REMOTE_ADDR="198.51.100.5")
            .status_code
            == 302
        )
        assert "example.com" not in str(
            list(
                AuditEntry.objects.filter(action=actions.PASSWORD_RESET_REQUESTED).values_list(
                    "data", flat=True
                )
            )
        )
    with time_machine.travel(START + dt.timedelta(hours=1, seconds=1), tick=False):
        later = Client().post("/password-reset/", {"email": "wang@example.com"}, REMOTE_ADDR="198.51.100.4")
        assert later.status_code == 302
