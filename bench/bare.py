"""The baseline of P2: a bare django-ninja API on the same server, one raw query per request.

Mounted beside the project's URLs by ``bench/ratios.py`` (``ROOT_URLCONF = "bench.bare"``), so both go
through the same middleware, the same WSGI handler and the same connection handling; the difference
is what ITISA adds: authentication schemes, the scoped selectors, the schemas and the pagination.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI

from config.urls import urlpatterns as project_urlpatterns

COLUMNS = (
    "code", "name_zh", "name_en", "short_name_zh", "short_name_en", "key_area", "emerging_industry",
    "industry", "scope", "province", "founded_on", "host_unit_id", "website", "status",
)  # fmt: skip
SELECT = "SELECT {} FROM registry_alliance".format(", ".join(COLUMNS))  # noqa: S608 - constant columns

api = NinjaAPI(urls_namespace="bench-bare", docs_url=None, openapi_url=None)


def _row(values: tuple[Any, ...]) -> dict[str, Any]:
    row = dict(zip(COLUMNS, values, strict=True))
    row["host_unit"] = row.pop("host_unit_id")
    return row


@api.get("/alliances/{code}")
def alliance_detail(request: HttpRequest, code: str) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(SELECT + " WHERE code = %s", [code])
        return _row(cursor.fetchone())


@api.get("/alliances")
def alliance_list(request: HttpRequest) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(SELECT + " ORDER BY code LIMIT 25")
        return {"items": [_row(r) for r in cursor.fetchall()]}


urlpatterns = [path("bench-bare/", api.urls), *project_urlpatterns]
