"""Recording programmes and exchanges and their outcomes: exact records and audit entries; refusals
change nothing and audit nothing; the year's statistics in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.talent.selectors import talent_statistics
from itisa.talent.services import OutcomeInput, ProgrammeOutcomeInput, exchange_conclude, programme_conclude
from itisa.talent.tests.conftest import counts, exchange, programme

pytestmark = pytest.mark.usefixtures("clock")


def test_a_programme_is_numbered_and_audited(world: Any) -> None:
    first = programme(world)
    second = programme(world, kind="course", title_zh="培训班", organisers=[world.member_a.pk])
    assert (first.code, second.code) == ("T0001", "T0002")
    assert sorted(o.name_zh for o in first.organisers.all()) == ["乙大学", "甲公司"]
    entry = AuditEntry.objects.filter(action="talent.programme.created").order_by("seq").first()
    assert entry is not None and entry.data["code"] == "T0001"
    assert entry.data["organisers"] == [world.member_a.uscc, world.member_b.uscc]
    assert entry.data["planned_participants"] == 12


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "seminar"}, "kind", "Choose a kind of programme."),
        ({"title_zh": "\u200b"}, "title_zh", "This field is required."),
        ({"ends_on": dt.date(2025, 8, 31)}, "ends_on", "The period ends on or after its start."),
        ({"planned_participants": 0}, "planned_participants", "Give a number of people from 1."),
        ({"organisers": []}, "organisers", "Choose at least one organising member."),
        ("outsider", "organisers", "Every organiser is an active member of the alliance."),
    ],
)
def test_a_wrong_programme_is_refused(world: Any, changes: Any, field: str, message: str) -> None:
    if changes == "outsider":
        changes = {"organisers": [world.member_a.pk, world.sd_org.pk]}
    before = counts()
    with pytest.raises(DomainError) as exc:
        programme(world, **changes)
    assert exc.value.fields[field] == [message]
    assert counts() == before


@pytest.mark.parametrize("persona", ["council_member", "member_contact", "outsider", "expert"])
def test_only_the_secretariat_or_the_office_records(world: Any, persona: str) -> None:
    from itisa.talent.services import ProgrammeInput, programme_create

    before = counts()
    with pytest.raises(PermissionDenied):
        programme_create(by=world.user(persona), alliance=world.csa, data=ProgrammeInput(
            kind="course", title_zh="x", organisers=[world.member_a.pk], starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 2, 1), planned_participants=3))  # fmt: skip
    assert counts() == before


def test_an_exchange_goes_between_two_members(world: Any) -> None:
    x = exchange(world)
    assert (x.code, x.from_org, x.to_org) == ("E0001", world.member_a, world.member_b)
    entry = AuditEntry.objects.get(action="talent.exchange.created")
    assert entry.data["person_months"] == "6.0"
    assert entry.data["from"] == world.member_a.uscc
    before = counts()
    with pytest.raises(DomainError) as exc:
        exchange(world, to_org=world.member_a.pk)
    assert exc.value.fields == {"to_org": ["An exchange goes between two different members."]}
    with pytest.raises(DomainError) as exc:
        exchange(world, from_org=world.sd_org.pk, person_name=" ")
    assert exc.value.fields == {
        "person_name": ["This field is required."],
        "from_org": ["Choose an active member of the alliance."],
    }
    assert counts() == before


def test_an_outcome_is_recorded_once_from_the_last_day(world: Any) -> None:
    x = exchange(world, ends_on=dt.date(2026, 9, 30))
    secretariat = world.user("secretariat")
    before = counts()
    with pytest.raises(DomainError) as exc:
        exchange_conclude(by=secretariat, exchange=x, data=OutcomeInput(outcome_zh="完成"))
    assert exc.value.fields == {"outcome_zh": ["The outcome is recorded from the last day, 30 Sep 2026."]}
    assert counts() == before
    x.refresh_from_db()
    assert x.outcome_zh == ""
    with time_machine.travel(
        dt.datetime(2026, 9, 30, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
    ):
        done = exchange_conclude(by=secretariat, exchange=x, data=OutcomeInput(outcome_zh="完成中试"))
        assert (done.outcome_zh, done.concluded_on) == ("完成中试", dt.date(2026, 9, 30))
        before = counts()
        with pytest.raises(Conflict):
            exchange_conclude(by=secretariat, exchange=x, data=OutcomeInput(outcome_zh="再次"))
        assert counts() == before
    assert AuditEntry.objects.get(action="talent.exchange.concluded").data == {
        "code": "E0001",
        "outcome_zh": "完成中试",
    }


def test_a_programme_outcome(world: Any) -> None:
    p = programme(world)
    with pytest.raises(PermissionDenied):
        programme_conclude(by=world.user("council_member"), programme=p,
                           data=ProgrammeOutcomeInput(actual_participants=11, outcome_zh="完成"))  # fmt: skip
    done = programme_conclude(by=world.user("national_officer"), programme=p,
                              data=ProgrammeOutcomeInput(actual_participants=11, outcome_zh="完成"))  # fmt: skip
    assert (done.actual_participants, done.concluded_on) == (11, dt.date(2026, 9, 15))


def test_the_statistics_of_a_year(world: Any, django_assert_num_queries: Any) -> None:
    p = programme(world)  # 2025-09 – 2026-06, 12 planned
    programme_conclude(by=world.user("secretariat"), programme=p,
                       data=ProgrammeOutcomeInput(actual_participants=11, outcome_zh="完成"))  # fmt: skip
    programme(world, starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2027, 1, 31), planned_participants=40)
    programme(world, starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 4, 30), planned_participants=5)
    exchange(world)  # 6.0 in 2026
    exchange(world, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 8, 31))  # 4.0 in 2026, 8.0 in 2027
    exchange(world, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 12, 31))
    with django_assert_num_queries(2):
        stats = talent_statistics(world.csa, 2026)
    assert stats.as_dict() == {"year": 2026, "programmes": 2, "participants": 51, "exchanges": 2,
                               "person_months": "10.0"}  # fmt: skip
    assert talent_statistics(world.csa, 2027).person_months == D("8.0")
    assert talent_statistics(world.sdc, 2026).as_dict()["programmes"] == 0
