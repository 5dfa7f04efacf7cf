"""Permission decisions that explain themselves."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Decision:
    """The answer of a permission predicate: allowed or not, and why (a translatable reason)."""

    allowed: bool
    reason: str | Promise = ""

    def __bool__(self) -> bool:
        return self.allowed

    @classmethod
    def allow(cls, reason: str | Promise = "") -> Decision:
        return cls(True, reason)

    @classmethod
    def deny(cls, reason: str | Promise) -> Decision:
        return cls(False, reason)
