"""Who acts: the shape of an actor as the layers below ``accounts`` see it.

``core`` and ``audit`` sit below ``accounts`` (import-linter's layers) and may not name its
``User``, so they take an ``Actor``: a structural type (a ``Protocol``) with just what they read
from it, the primary key, ``is_authenticated`` and ``get_username()``. A Protocol rather than
Django's ``AbstractBaseUser`` because these functions also accept the ``AnonymousUser`` of a
request (recorded as the system, with no account), which is not an ``AbstractBaseUser``; both
``accounts.User`` and ``AnonymousUser`` fit it without importing anything from above. The
services above ``accounts`` take ``by: User`` (or ``User | None`` where the system acts).
"""

from __future__ import annotations

from typing import Any, Protocol


class Actor(Protocol):
    """An account that may make a move or write an audit entry (``accounts.User`` fits)."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    def get_username(self) -> str: ...
