"""Management commands of accounts: user create, role grant/list, token create."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from itisa.accounts.models import ApiToken, RoleAssignment, User
from itisa.accounts.services import api_token_authenticate
from itisa.audit.models import AuditEntry


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def test_user_create_with_password(db: Any) -> None:
    assert run("user", "create", "alice", "--password", "a-long-Secret-99") == ["Created user alice."]
    user = User.objects.get(username="alice")
    assert user.check_password("a-long-Secret-99")
    assert (user.is_superuser, user.is_staff) == (False, False)
    entry = AuditEntry.objects.get(action="accounts.user.created")
    assert (entry.actor_id, entry.actor_label, entry.data) == (
        None,
        "system",
        {"username": "alice", "superuser": False},
    )


def test_user_create_superuser_from_stdin(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", StringIO("another-Secret-77\n"))
    assert run("user", "create", "root", "--password-stdin", "--superuser") == ["Created user root."]
    user = User.objects.get(username="root")
    assert (user.is_superuser, user.is_staff, user.check_password("another-Secret-77")) == (True, True, True)


def test_user_create_weak_password_fails_and_writes_nothing(db: Any) -> None:
    with pytest.raises(CommandError) as info:
        run("user", "create", "weak", "--password", "123")
    assert str(info.value).startswith("The password is too weak. password: ")
    assert User.objects.filter(username="weak").count() == 0
    assert AuditEntry.objects.count() == 0


def test_user_create_duplicate_fails(world: Any) -> None:
    with pytest.raises(CommandError, match="A user with that username already exists."):
        run("user", "create", "expert", "--password", "a-long-Secret-99")


def test_role_grant_and_list(world: Any) -> None:
    assert run("role", "grant", "outsider", "secretariat", "--alliance", "csa") == [
        "Granted secretariat to outsider."
    ]
    assert run(
        "role",
        "grant",
        "outsider",
        "member_contact",
        "--alliance",
        "CSA",
        "--organisation",
        "12100000400000624D",
    ) == ["Granted member_contact to outsider."]
    assert run("role", "grant", "outsider", "provincial_officer", "--province", "44") == [
        "Granted provincial_officer to outsider."
    ]
    assert run("role", "list", "outsider") == [
        "username  role                alliance  organisation        province  industry",
        "outsider  member_contact      CSA       12100000400000624D",
        "outsider  provincial_officer                                44",
        "outsider  secretariat         CSA",
    ]
    assert json.loads("\n".join(run("role", "list", "association_officer", "--json"))) == [
        {
            "username": "association_officer",
            "role": "association_officer",
            "alliance": "",
            "organisation": "",
            "province": "",
            "industry": "B",
        },
    ]
    assert AuditEntry.objects.filter(action="accounts.role.granted").count() == 3


def test_role_grant_twice_writes_one_entry(world: Any) -> None:
    run("role", "grant", "outsider", "national_officer")
    run("role", "grant", "outsider", "national_officer")
    assert RoleAssignment.objects.filter(user__username="outsider").count() == 1
    assert AuditEntry.objects.filter(action="accounts.role.granted").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody", "national_officer"], "No user nobody."),
        (["outsider", "secretariat"], "The role secretariat is scoped to: alliance."),
        (["outsider", "secretariat", "--alliance", "XYZ"], "No alliance with the short code XYZ."),
        (
            ["outsider", "member_contact", "--alliance", "CSA", "--organisation", "91440300192317458F"],
            "No organisation with the credit code 91440300192317458F.",
        ),
    ],
)
def test_role_grant_errors_change_nothing(world: Any, args: list[str], message: str) -> None:
    before = RoleAssignment.objects.count()
    with pytest.raises(CommandError) as info:
        run("role", "grant", *args)
    assert str(info.value) == message
    assert RoleAssignment.objects.count() == before
    assert AuditEntry.objects.count() == 0


def test_token_create_prints_a_working_secret_once(world: Any) -> None:
    lines = run("token", "create", "expert", "reporting script")
    assert len(lines) == 1
    assert lines[0].startswith("itisa_")
    assert api_token_authenticate(lines[0]) == world.user("expert")
    token = ApiToken.objects.get(user=world.user("expert"))
    assert (token.name, token.prefix) == ("reporting script", lines[0][:12])


def test_token_create_for_unknown_user_fails(db: Any) -> None:
    with pytest.raises(CommandError, match="No active user ghost."):
        run("token", "create", "ghost", "x")
    assert ApiToken.objects.count() == 0
