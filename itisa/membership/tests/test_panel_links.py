"""The members panel links only to what the viewer may open: every link shown answers 200, and every page
not linked refuses that viewer (issue 21: 会费 and 退出与除名 were linked for people who then got 403)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from conftest import PERSONAS

pytestmark = pytest.mark.django_db
PAGES = {"dues-link": "/alliances/{code}/dues/", "breaches-link": "/alliances/{code}/breaches/",
         "exits-link": "/alliances/{code}/exits/"}  # fmt: skip

# who sees which link on each alliance's page: CSA is the personas' own alliance, SDC belongs to none of
# them (Shandong: the provincial officer keeps it; industry B: the association officer follows it)
SHOWN = {
    "CSA": {
        "anonymous": set(),
        "outsider": set(),
        "secretariat": {"dues-link", "breaches-link", "exits-link"},
        "council_member": {"exits-link"},
        "member_contact": {"dues-link", "breaches-link", "exits-link"},
        "legal_representative": {"dues-link", "breaches-link", "exits-link"},
        "fund_supervisor": {"dues-link", "exits-link"},
        "expert": {"exits-link"},
        "provincial_officer": set(),
        "association_officer": set(),
        "national_officer": {"dues-link", "breaches-link", "exits-link"},
    },
}


HIDE_SDC = {"anonymous", "outsider", "secretariat", "council_member", "member_contact", "legal_representative",
            "fund_supervisor", "expert"}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("code", ["CSA", "SDC"])
def test_every_link_shown_opens_and_every_page_not_linked_refuses(
    world: Any, persona: str, code: str
) -> None:
    client = Client()
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    page = client.get(f"/alliances/{code}/")
    # SDC is still forming: only the officers who keep or follow it see its page
    assert page.status_code == (404 if code == "SDC" and persona in HIDE_SDC else 200)
    shown = set(re.findall(r'data-testid="((?:dues|breaches|exits)-link)"', page.content.decode()))
    if code == "CSA":
        assert shown == SHOWN["CSA"][persona]
    for testid, path in PAGES.items():
        status = client.get(path.format(code=code)).status_code
        if testid in shown:
            assert status == 200, (testid, status)
        else:
            assert status in (302, 403, 404), (testid, status)
