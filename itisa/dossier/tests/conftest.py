"""Fixtures of the dossier tests: a clock the services read, for scenarios with exact timestamps."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from itisa.dossier.tests.governance_scenario import Clock, at


@pytest.fixture
def clock(monkeypatch: Any) -> Clock:
    """``timezone.now()`` returns ``clock.now`` (2026-01-05 09:00 Beijing time until ``clock.set``)."""
    current = Clock(at(1, 5, 9))
    monkeypatch.setattr(timezone, "now", lambda: current.now)
    return current
