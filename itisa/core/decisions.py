"""Permission decisions that explain themselves."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

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


# A permission predicate over a resource: ``(user, obj) -> Decision``.
Need = Callable[[Any, Any], Decision]


def demand(user: Any, obj: Any, need: Need | Sequence[Need] = ()) -> None:
    """Check one predicate or several in order; the first refusal raises PermissionDenied with its reason."""
    from itisa.core.errors import PermissionDenied

    for predicate in [need] if callable(need) else need:
        decision = predicate(user, obj)
        if not decision:
            raise PermissionDenied(decision.reason)
