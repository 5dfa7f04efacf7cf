"""Accounts services: role grants by scope, API tokens."""

from __future__ import annotations

import pytest

from itisa.accounts.models import ApiToken, RoleAssignment
from itisa.accounts.roles import role_summary
from itisa.accounts.services import api_token_authenticate, api_token_create, api_token_revoke, role_grant
from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, PermissionDenied


def test_role_summary_of_personas(world) -> None:
    s = role_summary(world.user("provincial_officer"))
    assert (s.national, s.provinces, s.industries, s.alliance_roles) == (
        False,
        frozenset({"37"}),
        frozenset(),
        {},
    )
    s = role_summary(world.user("member_contact"))
    assert s.alliance_roles == {world.csa.pk: frozenset({"member_contact"})}
    assert s.organisations == frozenset({world.member_b.pk})
    assert role_summary(None).has_any_role is False


@pytest.mark.parametrize(
    "kwargs",
    [
        {"role": "secretariat"},
        {"role": "provincial_officer"},
        {"role": "national_officer", "province": "11"},
        {"role": "association_officer", "province": "11"},
        {"role": "no_such_role"},
    ],
    ids=[
        "alliance-role-without-alliance",
        "province-role-without-province",
        "national-with-province",
        "industry-role-with-province",
        "unknown",
    ],
)
def test_role_grant_refuses_wrong_scope(world, kwargs) -> None:
    before = (RoleAssignment.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError):
        role_grant(by=None, user=world.user("outsider"), **kwargs)
    assert (RoleAssignment.objects.count(), AuditEntry.objects.count()) == before


def test_role_grant_is_audited_and_idempotent(world) -> None:
    outsider = world.user("outsider")
    role_grant(by=None, user=outsider, role="provincial_officer", province="11")
    role_grant(by=None, user=outsider, role="provincial_officer", province="11")
    assert RoleAssignment.objects.filter(user=outsider).count() == 1
    assert AuditEntry.objects.filter(action="accounts.role.granted").count() == 1
    assert role_summary(outsider).provinces == frozenset({"11"})


def test_only_superuser_grants_roles(world) -> None:
    with pytest.raises(PermissionDenied):
        role_grant(by=world.user("national_officer"), user=world.user("outsider"), role="national_officer")
    assert not RoleAssignment.objects.filter(user=world.user("outsider")).exists()


def test_token_lifecycle(world) -> None:
    user = world.user("secretariat")
    token, secret = api_token_create(by=user, name="CI")
    assert secret.startswith("itisa_") and token.prefix == secret[:12]
    assert ApiToken.objects.get(pk=token.pk).digest != secret
    assert api_token_authenticate(secret) == user
    assert api_token_authenticate(secret + "x") is None
    api_token_revoke(by=user, token=token)
    assert api_token_authenticate(secret) is None
    assert list(
        AuditEntry.objects.filter(object_type="accounts.apitoken").values_list("action", flat=True)
    ) == ["accounts.token.created", "accounts.token.revoked"]


def test_cannot_revoke_someone_elses_token(world) -> None:
    token, _secret = api_token_create(by=world.user("secretariat"), name="mine")
    with pytest.raises(PermissionDenied):
        api_token_revoke(by=world.user("expert"), token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_user_changes_in_the_admin_are_audited(world, client) -> None:
    from tests.factories import UserFactory

    admin = UserFactory(username="root-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    target = world.user("expert")
    response = client.post(
        f"/admin/accounts/user/{target.pk}/change/",
        {
            "username": "expert",
            "display_name": "专家甲",
            "preferred_language": "zh-hans",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="accounts.user.changed_in_admin")
    assert (entry.actor_label, entry.object_id, entry.data) == (
        "root-admin",
        str(target.pk),
        {"created": False, "fields": ["display_name"]},
    )
