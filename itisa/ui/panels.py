"""Sections that domain apps add to the alliance and organisation pages.

Registry renders the pages; membership, agreements, governance, ledger and pilots register their
sections in ``AppConfig.ready``; founding renders a proposal's page with the sections promotion registers. The hook keeps the import direction of the layers: registry never
imports the apps above it, and they never import registry's views.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Panel = Callable[[HttpRequest, Any], str]
alliance_panels: list[Panel] = []
organisation_panels: list[Panel] = []
proposal_panels: list[Panel] = []


def add_alliance_panel(panel: Panel) -> Panel:
    """Register a function rendering a section of the alliance page (idempotent)."""
    if panel not in alliance_panels:
        alliance_panels.append(panel)
    return panel


def add_organisation_panel(panel: Panel) -> Panel:
    """Register a function rendering a section of the organisation page (idempotent)."""
    if panel not in organisation_panels:
        organisation_panels.append(panel)
    return panel


def add_proposal_panel(panel: Panel) -> Panel:
    """Register a function rendering a section of a proposal's page (founding; idempotent)."""
    if panel not in proposal_panels:
        proposal_panels.append(panel)
    return panel
