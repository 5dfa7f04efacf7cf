"""The agreement's procedures drive governance: rules recorded when a version takes effect, the
secretariat's own adoption refused afterwards, meeting notice per kind, agenda additions, matters."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from itisa.agreements.content import Body as ContentBody
from itisa.agreements.content import default_procedures
from itisa.agreements.models import AgreementVersion
from itisa.agreements.services import version_create, version_open, version_update
from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError
from itisa.governance.models import Body, Meeting, Motion, RuleSet
from itisa.governance.selectors import current_rules
from itisa.governance.services import (
    body_create,
    meeting_convene,
    motion_open,
    rules_adopt,
    rules_from_agreement,
    rules_from_values,
)
from itisa.governance.tests.conftest import make_council

SH = ZoneInfo("Asia/Shanghai")
SIGNED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SH)
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=SH)
RULE_FIELDS = (
    "version",
    "matter",
    "preset",
    "quorum_numerator",
    "quorum_denominator",
    "quorum_comparison",
    "threshold_numerator",
    "threshold_denominator",
    "threshold_comparison",
    "threshold_base",
    "abstentions_count_as_present",
    "chair_casting_vote",
    "veto_days",
    "notice_days",
    "extraordinary_numerator",
    "extraordinary_denominator",
    "agreement_version_id",
    "adopted_on",
    "created_by_id",
)


def _rules(body: Body) -> list[tuple[Any, ...]]:
    return list(RuleSet.objects.filter(body=body).order_by("version").values_list(*RULE_FIELDS))


def _effective(aw: Any, **overrides: Any) -> AgreementVersion:
    version = aw.open_version(**overrides)
    with time_machine.travel(SIGNED, tick=False):
        aw.sign(version, "a")
        aw.sign(version, "b")
    version.refresh_from_db()
    assert version.status == "effective"
    return version


def _state() -> tuple[Any, ...]:
    return (
        list(RuleSet.objects.order_by("pk").values_list(*RULE_FIELDS)),
        Meeting.objects.count(),
        Motion.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_version_taking_effect_gives_the_named_bodies_its_rules(agreement_world: Any) -> None:
    aw = agreement_world
    world = aw.world
    council = make_council(world)
    experts = body_create(
        by=world.user("secretariat"), alliance=world.csa, body_type="expert_committee", name_zh="专家委员会",
        rules={"preset": "simple_majority_present"}, adopted_on=dt.date(2026, 1, 1),
    )  # fmt: skip
    # another alliance's body of the same name, with rules of its own
    sdc_council = body_create(
        by=world.user("national_officer"), alliance=world.sdc, body_type="council", name_zh="理事会",
        adopted_on=dt.date(2026, 1, 1),
    )  # fmt: skip
    untouched = (_rules(experts), _rules(sdc_council))
    before = AuditEntry.objects.count()

    version = _effective(aw)

    two_thirds = (2, 3, "at_least", 2, 3, "at_least")
    assert _rules(council.body) == [
        (1, "ordinary", "two_thirds_present", *two_thirds, "present", True, False, 0, 7, 1, 4, None,
         dt.date(2026, 1, 1), world.user("secretariat").pk),
        (2, "ordinary", "", *two_thirds, "cast", True, False, 0, 45, 1, 4, version.pk, dt.date(2026, 3, 2), None),
        (3, "important", "", *two_thirds, "seats", True, False, 15, 45, 1, 4, version.pk, dt.date(2026, 3, 2),
         None),
    ]  # fmt: skip
    assert (_rules(experts), _rules(sdc_council)) == untouched
    entries = list(AuditEntry.objects.filter(seq__gt=before, action="governance.rules.from_agreement"))
    assert [(e.actor_id, e.object_id, e.data) for e in entries] == [
        (
            None,
            str(council.body.pk),
            {
                "body": "理事会",
                "agreement": "CSA/v1",
                "version": version_number,
                "preset": "",
                "quorum": "at_least 2/3",
                "threshold": f"at_least 2/3 {base}",
                "abstentions_count_as_present": True,
                "extraordinary": "1/4",
                "matter": matter,
                "chair_casting_vote": False,
                "veto_days": veto,
                "agreement_version": version.pk,
                "adopted_on": "2026-03-02",
            },
        )
        for version_number, matter, base, veto in ((2, "ordinary", "cast", 0), (3, "important", "seats", 15))
    ]
    body = Body.objects.get(pk=council.body.pk)
    ordinary, important = current_rules(body), current_rules(body, matter="important")
    assert (ordinary.version if ordinary else None, important.version if important else None) == (2, 3)


def test_the_secretariat_can_no_longer_adopt_rules_for_a_named_body(agreement_world: Any) -> None:
    aw = agreement_world
    council = make_council(aw.world)
    experts = body_create(
        by=aw.world.user("secretariat"), alliance=aw.world.csa, body_type="expert_committee",
        name_zh="专家委员会", adopted_on=dt.date(2026, 1, 1),
    )  # fmt: skip
    _effective(aw)
    before = _state()
    with pytest.raises(Conflict) as exc:
        rules_adopt(
            by=aw.world.user("secretariat"),
            body=council.body,
            rules={"preset": "simple_majority_present"},
            adopted_on=dt.date(2026, 4, 1),
        )
    assert exc.value.message == (
        "The decision rules of 理事会 come from the agreement CSA/v1: changing these rules is an amendment"
        " of the agreement."
    )
    assert _state() == before

    # the page explains instead of offering the form; a forged post changes nothing either
    client = Client()
    client.force_login(aw.world.user("secretariat"))
    page = client.get("/en/alliances/CSA/governance/").content.decode()
    assert page.count('data-testid="rules-from-agreement"') == 1
    assert page.count('data-testid="rules-submit"') == 1  # the expert committee's form only
    assert f"/en/alliances/CSA/governance/bodies/{experts.pk}/rules/" in page
    assert f"/en/alliances/CSA/governance/bodies/{council.body.pk}/rules/" not in page
    response = client.post(
        f"/en/alliances/CSA/governance/bodies/{council.body.pk}/rules/",
        {"preset": "simple_majority_present", "adopted_on": "2026-04-01"},
    )
    assert response.status_code == 200
    assert b"changing these rules is an amendment of the agreement." in response.content
    assert _state() == before

    # a body the procedures do not name keeps adopting its own rules
    rs = rules_adopt(
        by=aw.world.user("secretariat"),
        body=experts,
        rules={"preset": "simple_majority_present", "notice_days": 10},
        adopted_on=dt.date(2026, 4, 1),
    )
    assert (rs.version, rs.notice_days, rs.agreement_version_id) == (2, 10, None)


def test_a_body_created_under_the_agreement_takes_its_rules(agreement_world: Any) -> None:
    aw = agreement_world
    version = _effective(aw)
    before = AuditEntry.objects.count()
    body = body_create(
        by=aw.world.user("secretariat"), alliance=aw.world.csa, body_type="council", name_zh="理事会",
        rules={"preset": "simple_majority_present"}, adopted_on=dt.date(2026, 4, 1),
    )  # fmt: skip
    assert [(r[0], r[1], r[9], r[12], r[16], r[17]) for r in _rules(body)] == [
        (1, "ordinary", "cast", 0, version.pk, dt.date(2026, 4, 1)),
        (2, "important", "seats", 15, version.pk, dt.date(2026, 4, 1)),
    ]
    entries = AuditEntry.objects.filter(seq__gt=before).order_by("seq")
    assert [e.action for e in entries] == [
        "governance.body.created",
        "governance.rules.from_agreement",
        "governance.rules.from_agreement",
    ]
    assert entries[0].data["rules"] == {"from_agreement": "CSA/v1"}


def test_an_agreement_signed_without_procedures_leaves_the_rules_alone(
    agreement_world: Any, monkeypatch: Any
) -> None:
    """What older databases hold: an agreement sent for signature before procedures were required."""
    aw = agreement_world
    council = make_council(aw.world)
    s = aw.world.user("secretariat")
    with monkeypatch.context() as m:
        m.setattr("itisa.agreements.services.versions.completeness_problems", lambda content, parties: {})
        old = aw.open_version(procedures=None)
    before = _state()
    with time_machine.travel(SIGNED, tick=False):
        aw.sign(old, "a")
        aw.sign(old, "b")
    old.refresh_from_db()
    assert (old.status, old.content["procedures"]) == ("effective", None)
    rules, meetings, motions, audit = _state()
    assert (rules, meetings, motions) == before[:3]
    assert not AuditEntry.objects.filter(action="governance.rules.from_agreement").exists()
    assert rules_from_agreement(version=old) == []
    # the secretariat keeps adopting the council's rules, and the notice is the rules' own
    rs = rules_adopt(
        by=s, body=council.body, rules={"preset": "simple_majority_present"}, adopted_on=NOW.date()
    )
    assert (rs.version, rs.notice_days, rs.agreement_version_id) == (2, 7, None)
    assert current_rules(council.body, matter="important") == current_rules(council.body) == rs
    # an amendment of it starts with the template's procedures for its decision bodies
    amendment = version_create(by=s, alliance=aw.world.csa)
    bodies = [ContentBody.model_validate(b) for b in old.content["bodies"]]
    assert amendment.content["procedures"] == default_procedures(bodies).model_dump(mode="json")


@pytest.mark.parametrize(
    ("kind", "days", "message"),
    [
        (
            "extraordinary",
            14,
            "The agreement CSA/v1 requires 15 days' notice for this meeting (Extraordinary meeting of 理事会):"
            " it starts on 25 Mar 2026 09:00 at the earliest.",
        ),
        ("extraordinary", 15, ""),
        (
            "regular",
            44,
            "The agreement CSA/v1 requires 45 days' notice for this meeting (Regular meeting of 理事会):"
            " it starts on 24 Apr 2026 09:00 at the earliest.",
        ),
        ("regular", 45, ""),
    ],
)
def test_meeting_notice_follows_the_agreement_per_kind(
    agreement_world: Any, kind: str, days: int, message: str
) -> None:
    aw = agreement_world
    council = make_council(aw.world)
    _effective(aw)
    before = _state()
    with time_machine.travel(NOW, tick=False):
        start = NOW + dt.timedelta(days=days)

        def convene() -> Meeting:
            return meeting_convene(by=aw.world.user("secretariat"), body=council.body, kind=kind,
                                   title_zh="理事会会议", starts_at=start, ends_at=start + dt.timedelta(hours=2))  # fmt: skip

        if message:
            with pytest.raises(DomainError) as exc:
                convene()
            assert exc.value.fields == {"starts_at": [message]}
            assert _state() == before
        else:
            meeting = convene()
            assert meeting.starts_at == start
            entry = AuditEntry.objects.get(action="governance.meeting.convened")
            assert (entry.data["notice_days"], entry.data["notice_from"]) == (days, "CSA/v1")


def test_a_body_with_its_own_rules_has_the_notice_it_adopted(world: Any) -> None:
    council = make_council(world)
    s = world.user("secretariat")
    with pytest.raises(DomainError) as exc:
        rules_from_values({"preset": "two_thirds_present", "notice_days": "10"})
    assert exc.value.fields == {"notice_days": ["A whole number of days from 0 to 365."]}
    assert rules_from_values({"preset": "two_thirds_present"}).notice_days == 7
    rs = rules_adopt(
        by=s,
        body=council.body,
        rules={"preset": "two_thirds_present", "notice_days": 10},
        adopted_on=NOW.date(),
    )
    assert (rs.version, rs.notice_days) == (2, 10)
    before = _state()
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(DomainError) as exc:
            meeting_convene(by=s, body=council.body, kind="regular", title_zh="会议",
                            starts_at=NOW + dt.timedelta(days=9), ends_at=NOW + dt.timedelta(days=9, hours=2))  # fmt: skip
        assert exc.value.fields == {
            "starts_at": [
                "The rules of 理事会 require 10 days' notice: the meeting starts on 20 Mar 2026 09:00 at the earliest."
            ]
        }
        assert _state() == before
        meeting = meeting_convene(by=s, body=council.body, kind="extraordinary", title_zh="会议",
                                  starts_at=NOW + dt.timedelta(days=10), ends_at=NOW + dt.timedelta(days=10, hours=2))  # fmt: skip
    entry = AuditEntry.objects.get(action="governance.meeting.convened")
    assert (meeting.kind, entry.data["notice_days"], "notice_from" in entry.data) == (
        "extraordinary",
        10,
        False,
    )


def test_agenda_additions_close_before_the_meeting(agreement_world: Any) -> None:
    aw = agreement_world
    council = make_council(aw.world)
    _effective(aw)
    s = aw.world.user("secretariat")
    start = NOW + dt.timedelta(days=45)
    with time_machine.travel(NOW, tick=False):
        meeting = meeting_convene(by=s, body=council.body, kind="regular", title_zh="理事会会议",
                                  starts_at=start, ends_at=start + dt.timedelta(hours=3))  # fmt: skip
    # additions up to 14 days before an ordinary meeting: on the last moment, and a minute later
    with time_machine.travel(start - dt.timedelta(days=14), tick=False):
        motion = motion_open(by=s, body=council.body, title_zh="年度计划", method="meeting", meeting=meeting)
    assert motion.meeting_id == meeting.pk
    before = _state()
    late = start - dt.timedelta(days=14) + dt.timedelta(minutes=1)
    with time_machine.travel(late, tick=False), pytest.raises(DomainError) as exc:
        motion_open(by=s, body=council.body, title_zh="临时动议", method="meeting", meeting=meeting)
    assert exc.value.fields == {
        "meeting": [
            "The agreement CSA/v1 closes the agenda 14 days before the meeting: items were added until"
            " 10 Apr 2026 09:00."
        ]
    }
    assert _state() == before


def test_motions_are_decided_by_the_rules_of_their_matter(agreement_world: Any) -> None:
    aw = agreement_world
    council = make_council(aw.world)
    _effective(aw)
    s = aw.world.user("secretariat")
    deadline = NOW + dt.timedelta(days=10)
    with time_machine.travel(NOW, tick=False):
        ordinary = motion_open(
            by=s, body=council.body, title_zh="年度计划", method="ballot", deadline=deadline
        )
        important = motion_open(
            by=s,
            body=council.body,
            title_zh="修改协议",
            method="ballot",
            deadline=deadline,
            matter="important",
        )
    assert [(m.matter, m.rules.version, m.rules.threshold_base, m.rules.veto_days) for m in (ordinary, important)] == [
        ("ordinary", 2, "cast", 0),
        ("important", 3, "seats", 15),
    ]  # fmt: skip
    entry = AuditEntry.objects.filter(action="governance.motion.opened").order_by("-seq").first()
    assert entry is not None and entry.data["matter"] == "important"
    before = _state()
    with time_machine.travel(NOW, tick=False), pytest.raises(DomainError) as exc:
        motion_open(
            by=s, body=council.body, title_zh="x", method="ballot", deadline=deadline, matter="urgent"
        )
    assert exc.value.fields == {"matter": ["Choose a valid option."]}
    assert _state() == before


def test_an_amendment_that_no_longer_names_a_matter_ends_its_rules(agreement_world: Any) -> None:
    aw = agreement_world
    council = make_council(aw.world)
    v1 = _effective(aw)
    s = aw.world.user("secretariat")
    amendment = version_create(by=s, alliance=aw.world.csa)
    assert amendment.content["procedures"] == v1.content["procedures"]  # the amendment starts from them
    procedures = {
        **v1.content["procedures"],
        "votes": [{**v1.content["procedures"]["votes"][0], "threshold": "1/2", "threshold_comparison": "more_than"}],
        "notice_ordinary_days": 30,
    }  # fmt: skip
    version_update(by=s, version=amendment, content={**amendment.content, "procedures": procedures})
    version_open(by=s, version=amendment)
    amendment.refresh_from_db()
    aw.sign(amendment, "a")
    aw.sign(amendment, "b")
    body = Body.objects.get(pk=council.body.pk)
    assert [(r[0], r[1], r[6], r[8], r[13], r[16]) for r in _rules(body)][1:] == [
        (2, "ordinary", 2, "at_least", 45, v1.pk),
        (3, "important", 2, "at_least", 45, v1.pk),
        (4, "ordinary", 1, "more_than", 30, amendment.pk),
    ]
    important = current_rules(body, matter="important")
    assert important is not None and important.version == 4


def test_the_governance_page_shows_the_procedures_in_force(agreement_world: Any) -> None:
    aw = agreement_world
    make_council(aw.world)
    version = _effective(aw)
    client = Client()
    client.force_login(aw.world.user("council_member"))
    page = client.get("/en/alliances/CSA/governance/").content.decode()
    assert 'data-testid="governance-procedures"' in page
    assert (
        f'href="/en/alliances/CSA/agreements/v{version.number}/" data-testid="procedures-version">CSA/v1</a>'
        in page
    )
    assert "passes with at least 2/3 of the votes cast" in page
    assert "ordinary meeting 45 days, extraordinary meeting 15 days" in page
    assert "from the agreement CSA/v1" in page
    zh = client.get("/alliances/CSA/governance/").content.decode()
    assert "通过 不少于 2/3 的所投票数" in zh
    assert "否决期 15 天" in zh


def test_the_governance_page_of_an_alliance_without_procedures_has_no_panel(world: Any) -> None:
    make_council(world)
    client = Client()
    client.force_login(world.user("secretariat"))
    page = client.get("/en/alliances/CSA/governance/").content.decode()
    assert 'data-testid="governance-procedures"' not in page
    assert 'data-testid="rules-from-agreement"' not in page
    assert page.count('data-testid="rules-submit"') == 1
