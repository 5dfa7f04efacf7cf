"""The plugin that holds every API answer to its declaration (tests/api_statuses.py) is itself working."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import resolve
from ninja.operation import PathView

from tests.api_statuses import UndocumentedStatus


def test_the_plugin_wraps_the_view_ninja_calls() -> None:
    # it patches a private name of django-ninja: if ninja renames it, this fails instead of every check going quiet
    assert PathView._sync_view.__name__ == "checked_view"


def test_an_answer_the_route_does_not_declare_fails_the_test(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the operation Django serves for the address (the PathView is the one cell of ninja's view closure)
    (cell,) = resolve("/api/motions/0").func.__closure__ or ()
    path_view = cell.cell_contents
    assert isinstance(path_view, PathView)
    (operation,) = [op for op in path_view.operations if "GET" in op.methods]
    assert Client().get("/api/motions/0").status_code == 422  # an id below 1, declared: no complaint
    declared = {k: v for k, v in operation.response_models.items() if k != 422}
    monkeypatch.setattr(operation, "response_models", declared)
    with pytest.raises(UndocumentedStatus, match=r"GET /api/motions/0 answered 422"):
        Client().get("/api/motions/0")
