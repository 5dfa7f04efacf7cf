"""Bodies, rules, seats, staff and the liability member: audited writes; refusals change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.governance.models import Body, LiabilityDesignation, RuleSet, Seat, StaffMember
from itisa.governance.selectors import bodies_of, current_rules, governance_facts, staff_of
from itisa.governance.services import (
    body_create,
    liability_designate,
    rules_adopt,
    seat_add,
    seat_end,
    staff_add,
    staff_end,
)

D = dt.date(2026, 1, 1)


def _state() -> tuple[int, ...]:
    return (
        Body.objects.count(),
        RuleSet.objects.count(),
        Seat.objects.count(),
        StaffMember.objects.count(),
        LiabilityDesignation.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_body_starts_with_a_preset_and_new_rules_are_new_versions(world: Any) -> None:
    s = world.user("secretariat")
    council = body_create(by=s, alliance=world.csa, body_type="council", name_zh="理事会", adopted_on=D)
    assert (council.kind, council.body_type) == ("decision", "council")
    first = RuleSet.objects.get(body=council)
    assert (
        first.version,
        first.preset,
        first.quorum_numerator,
        first.quorum_denominator,
        first.threshold_base,
    ) == (
        1,
        "two_thirds_present",
        2,
        3,
        "present",
    )
    custom = rules_adopt(
        by=s,
        body=council,
        rules={
            "quorum": "1/2",
            "quorum_comparison": "more_than",
            "threshold": "3/4",
            "threshold_comparison": "at_least",
            "threshold_base": "seats",
            "abstentions_count_as_present": False,
            "extraordinary_share": "1/3",
        },
        adopted_on=dt.date(2026, 6, 1),
    )
    assert custom.version == 2
    assert str(custom.as_rules().threshold) == "3/4"
    assert list(RuleSet.objects.filter(body=council).values_list("version", flat=True)) == [2, 1]
    body = bodies_of(s, world.csa).get(pk=council.pk)
    assert current_rules(body).version == 2
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "governance.rules.adopted"
    assert entry.data["threshold"] == "at_least 3/4 seats"


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        (
            {
                "quorum": "3/2",
                "quorum_comparison": "at_least",
                "threshold": "1/2",
                "threshold_comparison": "at_least",
                "threshold_base": "present",
            },
            "quorum",
        ),
        (
            {
                "quorum": "abc",
                "quorum_comparison": "at_least",
                "threshold": "1/2",
                "threshold_comparison": "at_least",
                "threshold_base": "present",
            },
            "quorum",
        ),
        (
            {
                "quorum": "1/2",
                "quorum_comparison": "about",
                "threshold": "1/2",
                "threshold_comparison": "at_least",
                "threshold_base": "present",
            },
            "quorum_comparison",
        ),
        (
            {
                "quorum": "1/2",
                "quorum_comparison": "at_least",
                "threshold": "0",
                "threshold_comparison": "at_least",
                "threshold_base": "present",
            },
            "threshold",
        ),
        ({"preset": "nonsense"}, "preset"),
    ],
)
def test_bad_rules_name_the_field_and_change_nothing(world: Any, rules: dict[str, Any], field: str) -> None:
    council = body_create(
        by=world.user("secretariat"), alliance=world.csa, body_type="council", name_zh="理事会"
    )
    before = _state()
    with pytest.raises(DomainError) as exc:
        rules_adopt(by=world.user("secretariat"), body=council, rules=rules, adopted_on=D)
    assert list(exc.value.fields) == [field]
    assert _state() == before


@pytest.mark.parametrize(
    "persona", ["council_member", "legal_representative", "provincial_officer", "outsider"]
)
def test_only_the_secretariat_or_national_office_keeps_the_record(world: Any, persona: str) -> None:
    before = _state()
    with pytest.raises(PermissionDenied):
        body_create(by=world.user(persona), alliance=world.csa, body_type="council", name_zh="理事会")
    with pytest.raises(PermissionDenied):
        staff_add(
            by=world.user(persona),
            alliance=world.csa,
            name="张三",
            position="秘书长",
            full_time=True,
            since=D,
        )
    assert _state() == before


def test_seats_for_members_or_experts_one_chair_per_term(world: Any) -> None:
    s = world.user("secretariat")
    council = body_create(by=s, alliance=world.csa, body_type="council", name_zh="理事会")
    chair = seat_add(
        by=s, body=council, organisation=world.member_a, holder_name="甲代表", role="chair", term_start=D,
        representative=world.user("council_member"),
    )  # fmt: skip
    seat_add(
        by=s, body=council, organisation=world.member_b, holder_name="乙代表", role="member", term_start=D
    )
    before = _state()
    with pytest.raises(Conflict):
        seat_add(
            by=s, body=council, organisation=world.member_b, holder_name="乙代表", role="chair", term_start=D
        )
    with pytest.raises(DomainError) as exc:
        seat_add(
            by=s, body=council, organisation=world.sd_org, holder_name="鲁代表", role="member", term_start=D
        )
    assert exc.value.fields == {
        "organisation": ["Only an active member of the alliance holds a seat for an organisation."]
    }
    with pytest.raises(DomainError) as exc:
        seat_add(
            by=s, body=council, holder_name="专家", role="member", term_start=D, term_end=dt.date(2025, 1, 1)
        )
    assert exc.value.fields == {"term_end": ["The term ends before it starts."]}
    assert _state() == before
    expert = body_create(by=s, alliance=world.csa, body_type="expert_committee", name_zh="专家委员会")
    seat_add(by=s, body=expert, holder_name="王院士", role="chair", term_start=D)
    seat_end(by=s, seat=chair, term_end=dt.date(2026, 3, 1))
    current = {b.name_zh: [x.holder_name for x in b.current_seats] for b in bodies_of(s, world.csa)}
    assert current == {"理事会": ["乙代表"], "专家委员会": ["王院士"]}


def test_staff_register_and_the_full_time_check(world: Any) -> None:
    s = world.user("secretariat")
    assert governance_facts(world.csa).full_time_staff == 0
    staff_add(
        by=s,
        alliance=world.csa,
        name="李四",
        position="秘书长",
        full_time=True,
        since=D,
        employer=world.member_a,
    )
    part = staff_add(
        by=s,
        alliance=world.csa,
        name="王五",
        position="联络员",
        full_time=False,
        since=D,
        employer_name="某协会",
    )
    assert governance_facts(world.csa).full_time_staff == 1
    staff_end(by=s, staff=part, until=dt.date(2026, 2, 1))
    with pytest.raises(DomainError, match="already left"):
        staff_end(by=s, staff=part, until=dt.date(2026, 3, 1))
    assert [p.name for p in staff_of(None, world.csa)] == ["李四"]
    assert [p.name for p in staff_of(None, world.csa, include_past=True)] == ["李四", "王五"]


def test_liability_member_must_be_a_party_to_the_effective_agreement(agreement_world: Any) -> None:
    aw = agreement_world
    s = aw.world.user("secretariat")
    before = _state()
    with pytest.raises(DomainError, match="has no effective agreement"):
        liability_designate(by=s, alliance=aw.world.csa, organisation=aw.world.member_a, since=D)
    assert _state() == before
    version = aw.open_version()
    aw.sign(version, "a")
    aw.sign(version, "b")
    before = _state()
    with pytest.raises(DomainError) as exc:
        liability_designate(by=s, alliance=aw.world.csa, organisation=aw.world.sd_org, since=D)
    assert exc.value.fields == {"organisation": ["Not a party to the effective agreement."]}
    assert _state() == before
    liability_designate(by=s, alliance=aw.world.csa, organisation=aw.world.member_a, since=D)
    facts = governance_facts(aw.world.csa)
    assert facts.liability is not None and facts.liability.organisation == aw.world.member_a
    assert facts.has_all_kinds is False
