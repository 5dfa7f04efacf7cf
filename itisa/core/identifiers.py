"""Unified Social Credit Code (统一社会信用代码) checks, as pure rules.

Reference: GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》 and, for characters 9–17,
GB 11714-1997 《全国组织机构代码编制规则》. See ../shared/DOMAIN.md "Identifiers".

A code has 18 characters over ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (no I, O, Z, S, V):
1 registration authority, 2 institution category, 3–8 GB/T 2260 region code, 9–17 the
organisation code (8 body characters plus its own check character), 18 the overall check.
Some early real codes fail only the 18th character, so that case is reported as
``needs_confirmation``: an officer may accept it manually with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 3^(i-1) mod 31 for positions 1..17
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
# GB 32100-2015 table 1: 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商, A 军队, N 农业, Y 其他.
REGISTRATION_AUTHORITIES = set("123456789ANY")


class UsccStatus(StrEnum):
    """Outcome of a credit-code check."""

    VALID = "valid"
    INVALID = "invalid"
    NEEDS_CONFIRMATION = "needs-confirmation"


class UsccFailure(StrEnum):
    """Which check failed (stable codes; labels are in ``USCC_FAILURE_LABELS``)."""

    LENGTH = "length"
    ALPHABET = "alphabet"
    AUTHORITY = "authority"
    REGION = "region"
    ORG_CODE_CHECK = "org-code-check"
    CHECK_CHARACTER = "check-character"


@dataclass(frozen=True)
class UsccResult:
    """The result of checking one code: status, failed check (if any) and the expected character."""

    code: str
    status: UsccStatus
    failure: UsccFailure | None = None
    expected: str | None = None

    @property
    def valid(self) -> bool:
        return self.status is UsccStatus.VALID


def normalize_uscc(raw: str) -> str:
    """Strip blanks and upper-case; credit codes are printed in capitals."""
    return "".join(raw.split()).upper()


def org_code_check_char(body: str) -> str:
    """GB 11714 check character for the 8-character organisation-code body.

    Digits keep their value and letters A–Z count 10–35; C9 = 11 − (Σ mod 11), 10 → X, 11 → 0.
    """
    total = 0
    for char, weight in zip(body, ORG_CODE_WEIGHTS, strict=True):
        value = int(char) if char.isdigit() else ord(char) - ord("A") + 10
        total += value * weight
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character: weights 3^(i−1) mod 31, C18 = (31 − Σ mod 31) mod 31."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_uscc(raw: str) -> UsccResult:
    """Check a Unified Social Credit Code with both check characters (GB 32100-2015 §4, GB 11714)."""
    code = normalize_uscc(raw)
    if len(code) != 18:
        return UsccResult(code, UsccStatus.INVALID, UsccFailure.LENGTH)
    if any(c not in USCC_ALPHABET for c in code):
        return UsccResult(code, UsccStatus.INVALID, UsccFailure.ALPHABET)
    if code[0] not in REGISTRATION_AUTHORITIES:
        return UsccResult(code, UsccStatus.INVALID, UsccFailure.AUTHORITY)
    if not code[2:8].isdigit():
        return UsccResult(code, UsccStatus.INVALID, UsccFailure.REGION)
    body = code[8:16]
    if not all(c.isdigit() or ("A" <= c <= "Z") for c in body):
        return UsccResult(code, UsccStatus.INVALID, UsccFailure.ORG_CODE_CHECK)
    expected9 = org_code_check_char(body)
    if code[16] != expected9:
        return UsccResult(code, UsccStatus.INVALID, UsccFailure.ORG_CODE_CHECK, expected9)
    expected18 = uscc_check_char(code[:17])
    if code[17] != expected18:
        return UsccResult(code, UsccStatus.NEEDS_CONFIRMATION, UsccFailure.CHECK_CHARACTER, expected18)
    return UsccResult(code, UsccStatus.VALID)


def make_uscc(authority: str, category: str, region: str, org_body: str) -> str:
    """Build a code that passes both checks (for demo and synthetic data, never for real organisations)."""
    first16 = authority + category + region + org_body
    first17 = first16 + org_code_check_char(org_body)
    return first17 + uscc_check_char(first17)


# --------------------------------------------------------------------- CNIPA patent application numbers
# Reference: CNIPA 《专利申请号标准》 (ZC 0006-2003, in force 2003-10-01), which replaced the 8-digit
# numbers of 1985–2003 (2-digit year, type digit, 5-digit serial) with 12 digits (4-digit year, type
# digit, 7-digit serial); both end in a check character computed the same way. See
# ../shared/DOMAIN.md "Identifiers" and data/cn-patent-samples.csv. "ZL" (a granted patent) and "CN"
# (the country code) are prefixes people write; neither is part of the number.

PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9)
# the type digit: 1 invention, 2 utility model, 3 design, 8 PCT invention and 9 PCT utility model
# entering the Chinese national phase
PATENT_TYPES = {"1": "invention", "2": "utility_model", "3": "design", "8": "invention", "9": "utility_model"}
# ZC 0006-2003 took effect on 2003-10-01: 8-digit numbers are of 1985 (the first Patent Law) to 2003.
# Whether the very first years' numbers carried a check character is unconfirmed; an 8-digit number
# without one is refused as malformed.
OLD_FORMAT_YEARS = range(1985, 2004)
NEW_FORMAT_YEARS = range(2003, 2101)


class PatentFailure(StrEnum):
    """Which check of a patent application number failed (stable codes; labels live in the services)."""

    FORMAT = "format"
    YEAR = "year"
    TYPE = "type"
    CHECK_CHARACTER = "check-character"


@dataclass(frozen=True)
class PatentNumberResult:
    """A checked number: ``number`` is the canonical form (digits, ``.``, check character) when it could
    be read; ``failure`` and ``expected`` say what is wrong; ``year`` and ``type_digit`` what it says."""

    number: str
    failure: PatentFailure | None = None
    expected: str | None = None
    year: int | None = None
    type_digit: str | None = None

    @property
    def valid(self) -> bool:
        return self.failure is None

    @property
    def patent_type(self) -> str | None:
        """``invention``, ``utility_model`` or ``design`` as the type digit says (PCT entries included)."""
        return PATENT_TYPES.get(self.type_digit or "")


def patent_check_char(digits: str) -> str:
    """The check character of an application number's digits: weights 2, 3, …, 9 repeating from the
    left, Σ mod 11, and 10 written ``X`` (ZC 0006-2003; the same rule for the 8-digit numbers)."""
    total = sum(int(d) * PATENT_WEIGHTS[i % len(PATENT_WEIGHTS)] for i, d in enumerate(digits))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def _patent_parts(raw: str) -> tuple[str, str] | None:
    text = "".join(raw.split()).upper()
    if text.startswith(("ZL", "CN")):
        text = text[2:]
    digits, dot, check = text.rpartition(".")
    if not dot:
        digits, check = text[:-1], text[-1:]
    if len(digits) not in (8, 12) or not digits.isascii() or not digits.isdigit():
        return None
    if len(check) != 1 or check not in "0123456789X":
        return None
    return digits, check


def check_cn_patent(raw: str) -> PatentNumberResult:
    """Check a CNIPA patent application (or patent) number: ``ZL``/``CN`` prefix optional, the dot
    before the check character optional, blanks ignored; 12 digits (2003 on) or 8 (1985–2003)."""
    parts = _patent_parts(raw)
    if parts is None:
        return PatentNumberResult("".join(raw.split()).upper(), PatentFailure.FORMAT)
    digits, check = parts
    number = f"{digits}.{check}"
    if len(digits) == 12:
        year, type_digit = int(digits[:4]), digits[4]
        years = NEW_FORMAT_YEARS
    else:
        two = int(digits[:2])
        year, type_digit = (1900 + two if two >= 85 else 2000 + two), digits[2]
        years = OLD_FORMAT_YEARS
    if year not in years:
        return PatentNumberResult(number, PatentFailure.YEAR, year=year, type_digit=type_digit)
    if type_digit not in PATENT_TYPES:
        return PatentNumberResult(number, PatentFailure.TYPE, year=year, type_digit=type_digit)
    expected = patent_check_char(digits)
    if check != expected:
        return PatentNumberResult(number, PatentFailure.CHECK_CHARACTER, expected, year, type_digit)
    return PatentNumberResult(number, year=year, type_digit=type_digit)
