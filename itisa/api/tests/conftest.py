"""Helpers for API tests: a JSON client for each persona of the root ``world`` fixture."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client


class Api:
    """Calls the API as one persona (a logged-in session; anonymous for ``None``)."""

    def __init__(self, user: Any, **client_kwargs: Any) -> None:
        # English answers, so that assertions do not depend on the zh-Hans catalogue
        self.client = Client(HTTP_ACCEPT_LANGUAGE="en", **client_kwargs)
        if user is not None:
            self.client.force_login(user)

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        kwargs: dict[str, Any] = dict(extra)
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())(f"/api{path}", **kwargs)

    def get(self, path: str, **extra: Any) -> Any:
        return self.call("get", path, **extra)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.call("post", path, body if body is not None else {}, **extra)

    def patch(self, path: str, body: Any, **extra: Any) -> Any:
        return self.call("patch", path, body, **extra)

    def delete(self, path: str, **extra: Any) -> Any:
        return self.call("delete", path, **extra)


@pytest.fixture
def as_persona(world: Any) -> Callable[[str], Api]:
    return lambda persona: Api(world.user(persona))
