"""Pure rules of standards: the shape of a published number by level, and what a declaration must say.

No ORM, no request: the service, the form and the dossier import call the same functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from itisa.core.identifiers import check_cn_patent
from itisa.standards.choices import Level, LicensingPosition

# a standard's number: code, sequence (with an optional part, ".1"), a hyphen and the year of issue
_SEQ_YEAR = r" \d{1,5}(\.\d{1,3})?-(19|20)\d{2}"
NUMBER_SHAPES: dict[str, tuple[re.Pattern[str], str]] = {
    # 《国家标准管理办法》(2022) Art. 22: GB (mandatory), GB/T (recommended), GB/Z (guidance)
    Level.NATIONAL: (re.compile(r"GB(/[TZ])?" + _SEQ_YEAR), "GB/T 12345-2026"),
    # 《行业标准管理办法》(2024): two capital letters of the industry (SJ, YD, JB…), /T when recommended
    Level.INDUSTRY: (re.compile(r"(?!GB)[A-Z]{2}(/T)?" + _SEQ_YEAR), "SJ/T 11395-2026"),
    # 《地方标准管理办法》(2020) Art. 13: DB + the province's two GB/T 2260 digits, /T when recommended
    Level.LOCAL: (re.compile(r"DB\d{2}(/T)?" + _SEQ_YEAR), "DB44/T 1234-2026"),
    # 《团体标准管理规定》(2019) Art. 19: T/ + the body's code, sequence and year
    Level.GROUP: (re.compile(r"T/[A-Z][A-Z0-9]{1,9}" + _SEQ_YEAR), "T/CSA 001-2026"),
}


def published_number_problem(level: str, number: str) -> str | None:
    """Why ``number`` is not a number of a ``level`` standard (None when it is one): GB/T 12345-2026,
    SJ/T 11395-2026, DB44/T 1234-2026, T/CSA 001-2026."""
    shape = NUMBER_SHAPES.get(level)
    if shape is None:
        return _("Choose a valid level.")
    pattern, example = shape
    if not pattern.fullmatch(number):
        return _("%(level)s numbers look like %(example)s.") % {
            "level": Level(level).label,
            "example": example,
        }
    return None


def declaration_problems(
    *, holds_essential: bool, patents: Iterable[str], position: str
) -> dict[str, list[str]]:
    """What is wrong with a licensing declaration (GB/T 20003.1-2014 §5.2): a member that holds patents
    essential to the draft names each (CNIPA numbers with their check character, ZC 0006-2003) and
    declares royalty-free, RAND or unwilling; one that holds none declares that no licence is needed."""
    errors: dict[str, list[str]] = {}
    numbers = list(patents)
    if position not in LicensingPosition.values:
        errors["licensing"] = [_("Choose a valid option.")]
    elif holds_essential and position == LicensingPosition.NONE_NEEDED:
        errors["licensing"] = [_("A member that holds essential patents declares how it licenses them.")]
    elif not holds_essential and position != LicensingPosition.NONE_NEEDED:
        errors["licensing"] = [_("Without essential patents, no licence is needed.")]
    if holds_essential and not numbers:
        errors["patents"] = [_("Name each essential patent (its CNIPA number).")]
    elif not holds_essential and numbers:
        errors["patents"] = [_("Patents are named only when they are essential to the draft.")]
    bad = [n for n in numbers if not check_cn_patent(n).valid]
    if bad:
        errors.setdefault("patents", []).append(
            _("Not a valid CNIPA patent number: %(numbers)s.") % {"numbers": ", ".join(bad)}
        )
    return errors


def normalised_patents(patents: Iterable[str]) -> list[str]:
    """The numbers as CNIPA writes them (``ZL`` dropped, the dot before the check character), in order,
    each once."""
    seen: list[str] = []
    for raw in patents:
        number = check_cn_patent(raw).number
        if number not in seen:
            seen.append(number)
    return seen


def missing_declarations(drafters: Mapping[int, str], declared: Iterable[int]) -> list[str]:
    """The names of the drafting members (id → name, in order) without a declaration in the round."""
    filed = set(declared)
    return [name for org, name in drafters.items() if org not in filed]
