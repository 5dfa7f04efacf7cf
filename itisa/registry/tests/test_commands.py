"""Management commands of the registry: alliance, organisation, checkcodes."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from itisa.core.identifiers import UsccFailure
from itisa.registry.services import uscc_failure_message

SAMPLES = Path(__file__).with_name("uscc-samples.csv")


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def sample_codes() -> list[str]:
    with SAMPLES.open(encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(line for line in handle if not line.startswith("#"))]


def test_alliance_list_table(world: Any) -> None:
    assert run("alliance", "list") == [
        "code  name_zh                         status       scope     province  members",
        "CSA   半导体照明产业技术创新战略联盟  established  national            2",
        "SDC   山东煤化工产业技术创新战略联盟  forming      regional  37        1",
    ]


def test_alliance_list_filters(world: Any) -> None:
    assert [line.split()[0] for line in run("alliance", "list", "--status", "forming")] == ["code", "SDC"]
    assert [line.split()[0] for line in run("alliance", "list", "--scope", "national")] == ["code", "CSA"]
    assert [line.split()[0] for line in run("alliance", "list", "--province", "37")] == ["code", "SDC"]
    assert [line.split()[0] for line in run("alliance", "list", "-q", "照明")] == ["code", "CSA"]


def test_alliance_list_json(world: Any) -> None:
    assert json.loads("\n".join(run("alliance", "list", "--json"))) == [
        {
            "code": "CSA",
            "name_zh": "半导体照明产业技术创新战略联盟",
            "name_en": "China Solid State Lighting Alliance",
            "status": "established",
            "scope": "national",
            "province": "",
            "members": 2,
        },
        {
            "code": "SDC",
            "name_zh": "山东煤化工产业技术创新战略联盟",
            "name_en": "Shandong Coal Chemical Alliance",
            "status": "forming",
            "scope": "regional",
            "province": "37",
            "members": 1,
        },
    ]


def test_alliance_list_counts_in_one_query(world: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        run("alliance", "list")


def test_alliance_show(world: Any) -> None:
    data = json.loads("\n".join(run("alliance", "show", "csa", "--json")))
    assert data == {
        "code": "CSA",
        "name_zh": "半导体照明产业技术创新战略联盟",
        "name_en": "China Solid State Lighting Alliance",
        "status": "established",
        "scope": "national",
        "province": "",
        "industry": "C",
        "key_area": "energy",
        "emerging_industry": "new_materials",
        "founded_on": "2004-10-01",
        "host_unit": "914403001922038216",
        "website": "",
        "members": 2,
        "is_demo": True,
    }
    lines = run("alliance", "show", "CSA")
    assert lines[0] == "code               CSA"
    assert lines[1] == "name_zh            半导体照明产业技术创新战略联盟"
    assert lines[12] == "members            2"


def test_alliance_show_unknown_code_fails(world: Any) -> None:
    with pytest.raises(CommandError, match="No alliance with the short code NOPE."):
        run("alliance", "show", "NOPE")


def test_organisation_list_and_show(world: Any) -> None:
    rows = json.loads("\n".join(run("organisation", "list", "--kind", "university", "--json")))
    assert rows == [
        {
            "uscc": "12100000400000624D",
            "name_zh": "乙大学",
            "name_en": world.member_b.name_en,
            "kind": "university",
            "province": "11",
            "industry": "C",
        },
    ]
    assert run("organisation", "list", "-q", "甲") == [
        "uscc                name_zh  kind        province  industry",
        "914403001922038216  甲公司   enterprise  44        C",
    ]
    data = json.loads("\n".join(run("organisation", "show", "914403001922038216", "--json")))
    assert data["name_zh"] == "甲公司"
    assert data["region_code"] == "440300"
    assert data["legal_representative"] == world.member_a.legal_representative.name_zh
    with pytest.raises(CommandError, match="No organisation with the credit code 91440300192317458F."):
        run("organisation", "show", "91440300192317458F")


def test_checkcodes_every_real_sample_is_valid() -> None:
    codes = sample_codes()
    assert len(codes) == 8
    assert run("checkcodes", "uscc", *codes) == [f"{code} valid" for code in codes]


def test_checkcodes_reports_each_failure_and_exits_1() -> None:
    codes = ["914403001922038216", "12345", "91440300192317458A", "914403001922038226", "I14403001922038216"]
    out = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("checkcodes", "uscc", *codes, stdout=out)
    assert info.value.returncode == 1
    assert str(info.value) == "4 of 5 codes are not valid."
    assert out.getvalue().splitlines() == [
        "914403001922038216 valid",
        "12345 invalid: " + uscc_failure_message(UsccFailure.LENGTH, None),
        "91440300192317458A needs-confirmation: " + uscc_failure_message(UsccFailure.CHECK_CHARACTER, "F"),
        "914403001922038226 invalid: " + uscc_failure_message(UsccFailure.ORG_CODE_CHECK, "1"),
        "I14403001922038216 invalid: " + uscc_failure_message(UsccFailure.ALPHABET, None),
    ]
    assert out.getvalue().splitlines()[2] == (
        "91440300192317458A needs-confirmation: The check character (character 18, GB 32100) fails; "
        "expected F. An officer may accept the code after checking the business licence, giving a reason."
    )
