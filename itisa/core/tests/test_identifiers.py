"""Credit-code rules (GB 32100-2015, GB 11714-1997) against the real samples in shared/data."""

import csv
from pathlib import Path

import pytest

from itisa.core.identifiers import UsccFailure, UsccStatus, check_uscc, make_uscc

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "uscc-samples.csv"
COPY = Path(__file__).resolve().parent / "uscc-samples.csv"


def _rows() -> list[dict[str, str]]:
    path = SAMPLES if SAMPLES.exists() else COPY
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["code"])
def test_real_samples_are_valid(row: dict[str, str]) -> None:
    assert check_uscc(row["code"]) == check_uscc(row["code"].lower())
    assert check_uscc(row["code"]).status is UsccStatus.VALID


@pytest.mark.parametrize(
    ("code", "status", "failure", "expected"),
    [
        ("91440300192203821", UsccStatus.INVALID, UsccFailure.LENGTH, None),
        ("9144030019220382I6", UsccStatus.INVALID, UsccFailure.ALPHABET, None),
        ("B14403001922038216", UsccStatus.INVALID, UsccFailure.AUTHORITY, None),
        ("81110000MA00000153", UsccStatus.VALID, None, None),
        ("9144A3001922038216", UsccStatus.INVALID, UsccFailure.REGION, None),
        # Huawei with its organisation-code check character 1 changed to 7
        ("914403001922038276", UsccStatus.INVALID, UsccFailure.ORG_CODE_CHECK, "1"),
        # Huawei with only the 18th character changed: needs an officer's confirmation
        ("914403001922038217", UsccStatus.NEEDS_CONFIRMATION, UsccFailure.CHECK_CHARACTER, "6"),
        ("12100000400000624D", UsccStatus.VALID, None, None),
        (" 9134 0100 6897 6734XU ", UsccStatus.VALID, None, None),
    ],
    ids=[
        "short",
        "letter-I",
        "authority-B",
        "trade-union-8",
        "region-letter",
        "org-check",
        "check-18",
        "tsinghua",
        "spaces",
    ],
)
def test_check_uscc_cases(
    code: str, status: UsccStatus, failure: UsccFailure | None, expected: str | None
) -> None:
    result = check_uscc(code)
    assert (result.status, result.failure, result.expected) == (status, failure, expected)


def test_make_uscc_builds_codes_that_pass_both_checks() -> None:
    code = make_uscc("9", "1", "110108", "MA01ABCD")
    assert code == "91110108MA01ABCD5T"
    assert check_uscc(code).status is UsccStatus.VALID
