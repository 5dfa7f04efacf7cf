"""Inviting a found organisation to apply (issue 22, item 4): the secretariat of an alliance that admits
members, forming ones included, tells the organisation's people, once in 30 days; everyone else is refused
and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEntry
from itisa.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def sdc_secretariat(world: Any) -> Any:
    user = UserFactory(username="sdcsec", display_name="鲁秘书")
    RoleAssignment.objects.create(user=user, role="secretariat", alliance=world.sdc)
    return user


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _written() -> tuple[int, int]:
    return AuditEntry.objects.count(), Notification.objects.count()


def test_the_secretariat_of_a_forming_alliance_invites_a_found_organisation(
    world: Any, sdc_secretariat: Any
) -> None:
    client = _client(sdc_secretariat)
    listing = client.get("/partners/").content.decode()
    assert listing.count('data-testid="partner-invite"') == 2
    for persona in ("anonymous", "outsider", "member_contact"):
        assert (
            'data-testid="partner-invite"'
            not in _client(world.user(persona)).get("/partners/").content.decode()
        )
    page = client.get(f"/partners/{world.member_b.uscc}/invite/")
    assert page.status_code == 200
    assert [c[0] for c in page.context["form"].fields["alliance"].choices] == ["SDC"]
    with time_machine.travel(START, tick=False):
        client = _client(sdc_secretariat)
        response = client.post(
            f"/partners/{world.member_b.uscc}/invite/", {"alliance": "SDC", "message": "欢迎加入。"}
        )
    assert (response.status_code, response["Location"]) == (302, "/partners/")
    notes = Notification.objects.filter(kind="membership.join.invited").order_by("recipient__username")
    assert [(n.recipient.username, n.url, n.alliance.code) for n in notes] == [
        (world.user("legal_representative").username, "/alliances/SDC/apply/", "SDC"),
        (world.user("member_contact").username, "/alliances/SDC/apply/", "SDC"),
    ]
    assert (notes[0].subject, notes[0].body) == (
        "山东煤化工产业技术创新战略联盟（SDC）邀请乙大学申请加入",
        "鲁秘书 代表联盟秘书处，邀请乙大学申请加入山东煤化工产业技术创新战略联盟。请通过联盟的入盟申请表提出申请。\n\n欢迎加入。",
    )
    entry = AuditEntry.objects.get(action="membership.join.invited")
    assert (entry.actor, entry.object_id, entry.data) == (sdc_secretariat, str(world.sdc.pk), {
        "organisation": world.member_b.uscc, "message": "欢迎加入。",
        "recipients": sorted([world.user("member_contact").pk, world.user("legal_representative").pk])})  # fmt: skip

    # once in 30 days
    with time_machine.travel(START + dt.timedelta(days=29), tick=False):
        before = _written()
        again = _client(sdc_secretariat).post(
            f"/en/partners/{world.member_b.uscc}/invite/", {"alliance": "SDC"}
        )
        assert again.status_code == 400
        assert (
            "乙大学 was invited to SDC on 1 Mar 2027; invite it again after 30 days."
            in again.content.decode()
        )
        assert _written() == before
    with time_machine.travel(START + dt.timedelta(days=31), tick=False):
        later = _client(sdc_secretariat).post(f"/partners/{world.member_b.uscc}/invite/", {"alliance": "SDC"})
        assert later.status_code == 302


def test_an_organisation_with_no_one_on_the_platform_cannot_be_told(world: Any, sdc_secretariat: Any) -> None:
    before = _written()
    response = _client(sdc_secretariat).post(
        f"/en/partners/{world.member_a.uscc}/invite/", {"alliance": "SDC"}
    )
    assert response.status_code == 400
    assert "No one acts for 甲公司 on the platform yet" in response.content.decode()
    assert _written() == before


@pytest.mark.parametrize("persona", ["outsider", "secretariat", "member_contact", "national_officer"])
def test_anyone_but_a_secretariat_of_an_alliance_it_is_not_in_is_refused(world: Any, persona: str) -> None:
    # CSA's secretariat: 乙大学 is a member of CSA already, so no alliance is left to invite it to
    before = _written()
    client = _client(world.user(persona))
    assert client.get(f"/partners/{world.member_b.uscc}/invite/").status_code == 403
    assert client.post(f"/partners/{world.member_b.uscc}/invite/", {"alliance": "CSA"}).status_code == 403
    assert _written() == before


def test_anonymous_is_sent_to_log_in_and_a_hidden_organisation_is_not_found(
    world: Any, sdc_secretariat: Any
) -> None:
    response = Client().get(f"/partners/{world.member_b.uscc}/invite/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    # 鲁煤集团 is a member of the forming SDC only: the partner search does not show it
    assert _client(sdc_secretariat).get(f"/partners/{world.sd_org.uscc}/invite/").status_code == 404


def test_an_alliance_not_in_the_choices_is_refused(world: Any, sdc_secretariat: Any) -> None:
    before = _written()
    response = _client(sdc_secretariat).post(f"/partners/{world.member_b.uscc}/invite/", {"alliance": "CSA"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["alliance"]
    assert _written() == before


def test_the_api_invites_and_refuses_with_the_declared_statuses(world: Any, sdc_secretariat: Any) -> None:
    client = _client(sdc_secretariat)
    url = f"/api/partners/{world.member_b.uscc}/invite"
    before = _written()
    assert client.post(url, {"alliance": "CSA"}, content_type="application/json").status_code == 404
    assert client.post(f"/api/partners/{world.member_a.uscc}/invite", {"alliance": "SDC"},
                       content_type="application/json").status_code == 422  # fmt: skip
    assert Client().post(url, {"alliance": "SDC"}, content_type="application/json").status_code == 401
    assert _written() == before
    response = client.post(url, {"alliance": "SDC", "message": "欢迎"}, content_type="application/json")
    assert (response.status_code, response.json()) == (
        200, {"alliance": "SDC", "organisation": world.member_b.uscc, "recipients": 2}
    )  # fmt: skip
    assert client.post(url, {"alliance": "SDC"}, content_type="application/json").status_code == 409
    assert Notification.objects.filter(kind="membership.join.invited").count() == 2


def test_the_button_is_shown_only_for_organisations_not_yet_in_each_of_the_viewers_alliances(
    world: Any,
) -> None:
    """CSA's secretariat finds CSA's own two members: inviting them would be refused, so no button (and
    the invite page refuses them, 403 with nothing written)."""
    client = _client(world.user("secretariat"))
    listing = client.get("/partners/").content.decode()
    assert 'data-testid="partner-invite"' not in listing
    before = _written()
    assert client.get(f"/partners/{world.member_b.uscc}/invite/").status_code == 403
    assert _written() == before
