"""CNIPA patent application numbers (ZC 0006-2003) against every real sample in shared/data, and
corrupted variants of each: a changed digit, a changed check character, a swapped pair of digits."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from itisa.core.identifiers import PatentFailure, check_cn_patent, patent_check_char

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "cn-patent-samples.csv"
COPY = Path(__file__).resolve().parent / "cn-patent-samples.csv"
TYPES = {"invention": "invention", "utility model": "utility_model", "design": "design",
         "PCT invention entering CN national phase": "invention"}  # fmt: skip


def _rows() -> list[dict[str, str]]:
    path = SAMPLES if SAMPLES.exists() else COPY
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _bare(number: str) -> str:
    return number[2:] if number[:2] in ("ZL", "CN") else number


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["number"])
def test_every_real_sample_is_valid_in_every_spelling(row: dict[str, str]) -> None:
    bare = _bare(row["number"])
    digits = bare.split(".")[0]
    result = check_cn_patent(row["number"])
    assert (result.valid, result.number, result.type_digit, result.patent_type) == (
        True, bare, row["type_digit"], TYPES[row["type_meaning"]],
    )  # fmt: skip
    for spelling in (bare, bare.replace(".", ""), "CN" + bare, f" zl {bare.lower()} ", "ZL" + bare):
        assert check_cn_patent(spelling) == result
    assert result.year == (int(digits[:4]) if len(digits) == 12 else 1900 + int(digits[:2]))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["number"])
def test_every_corrupted_sample_is_refused_with_the_expected_check_character(row: dict[str, str]) -> None:
    bare = _bare(row["number"])
    digits, check = bare.split(".")
    # the check character changed to every other one
    for wrong in "0123456789X":
        if wrong != check:
            result = check_cn_patent(f"{digits}.{wrong}")
            assert (result.valid, result.failure, result.expected) == (
                False, PatentFailure.CHECK_CHARACTER, check,
            )  # fmt: skip
    # one serial digit changed (the last five: year and type stay readable): the check no longer fits
    for i in range(len(digits) - 5, len(digits)):
        changed = digits[:i] + str((int(digits[i]) + 1) % 10) + digits[i + 1 :]
        result = check_cn_patent(f"{changed}.{check}")
        assert (result.failure, result.expected) == (
            PatentFailure.CHECK_CHARACTER,
            patent_check_char(changed),
        )
    # two different adjacent serial digits swapped: weights differ, so the check catches it
    for i in range(len(digits) - 5, len(digits) - 1):
        if digits[i] != digits[i + 1]:
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
            assert check_cn_patent(f"{swapped}.{check}").failure is PatentFailure.CHECK_CHARACTER


@pytest.mark.parametrize(
    ("raw", "failure", "number"),
    [
        ("", PatentFailure.FORMAT, ""),
        ("ZL20181156428.X", PatentFailure.FORMAT, "ZL20181156428.X"),  # 11 digits
        ("ZL2018115642888.X", PatentFailure.FORMAT, "ZL2018115642888.X"),
        ("201811564288.Y", PatentFailure.FORMAT, "201811564288.Y"),
        (
            "２０１８１１５６４２８８.X",
            PatentFailure.FORMAT,
            "２０１８１１５６４２８８.X",
        ),  # full-width digits
        ("US201811564288.X", PatentFailure.FORMAT, "US201811564288.X"),
        ("201811564288..X", PatentFailure.FORMAT, "201811564288..X"),
        ("199911564288.0", PatentFailure.YEAR, "199911564288.0"),  # 12 digits before 2003
        ("84113861.9", PatentFailure.YEAR, "84113861.9"),  # 8 digits read as 2084
        ("201841564288.X", PatentFailure.TYPE, "201841564288.X"),  # type digit 4
        ("99513861.9", PatentFailure.TYPE, "99513861.9"),
    ],
    ids=[
        "empty",
        "short",
        "long",
        "bad-check-char",
        "full-width",
        "other-prefix",
        "two-dots",
        "new-format-old-year",
        "old-format-future-year",
        "type-4",
        "old-type-5",
    ],  # fmt: skip
)
def test_malformed_numbers_say_why(raw: str, failure: PatentFailure, number: str) -> None:
    result = check_cn_patent(raw)
    assert (result.valid, result.failure, result.number) == (False, failure, number)


def test_the_check_character_is_x_for_ten() -> None:
    assert (patent_check_char("201811564288"), patent_check_char("99113861")) == ("X", "9")
