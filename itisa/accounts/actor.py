"""The actor of a web request, typed as the services take it (``by: User``), and the ``Viewer`` type."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _

from itisa.accounts.models import User
from itisa.core.errors import PermissionDenied

#: Whoever a permission predicate is asked about: a signed-in user, the anonymous visitor of a page
#: (``request.user``), or ``None`` for an anonymous API caller (``viewer(request)``).
Viewer: TypeAlias = User | AnonymousUser | None


def acting_user(request: HttpRequest) -> User:
    """The signed-in user who makes this request.

    Views check their permission predicate (which sends an anonymous visitor to sign in) before they
    call a service, so an anonymous visitor here is refused like any other unpermitted actor.
    """
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied(_("You must log in first."))
    return user
