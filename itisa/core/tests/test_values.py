"""The input rules (core.values) and the strict JSON loader (core.strict_json), as named tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from itisa.core.errors import DomainError
from itisa.core.inputs import ServiceInput, refuse_bad_values
from itisa.core.strict_json import JSONRefused, loads_strict
from itisa.core.values import (
    ValueRefused,
    date_problem,
    is_blank,
    parse_amount,
    parse_typed_amount,
    strip_text,
    text_problem,
    value_problems,
)

NOT_AN_AMOUNT = (
    "Not an amount: write the digits 0-9 with an optional minus sign and decimal point, "
    "e.g. -1200.50 (no spaces, exponents or full-width digits)."
)
NUL = "Text cannot contain the NUL character (U+0000)."
SURROGATE = "Text cannot contain a lone surrogate (U+D800 to U+DFFF): send valid Unicode."
BAD_DATE = "Choose a date between 1900-01-01 and 2100-12-31."


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@dataclass
class Column:
    max_digits: int
    decimal_places: int


POSTING = Column(16, 2)  # ledger.Posting.amount
FEE = Column(12, 2)  # membership.FeeSchedule.amount


@pytest.mark.parametrize(
    ("value", "column", "expected"),
    [
        ("1200", POSTING, Decimal("1200.00")),
        ("-1200.5", POSTING, Decimal("-1200.50")),
        ("+0.01", POSTING, Decimal("0.01")),
        ("0", POSTING, Decimal("0.00")),
        ("0001", POSTING, Decimal("1.00")),
        ("9999999999999.99", POSTING, Decimal("9999999999999.99")),  # 15 digits: the most a float keeps
        ("9999999999.99", FEE, Decimal("9999999999.99")),  # the fee column's own bound
        (12, POSTING, Decimal("12.00")),
        (Decimal("3.1"), POSTING, Decimal("3.10")),
    ],
)
def test_amounts_that_are_read(value: Any, column: Column, expected: Decimal) -> None:
    amount = parse_amount(value, column=column)
    assert (amount, str(amount)) == (expected, str(expected))


@pytest.mark.parametrize(
    ("name", "value", "column", "message"),
    [
        ("more digits than the column", "99999999999999999999.99", POSTING,
         "The amount is too large: at most 13 digits before the decimal point."),
        ("16 digits: fits the column, not a float", "99999999999999.99", POSTING,
         "The amount is too large: at most 13 digits before the decimal point."),
        ("over the fee column", "10000000000", FEE,
         "The amount is too large: at most 10 digits before the decimal point."),
        ("a negative amount too large", "-10000000000000", POSTING,
         "The amount is too large: at most 13 digits before the decimal point."),
        ("full-width digits", "１００", POSTING, NOT_AN_AMOUNT),
        ("Arabic-Indic digits", "١٠٠", POSTING, NOT_AN_AMOUNT),
        ("an exponent", "1.5e2", POSTING, NOT_AN_AMOUNT),
        ("an upper-case exponent", "1E2", POSTING, NOT_AN_AMOUNT),
        ("padding", " 10 ", POSTING, NOT_AN_AMOUNT),
        ("a trailing newline", "10\n", POSTING, NOT_AN_AMOUNT),
        ("a thousands separator", "1,000", POSTING, NOT_AN_AMOUNT),
        ("an underscore", "1_000", POSTING, NOT_AN_AMOUNT),
        ("a bare point", "10.", POSTING, NOT_AN_AMOUNT),
        ("a leading point", ".5", POSTING, NOT_AN_AMOUNT),
        ("NaN", "NaN", POSTING, NOT_AN_AMOUNT),
        ("Infinity", "-Infinity", POSTING, NOT_AN_AMOUNT),
        ("empty", "", POSTING, NOT_AN_AMOUNT),
        ("a very long text", "1" * 65, POSTING, NOT_AN_AMOUNT),
        ("three decimals", "1.005", POSTING, "An amount has at most 2 decimal places (CNY to the fen)."),
        ("trailing zero decimals", "1.500", POSTING, "An amount has at most 2 decimal places (CNY to the fen)."),
        ("a float", 1.5, POSTING, "Give amounts as exact decimals (strings), never floating point."),
        ("a boolean", True, POSTING, "Give amounts as exact decimals (strings), never floating point."),
        ("a Decimal NaN", Decimal("NaN"), POSTING, "Not an amount."),
        ("a list", ["1"], POSTING, "Not an amount."),
        ("None", None, POSTING, "Not an amount."),
    ],
)  # fmt: skip
def test_amounts_that_are_refused(name: str, value: Any, column: Column, message: str) -> None:
    with pytest.raises(ValueRefused) as refused:
        parse_amount(value, column=column)
    assert refused.value.message == message


TYPED = (
    "Not an amount: write digits with an optional decimal point and thousands separators, "
    "e.g. 1,200.50 or ¥1200."
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1200", "1200.00"),
        ("1,200", "1200.00"),
        ("1,200.50", "1200.50"),
        ("1,234,567.8", "1234567.80"),
        ("１２００", "1200.00"),  # full-width digits
        ("１，２００．５０", "1200.50"),  # full-width separators and point
        ("¥1,200", "1200.00"),
        ("￥1,200", "1200.00"),  # the full-width yen sign
        (" 1 200 ", "1200.00"),  # spaces anywhere (a spreadsheet's grouping)
        ("\u3000¥ 30,000.00\t", "30000.00"),  # an ideographic space
        ("-1,200.5", "-1200.50"),
        ("-¥1,200", "-1200.00"),
        ("¥-1,200", "-1200.00"),
        ("0.01", "0.01"),
    ],
)
def test_amounts_as_people_type_them(value: str, expected: str) -> None:
    amount = parse_typed_amount(value, column=POSTING)
    assert (amount, str(amount)) == (Decimal(expected), expected)


@pytest.mark.parametrize(
    ("name", "value", "negative", "message"),
    [
        ("three decimals", "1,200.505", True, "An amount has at most 2 decimal places (CNY to the fen)."),
        ("a minus sign where the column says the side", "-1,200", False, "Write the amount without a minus sign."),
        ("letters", "12O0", True, TYPED),
        ("a word", "一千二百", True, TYPED),
        ("a misplaced separator", "12,00", True, TYPED),
        ("a separator in the decimals", "1.200,50", True, TYPED),
        ("a separator group too long", "1,2000", True, TYPED),
        ("a leading separator", ",200", True, TYPED),
        ("two signs", "--1", True, TYPED),
        ("two currency signs", "¥¥1", True, TYPED),
        ("only the sign", "¥", True, TYPED),
        ("an exponent", "1e3", True, TYPED),
        ("Arabic-Indic digits", "١٠٠", True, TYPED),
        ("empty", "  ", True, TYPED),
        ("too large", "99,999,999,999,999.00", True,
         "The amount is too large: at most 13 digits before the decimal point."),
        ("very long", "1" * 65, True, TYPED),
    ],
)  # fmt: skip
def test_typed_amounts_that_are_refused(name: str, value: str, negative: bool, message: str) -> None:
    with pytest.raises(ValueRefused) as refused:
        parse_typed_amount(value, column=POSTING, negative=negative)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("value", "stripped"),
    [
        ("  名称 ", "名称"),
        ("\u200b \u200b", ""),  # zero-width space and space: the probe's name
        ("\ufeff名称\u2060", "名称"),
        ("\u200c\u200d\u3000\u00a0\t\n", ""),
        ("名\u200d称", "名\u200d称"),  # inside the text it stays (emoji and scripts need joiners)
        ("", ""),
    ],
)
def test_strip_text_and_blank(value: str, stripped: str) -> None:
    assert (strip_text(value), is_blank(value)) == (stripped, stripped == "")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("联盟", None),
        ("emoji \U0001f600", None),  # a valid surrogate pair in JSON is one character
        ("a\x00b", NUL),
        ("\ud800", SURROGATE),
        ("x\udfff", SURROGATE),
    ],
)
def test_text_problem(value: str, problem: str | None) -> None:
    assert text_problem(value) == problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (dt.date(1900, 1, 1), None),
        (dt.date(2100, 12, 31), None),
        (dt.date(1899, 12, 31), BAD_DATE),
        (dt.date(2101, 1, 1), BAD_DATE),
        (dt.date(9999, 12, 31), BAD_DATE),
        (dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC), BAD_DATE),
        (dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC), None),
    ],
)
def test_date_problem(value: dt.date, problem: str | None) -> None:
    assert date_problem(value) == problem


def test_value_problems_name_every_place() -> None:
    found = value_problems(
        {
            "memo": "a\x00",
            "postings": [{"memo": "ok"}, {"memo": "\ud800"}],
            "\ud800": 1,
            "date": dt.date(1, 1, 1),
        }
    )
    # a key that is not text is reported at the object that holds it
    assert found == {
        "memo": [NUL],
        "postings.1.memo": [SURROGATE],
        "__all__": [SURROGATE],
        "date": [BAD_DATE],
    }


class _Named(ServiceInput):
    name: str = ""
    on: dt.date | None = None


def test_a_service_input_strips_invisible_ends_and_refuses_bad_values() -> None:
    assert _Named(name="\u200b 名称 \ufeff").name == "名称"
    assert _Named(name="\u200b ").name == ""
    with pytest.raises(DomainError) as refused:
        _Named(name="a\x00", on=dt.date(9999, 12, 31))
    assert refused.value.fields == {"name": [NUL], "on": [BAD_DATE]}


def test_refuse_bad_values_for_plain_arguments() -> None:
    refuse_bad_values(memo="ok", date=dt.date(2026, 1, 1))
    with pytest.raises(DomainError) as refused:
        refuse_bad_values(memo="ok", postings=[{"memo": "\ud800"}])
    assert (refused.value.message, refused.value.fields) == (
        "Please correct the errors below.",
        {"postings.0.memo": [SURROGATE]},
    )


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ('{"a": 1, "a": 2}', "a", 'The key "a" appears more than once in the same object.'),
        ('{"x": [{"b": 1}, {"b": 1, "b": 1}]}', "x.1.b", 'The key "b" appears more than once in the same object.'),
        ('{"x": {"y": {"z": 1, "z": 1}}}', "x.y.z", 'The key "z" appears more than once in the same object.'),
        ('{"m": "\\ud800"}', "m", SURROGATE),
        ('{"m": "a\\u0000"}', "m", NUL),
        ('["ok", "\\udc00"]', "1", SURROGATE),
        ('{"\\u0000": 1}', "", NUL),
        ('{"n": NaN}', "", "NaN is not a JSON number."),
        ('{"n": -Infinity}', "", "-Infinity is not a JSON number."),
    ],
)  # fmt: skip
def test_json_that_is_refused(text: str, path: str, message: str) -> None:
    with pytest.raises(JSONRefused) as refused:
        loads_strict(text)
    assert (refused.value.path, refused.value.message) == (path, message)


def test_json_that_is_read() -> None:
    text = '{"a": [1, {"b": "联盟 \\ud83d\\ude00", "c": null}], "d": {"a": 1}}'
    assert loads_strict(text.encode()) == {"a": [1, {"b": "联盟 \U0001f600", "c": None}], "d": {"a": 1}}


def test_the_path_as_parts() -> None:
    with pytest.raises(JSONRefused) as refused:
        loads_strict('{"organisations": [{"uscc": "1"}, {"uscc": "1", "uscc": "2"}]}')
    assert refused.value.loc == ("organisations", 1, "uscc")
