"""A pytest plugin: every API answer a test provokes must be one its operation documents.

Each route declares what it answers (``response={200: FooOut, **errors(401, 403, 404, 422)}``); the
OpenAPI document is built from those declarations. While the tests run, every operation's answer is
checked against them, so a status the route can give but does not declare (a 409 from a service, a 403
from a permission) fails the test that provoked it, loudly, instead of leaving the document wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ninja.operation import Operation, PathView


class UndocumentedStatus(AssertionError):
    """An API operation answered with a status its declaration (and so the OpenAPI document) lacks."""


def _documented(operation: Operation) -> set[int]:
    return {status for status in operation.response_models if isinstance(status, int)}


@pytest.fixture(autouse=True, scope="session")
def _api_answers_as_documented() -> Iterator[None]:
    view = PathView._sync_view

    def checked_view(self: PathView, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = view(self, request, *args, **kwargs)
        operation = self._find_operation(request)
        if operation is not None and response.status_code not in _documented(operation):
            name = f"{operation.view_func.__module__}.{operation.view_func.__name__}"
            raise UndocumentedStatus(
                f"{request.method} {request.path} answered {response.status_code}, which {name} does not "
                f"declare (it declares {sorted(_documented(operation))}): add it with "
                f"response={{..., **errors({response.status_code})}} if the refusal is right"
            )
        return response

    PathView._sync_view = checked_view  # type: ignore[method-assign]
    try:
        yield
    finally:
        PathView._sync_view = view  # type: ignore[method-assign]
