"""Membership services: one active membership per pair, ending with reason, permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.membership.models import Membership
from itisa.membership.services import membership_add, membership_change_rank, membership_end
from tests.factories import OrganisationFactory


def test_secretariat_admits_member(world) -> None:
    org = OrganisationFactory(name_zh="丙研究所", kind="research_institute", ownership="")
    m = membership_add(
        by=world.user("secretariat"),
        alliance=world.csa,
        organisation=org,
        rank="ordinary",
        joined_on=dt.date(2020, 3, 1),
    )
    assert (m.alliance, m.organisation, m.rank, m.left_on) == (world.csa, org, "ordinary", None)
    entry = AuditEntry.objects.get(action="membership.membership.added")
    assert entry.data == {
        "alliance": "CSA",
        "organisation": org.uscc,
        "rank": "ordinary",
        "joined_on": "2020-03-01",
    }


def test_second_active_membership_is_refused(world) -> None:
    count = Membership.objects.count()
    with pytest.raises(Conflict):
        membership_add(
            by=world.user("secretariat"),
            alliance=world.csa,
            organisation=world.member_a,
            rank="ordinary",
            joined_on=dt.date(2020, 1, 1),
        )
    assert Membership.objects.count() == count
    assert AuditEntry.objects.count() == 0


def test_rejoin_after_leaving_is_allowed(world) -> None:
    m = Membership.objects.get(alliance=world.csa, organisation=world.member_b)
    membership_end(
        by=world.user("secretariat"), membership=m, left_on=dt.date(2015, 1, 1), reason="书面申请退出"
    )
    again = membership_add(
        by=world.user("secretariat"),
        alliance=world.csa,
        organisation=world.member_b,
        rank="ordinary",
        joined_on=dt.date(2018, 1, 1),
    )
    assert Membership.objects.filter(alliance=world.csa, organisation=world.member_b).count() == 2
    assert again.is_active


def test_end_requires_reason_and_valid_date(world) -> None:
    m = Membership.objects.get(alliance=world.csa, organisation=world.member_b)
    with pytest.raises(DomainError) as exc:
        membership_end(by=world.user("secretariat"), membership=m, left_on=dt.date(2015, 1, 1), reason=" ")
    assert exc.value.fields == {"left_reason": ["This field is required."]}
    with pytest.raises(DomainError) as exc:
        membership_end(by=world.user("secretariat"), membership=m, left_on=dt.date(2000, 1, 1), reason="退出")
    assert exc.value.fields == {"left_on": ["On or after 1 Jan 2005."]}
    m.refresh_from_db()
    assert (m.left_on, m.left_reason) == (None, "")


@pytest.mark.parametrize(
    "persona",
    ["council_member", "member_contact", "expert", "outsider", "association_officer", "provincial_officer"],
)
def test_only_secretariat_and_competent_officers_manage_members(world, persona) -> None:
    m = Membership.objects.get(alliance=world.csa, organisation=world.member_b)
    with pytest.raises(PermissionDenied):
        membership_change_rank(by=world.user(persona), membership=m, rank="vice_chair")
    m.refresh_from_db()
    assert m.rank == "council"
    assert AuditEntry.objects.count() == 0
