"""GET /api/audit/{object_type}/{object_id}: history for those who may edit the object."""

from __future__ import annotations

import pytest

from itisa.membership.models import Membership


@pytest.fixture
def changed(world, as_persona):
    as_persona("secretariat").patch("/alliances/CSA", {"website": "https://www.china-led.net/"})
    as_persona("member_contact").patch(f"/organisations/{world.member_b.uscc}", {"address": "清华园"})
    membership = Membership.objects.get(alliance=world.csa, organisation=world.member_b)
    as_persona("secretariat").post(f"/memberships/{membership.pk}/rank", {"rank": "vice_chair"})
    return membership


def test_alliance_history_for_its_secretariat(world, as_persona, changed) -> None:
    rows = as_persona("secretariat").get("/audit/alliance/CSA").json()["items"]
    assert [(r["actor"], r["action"], r["action_label"], r["data"]) for r in rows] == [
        (
            "secretariat",
            "registry.alliance.updated",
            "Alliance updated",
            {"changes": {"website": ["", "https://www.china-led.net/"]}},
        )
    ]
    assert rows[0]["hash"] and rows[0]["seq"] == 1


def test_organisation_and_membership_history(world, as_persona, changed) -> None:
    rows = as_persona("member_contact").get(f"/audit/organisation/{world.member_b.uscc}").json()["items"]
    assert [(r["actor"], r["data"]) for r in rows] == [
        ("member_contact", {"changes": {"address": ["北京市海淀区", "清华园"]}})
    ]
    rows = as_persona("secretariat").get(f"/audit/membership/{changed.pk}").json()["items"]
    assert [(r["action"], r["data"]) for r in rows] == [
        ("membership.membership.rank_changed", {"from": "council", "to": "vice_chair"})
    ]


@pytest.mark.parametrize(
    ("persona", "path", "status"),
    [
        ("anonymous", "/audit/alliance/CSA", 401),
        ("outsider", "/audit/alliance/CSA", 403),
        ("council_member", "/audit/alliance/CSA", 403),
        ("expert", "/audit/organisation/12100000400000624D", 403),
        ("member_contact", "/audit/membership/{m}", 403),
        ("national_officer", "/audit/membership/{m}", 200),
        ("national_officer", "/audit/ledger/1", 404),
        ("outsider", "/audit/alliance/SDC", 404),
        ("national_officer", "/audit/membership/abc", 404),
    ],
)
def test_audit_access(world, as_persona, changed, persona: str, path: str, status: int) -> None:
    response = as_persona(persona).get(path.format(m=changed.pk))
    assert response.status_code == status
