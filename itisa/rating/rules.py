"""Rules of the activity rating (活跃度评价), pure functions over plain data (no ORM).

References:
- the pilot alliances' liaison group's yearly activity rating, 2013–2021 (docs/rating.md; DOMAIN.md
  "Yearly activity rating"): dimensions and indicators per year, weights configurable (the historical
  weights are unconfirmed), bands 高 ≥ 86, 较高 75–85, 一般 65–74, 较差/不活跃 ≤ 64; only alliances
  with complete dynamic data are rated; three consecutive 高 earn the title "A级活跃度";
- 国科发政〔2008〕770号 Art. 9, 11, 12 (the competent departments follow and evaluate the alliances).

A scheme's definition is plain data (``{"dimensions": [...], "bands": [...]}``, Decimals written as
strings); its canonical JSON (sorted keys, no spaces, UTF-8) and the SHA-256 of that text identify it.

Arithmetic is Decimal throughout. An indicator's score (0–100) is exact; a dimension's score is the
weighted mean of its indicators' scores and the total the weighted mean of the dimension scores, each
quantised to 0.01 with ROUND_HALF_UP (四舍五入) — the total from the quantised dimension scores, so the
breakdown adds up as shown.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
ZERO = Decimal(0)
TITLE_RUN = 3  # consecutive years in the top band for the title "A级活跃度"

# how a raw indicator value becomes a 0–100 score
LINEAR = "linear"  # 0 at or below the floor, 100 at or above the target, a straight line between
THRESHOLD = "threshold"  # 100 at or above the target, else 0
SCORING_RULES = (LINEAR, THRESHOLD)


def quantise(value: Decimal) -> Decimal:
    """Two decimal places, half up (四舍五入)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def decimal_of(raw: Any) -> Decimal | None:
    """A finite Decimal from a scheme's text or number (not a float), else None."""
    if isinstance(raw, bool | float):
        return None
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def indicator_score(value: Decimal, rule: str, floor: Decimal, target: Decimal) -> Decimal:
    """The 0–100 score of a raw value (exact, not rounded). ``linear``: capped straight line from
    ``floor`` (0) to ``target`` (100); ``threshold``: 100 once the target is reached."""
    if rule == THRESHOLD:
        return HUNDRED if value >= target else ZERO
    if value <= floor:
        return ZERO
    if value >= target:
        return HUNDRED
    return HUNDRED * (value - floor) / (target - floor)


def canonical_json(definition: Mapping[str, Any]) -> str:
    """The definition as canonical JSON: sorted keys, no spaces, UTF-8 characters as they are."""
    return json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(definition: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON: what a campaign records of the scheme it used."""
    return hashlib.sha256(canonical_json(definition).encode("utf-8")).hexdigest()


def _weights_sum(errors: list[str], where: str, weights: list[Decimal | None]) -> None:
    if any(w is None or w <= 0 for w in weights):
        errors.append(f"{where}: every weight is a number above 0")
    elif sum(w for w in weights if w is not None) != HUNDRED:
        total = sum(w for w in weights if w is not None)
        errors.append(f"{where}: weights sum to {total}, not 100")


def definition_problems(definition: Any, known_codes: Collection[str]) -> list[str]:
    """What is wrong with a scheme's definition (empty: it can be used). Weights are Decimal and sum to
    100 among the dimensions and within each dimension; indicators exist in the registry, once each;
    linear scoring has a target above its floor; bands have distinct lower bounds from 0 to 100, the
    lowest at 0."""
    errors: list[str] = []
    if not isinstance(definition, dict):
        return ["the definition is an object with dimensions and bands"]
    dimensions = definition.get("dimensions")
    if not isinstance(dimensions, list) or not dimensions:
        errors.append("at least one dimension")
        dimensions = []
    seen_dims: set[str] = set()
    seen_codes: set[str] = set()
    dim_weights: list[Decimal | None] = []
    for n, dim in enumerate(dimensions, start=1):
        if not isinstance(dim, dict):
            errors.append(f"dimension {n}: an object")
            continue
        code = str(dim.get("code") or "")
        where = f"dimension {code or n}"
        if not code or code in seen_dims:
            errors.append(f"{where}: a code, once")
        seen_dims.add(code)
        if not str(dim.get("name_zh") or "").strip():
            errors.append(f"{where}: a Chinese name")
        dim_weights.append(decimal_of(dim.get("weight")))
        items = dim.get("indicators")
        if not isinstance(items, list) or not items:
            errors.append(f"{where}: at least one indicator")
            continue
        weights: list[Decimal | None] = []
        for item in items:
            if not isinstance(item, dict):
                errors.append(f"{where}: each indicator is an object")
                continue
            icode = str(item.get("code") or "")
            if icode not in known_codes:
                errors.append(f"{where}: no indicator {icode!r} in the registry")
            if icode in seen_codes:
                errors.append(f"{where}: indicator {icode} appears twice in the scheme")
            seen_codes.add(icode)
            weights.append(decimal_of(item.get("weight")))
            rule = item.get("rule")
            floor, target = decimal_of(item.get("floor", "0")), decimal_of(item.get("target"))
            if rule not in SCORING_RULES:
                errors.append(f"{where}: indicator {icode}: scoring is linear or threshold")
            elif floor is None or target is None:
                errors.append(f"{where}: indicator {icode}: floor and target are numbers")
            elif rule == LINEAR and target <= floor:
                errors.append(f"{where}: indicator {icode}: the target is above the floor")
        _weights_sum(errors, f"{where}: indicators", weights)
    if dimensions:
        _weights_sum(errors, "dimensions", dim_weights)
    errors += _band_problems(definition.get("bands"))
    return errors


def _band_problems(bands: Any) -> list[str]:
    if not isinstance(bands, list) or not bands:
        return ["at least one band"]
    errors: list[str] = []
    lowers: list[Decimal] = []
    codes: set[str] = set()
    for n, band in enumerate(bands, start=1):
        if not isinstance(band, dict):
            errors.append(f"band {n}: an object")
            continue
        code = str(band.get("code") or "")
        if not code or code in codes:
            errors.append(f"band {code or n}: a code, once")
        codes.add(code)
        if not str(band.get("name_zh") or "").strip():
            errors.append(f"band {code or n}: a Chinese name")
        lower = decimal_of(band.get("lower"))
        if lower is None or not ZERO <= lower <= HUNDRED or lower != quantise(lower):
            errors.append(f"band {code or n}: a lower bound from 0 to 100, at most two decimals")
        else:
            lowers.append(lower)
    if len(set(lowers)) != len(lowers):
        errors.append("bands: each lower bound once")
    if lowers and min(lowers) != ZERO:
        errors.append("bands: the lowest band starts at 0")
    return errors


@dataclass(frozen=True)
class Band:
    code: str
    name_zh: str
    name_en: str
    lower: Decimal


def bands_of(definition: Mapping[str, Any]) -> list[Band]:
    """The scheme's bands, highest first."""
    bands = [
        Band(b["code"], b["name_zh"], b.get("name_en", ""), Decimal(str(b["lower"])))
        for b in definition["bands"]
    ]
    return sorted(bands, key=lambda b: b.lower, reverse=True)


def band_for(definition: Mapping[str, Any], total: Decimal) -> str:
    """The band of a total score: the highest band whose lower bound the score reaches (高 ≥ 86.00, so 85.99
    is 较高)."""
    for band in bands_of(definition):
        if total >= band.lower:
            return band.code
    return bands_of(definition)[-1].code


def top_band(definition: Mapping[str, Any]) -> str:
    """The code of the highest band (高)."""
    return bands_of(definition)[0].code


@dataclass(frozen=True)
class Breakdown:
    """Scores of one alliance: per dimension (0–100, two places) and the total (two places)."""

    dimensions: dict[str, Decimal]
    total: Decimal


def total_of(definition: Mapping[str, Any], dimensions: Mapping[str, Decimal]) -> Decimal:
    """The weighted total of (quantised) dimension scores, quantised."""
    return quantise(
        sum(
            (Decimal(str(d["weight"])) * dimensions[d["code"]] / HUNDRED for d in definition["dimensions"]),
            ZERO,
        )
    )


def score(definition: Mapping[str, Any], values: Mapping[str, Decimal]) -> Breakdown:
    """The breakdown of an alliance with a value for every indicator of the scheme."""
    dims: dict[str, Decimal] = {}
    for dim in definition["dimensions"]:
        weighted = sum(
            (
                Decimal(str(i["weight"]))
                * indicator_score(
                    values[i["code"]],
                    i["rule"],
                    Decimal(str(i.get("floor", "0"))),
                    Decimal(str(i["target"])),
                )
                / HUNDRED
                for i in dim["indicators"]
            ),
            ZERO,
        )
        dims[dim["code"]] = quantise(weighted)
    return Breakdown(dims, total_of(definition, dims))


def indicator_codes(definition: Mapping[str, Any]) -> list[str]:
    """Every indicator the scheme uses, in its order."""
    return [i["code"] for d in definition["dimensions"] for i in d["indicators"]]


def final_breakdown(
    definition: Mapping[str, Any],
    computed: Mapping[str, Decimal],
    adjustments: Iterable[tuple[str, Decimal]],
    decision: Decimal | None,
) -> Breakdown:
    """The derived final scores: the computed dimension scores with the first review's adjustments applied
    in order (a later one of the same dimension wins), the total from them — unless the plenary fixed the
    final total (``decision``)."""
    dims = dict(computed)
    for code, value in adjustments:
        dims[code] = value
    return Breakdown(dims, decision if decision is not None else total_of(definition, dims))


def title_years(top_by_year: Mapping[int, bool]) -> list[int]:
    """The years Y for which an alliance earns the title "A级活跃度": its final band was the top band (高) in
    the published campaigns of Y-2, Y-1 and Y. A year missing (no campaign, not rated) or not 高 breaks
    the run; ``top_by_year`` maps each published year in which the alliance was rated to whether its
    band was the top one."""
    return sorted(y for y in top_by_year if all(top_by_year.get(y - k) is True for k in range(TITLE_RUN)))


def cross_group(group: int | None, groups: int) -> int | None:
    """The group that cross-reviews the alliances of ``group``: the next one, the last group's by the first
    (no cross review with fewer than two groups)."""
    if group is None or groups < 2:
        return None
    return group % groups + 1
