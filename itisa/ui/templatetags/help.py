"""``{% help_terms "ledger" %}``: the folded "What do these terms mean?" list of ``itisa.ui.help``."""

from __future__ import annotations

from typing import Any

from django import template

from itisa.ui.help import help_terms as terms_of

register = template.Library()


@register.inclusion_tag("web/_help_terms.html")
def help_terms(topic: str) -> dict[str, Any]:
    return {"topic": topic, "terms": terms_of(topic)}
