"""Each registered indicator computed by the registry equals the count or sum of the domain records the
test built (rows inside the year, outside it, and at its Beijing-time boundaries), for several alliances
at once; an alliance with no rows gets 0 (counts, money) or no value (a share of nothing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from itisa.core.indicators import compute, indicator, indicators
from itisa.indicators.tests import builders as b
from tests.factories import AllianceFactory

Y = 2025
D = dt.date


@pytest.fixture
def three(world: Any) -> tuple[Any, Any, Any]:
    """CSA (two members from the world), another alliance, and one with no records at all."""
    return world.csa, AllianceFactory(code="OTH"), AllianceFactory(code="NIL")


def values(code: str, *alliances: Any, year: int = Y) -> list[Decimal | None]:
    """The registry's value of ``code`` for each alliance (None: the system holds none)."""
    spec = indicator(code)
    assert spec is not None, code
    got = compute(year, [a.pk for a in alliances], [code])[code]
    return [got.get(a.pk) for a in alliances]


def test_every_indicator_is_registered_with_names_unit_and_dimension() -> None:
    codes = [i.code for i in indicators()]
    assert len(codes) == len(set(codes)) == 36
    for i in indicators():
        assert i.name_zh and i.name_en and i.reference, i.code
    assert {i.code for i in indicators() if i.self_reported} == {
        "reported.rd_investment", "reported.standards_led", "reported.enterprises_served", "reported.bulletins",
        "reported.fulltime_staff", "reported.transfers_outside", "reported.industry_events",
    }  # fmt: skip


def test_members_at_year_end_by_kind_and_admitted(world: Any, three: Any) -> None:
    csa, oth, nil = three
    # CSA already has an enterprise (2004) and a university (2005)
    b.member(csa, "research_institute", D(2025, 12, 31))  # joined on the last day: counted, admitted
    b.member(csa, "enterprise", D(2026, 1, 1))  # joined the next day: neither
    b.member(csa, "other", D(2020, 1, 1), left=D(2025, 12, 31))  # left on 31 Dec: not at year end
    b.member(csa, "enterprise", D(2025, 1, 1), left=D(2026, 1, 1))  # still there on 31 Dec; admitted
    b.member(oth, "university", D(2024, 12, 31))
    b.member(oth, "other", D(2025, 6, 1))
    assert values("membership.members", csa, oth, nil) == [Decimal(4), Decimal(2), Decimal(0)]
    assert values("membership.members.enterprise", csa, oth, nil) == [Decimal(2), Decimal(0), Decimal(0)]
    assert values("membership.members.university", csa, oth, nil) == [Decimal(1), Decimal(1), Decimal(0)]
    assert values("membership.members.research_institute", csa, oth, nil) == [
        Decimal(1),
        Decimal(0),
        Decimal(0),
    ]
    assert values("membership.members.other", csa, oth, nil) == [Decimal(0), Decimal(1), Decimal(0)]
    assert values("membership.admitted", csa, oth, nil) == [Decimal(2), Decimal(1), Decimal(0)]
    # the year before: CSA had its two founders and the "other" member
    assert values("membership.members", csa, year=2024) == [Decimal(3)]


def test_dues_paid_in_the_year(world: Any, three: Any) -> None:
    csa, oth, nil = three
    s = world.user("secretariat")
    m1, m2 = csa.memberships.order_by("pk")[:2]
    mo = b.member(oth, "enterprise", D(2020, 1, 1))
    b.invoice(m1, "5000.00", status="paid", paid_on=D(2025, 1, 1), by=s)
    b.invoice(m2, "3000.50", status="paid", paid_on=D(2025, 12, 31), by=s)
    b.invoice(m1, "7000.00", status="paid", paid_on=D(2024, 12, 31), by=s, year=2024)  # the year before
    b.invoice(m2, "9000.00", status="unpaid", paid_on=None, by=s, year=2026)
    b.invoice(mo, "100.25", status="paid", paid_on=D(2025, 7, 1), by=s)
    expected = Decimal("5000.00") + Decimal("3000.50")
    assert values("membership.dues_paid", csa, oth, nil) == [expected, Decimal("100.25"), Decimal("0.00")]


def test_meetings_held_quorate_and_motions_passed(three: Any) -> None:
    csa, oth, nil = three
    council, other_council = b.body(csa), b.body(oth)
    first = b.meeting(council, b.bj(2025, 1, 1, 0, 0))  # the first Beijing minute of the year (UTC: 2024)
    last = b.meeting(council, b.bj(2025, 12, 31, 23, 0))
    b.meeting(council, b.bj(2024, 12, 31, 23, 59))  # the year before in Beijing
    b.meeting(council, b.bj(2026, 1, 1, 0, 0))  # UTC still 2025: not in the year
    b.meeting(council, b.bj(2025, 5, 1), status="scheduled")  # never held
    b.meeting(council, b.bj(2025, 6, 1), status="cancelled")
    b.motion(council, closed_at=b.bj(2025, 1, 1, 1), passed=True, meeting_=first)  # quorate, passed
    b.motion(council, closed_at=b.bj(2025, 12, 31, 23, 30), passed=False, quorum_met=False, meeting_=last)
    b.motion(council, closed_at=b.bj(2025, 3, 1), passed=True)  # a ballot, passed
    b.motion(council, closed_at=b.bj(2024, 12, 31, 23, 59), passed=True)  # passed the year before
    b.motion(council, closed_at=b.bj(2026, 1, 1, 0, 0), passed=True)  # passed the next year (Beijing)
    b.motion(council, closed_at=None, passed=None)  # still open
    held = b.meeting(other_council, b.bj(2025, 9, 1))
    b.motion(other_council, closed_at=b.bj(2025, 9, 1, 3), passed=True, meeting_=held)
    assert values("governance.meetings", csa, oth, nil) == [Decimal(2), Decimal(1), Decimal(0)]
    assert values("governance.meetings.quorate", csa, oth, nil) == [Decimal(1), Decimal(1), Decimal(0)]
    assert values("governance.motions.passed", csa, oth, nil) == [Decimal(2), Decimal(1), Decimal(0)]


def test_projects_running_accepted_committed_and_spent(world: Any, three: Any) -> None:
    csa, oth, nil = three
    lead = world.member_a
    bk, fund, accounts = b.book(csa)
    okb, ofund, oaccounts = b.book(oth)
    appr = [("voting", b.bj(2024, 1, 1)), ("approved", b.bj(2024, 2, 1))]
    # running through the year
    p1 = b.project(csa, lead, D(2024, 3, 1), [*appr, ("running", b.bj(2024, 3, 1))])
    # started running on the last day
    b.project(csa, lead, D(2025, 12, 31), [*appr, ("running", b.bj(2025, 12, 31, 23, 59))])
    # starts running the next year (Beijing)
    b.project(csa, lead, D(2026, 1, 1), [*appr, ("running", b.bj(2026, 1, 1, 0, 0))])
    # closed in the year after acceptance: running in it, and accepted
    b.project(csa, lead, D(2023, 1, 1), [*appr, ("running", b.bj(2024, 3, 1)), ("acceptance", b.bj(2024, 12, 1)),
                                         ("closed", b.bj(2025, 1, 1, 0, 0))])  # fmt: skip
    # closed the year before
    b.project(csa, lead, D(2022, 1, 1), [*appr, ("running", b.bj(2023, 1, 1)), ("acceptance", b.bj(2024, 6, 1)),
                                         ("closed", b.bj(2024, 12, 31, 23, 59))])  # fmt: skip
    # never ran
    never = b.project(csa, lead, D(2025, 3, 1), [("voting", b.bj(2025, 1, 2))])
    # approved, starting in the year: its budget is committed
    p2 = b.project(csa, lead, D(2025, 1, 1), appr)
    b.funding(p1, fund, "900000.00")  # started in 2024: not committed in 2025
    b.funding(p2, fund, "120000.00")
    b.funding(never, fund, "50000.00")  # not approved
    op = b.project(oth, lead, D(2025, 6, 1), [*appr, ("running", b.bj(2025, 6, 1))])
    b.funding(op, ofund, "30000.50")
    # spending: posted expenses to the projects' cost objects in the year
    co = CostObject(bk, p1, "P1")
    b.posted(bk, fund, accounts, D(2025, 1, 1), "1000.00", cost_object=co)
    b.posted(bk, fund, accounts, D(2025, 12, 31), "250.50", account="5201", cost_object=co)
    b.posted(bk, fund, accounts, D(2024, 12, 31), "7777.00", cost_object=co)  # the year before
    b.posted(bk, fund, accounts, D(2025, 5, 1), "333.00", cost_object=co, status="draft")  # not posted
    b.posted(bk, fund, accounts, D(2025, 5, 1), "444.00")  # general business, no project
    oco = CostObject(okb, op, "OP")
    b.posted(okb, ofund, oaccounts, D(2025, 8, 8), "12.34", cost_object=oco)
    assert values("projects.running", csa, oth, nil) == [Decimal(3), Decimal(1), Decimal(0)]
    assert values("projects.accepted", csa, oth, nil) == [Decimal(1), Decimal(0), Decimal(0)]
    assert values("projects.committed", csa, oth, nil) == [
        Decimal("120000.00"),
        Decimal("30000.50"),
        Decimal("0.00"),
    ]
    assert values("projects.spent", csa, oth, nil) == [Decimal("1250.50"), Decimal("12.34"), Decimal("0.00")]
    assert values("ledger.expenditure", csa, oth, nil) == [
        Decimal("1694.50"),
        Decimal("12.34"),
        Decimal("0.00"),
    ]


def CostObject(bk: Any, project: Any, code: str) -> Any:  # noqa: N802  (reads like the model it makes)
    from itisa.ledger.models import CostObject as Model

    co = Model.objects.create(book=bk, code=code, name_zh=code)
    type(project).objects.filter(pk=project.pk).update(cost_object=co)
    return co


def test_patents_filed_granted_and_results_registered(three: Any) -> None:
    csa, oth, nil = three
    b.result(csa, "invention", registered=b.bj(2025, 1, 1, 0, 0), filed=D(2025, 1, 1))
    b.result(csa, "utility_model", registered=b.bj(2024, 6, 1), filed=D(2024, 6, 1), granted=D(2025, 12, 31))
    b.result(
        csa, "design", registered=b.bj(2025, 12, 31, 23, 59), filed=D(2025, 12, 31), granted=D(2026, 1, 1)
    )
    b.result(csa, "software", registered=b.bj(2026, 1, 1, 0, 0), filed=D(2025, 3, 1))  # not a patent
    b.result(csa, "invention", registered=b.bj(2024, 12, 31, 23, 59), filed=D(2024, 12, 31))
    b.result(oth, "paper", registered=b.bj(2025, 4, 4))
    assert values("results.patents.filed", csa, oth, nil) == [Decimal(2), Decimal(0), Decimal(0)]
    assert values("results.patents.granted", csa, oth, nil) == [Decimal(1), Decimal(0), Decimal(0)]
    assert values("results.registered", csa, oth, nil) == [Decimal(2), Decimal(1), Decimal(0)]


def test_licences_granted_and_revenue(world: Any, three: Any) -> None:
    csa, oth, nil = three
    s = world.user("secretariat")
    r = b.result(csa, "invention", registered=b.bj(2024, 1, 1), filed=D(2024, 1, 1))
    ro = b.result(oth, "invention", registered=b.bj(2024, 1, 1), filed=D(2024, 1, 1))
    old = b.licence(csa, r, D(2024, 12, 31), s)
    new = b.licence(csa, r, D(2025, 1, 1), s)
    b.licence(csa, r, D(2026, 1, 1), s)
    other = b.licence(oth, ro, D(2025, 12, 31), s)
    b.receipt(old, D(2025, 1, 1), "10000.00", s)
    b.receipt(new, D(2025, 12, 31), "2500.75", s)
    b.receipt(new, D(2026, 1, 1), "999.00", s)
    b.receipt(old, D(2024, 12, 31), "888.00", s)
    b.receipt(other, D(2025, 2, 2), "1.01", s)
    assert values("licensing.licences", csa, oth, nil) == [Decimal(1), Decimal(1), Decimal(0)]
    assert values("licensing.revenue", csa, oth, nil) == [
        Decimal("12500.75"),
        Decimal("1.01"),
        Decimal("0.00"),
    ]


def test_standards_published_and_approved(world: Any, three: Any) -> None:
    csa, oth, nil = three
    s = world.user("secretariat")
    b.standard(csa, s, published_on=D(2025, 1, 1), approved_at=b.bj(2024, 12, 31, 23, 59))
    b.standard(csa, s, published_on=D(2025, 12, 31), approved_at=b.bj(2025, 1, 1, 0, 0))
    b.standard(csa, s, published_on=D(2026, 1, 1), approved_at=b.bj(2026, 1, 1, 0, 0))
    b.standard(csa, s, approved_at=b.bj(2025, 7, 1))
    b.standard(oth, s, published_on=D(2025, 5, 5))
    assert values("standards.published", csa, oth, nil) == [Decimal(2), Decimal(1), Decimal(0)]
    assert values("standards.approved", csa, oth, nil) == [Decimal(2), Decimal(0), Decimal(0)]


def test_platform_bookings_and_hours(world: Any, three: Any) -> None:
    csa, oth, nil = three
    s = world.user("secretariat")
    p = b.platform(csa, world.member_a, s)
    q = b.platform(csa, world.member_b, s)
    o = b.platform(oth, world.member_a, s)
    b.booking(p, b.bj(2025, 1, 1, 0, 0), "2.50", "confirmed", s)
    b.booking(q, b.bj(2025, 12, 31, 23, 0), "4.00", "confirmed", s)
    b.booking(p, b.bj(2026, 1, 1, 0, 0), "8.00", "confirmed", s)
    b.booking(p, b.bj(2024, 12, 31, 23, 0), "16.00", "confirmed", s)
    b.booking(p, b.bj(2025, 5, 1), "32.00", "requested", s)
    b.booking(p, b.bj(2025, 5, 2), "64.00", "cancelled", s)
    b.booking(o, b.bj(2025, 3, 3), "1.25", "confirmed", s)
    assert values("platforms.bookings", csa, oth, nil) == [Decimal(2), Decimal(1), Decimal(0)]
    assert values("platforms.hours", csa, oth, nil) == [Decimal("6.50"), Decimal("1.25"), Decimal("0.00")]


def test_talent_programmes_trained_and_exchanges(world: Any, three: Any) -> None:
    csa, oth, nil = three
    b.programme(csa, D(2024, 9, 1), D(2025, 1, 1), planned=30, actual=28)  # ends on the first day
    b.programme(csa, D(2025, 12, 31), D(2026, 6, 1), planned=12, actual=None)  # planned while running
    b.programme(csa, D(2024, 1, 1), D(2024, 12, 31), planned=99, actual=99)  # the year before
    b.programme(oth, D(2025, 3, 1), D(2025, 4, 1), planned=5, actual=7)
    b.exchange(csa, world.member_a, world.member_b, D(2025, 12, 31), D(2026, 3, 1))
    b.exchange(csa, world.member_b, world.member_a, D(2026, 1, 1), D(2026, 3, 1))
    assert values("talent.programmes", csa, oth, nil) == [Decimal(2), Decimal(1), Decimal(0)]
    assert values("talent.trained", csa, oth, nil) == [Decimal(28 + 12), Decimal(7), Decimal(0)]
    assert values("talent.exchanges", csa, oth, nil) == [Decimal(1), Decimal(0), Decimal(0)]


def test_diffusion_due_and_met_in_time(three: Any) -> None:
    csa, oth, nil = three
    rs = [b.result(csa, "invention", registered=b.bj(2023, 1, 1), filed=D(2023, 1, 1)) for _ in range(5)]
    b.obligation(rs[0], D(2025, 1, 1), met_on=D(2025, 1, 1))  # met on the deadline: in time
    b.obligation(rs[1], D(2025, 12, 31), met_on=D(2026, 1, 5))  # met late
    b.obligation(rs[2], D(2025, 6, 30), met_on=None)  # not met
    b.obligation(rs[3], D(2026, 1, 1), met_on=D(2025, 2, 1))  # due the next year
    b.obligation(rs[4], D(2024, 12, 31), met_on=None)  # due the year before
    ro = b.result(oth, "invention", registered=b.bj(2023, 1, 1), filed=D(2023, 1, 1))
    b.obligation(ro, D(2025, 8, 1), met_on=D(2025, 7, 1))
    assert values("diffusion.due", csa, oth, nil) == [Decimal(3), Decimal(1), Decimal(0)]
    # one of three in time: 33.33 %; the alliance with none due has no share at all
    assert values("diffusion.in_time", csa, oth, nil) == [Decimal("33.33"), Decimal("100.00"), None]


def test_self_reported_indicators_have_no_system_value(three: Any) -> None:
    csa, oth, nil = three
    for code in ("reported.rd_investment", "reported.standards_led", "reported.enterprises_served",
                 "reported.bulletins", "reported.fulltime_staff", "reported.transfers_outside",
                 "reported.industry_events"):  # fmt: skip
        assert values(code, csa, oth, nil) == [None, None, None]


def _alliances(count: int) -> list[int]:
    ids = []
    for _ in range(count):
        a = AllianceFactory()
        b.member(a, "enterprise", D(2020, 1, 1))
        ids.append(a.pk)
    return ids


def test_compute_query_count_does_not_grow_with_alliances(world: Any, django_assert_num_queries: Any) -> None:
    few, many = _alliances(2), _alliances(20)
    counted = [i for i in indicators() if i.compute.__name__ != "none"]
    with django_assert_num_queries(len(counted)) as few_queries:
        small = compute(Y, few)
    with django_assert_num_queries(len(counted)) as many_queries:
        large = compute(Y, many)
    assert len(few_queries.captured_queries) == len(many_queries.captured_queries) == 29
    assert all(len(small[i.code]) == 2 for i in counted if i.code != "diffusion.in_time")
    assert all(len(large[i.code]) == 20 for i in counted if i.code != "diffusion.in_time")
    assert large["membership.members"] == {pk: Decimal(1) for pk in many}
