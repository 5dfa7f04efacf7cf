"""``access_alliance``: find and check in one call; missing and hidden look the same."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import CommandError

from itisa.core.decisions import Decision
from itisa.core.errors import ErrorCode, NotFound, PermissionDenied
from itisa.registry.management.access import command_alliance
from itisa.registry.selectors import access_alliance, access_organisation

pytestmark = pytest.mark.django_db


def _allow(user: Any, alliance: Any) -> Decision:
    return Decision.allow("yes")


def _deny(reason: str) -> Any:
    return lambda user, alliance: Decision.deny(reason)


@pytest.mark.parametrize("code", ["NOPE", "SDC"])  # SDC is forming: hidden from the public
def test_missing_and_hidden_alliances_raise_the_same_not_found(world: Any, code: str) -> None:
    with pytest.raises(NotFound) as caught:
        access_alliance(AnonymousUser(), code, need=_deny("never asked"))
    assert (caught.value.code, caught.value.message) == (
        ErrorCode.NOT_FOUND,
        f"No alliance with the code {code}.",
    )


def test_a_visible_alliance_is_found_by_its_code_in_any_case(world: Any) -> None:
    assert access_alliance(world.user("provincial_officer"), " sdc ") == world.sdc
    assert access_alliance(AnonymousUser(), "CSA", need=_allow) == world.csa


def test_a_refused_need_says_why(world: Any) -> None:
    with pytest.raises(PermissionDenied) as caught:
        access_alliance(world.user("outsider"), "CSA", need=_deny("Only the secretariat."))
    assert caught.value.message == "Only the secretariat."


def test_several_needs_are_checked_in_order(world: Any) -> None:
    with pytest.raises(PermissionDenied) as caught:
        access_alliance(world.user("national_officer"), "CSA", need=(_allow, _deny("first"), _deny("second")))
    assert caught.value.message == "first"


def test_a_missing_organisation_is_not_found(world: Any) -> None:
    with pytest.raises(NotFound) as caught:
        access_organisation(world.user("national_officer"), "914403001922038299")
    assert caught.value.message == "No organisation with the credit code 914403001922038299."
    assert access_organisation(world.user("national_officer"), world.member_a.uscc.lower()) == world.member_a


def test_commands_see_every_alliance_and_say_short_code_when_it_is_missing(world: Any) -> None:
    assert command_alliance("sdc") == world.sdc  # forming, hidden from the public: the operator sees it
    with pytest.raises(CommandError, match=r"^No alliance with the short code NOPE\.$"):
        command_alliance("NOPE")
    with pytest.raises(CommandError, match=r"^No alliance with the short code SDC\.$"):
        command_alliance("SDC", viewer=AnonymousUser())
