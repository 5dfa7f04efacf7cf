"""Money, 万元 and dates as people read them (core.formats), exactly, in Chinese and in English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from itisa.core import formats

D = Decimal
BEIJING_AFTERNOON = dt.datetime(2026, 12, 7, 6, 5, 9, tzinfo=dt.UTC)  # 14:05:09 in Beijing


@pytest.mark.parametrize(
    ("value", "sign", "shown"),
    [
        (D("183280"), "", "183,280.00"),
        (D("30000000"), "¥", "¥30,000,000.00"),
        (D("-1200"), "¥", "-¥1,200.00"),
        (D("-1200.5"), "", "-1,200.50"),
        (D("0"), "", "0.00"),
        (D("-0.004"), "¥", "¥0.00"),  # no "-¥0.00"
        (D("0.005"), "", "0.01"),  # half up to the fen
        (D("999.995"), "", "1,000.00"),
        (D("9999999999999.99"), "", "9,999,999,999,999.99"),
        (1.005, "", "1.01"),  # a float through its text, not its binary value (1.00499…)
        (1200, "", "1,200.00"),
        ("1200.5", "", "1,200.50"),
        (None, "", "—"),
        ("", "¥", "—"),
        ("  ", "", "—"),
        ("n/a", "", "n/a"),
        (D("NaN"), "", "NaN"),
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_money_is_grouped_with_two_decimals_in_every_language(
    language: str, value: Any, sign: str, shown: str
) -> None:
    with translation.override(language):
        assert formats.money(value, sign) == shown


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (D("30000000"), "3,000.00万元", "¥30,000,000.00"),
        (D("183280"), "18.33万元", "¥183,280.00"),
        (D("-1200"), "-0.12万元", "-¥1,200.00"),
        (D("0"), "0.00万元", "¥0.00"),
        (D("49"), "0.00万元", "¥49.00"),
        (D("50"), "0.01万元", "¥50.00"),  # half up
        (D("123456789012.34"), "12,345,678.90万元", "¥123,456,789,012.34"),
        (None, "—", "—"),
        ("", "—", "—"),
    ],
)
def test_budgets_are_in_wan_yuan_in_chinese_and_in_yuan_in_english(value: Any, zh: str, en: str) -> None:
    with translation.override("zh-hans"):
        assert formats.wan(value) == zh
    with translation.override("en"):
        assert formats.wan(value) == en


@pytest.mark.parametrize(
    ("value", "shown"),
    [(D("30000000.00"), "30,000,000.00"), (12, "12"), (D("-3.5"), "-3.5"), (D("1E+3"), "1,000"), (None, "—")],
)
def test_a_quantity_is_grouped_with_its_own_decimals(value: Any, shown: str) -> None:
    assert formats.number(value) == shown


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (dt.date(2026, 12, 7), "2026年12月7日", "7 Dec 2026"),
        (dt.date(2027, 1, 31), "2027年1月31日", "31 Jan 2027"),
        ("2026-05-01", "2026年5月1日", "1 May 2026"),
        (dt.datetime(2026, 12, 6, 17, 0, tzinfo=dt.UTC), "2026年12月7日", "7 Dec 2026"),  # 01:00 in Beijing
        (None, "—", "—"),
        ("", "—", "—"),
        ("soon", "soon", "soon"),
    ],
)
def test_a_day_reads_nian_yue_ri_in_chinese(value: Any, zh: str, en: str) -> None:
    with translation.override("zh-hans"):
        assert formats.day(value) == zh
    with translation.override("en"):
        assert formats.day(value) == en


def test_a_moment_is_shown_in_beijing_time() -> None:
    with translation.override("zh-hans"):
        assert formats.daytime(BEIJING_AFTERNOON) == "2026年12月7日 14:05"
        assert formats.daytime(BEIJING_AFTERNOON, seconds=True) == "2026年12月7日 14:05:09"
        assert formats.daytime(dt.date(2026, 12, 7)) == "2026年12月7日"
        assert formats.daytime(None) == "—"
    with translation.override("en"):
        assert formats.daytime(BEIJING_AFTERNOON) == "7 Dec 2026 14:05"
        assert formats.daytime("2026-12-07T06:05:09+00:00") == "7 Dec 2026 14:05"
