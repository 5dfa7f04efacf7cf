"""The dashboard reads in aggregate queries: its page and each API endpoint make as many queries for 30
alliances (each with an obligation, a pilot, a status move and an indicator value) as for 3."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from itisa.dashboards.tests.conftest import Dash, _moved, _obligation, _pilot, _value
from itisa.pilots.models import Call
from tests.factories import AllianceFactory

pytestmark = pytest.mark.django_db

PANELS = ("status", "industry", "province", "years", "ranking", "diffusion", "pilots", "pilot_periods")
PAGE = 23  # session, user, roles, the inbox badge, the number followed, one to four per panel
XLSX = 21
LIST = 6  # session, user, roles, the inbox badge, the page's count and rows
API = 8  # session, user, roles, the panel's one to four queries (years: two spans, two counts), the number followed


def _grow(dash: Dash, n: int) -> None:
    call = Call.objects.get()
    for i in range(n):
        alliance = AllianceFactory(code=f"G{i:03d}", scope="regional", province="37", industry="B",
                                   founded_on=dt.date(2010 + i % 10, 1, 1))  # fmt: skip
        _moved(alliance, "forming", "established", dt.datetime(2014, 1, 1, 10, tzinfo=dt.UTC))
        _value(alliance, f"{i}.00")
        _obligation(alliance, 100 + i, dt.date(2025, 1, 1), "overdue")
        _pilot(call, alliance, dt.date(2024, 1, 1), dt.date(2026, 12, 31))


@pytest.mark.parametrize("persona", ["national_officer", "provincial_officer"])
def test_the_page_and_the_api_do_not_grow_with_alliances(
    dash: Dash, client: Any, django_assert_max_num_queries: Any, persona: str
) -> None:
    client.force_login(dash.user(persona))
    for size in (3, 30):
        if size == 30:
            _grow(dash, 25)  # 5 alliances in the world, 30 after
        with django_assert_max_num_queries(PAGE):
            assert client.get("/dashboards/").status_code == 200
        with django_assert_max_num_queries(XLSX):
            assert client.get("/dashboards/", {"format": "xlsx"}).status_code == 200
        with django_assert_max_num_queries(LIST):
            assert client.get("/dashboards/alliances/", {"pilot": "running"}).status_code == 200
        for key in PANELS:
            with django_assert_max_num_queries(API):
                assert client.get(f"/api/dashboards/{key}").status_code == 200, key
