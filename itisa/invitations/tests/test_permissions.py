"""Who may invite whom: every persona × every role and scope, through the service (nothing written on a
refusal) and the predicate, built once per module (``module_db``)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PERSONAS, World, build_world
from itisa.core.errors import PermissionDenied
from itisa.invitations.models import Invitation
from itisa.invitations.permissions import Grant, can_invite, may_invite, roles_invitable
from itisa.invitations.services import InvitationInput, invitation_create
from itisa.invitations.tests.conftest import counts

# target -> the invitation's role and scope (member roles for 乙大学, an active member of CSA)
TARGETS: dict[str, dict[str, str]] = {
    "csa_council": {"role": "council_member", "alliance": "CSA"},
    "csa_contact": {"role": "member_contact", "alliance": "CSA", "organisation": "12100000400000624D"},
    "csa_legal_rep": {
        "role": "legal_representative",
        "alliance": "CSA",
        "organisation": "12100000400000624D",
    },
    "csa_fund_supervisor": {"role": "fund_supervisor", "alliance": "CSA"},
    "csa_expert": {"role": "expert", "alliance": "CSA"},
    "csa_host_finance": {"role": "host_finance", "alliance": "CSA"},
    "csa_secretariat": {"role": "secretariat", "alliance": "CSA"},
    "sdc_council": {"role": "council_member", "alliance": "SDC"},
    "sd_provincial": {"role": "provincial_officer", "province": "37"},
    "gd_provincial": {"role": "provincial_officer", "province": "44"},
    "b_association": {"role": "association_officer", "industry": "B"},
    "c_association": {"role": "association_officer", "industry": "C"},
    "b_ministry": {"role": "ministry_officer", "industry": "B"},
    "national": {"role": "national_officer"},
    "supervisor": {"role": "government_supervisor", "department": "科技部"},
}
CSA_ROLES = {
    "csa_council",
    "csa_contact",
    "csa_legal_rep",
    "csa_fund_supervisor",
    "csa_expert",
    "csa_host_finance",
}
ALLOWED: dict[str, set[str]] = {
    "secretariat": CSA_ROLES,
    "provincial_officer": {"sd_provincial"},
    "association_officer": {"b_association"},
    "national_officer": set(TARGETS),
}
CASES = [(p, t) for p in PERSONAS[1:] for t in TARGETS]


@pytest.fixture(scope="module")
def shared_world(module_db: Any) -> World:
    return build_world()


@pytest.fixture
def world(shared_world: World, db: Any) -> World:
    return shared_world


@pytest.mark.parametrize(("persona", "target"), CASES, ids=[f"{p}-{t}" for p, t in CASES])
def test_who_may_invite_whom(world: Any, persona: str, target: str) -> None:
    data = InvitationInput(email="invitee@example.com", **TARGETS[target])
    before = counts()
    if target in ALLOWED.get(persona, set()):
        invitation, secret = invitation_create(by=world.user(persona), data=data)
        assert (invitation.role, invitation.invited_by, invitation.status) == (
            TARGETS[target]["role"], world.user(persona), "pending")  # fmt: skip
        assert invitation.digest == Invitation.digest_of(secret) and secret.startswith("inv_")
        assert counts() == (before[0] + 1, before[1], before[2], before[3] + 1)
    else:
        with pytest.raises(PermissionDenied):
            invitation_create(by=world.user(persona), data=data)
        assert counts() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_predicates_agree(world: Any, persona: str) -> None:
    user = world.user(persona)
    ids = {"CSA": world.csa.pk, "SDC": world.sdc.pk}
    allowed = {
        t for t, kw in TARGETS.items()
        if can_invite(user, Grant(kw["role"], ids.get(kw.get("alliance", "")), kw.get("province", ""),
                                  kw.get("industry", "")))
    }  # fmt: skip
    assert allowed == ALLOWED.get(persona, set())
    assert bool(may_invite(user)) == (persona in ALLOWED)
    expected_roles = {
        "secretariat": ["council_member", "member_contact", "legal_representative", "fund_supervisor", "expert",
                        "host_finance"],
        "provincial_officer": ["provincial_officer"],
        "association_officer": ["association_officer"],
        "national_officer": ["secretariat", "council_member", "member_contact", "legal_representative",
                             "fund_supervisor", "expert", "provincial_officer", "association_officer",
                             "ministry_officer", "national_officer", "government_supervisor", "host_finance"],
    }  # fmt: skip
    assert roles_invitable(user) == expected_roles.get(persona, [])


def test_anonymous_is_told_to_log_in(world: Any) -> None:
    assert str(can_invite(None, Grant("council_member", world.csa.pk)).reason) == "You must log in first."
