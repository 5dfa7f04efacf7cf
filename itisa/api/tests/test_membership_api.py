"""Membership endpoints: list, admit, change rank, end."""

from __future__ import annotations

from itisa.audit.models import AuditEntry
from itisa.membership.models import Membership


def test_member_list_active_and_past(world, as_persona) -> None:
    ended = Membership.objects.get(alliance=world.csa, organisation=world.member_b)
    as_persona("secretariat").post(
        f"/memberships/{ended.pk}/end", {"left_on": "2020-12-31", "reason": "自愿退出"}
    )
    rows = as_persona("anonymous").get("/alliances/CSA/members").json()["items"]
    assert [(r["organisation"], r["rank"], r["left_on"]) for r in rows] == [
        ("914403001922038216", "chair", None)
    ]
    rows = as_persona("council_member").get("/alliances/CSA/members?include_past=true").json()["items"]
    assert [
        (r["organisation_name_zh"], r["rank"], r["joined_on"], r["left_on"], r["left_reason"]) for r in rows
    ] == [
        ("甲公司", "chair", "2004-10-01", None, ""),
        ("乙大学", "council", "2005-01-01", "2020-12-31", "自愿退出"),
    ]
    # the public sees that a member left, not why
    public = as_persona("anonymous").get("/alliances/CSA/members?include_past=true").json()["items"]
    assert [(r["left_on"], r["left_reason"]) for r in public] == [(None, ""), ("2020-12-31", "")]


def test_member_list_of_hidden_alliance_is_404(world, as_persona) -> None:
    assert as_persona("anonymous").get("/alliances/SDC/members").status_code == 404
    assert [
        m["organisation"]
        for m in as_persona("provincial_officer").get("/alliances/SDC/members").json()["items"]
    ] == [world.sd_org.uscc]


def test_secretariat_admits_member(world, as_persona) -> None:
    response = as_persona("secretariat").post(
        "/alliances/CSA/members",
        {"organisation": world.sd_org.uscc, "rank": "ordinary", "joined_on": "2015-03-01"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["alliance"], body["organisation"], body["rank"], body["joined_on"]) == (
        "CSA",
        world.sd_org.uscc,
        "ordinary",
        "2015-03-01",
    )
    assert AuditEntry.objects.get(action="membership.membership.added").object_id == str(body["id"])


def test_admission_refusals(world, as_persona) -> None:
    before = (Membership.objects.count(), AuditEntry.objects.count())
    path = "/alliances/CSA/members"
    body = {"organisation": world.sd_org.uscc, "rank": "ordinary", "joined_on": "2015-03-01"}
    assert as_persona("anonymous").post(path, body).status_code == 401
    assert as_persona("expert").post(path, body).status_code == 403
    dup = as_persona("secretariat").post(path, {**body, "organisation": world.member_a.uscc})
    assert (dup.status_code, dup.json()["fields"]) == (409, {"organisation": ["Already an active member."]})
    early = as_persona("secretariat").post(path, {**body, "joined_on": "2000-01-01"})
    assert (early.status_code, early.json()["fields"]) == (422, {"joined_on": ["On or after 1 Oct 2004."]})
    bad = as_persona("secretariat").post(path, {"rank": "ordinary", "joined_on": "not a date"})
    assert bad.status_code == 422
    assert sorted(bad.json()["fields"]) == ["joined_on", "organisation"]
    unknown = as_persona("secretariat").post(path, {**body, "organisation": "000"})
    assert unknown.json()["fields"] == {"organisation": ["No organisation with this credit code."]}
    assert (Membership.objects.count(), AuditEntry.objects.count()) == before


def test_change_rank_and_end(world, as_persona) -> None:
    membership = Membership.objects.get(alliance=world.csa, organisation=world.member_b)
    response = as_persona("secretariat").post(f"/memberships/{membership.pk}/rank", {"rank": "vice_chair"})
    assert (response.status_code, response.json()["rank"]) == (200, "vice_chair")
    response = as_persona("national_officer").post(
        f"/memberships/{membership.pk}/end", {"left_on": "2021-06-30", "reason": "合并"}
    )
    assert (response.status_code, response.json()["left_on"], response.json()["left_reason"]) == (
        200,
        "2021-06-30",
        "合并",
    )
    assert list(
        AuditEntry.objects.filter(
            object_id=str(membership.pk), object_type="membership.membership"
        ).values_list("action", flat=True)
    ) == ["membership.membership.rank_changed", "membership.membership.ended"]


def test_rank_and_end_refused(world, as_persona) -> None:
    membership = Membership.objects.get(alliance=world.csa, organisation=world.member_b)
    before = AuditEntry.objects.count()
    assert (
        as_persona("council_member").post(f"/memberships/{membership.pk}/rank", {"rank": "chair"}).status_code
        == 403
    )
    bad_rank = as_persona("secretariat").post(f"/memberships/{membership.pk}/rank", {"rank": "emperor"})
    assert (bad_rank.status_code, bad_rank.json()["fields"]) == (422, {"rank": ["Choose a valid rank."]})
    no_reason = as_persona("secretariat").post(
        f"/memberships/{membership.pk}/end", {"left_on": "2021-06-30", "reason": " "}
    )
    assert no_reason.json()["fields"] == {"left_reason": ["This field is required."]}
    assert as_persona("secretariat").post("/memberships/999999/rank", {"rank": "chair"}).status_code == 404
    membership.refresh_from_db()
    assert (membership.rank, membership.left_on) == ("council", None)
    assert AuditEntry.objects.count() == before


def test_member_list_pages_by_rank_then_name(world, as_persona) -> None:
    from tests.factories import MembershipFactory, OrganisationFactory

    for name in ("丁研究院", "丙公司"):
        MembershipFactory(alliance=world.csa, organisation=OrganisationFactory(name_zh=name), rank="ordinary")
    api = as_persona("anonymous")
    first = api.get("/alliances/CSA/members?limit=2").json()
    second = api.get(f"/alliances/CSA/members?limit=2&cursor={first['next_cursor']}").json()
    assert [m["organisation_name_zh"] for m in first["items"]] == ["甲公司", "乙大学"]
    assert [m["organisation_name_zh"] for m in second["items"]] == ["丁研究院", "丙公司"]
    assert second["next_cursor"] is None
