"""API authentication (session or bearer token) and the endpoints about the current user and tokens.

The authentication schemes live here, in the accounts layer, because they read sessions and
``ApiToken`` rows, and because every domain router (a layer above) must be able to name them
without importing ``itisa.api``.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from itisa.accounts.choices import ROLE_SCOPES
from itisa.accounts.schemas import MeOut, RoleOut, TokenCreatedOut, TokenIn, TokenOut
from itisa.accounts.services import api_token_authenticate, api_token_create, api_token_revoke
from itisa.core.errors import NotFound
from itisa.core.inputs import Id
from itisa.core.responses import errors


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <secret>`` with a personal API token; a wrong or revoked token is a 401."""

    def __call__(self, request: HttpRequest) -> Any:
        # without the header there is nothing to check; reading request.headers would copy every header first
        if not request.META.get("HTTP_AUTHORIZATION"):
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            raise AuthenticationError(message=_("The API token is invalid or has been revoked."))
        request.user = user
        return user


class LoggedInSession(SessionAuth):
    """Django session login. CSRF is checked (unsafe methods) only when a user is logged in."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


def anonymous(request: HttpRequest) -> Any:
    """Lets the public read: the viewer is an anonymous user, scoped by the selectors."""
    return AnonymousUser()


# Writes: a token or a logged-in session. Reads: the same, or anonymous.
AUTHENTICATED: list[Callable[..., Any]] = [TokenAuth(), LoggedInSession()]
PUBLIC: list[Callable[..., Any]] = [TokenAuth(), LoggedInSession(), anonymous]


def viewer(request: HttpRequest) -> Any:
    """The user behind the request (possibly anonymous), as the auth schemes found it."""
    return request.auth  # type: ignore[attr-defined]


router = Router(tags=["accounts"])


def _token_out(token: Any) -> dict[str, Any]:
    return {
        f: getattr(token, f) for f in ("id", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    }


@router.get("/me", response={200: MeOut, **errors(401)}, auth=AUTHENTICATED)
def me(request: HttpRequest) -> dict[str, Any]:
    user = viewer(request)
    roles = [
        RoleOut(
            role=a.role,
            scope=ROLE_SCOPES[a.role],
            alliance=a.alliance.code if a.alliance else None,
            organisation=a.organisation.uscc if a.organisation else None,
            province=a.province,
            industry=a.industry,
        )
        for a in user.roles.select_related("alliance", "organisation").order_by("pk")
    ]
    return {"username": user.username, "display_name": user.display_name, "roles": roles}


@router.get("/tokens", response={200: list[TokenOut], **errors(401)}, auth=AUTHENTICATED)
def token_list(request: HttpRequest) -> Any:
    return viewer(request).api_tokens.order_by("-created_at", "-pk")


@router.post(
    "/tokens", response={201: TokenCreatedOut, **errors(400, 401, 403, 413, 422)}, auth=AUTHENTICATED
)
def token_create(request: HttpRequest, payload: TokenIn) -> Any:
    token, secret = api_token_create(by=viewer(request), name=payload.name)
    return Status(201, {**_token_out(token), "secret": secret})


@router.delete(
    "/tokens/{token_id}", response={200: TokenOut, **errors(401, 403, 404, 413, 422)}, auth=AUTHENTICATED
)
def token_revoke(request: HttpRequest, token_id: Id) -> Any:
    token = viewer(request).api_tokens.filter(pk=token_id).first()
    if token is None:
        raise NotFound(_("No such token."))
    return api_token_revoke(by=viewer(request), token=token)
