"""The indicator store's writes: recording the system's values (idempotent; a self-report stays current),
self-reports with evidence (corrections are new rows), and refusals that write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.indicators import indicators
from itisa.indicators.models import IndicatorValue
from itisa.indicators.selectors import current_values, value_history
from itisa.indicators.services import indicator_value_report, indicator_values_record
from itisa.indicators.tests.builders import bj
from itisa.indicators.tests.conftest import CORRECTABLE, SHARE, counts

NOW = bj(2026, 3, 1, 9)
COMPUTED = 29  # registered indicators the system computes (all but the three self-reported)


def report(world: Any, value: Any, *, code: str = "reported.rd_investment", evidence: str = "年报附表3",
           persona: str = "secretariat", year: int = 2025, now: dt.datetime = NOW, **kw: Any) -> Any:  # fmt: skip
    return indicator_value_report(
        alliance=world.csa, year=year, code=code, value=value, evidence=evidence, by=world.user(persona),
        now=now, **kw,
    )  # fmt: skip


def test_recording_from_the_system_writes_every_computed_value_once(world: Any) -> None:
    s = world.user("secretariat")
    assert len([i for i in indicators() if not i.self_reported]) == COMPUTED
    written = indicator_values_record(alliance=world.csa, year=2025, by=s, now=NOW)
    # every computed indicator but the diffusion share (no obligation due: no value)
    assert written == COMPUTED - 1
    rows = IndicatorValue.objects.filter(alliance=world.csa, year=2025)
    assert rows.count() == COMPUTED - 1
    assert set(rows.values_list("source", flat=True)) == {"system"}
    members = rows.get(code="membership.members")
    assert (members.value, members.by, members.at, members.evidence) == (Decimal("2.00"), s, NOW, "")
    entry = AuditEntry.objects.get(action="indicators.values.recorded")
    assert entry.actor == s
    assert entry.data["year"] == 2025
    assert entry.data["values"]["membership.members"] == "2.00"
    assert entry.data["values"]["membership.members.university"] == "1.00"
    # again: nothing changed, nothing written, nothing audited
    before = counts()
    assert indicator_values_record(alliance=world.csa, year=2025, by=s, now=NOW) == 0
    assert counts() == before


def test_a_changed_system_value_is_a_new_row_and_the_old_one_stays(world: Any) -> None:
    from tests.factories import MembershipFactory, OrganisationFactory

    s = world.user("secretariat")
    indicator_values_record(alliance=world.csa, year=2025, by=s, now=NOW)
    MembershipFactory(alliance=world.csa, organisation=OrganisationFactory(), joined_on=dt.date(2025, 5, 1))
    assert (
        indicator_values_record(alliance=world.csa, year=2025, by=s, now=NOW) == 3
    )  # total, enterprise, admitted
    history = list(value_history(world.csa.pk, 2025, "membership.members").values_list("value", flat=True))
    assert history == [Decimal("2.00"), Decimal("3.00")]
    assert current_values(2025, [world.csa.pk])[world.csa.pk]["membership.members"].value == Decimal("3.00")


def test_the_system_records_for_itself_without_a_user(world: Any) -> None:
    assert indicator_values_record(alliance=world.csa, year=2025, by=None, now=NOW) == COMPUTED - 1
    assert set(IndicatorValue.objects.values_list("by", flat=True)) == {None}
    assert AuditEntry.objects.get(action="indicators.values.recorded").actor is None


def test_a_self_report_stays_current_when_the_system_records_later(world: Any, correctable: None) -> None:
    s = world.user("secretariat")
    indicator_values_record(alliance=world.csa, year=2025, by=s, now=NOW)
    assert current_values(2025, [world.csa.pk])[world.csa.pk][CORRECTABLE].value == Decimal("7.00")
    row = report(world, "9", code=CORRECTABLE, evidence="会议纪要 2025-12")
    before = counts()
    assert indicator_values_record(alliance=world.csa, year=2025, by=s, now=NOW) == 0
    assert counts() == before
    now = current_values(2025, [world.csa.pk])[world.csa.pk][CORRECTABLE]
    assert (now.value, now.source, now.evidence, now.row, now.self_reported) == (
        Decimal("9.00"), "self_reported", "会议纪要 2025-12", row.pk, True,
    )  # fmt: skip


def test_a_correction_is_a_new_row_and_the_newest_is_current(world: Any) -> None:
    first = report(world, "1200000.00")
    second = report(world, "1350000.5", evidence="审计报告 京审字〔2026〕12号", note="含配套经费")
    assert IndicatorValue.objects.filter(code="reported.rd_investment").count() == 2
    assert list(value_history(world.csa.pk, 2025, "reported.rd_investment")) == [first, second]
    current = current_values(2025, [world.csa.pk])[world.csa.pk]["reported.rd_investment"]
    assert (current.value, current.evidence, current.note, current.row) == (
        Decimal("1350000.50"), "审计报告 京审字〔2026〕12号", "含配套经费", second.pk,
    )  # fmt: skip
    entry = AuditEntry.objects.filter(action="indicators.value.reported").order_by("seq").last()
    assert entry is not None
    assert {k: v for k, v in entry.data.items() if k != "sealed"} == {
        "year": 2025, "code": "reported.rd_investment", "value": "1350000.50",
        "evidence": "审计报告 京审字〔2026〕12号", "note": "含配套经费",
    }  # fmt: skip


@pytest.mark.parametrize(
    "persona", ["outsider", "council_member", "member_contact", "fund_supervisor", "national_officer",
                "provincial_officer"],
)  # fmt: skip
def test_only_the_secretariat_records_or_reports(world: Any, persona: str) -> None:
    before = counts()
    with pytest.raises(
        PermissionDenied, match="Only the alliance's secretariat records its indicator values."
    ):
        indicator_values_record(alliance=world.csa, year=2025, by=world.user(persona), now=NOW)
    with pytest.raises(
        PermissionDenied, match="Only the alliance's secretariat records its indicator values."
    ):
        report(world, "1", persona=persona)
    assert counts() == before


@pytest.mark.parametrize(
    ("code", "value", "evidence", "fields"),
    [
        ("reported.rd_investment", "abc", "年报", {"value"}),
        ("reported.rd_investment", "1e3", "年报", {"value"}),
        ("reported.rd_investment", "１００", "年报", {"value"}),
        ("reported.rd_investment", " 10 ", "年报", {"value"}),
        ("reported.rd_investment", 1.5, "年报", {"value"}),
        ("reported.rd_investment", "12.345", "年报", {"value"}),
        ("reported.rd_investment", "-1", "年报", {"value"}),
        ("reported.rd_investment", "1" * 16, "年报", {"value"}),
        ("reported.standards_led", "2.5", "年报", {"value"}),
        (SHARE, "100.01", "年报", {"value"}),
        ("reported.rd_investment", "100", "", {"evidence"}),
        ("reported.rd_investment", "100", " \u200b ", {"evidence"}),
        ("reported.rd_investment", "100", "证" * 501, {"evidence"}),
        ("reported.rd_investment", "100", "年报\x00", {"evidence"}),
        ("membership.members", "3", "年报", {"code"}),
        ("no.such", "3", "年报", {"code"}),
        ("membership.members", "x", "", {"code", "value", "evidence"}),
    ],
)
def test_invalid_reports_are_refused_by_field_and_write_nothing(
    world: Any, correctable: None, code: str, value: Any, evidence: str, fields: set[str]
) -> None:
    before = counts()
    with pytest.raises(DomainError) as refused:
        report(world, value, code=code, evidence=evidence)
    assert set(refused.value.fields) == fields
    assert counts() == before


def test_a_long_note_is_refused(world: Any) -> None:
    before = counts()
    with pytest.raises(DomainError) as refused:
        report(world, "1", note="注" * 501)
    assert refused.value.fields == {"note": ["At most 500 characters."]}
    assert counts() == before


def test_a_percentage_and_a_count_within_bounds_are_taken(world: Any, correctable: None) -> None:
    assert report(world, "100.00", code=SHARE).value == Decimal("100.00")
    assert report(world, "12", code="reported.standards_led").value == Decimal("12.00")


def test_a_year_that_has_not_begun_in_beijing_is_refused(world: Any) -> None:
    s = world.user("secretariat")
    with time_machine.travel(bj(2026, 12, 31, 23, 59), tick=False):
        before = counts()
        with pytest.raises(DomainError) as refused:
            indicator_values_record(alliance=world.csa, year=2027, by=s)
        assert refused.value.fields == {"year": ["Choose a year that has begun."]}
        with pytest.raises(DomainError):
            report(world, "1", year=2027, now=None)  # type: ignore[arg-type]
        with pytest.raises(DomainError):
            report(world, "1", year=1999, now=None)  # type: ignore[arg-type]
        assert counts() == before
    # 1 January 00:00 in Beijing is still 31 December in UTC: the year has begun
    with time_machine.travel(bj(2027, 1, 1, 0, 0), tick=False):
        assert indicator_values_record(alliance=world.csa, year=2027, by=s) > 0
        assert report(world, "5", year=2027, now=None).year == 2027  # type: ignore[arg-type]
