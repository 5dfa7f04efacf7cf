"""The admin browses every pilot-program table read-only: writes go through the audited services."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory

from itisa.pilots.models import (
    Application,
    ApplicationStatusChange,
    Assignment,
    Call,
    Expert,
    Finding,
    Material,
    Recommendation,
    Review,
)
from tests.factories import UserFactory

MODELS = (
    Call,
    Application,
    ApplicationStatusChange,
    Material,
    Recommendation,
    Expert,
    Assignment,
    Review,
    Finding,
)


@pytest.mark.django_db
def test_every_pilot_table_is_listed_and_none_can_be_written(client: Any) -> None:
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    request = RequestFactory().get("/")
    request.user = root
    for model in MODELS:
        name = model._meta.model_name
        assert client.get(f"/admin/pilots/{name}/").status_code == 200, name
        assert client.get(f"/admin/pilots/{name}/add/").status_code == 403, name
        model_admin = admin.site._registry[model]
        assert (
            model_admin.has_add_permission(request),
            model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request),
        ) == (False, False, False)
