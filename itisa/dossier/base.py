"""What every part of the dossier format shares: the strict Pydantic base, problems with their JSON
path, and small readers of raw JSON for the cross-checks (which run also when the shape is wrong)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """No extra fields, no coercion, choices written as their stable codes."""

    model_config = ConfigDict(extra="forbid", strict=True, use_enum_values=True)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dossier: where (a JSON path such as ``$.organisations[2].uscc``) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def json_path(loc: tuple[int | str, ...] | list[int | str]) -> str:
    """``("organisations", 2, "uscc")`` → ``$.organisations[2].uscc``."""
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def raw_items(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The objects of the list ``data[key]`` with their index; anything else is skipped."""
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def raw_str(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return value if isinstance(value, str) else ""


def raw_date(item: dict[str, Any], key: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw_str(item, key))
    except ValueError:
        return None


def raw_datetime(item: dict[str, Any], key: str) -> dt.datetime | None:
    """An aware timestamp, or None when the value is missing, naive or not ISO."""
    try:
        value = dt.datetime.fromisoformat(raw_str(item, key))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def raw_dict(item: dict[str, Any], key: str) -> dict[str, Any]:
    value = item.get(key)
    return value if isinstance(value, dict) else {}
