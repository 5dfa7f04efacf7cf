"""API schemas of accounts: the current user, roles and personal tokens."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class RoleOut(Schema):
    """One role assignment with its scope (alliance code, organisation credit code, province or industry)."""

    role: str
    scope: str
    alliance: str | None
    organisation: str | None
    province: str
    industry: str


class MeOut(Schema):
    """The authenticated user."""

    username: str
    display_name: str
    roles: list[RoleOut]


class TokenOut(Schema):
    """A personal API token without its secret."""

    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    """A new token with its secret, which is shown only this once."""

    secret: str


class TokenIn(Schema):
    """A name for a new token."""

    name: str
