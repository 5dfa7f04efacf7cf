"""Who confirms an appointed representative and who names people for an organisation: every persona,
through the service (nothing written on a refusal), built once per module (``module_db``)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PERSONAS, World, build_world
from itisa.core.errors import PermissionDenied
from itisa.representatives import services
from itisa.representatives.choices import Function
from itisa.representatives.models import Appointment
from itisa.representatives.tests.conftest import counts
from tests.factories import UserFactory

# organisation -> the personas who confirm its representative: 乙大学 (Beijing, a CSA member) by CSA's
# secretariat and the national office; 鲁煤集团 (Shandong, an SDC member) by Shandong's provincial officer
# and the national office
CONFIRMERS = {
    "member_b": {"secretariat", "national_officer"},
    "sd_org": {"provincial_officer", "national_officer"},
}
CASES = [(p, o) for p in PERSONAS[1:] for o in CONFIRMERS]


@pytest.fixture(scope="module")
def shared_world(module_db: Any) -> World:
    return build_world()


@pytest.fixture
def world(shared_world: World, db: Any) -> World:
    return shared_world


@pytest.mark.parametrize(("persona", "org"), CASES, ids=[f"{p}-{o}" for p, o in CASES])
def test_who_confirms_and_rejects(world: Any, persona: str, org: str) -> None:
    organisation = getattr(world, org)
    candidate = UserFactory(username="candidate")
    appointment = services.appointment_apply(by=candidate, organisation=organisation)
    before = counts()
    if persona in CONFIRMERS[org]:
        services.appointment_confirm(by=world.user(persona), appointment=appointment)
        assert Appointment.objects.get(pk=appointment.pk).status == "confirmed"
    else:
        with pytest.raises(PermissionDenied):
            services.appointment_confirm(by=world.user(persona), appointment=appointment)
        with pytest.raises(PermissionDenied):
            services.appointment_reject(by=world.user(persona), appointment=appointment, reason="不同意")
        assert counts() == before
        assert Appointment.objects.get(pk=appointment.pk).status == "pending"


NAME_CASES = [(p, f) for p in PERSONAS[1:] for f in Function.values]


@pytest.mark.parametrize(("persona", "function"), NAME_CASES, ids=[f"{p}-{f}" for p, f in NAME_CASES])
def test_no_role_alone_names_people_for_an_organisation(world: Any, persona: str, function: str) -> None:
    """Secretariats and officers confirm the representative; none of them, nor the organisation's own
    legal representative or contact, names people for it: only its representative, backups and delegates."""
    target = UserFactory(username="target")
    before = counts()
    with pytest.raises(PermissionDenied):
        services.function_name(
            by=world.user(persona), organisation=world.member_b, function=function, person=target
        )
    assert counts() == before


# the representative of 乙大学 names to every function for its own organisation and to none for another
OWN_CASES = [(o, f) for o in ("member_a", "member_b", "sd_org") for f in Function.values]


@pytest.mark.parametrize(("org", "function"), OWN_CASES, ids=[f"{o}-{f}" for o, f in OWN_CASES])
def test_a_representative_names_for_its_own_organisation_only(world: Any, org: str, function: str) -> None:
    lear = UserFactory(username="lear")
    services.appointment_confirm(
        by=world.user("secretariat"),
        appointment=services.appointment_apply(by=lear, organisation=world.member_b),
    )
    target = UserFactory(username="target")
    before = counts()
    if org == "member_b":
        services.function_name(by=lear, organisation=world.member_b, function=function, person=target)
        assert counts() != before
    else:
        with pytest.raises(PermissionDenied):
            services.function_name(
                by=lear, organisation=getattr(world, org), function=function, person=target
            )
        assert counts() == before
