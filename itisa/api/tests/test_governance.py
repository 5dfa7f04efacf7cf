"""Governance endpoints: the record as JSON, writes by the secretariat only."""

from __future__ import annotations

from typing import Any

from itisa.api.tests.conftest import Api
from itisa.audit.models import AuditEntry
from itisa.governance.models import Body, RuleSet, Seat, StaffMember


def test_build_and_read_the_record(world: Any) -> None:
    s = Api(world.user("secretariat"))
    r = s.post(
        "/alliances/CSA/bodies",
        {"body_type": "council", "name_zh": "理事会", "rules": {"preset": "simple_majority_present"}},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["kind"], body["rules"]["quorum"], body["rules"]["quorum_comparison"]) == (
        "decision",
        "1/2",
        "more_than",
    )
    r = s.post(f"/bodies/{body['id']}/seats", {"holder_name": "甲代表", "role": "chair", "term_start": "2026-01-01",
                                               "organisation": world.member_a.uscc, "representative": "council_member"})  # fmt: skip
    assert r.status_code == 201, r.content
    r = s.post(f"/bodies/{body['id']}/rules", {"rules": {"quorum": "2/3", "quorum_comparison": "at_least", "threshold": "2/3",
               "threshold_comparison": "at_least", "threshold_base": "seats"}, "adopted_on": "2026-03-01"})  # fmt: skip
    assert (r.status_code, r.json()["version"], r.json()["threshold_base"]) == (201, 2, "seats")
    r = s.post(
        "/alliances/CSA/staff",
        {"name": "李四", "position": "秘书长", "since": "2026-01-01", "employer": world.member_a.uscc},
    )
    assert (r.status_code, r.json()["full_time"]) == (201, True)
    record = Api(None).get("/alliances/CSA/governance").json()
    assert [
        (b["name_zh"], b["rules"]["version"], [x["holder_name"] for x in b["seats"]])
        for b in record["bodies"]
    ] == [("理事会", 2, ["甲代表"])]
    assert (
        record["full_time_staff"],
        record["has_decision_advisory_executive"],
        record["liability_member"],
    ) == (1, False, None)


def test_refusals_write_nothing(world: Any) -> None:
    before = (
        Body.objects.count(),
        Seat.objects.count(),
        StaffMember.objects.count(),
        AuditEntry.objects.count(),
    )
    assert (
        Api(None).post("/alliances/CSA/bodies", {"body_type": "council", "name_zh": "理事会"}).status_code
        == 401
    )
    assert (
        Api(world.user("council_member"))
        .post("/alliances/CSA/bodies", {"body_type": "council", "name_zh": "理事会"})
        .status_code
        == 403
    )
    bad = Api(world.user("secretariat")).post(
        "/alliances/CSA/bodies", {"body_type": "senate", "name_zh": "参议院"}
    )
    assert (bad.status_code, bad.json()["fields"]) == (422, {"body_type": ["Choose a valid type."]})
    assert (
        Api(world.user("secretariat"))
        .post("/alliances/CSA/liability", {"organisation": world.member_a.uscc, "since": "2026-01-01"})
        .status_code
        == 422
    )
    assert (
        Body.objects.count(),
        Seat.objects.count(),
        StaffMember.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_a_string_is_never_a_boolean_in_decision_rules(world: Any) -> None:
    """Issue 15: ``"abstentions_count_as_present": "false"`` was stored as true. It is refused, and nothing
    is written; JSON ``false`` is taken as false."""
    from itisa.governance.models import RuleSet

    s = Api(world.user("secretariat"))
    body = s.post("/alliances/CSA/bodies", {"body_type": "council", "name_zh": "理事会"}).json()
    custom = {"quorum": "1/2", "quorum_comparison": "more_than", "threshold": "1/2",
              "threshold_comparison": "more_than", "threshold_base": "present"}  # fmt: skip
    before = (list(RuleSet.objects.values_list("pk", "version")), AuditEntry.objects.count())
    for text in ("false", "true", "0", ""):
        r = s.post(
            f"/bodies/{body['id']}/rules",
            {"rules": {**custom, "abstentions_count_as_present": text}, "adopted_on": "2026-03-01"},
        )
        assert (r.status_code, r.json()["fields"]) == (
            422,
            {"abstentions_count_as_present": ["Give true or false, without quotes."]},
        )
    assert (list(RuleSet.objects.values_list("pk", "version")), AuditEntry.objects.count()) == before
    r = s.post(
        f"/bodies/{body['id']}/rules",
        {"rules": {**custom, "abstentions_count_as_present": False}, "adopted_on": "2026-03-01"},
    )
    assert (r.status_code, r.json()["version"], r.json()["abstentions_count_as_present"]) == (201, 2, False)


def test_rules_from_the_agreement_through_the_api(agreement_world: Any) -> None:
    """Bodies named in the effective agreement's procedures: their rules say where they come from, the
    secretariat's adoption answers 409, and a motion chooses its matter."""
    aw = agreement_world
    s = Api(aw.world.user("secretariat"))
    body = s.post("/alliances/CSA/bodies", {"body_type": "council", "name_zh": "理事会"}).json()
    version = aw.open_version()
    aw.sign(version, "a")
    aw.sign(version, "b")
    rules = Api(None).get("/alliances/CSA/governance").json()["bodies"][0]["rules"]
    assert {
        k: rules[k] for k in ("version", "matter", "threshold_base", "notice_days", "agreement_version")
    } == {
        "version": 2,
        "matter": "ordinary",
        "threshold_base": "cast",
        "notice_days": 45,
        "agreement_version": "CSA/v1",
    }
    before = (list(RuleSet.objects.values_list("pk", flat=True)), AuditEntry.objects.count())
    r = s.post(
        f"/bodies/{body['id']}/rules",
        {"rules": {"preset": "simple_majority_present"}, "adopted_on": "2026-03-01"},
    )
    assert (r.status_code, r.json()) == (
        409,
        {
            "code": "conflict",
            "message": "The decision rules of 理事会 come from the agreement CSA/v1: changing these rules is an"
            " amendment of the agreement.",
            "fields": {},
        },
    )
    assert (list(RuleSet.objects.values_list("pk", flat=True)), AuditEntry.objects.count()) == before
    r = s.post("/alliances/CSA/motions", {"body_id": body["id"], "title_zh": "修改协议", "method": "ballot",
                                          "deadline": "2030-01-10T17:00:00+08:00", "matter": "important"})  # fmt: skip
    assert (r.status_code, r.json()["matter"], r.json()["rules_version"]) == (201, "important", 3)
    r = s.post("/alliances/CSA/motions", {"body_id": body["id"], "title_zh": "年度计划", "method": "ballot",
                                          "deadline": "2030-01-10T17:00:00+08:00"})  # fmt: skip
    assert (r.status_code, r.json()["matter"], r.json()["rules_version"]) == (201, "ordinary", 2)
