"""Everything a page needs is served locally: no CDN, no external fonts or scripts."""

from __future__ import annotations

import re

import pytest
from django.test import Client

EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")


@pytest.mark.parametrize("path", ["/", "/alliances/", "/en/alliances/", "/login/", "/api/docs"])
def test_pages_load_no_external_assets(db, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert EXTERNAL.findall(response.content.decode()) == []


def test_api_docs_use_the_bundled_swagger_ui(db) -> None:
    html = Client().get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
