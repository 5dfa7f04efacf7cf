"""System check: the API's lists need the project-wide cursor pagination setting."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

PAGINATION_CLASS = "itisa.api.pagination.CursorPagination"


@register()
def check_pagination_class(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Domain routers use ninja's ``@paginate``, which takes its class from ``NINJA_PAGINATION_CLASS``."""
    if getattr(settings, "NINJA_PAGINATION_CLASS", None) == PAGINATION_CLASS:
        return []
    return [Error(f"Set NINJA_PAGINATION_CLASS = {PAGINATION_CLASS!r} in the settings.", id="itisa_api.E001")]
