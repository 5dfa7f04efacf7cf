"""The invitation services: validation, duplicates, expiry, single use, revoke and resend, acceptance
(audited, re-checking the inviter), signing up, and the e-mail in the invitation's language."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from itisa.accounts.models import RoleAssignment, User
from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, NotFound
from itisa.invitations.models import Invitation
from itisa.invitations.services import (
    InvitationInput,
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    invitation_signup,
)
from itisa.invitations.tests.conftest import NOW, counts, invite
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("clock")


def test_create_stores_the_digest_and_the_expiry_and_audits(world: Any) -> None:
    invitation, secret = invite(world, days=30, language="en")
    assert (invitation.email, invitation.alliance, invitation.language) == (
        "wang.wu@example.com",
        world.csa,
        "en",
    )
    assert (invitation.created_at, invitation.expires_at) == (NOW, NOW + dt.timedelta(days=30))
    assert invitation.digest == Invitation.digest_of(secret) and secret not in str(
        Invitation.objects.values()
    )
    entry = AuditEntry.objects.get(action="invitations.invitation.created")
    assert (entry.actor_label, entry.data) == ("secretariat", {
        "email": "wang.wu@example.com", "role": "council_member", "alliance": "CSA", "organisation": "",
        "province": "", "industry": "", "department": "", "language": "en",
        "expires_at": "2026-10-15T02:00:00+00:00"})  # fmt: skip


@pytest.mark.parametrize(
    ("kw", "fields"),
    [
        ({"email": "not-an-address"}, {"email": ["Enter a valid e-mail address."]}),
        ({"days": 0}, {"days": ["An invitation stays valid for 1 to 60 days."]}),
        ({"days": 61}, {"days": ["An invitation stays valid for 1 to 60 days."]}),
        ({"language": "fr"}, {"language": ["Choose a valid language."]}),
        ({"alliance": "NOPE"}, {"alliance": ["No alliance with the code NOPE."]}),
        ({"role": "member_contact"}, {"organisation": ["Name the member organisation this person acts for."]}),
        ({"role": "member_contact", "organisation": "91370100MA3C000000"},
         {"organisation": ["No organisation with the credit code 91370100MA3C000000."]}),
    ],
)  # fmt: skip
def test_refused_input_writes_nothing(world: Any, kw: dict[str, Any], fields: dict[str, list[str]]) -> None:
    before = counts()
    with pytest.raises(DomainError) as exc:
        invite(world, **kw)
    assert exc.value.fields == fields and counts() == before


def test_the_scope_follows_role_grants_rule_and_members_must_be_active(world: Any) -> None:
    before = counts()
    with pytest.raises(DomainError, match=r"^The role council_member is scoped to: alliance\.$"):
        invite(world, persona="national_officer", alliance="")
    with pytest.raises(
        DomainError, match="Only member contacts and legal representatives act for an organisation."
    ):
        invite(world, organisation=world.member_b.uscc)
    with pytest.raises(DomainError) as exc:  # 鲁煤集团 is a member of SDC, not of CSA
        invite(world, role="legal_representative", organisation=world.sd_org.uscc)
    assert exc.value.fields == {"organisation": ["鲁煤集团 is not an active member of this alliance."]}
    assert counts() == before


def test_a_second_pending_invitation_is_refused(world: Any) -> None:
    invite(world)
    before = counts()
    with pytest.raises(Conflict, match="already has a pending invitation"):
        invite(world, email="WANG.WU@example.com")
    assert counts() == before
    invite(world, role="expert")  # another role is another invitation
    invite(world, persona="national_officer", alliance="SDC")  # and another scope
    assert counts()[0] == before[0] + 2


def test_valid_one_minute_before_expiry_refused_one_minute_after(world: Any, clock: Any) -> None:
    invitation, secret = invite(world, days=1)
    invitee = UserFactory(username="wangwu")
    clock.move_to(NOW + dt.timedelta(days=1, minutes=1))
    before = counts()
    with pytest.raises(InvalidTransition, match="This invitation has expired; ask for a new one."):
        invitation_accept(secret=secret, by=invitee)
    assert counts() == before
    assert Invitation.objects.get().status_at(NOW + dt.timedelta(days=1, minutes=1)) == "expired"
    clock.move_to(NOW + dt.timedelta(days=1, minutes=-1))
    assert invitation_accept(secret=secret, by=invitee).status == "accepted"


def test_accepting_grants_the_role_once_and_is_audited(world: Any) -> None:
    invitation, secret = invite(world, role="legal_representative", organisation=world.member_b.uscc)
    invitee = UserFactory(username="wangwu")
    accepted = invitation_accept(secret=secret, by=invitee)
    assignment = RoleAssignment.objects.get(user=invitee)
    assert (assignment.role, assignment.alliance, assignment.organisation) == (
        "legal_representative", world.csa, world.member_b)  # fmt: skip
    assert (accepted.status, accepted.accepted_by, accepted.accepted_at, accepted.assignment) == (
        "accepted", invitee, NOW, assignment)  # fmt: skip
    entry = AuditEntry.objects.get(action="invitations.invitation.accepted")
    assert (entry.actor_label, entry.object_id, entry.data) == ("wangwu", str(invitation.pk), {
        "email": "wang.wu@example.com", "role": "legal_representative", "alliance": "CSA",
        "organisation": "12100000400000624D", "province": "", "industry": "", "department": "",
        "user": "wangwu", "invited_by": "secretariat", "assignment": assignment.pk})  # fmt: skip
    granted = AuditEntry.objects.get(action="accounts.role.granted")
    assert (granted.actor_label, granted.data["invitation"], granted.data["user"]) == (
        "wangwu",
        invitation.pk,
        "wangwu",
    )
    for user in (invitee, UserFactory(username="someone_else")):
        before = counts()
        with pytest.raises(InvalidTransition, match="already been accepted; it works once"):
            invitation_accept(secret=secret, by=user)
        assert counts() == before


def test_revoke_kills_the_link(world: Any) -> None:
    invitation, secret = invite(world)
    revoked = invitation_revoke(by=world.user("secretariat"), invitation=invitation)
    assert (revoked.status, revoked.revoked_at) == ("revoked", NOW)
    assert AuditEntry.objects.get(action="invitations.invitation.revoked").data == {
        "email": "wang.wu@example.com", "role": "council_member"}  # fmt: skip
    before = counts()
    with pytest.raises(InvalidTransition, match="This invitation was revoked."):
        invitation_accept(secret=secret, by=world.user("outsider"))
    with pytest.raises(InvalidTransition, match="no longer pending"):
        invitation_revoke(by=world.user("secretariat"), invitation=invitation)
    with pytest.raises(InvalidTransition, match="Only a pending or expired invitation is sent again."):
        invitation_resend(by=world.user("secretariat"), invitation=invitation)
    assert counts() == before
    invite(world)  # the address may be invited again


def test_resend_kills_the_old_link_and_renews_the_expiry(world: Any, clock: Any) -> None:
    invitation, old = invite(world, days=1)
    clock.move_to(NOW + dt.timedelta(days=3))  # expired: sending again revives it
    again, new = invitation_resend(by=world.user("secretariat"), invitation=invitation, days=7)
    assert new != old and again.digest == Invitation.digest_of(new)
    assert (again.sent_at, again.expires_at) == (NOW + dt.timedelta(days=3), NOW + dt.timedelta(days=10))
    assert AuditEntry.objects.get(action="invitations.invitation.resent").data == {
        "email": "wang.wu@example.com", "expires_at": "2026-09-25T02:00:00+00:00"}  # fmt: skip
    with pytest.raises(NotFound):
        invitation_accept(secret=old, by=world.user("outsider"))
    assert invitation_accept(secret=new, by=world.user("outsider")).accepted_by == world.user("outsider")


def test_others_may_not_resend_or_revoke(world: Any) -> None:
    invitation, _secret = invite(world)
    before = counts()
    for persona in ("council_member", "provincial_officer", "outsider"):
        with pytest.raises(DomainError, match="Only the alliance's secretariat invites people to its roles."):
            invitation_revoke(by=world.user(persona), invitation=invitation)
        with pytest.raises(DomainError, match="Only the alliance's secretariat invites people to its roles."):
            invitation_resend(by=world.user(persona), invitation=invitation)
    assert counts() == before and Invitation.objects.get().status == "pending"


def test_accepting_rechecks_the_inviter(world: Any) -> None:
    invitation, secret = invite(world)
    RoleAssignment.objects.filter(user=world.user("secretariat"), role="secretariat").delete()
    before = counts()
    with pytest.raises(Conflict, match="The person who invited you may no longer grant this role"):
        invitation_accept(secret=secret, by=world.user("outsider"))
    assert counts() == before and Invitation.objects.get().status == "pending"


def test_accepting_rechecks_the_membership(world: Any) -> None:
    _invitation, secret = invite(world, role="member_contact", organisation=world.member_b.uscc)
    world.member_b.memberships.filter(alliance=world.csa).update(left_on=dt.date(2026, 9, 1))
    before = counts()
    with pytest.raises(Conflict, match="no longer an active member"):
        invitation_accept(secret=secret, by=world.user("outsider"))
    assert counts() == before


def test_an_officer_invites_its_own_officers(world: Any) -> None:
    _inv, secret = invite(
        world, persona="provincial_officer", role="provincial_officer", alliance="", province="37"
    )
    invitation_accept(secret=secret, by=world.user("outsider"))
    assert list(RoleAssignment.objects.filter(user=world.user("outsider")).values_list("role", "province")) == [
        ("provincial_officer", "37")]  # fmt: skip
    ministry = UserFactory(username="ministry")
    RoleAssignment.objects.create(user=ministry, role="ministry_officer", industry="B")
    made, _s = invitation_create(by=ministry, data=InvitationInput(email="m@example.com", role="ministry_officer",
                                                                   industry="B"))  # fmt: skip
    assert (made.role, made.industry) == ("ministry_officer", "B")


def test_signing_up_creates_the_account_and_grants_in_one_transaction(world: Any) -> None:
    _invitation, secret = invite(world, language="en")
    before = counts()
    with pytest.raises(DomainError) as exc:
        invitation_signup(secret=secret, username="wangwu", display_name="王五", password="short")
    assert exc.value.fields["password"][0].startswith("This password is too short.") and counts() == before
    with pytest.raises(DomainError) as exc:
        invitation_signup(
            secret=secret, username="secretariat", display_name="王五", password="a-long-passphrase-9"
        )
    assert (
        exc.value.fields == {"username": ["A user with that username already exists."]} and counts() == before
    )
    user, accepted = invitation_signup(secret=secret, username="wangwu", display_name="王五",
                                       password="a-long-passphrase-9")  # fmt: skip
    user = User.objects.get(username="wangwu")
    assert (user.email, user.display_name, user.preferred_language, user.check_password("a-long-passphrase-9")) == (
        "wang.wu@example.com", "王五", "en", True)  # fmt: skip
    assert accepted.accepted_by == user and user.roles.get().role == "council_member"
    assert AuditEntry.objects.get(action="accounts.user.created").data == {
        "username": "wangwu", "superuser": False, "invitation": accepted.pk}  # fmt: skip


def test_signing_up_on_a_used_invitation_writes_nothing(world: Any) -> None:
    _invitation, secret = invite(world)
    invitation_accept(secret=secret, by=world.user("outsider"))
    before = counts()
    with pytest.raises(InvalidTransition):
        invitation_signup(
            secret=secret, username="wangwu", display_name="王五", password="a-long-passphrase-9"
        )
    assert counts() == before


@pytest.mark.parametrize(
    ("language", "subject", "phrases"),
    [
        ("en", "Invitation: Council member, China Solid State Lighting Alliance (CSA)",
         ["secretariat invites you to take the role of Council member", "before 29 Sep 2026 10:00 (Beijing time)",
          "http://testserver/en/invitations/accept/"]),
        ("zh-hans", "邀请：理事，半导体照明产业技术创新战略联盟 (CSA)",
         ["secretariat 邀请您在产业技术创新战略联盟管理平台担任理事（半导体照明产业技术创新战略联盟 (CSA)）", "2026年9月29日 10:00", "http://testserver/invitations/accept/"]),
    ],
)  # fmt: skip
def test_the_email_is_in_the_invitations_language_with_the_link(
    world: Any, settings: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any,
    language: str, subject: str, phrases: list[str],
) -> None:  # fmt: skip
    settings.SITE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, secret = invite(world, language=language)
    (mail,) = mailoutbox
    assert (mail.to, mail.subject) == (["wang.wu@example.com"], subject)
    for phrase in phrases:
        assert phrase in mail.body
    assert f"/invitations/accept/{secret}/" in mail.body


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        invite(world)
        raise RuntimeError
    assert (mailoutbox, Invitation.objects.count()) == ([], 0)
