"""Management command ``member list``."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from itisa.membership.models import Membership


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def test_member_list_table(world: Any) -> None:
    assert run("member", "list", "CSA") == [
        "uscc                name_zh  rank     joined_on   left_on",
        "914403001922038216  甲公司   chair    2004-10-01",
        "12100000400000624D  乙大学   council  2005-01-01",
    ]


def test_member_list_past_and_json(world: Any) -> None:
    Membership.objects.filter(organisation=world.member_b).update(left_on=dt.date(2020, 6, 30))
    assert [line.split()[0] for line in run("member", "list", "CSA")] == ["uscc", "914403001922038216"]
    assert json.loads("\n".join(run("member", "list", "csa", "--past", "--json"))) == [
        {
            "uscc": "914403001922038216",
            "name_zh": "甲公司",
            "rank": "chair",
            "joined_on": "2004-10-01",
            "left_on": None,
        },
        {
            "uscc": "12100000400000624D",
            "name_zh": "乙大学",
            "rank": "council",
            "joined_on": "2005-01-01",
            "left_on": "2020-06-30",
        },
    ]


def test_member_list_of_forming_alliance_is_shown_to_the_operator(world: Any) -> None:
    assert run("member", "list", "SDC")[1].split()[1] == "鲁煤集团"


def test_member_list_unknown_alliance(world: Any) -> None:
    with pytest.raises(CommandError, match="No alliance with the short code ZZZ."):
        run("member", "list", "ZZZ")
