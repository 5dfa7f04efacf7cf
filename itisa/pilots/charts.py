"""Server-rendered bar charts of the office dashboard (drawn by web/_bars.html, no script, no CDN)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def bars(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Rows of a bar chart: label, count and the width in percent of the largest."""
    top = max((n for _label, n in rows), default=0) or 1
    return [{"label": label, "count": n, "width": round(100 * n / top)} for label, n in rows]


def criterion_labels() -> dict[str, str]:
    """Eligibility criterion code → label in the active language, from every rule set."""
    from itisa.pilots.eligibility import RULE_SETS

    english = (get_language() or "").startswith("en")
    return {
        c.code: f"{c.code} {c.label_en if english else c.label_zh}"
        for rule_set in RULE_SETS.values()
        for c in rule_set.criteria
    }


def criterion_bars(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
    labels = criterion_labels()
    return bars([(labels.get(code, code), n) for code, n in rows])
