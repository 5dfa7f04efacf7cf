"""Every persona × every page (GET): the expected status code, in one table.

302 = anonymous visitor sent to the login page (or a logged-in user sent away from the login page);
403 = logged in but not allowed; 404 = the object is not visible to the viewer.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PERSONAS, World, build_world
from itisa.membership.models import Membership

# Columns follow conftest.PERSONAS:
#  anonymous, outsider, secretariat, council_member, member_contact, legal_representative,
#  fund_supervisor, expert, provincial_officer, association_officer, national_officer
EXPECTED: dict[str, tuple[int, ...]] = {
    "home": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "login": (200, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "alliance_list": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "alliance_export": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "alliance_csa": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "alliance_sdc": (404, 404, 404, 404, 404, 404, 404, 404, 200, 200, 200),
    "alliance_create": (302, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "alliance_edit_csa": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "alliance_edit_sdc": (404, 404, 404, 404, 404, 404, 404, 404, 200, 403, 200),
    "transition_sdc_established": (404, 404, 404, 404, 404, 404, 404, 404, 200, 403, 200),
    # nobody sets pilot status by hand, not even the national office: only a published decision
    "transition_csa_pilot": (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "organisation_list": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "organisation_a": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "organisation_sd": (404, 404, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "organisation_create": (302, 403, 200, 403, 403, 403, 403, 403, 200, 403, 200),
    "organisation_edit_a": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "organisation_edit_sd": (404, 404, 403, 403, 403, 403, 403, 403, 200, 403, 200),
    "member_add_csa": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "member_end_csa": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "member_rank_csa": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "audit_csa": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "audit_org_a": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "tokens": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "inbox": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "inbox_unread": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "todo": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "todo_calendar": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings_csa": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "meetings_sdc": (404, 404, 404, 404, 404, 404, 404, 404, 200, 200, 200),
    "meeting_add_csa": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "motions_csa": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "motion_add_csa": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "apply_csa": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "applications_csa": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "my_applications": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "exits_csa": (302, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "exit_give_b": (302, 403, 200, 403, 200, 200, 403, 403, 403, 403, 200),
    "expel_b": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "eligibility_csa": (302, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "eligibility_sdc": (404, 404, 404, 404, 404, 404, 404, 404, 200, 200, 200),
    "eligibility_survey": (302, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200),
}


def page_url(world: Any, page: str) -> str:
    membership = Membership.objects.get(alliance=world.csa, organisation=world.member_b)
    a, sd = world.member_a.uscc, world.sd_org.uscc
    return {
        "home": "/",
        "login": "/login/",
        "alliance_list": "/alliances/",
        "alliance_export": "/alliances/export.xlsx",
        "alliance_csa": "/alliances/CSA/",
        "alliance_sdc": "/alliances/SDC/",
        "alliance_create": "/alliances/new/",
        "alliance_edit_csa": "/alliances/CSA/edit/",
        "alliance_edit_sdc": "/alliances/SDC/edit/",
        "transition_sdc_established": "/alliances/SDC/status/established/",
        "transition_csa_pilot": "/alliances/CSA/status/pilot/",
        "organisation_list": "/organisations/",
        "organisation_a": f"/organisations/{a}/",
        "organisation_sd": f"/organisations/{sd}/",
        "organisation_create": "/organisations/new/",
        "organisation_edit_a": f"/organisations/{a}/edit/",
        "organisation_edit_sd": f"/organisations/{sd}/edit/",
        "member_add_csa": "/alliances/CSA/members/add/",
        "member_end_csa": f"/alliances/CSA/members/{membership.pk}/end/",
        "member_rank_csa": f"/alliances/CSA/members/{membership.pk}/rank/",
        "audit_csa": f"/audit/registry.alliance/{world.csa.pk}/",
        "audit_org_a": f"/audit/registry.organisation/{world.member_a.pk}/",
        "tokens": "/tokens/",
        "inbox": "/inbox/",
        "inbox_unread": "/inbox/?show=unread",
        "todo": "/todo/",
        "todo_calendar": "/todo/calendar/",
        "meetings_csa": "/alliances/CSA/governance/meetings/",
        "meetings_sdc": "/alliances/SDC/governance/meetings/",
        "meeting_add_csa": "/alliances/CSA/governance/meetings/new/",
        "motions_csa": "/alliances/CSA/governance/motions/",
        "motion_add_csa": "/alliances/CSA/governance/motions/new/",
        "apply_csa": "/alliances/CSA/apply/",
        "applications_csa": "/alliances/CSA/applications/",
        "my_applications": "/applications/",
        "exits_csa": "/alliances/CSA/exits/",
        "exit_give_b": f"/alliances/CSA/members/{membership.pk}/exit/",
        "expel_b": f"/alliances/CSA/members/{membership.pk}/expel/",
        "eligibility_csa": "/alliances/CSA/eligibility/",
        "eligibility_sdc": "/alliances/SDC/eligibility/",
        "eligibility_survey": "/pilots/eligibility/",
    }[page]


CASES = [(page, persona, codes[i]) for page, codes in EXPECTED.items() for i, persona in enumerate(PERSONAS)]


@pytest.fixture(scope="module")
def shared_world(module_db: Any) -> World:
    """Built once for the module; every case is rolled back to it (``module_db``)."""
    return build_world()


@pytest.fixture
def world(shared_world: World, db: Any) -> World:
    return shared_world


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "persona", "expected"), CASES, ids=[f"{p}-{u}" for p, u, _ in CASES])
def test_page_status(world: Any, page: str, persona: str, expected: int) -> None:
    client = Client()
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    response = client.get(page_url(world, page))
    assert response.status_code == expected
    if expected == 302 and user is None:
        assert response["Location"].startswith("/login/?next=")
