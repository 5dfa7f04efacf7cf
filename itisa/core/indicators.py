"""The indicator registry: what the government counts about an alliance in a year (Art. 9, 11, 12 of
国科发政〔2008〕770号; the dynamic-information database of the pilot program and the yearly activity
rating, see docs/indicators.md).

The registry sits in ``core`` so that every domain app can fill it in without importing the apps that
read it (annual reports, the activity rating, dashboards): an app registers its ``Indicator`` objects when
Django is ready (``AppConfig.ready``), as it registers dossier sections. An indicator says what it
counts (code, zh/en name, unit, dimension) and how it is computed from the app's own records for a
calendar year, for many alliances at once (one aggregate query, whatever the number of alliances).

``compute`` may leave an alliance out: the system holds no value for it (a self-reported indicator such
as members' own R&D spending always does). Whether the alliance may enter or correct the value (with
evidence, marked as self-reported) is ``self_reported``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The dimensions of the activity rating's schemes (2014–2021): organisation and operation, joint R&D,
# results and their diffusion, funds, service to the industry.
DIMENSIONS: dict[str, Any] = {
    "organisation": _("Organisation and operation"),
    "innovation": _("Joint research and development"),
    "results": _("Results and diffusion"),
    "funds": _("Funds"),
    "service": _("Service to the industry"),
}

# units: a count, money in yuan (Decimal, two places), a percentage 0–100 (two places)
UNITS: dict[str, Any] = {
    "count": _("count"),
    "yuan": _("yuan"),
    "percent": _("percent"),
    "hours": _("hours"),
}

ComputeFn = Callable[[Sequence[int], int], dict[int, Decimal]]


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a calendar year (the reporting year of the annual report)."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def none(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """The system holds no value: the alliance reports it (a purely self-reported indicator)."""
    return {}


@dataclass(frozen=True)
class Indicator:
    """One indicator: ``compute(alliance_ids, year)`` returns ``{alliance_id: value}`` for those the system
    can count (Decimal; counts are whole numbers, money two places), in a number of queries that does not
    grow with the number of alliances."""

    code: str  # stable, dotted: "<app>.<what>", e.g. "membership.members.enterprise"
    name_zh: str
    name_en: str
    unit: str  # a key of UNITS
    dimension: str  # a key of DIMENSIONS
    compute: ComputeFn
    self_reported: bool = False  # the alliance may enter or correct it, with evidence
    reference: str = ""  # where the indicator comes from (scheme, article)
    order: int = 0  # position in the tables (then the code)

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


_REGISTRY: dict[str, Indicator] = {}


def register_indicators(*indicators: Indicator) -> None:
    """Add indicators to the registry (from ``AppConfig.ready``); a code is registered once."""
    for indicator in indicators:
        if indicator.unit not in UNITS:
            raise ImproperlyConfigured(f"indicator {indicator.code}: unknown unit {indicator.unit!r}")
        if indicator.dimension not in DIMENSIONS:
            raise ImproperlyConfigured(
                f"indicator {indicator.code}: unknown dimension {indicator.dimension!r}"
            )
        known = _REGISTRY.get(indicator.code)
        if known is not None and known != indicator:
            raise ImproperlyConfigured(f"indicator {indicator.code} is registered twice")
        _REGISTRY[indicator.code] = indicator


def indicators(codes: Iterable[str] | None = None) -> list[Indicator]:
    """Registered indicators in table order (all, or those of ``codes`` that exist)."""
    chosen = _REGISTRY.values() if codes is None else [_REGISTRY[c] for c in codes if c in _REGISTRY]
    return sorted(chosen, key=lambda i: (list(DIMENSIONS).index(i.dimension), i.order, i.code))


def indicator(code: str) -> Indicator | None:
    return _REGISTRY.get(code)


def compute(
    year: int, alliance_ids: Sequence[int], codes: Iterable[str] | None = None
) -> dict[str, dict[int, Decimal]]:
    """Every chosen indicator's system values for ``year``: ``{code: {alliance_id: value}}``."""
    ids = list(alliance_ids)
    return {i.code: (i.compute(ids, year) if ids else {}) for i in indicators(codes)}
