"""Reads of the indicator store: the newest row is current, what is missing, the table and its history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from itisa.indicators.selectors import current_values, indicator_table, missing_codes
from itisa.indicators.services import indicator_value_report, indicator_values_record
from itisa.indicators.tests.builders import bj
from tests.factories import AllianceFactory

NOW = bj(2026, 3, 1, 9)


def _report(world: Any, code: str, value: str, year: int = 2025) -> Any:
    return indicator_value_report(alliance=world.csa, year=year, code=code, value=value, evidence="年报",
                                  by=world.user("secretariat"), now=NOW)  # fmt: skip


def test_current_values_newest_row_wins_per_alliance_year_and_code(world: Any) -> None:
    _report(world, "reported.standards_led", "1")
    _report(world, "reported.standards_led", "4")
    _report(world, "reported.standards_led", "6", year=2024)
    _report(world, "reported.enterprises_served", "30")
    got = current_values(2025, [world.csa.pk, world.sdc.pk])
    assert {code: c.value for code, c in got[world.csa.pk].items()} == {
        "reported.standards_led": Decimal("4.00"), "reported.enterprises_served": Decimal("30.00"),
    }  # fmt: skip
    assert world.sdc.pk not in got
    only = current_values(2025, None, codes=["reported.enterprises_served"])
    assert list(only[world.csa.pk]) == ["reported.enterprises_served"]
    from itisa.registry.models import Alliance

    assert current_values(2024, Alliance.objects.filter(code="CSA"))[world.csa.pk][
        "reported.standards_led"
    ].value == Decimal("6.00")


def test_missing_codes_lists_what_has_no_value(world: Any) -> None:
    codes = ["membership.members", "reported.rd_investment", "reported.standards_led"]
    other = AllianceFactory()
    assert missing_codes(2025, [world.csa.pk, other.pk], codes) == {world.csa.pk: codes, other.pk: codes}
    indicator_values_record(alliance=world.csa, year=2025, by=world.user("secretariat"), now=NOW)
    _report(world, "reported.standards_led", "2")
    assert missing_codes(2025, [world.csa.pk, other.pk], codes) == {
        world.csa.pk: ["reported.rd_investment"], other.pk: codes,
    }  # fmt: skip


def test_indicator_table_shows_the_system_value_beside_the_recorded_one(world: Any) -> None:
    indicator_values_record(alliance=world.csa, year=2025, by=world.user("secretariat"), now=NOW)
    from tests.factories import MembershipFactory, OrganisationFactory

    MembershipFactory(alliance=world.csa, organisation=OrganisationFactory(), joined_on=world.csa.founded_on)
    rows = {r.indicator.code: r for r in indicator_table(world.csa.pk, 2025)}
    assert len(rows) == 36
    members = rows["membership.members"]
    assert (members.system, members.current.value if members.current else None, members.differs) == (
        Decimal(3), Decimal("2.00"), True,
    )  # fmt: skip
    assert rows["membership.members.university"].differs is False
    assert (rows["reported.rd_investment"].system, rows["reported.rd_investment"].current) == (None, None)
    assert rows["diffusion.in_time"].system is None
