"""The demo's financing for CSA (filled in below)."""

from __future__ import annotations

from typing import Any


def load_demo_financing(*, alliance: Any, secretariat: Any) -> None:
    return None
