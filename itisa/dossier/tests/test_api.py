"""``GET /api/dossiers/{code}``: served to those who keep the alliance's record (its secretariat and the
competent officers), 401 without credentials, 403 to others who may see the alliance, 404 to those who
may not see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from itisa.accounts.services import api_token_create
from itisa.audit.models import AuditEntry
from itisa.dossier.services import dossier_export

DENIED = {
    "code": "permission_denied",
    "message": "The dossier of an alliance is open only to its secretariat and the competent officers.",
    "fields": {},
}


def get(user: Any, path: str) -> Any:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client.get(path)


@pytest.mark.parametrize("persona", ["secretariat", "national_officer"])
def test_dossier_is_served_to_those_who_keep_the_record(world: Any, persona: str) -> None:
    response = get(world.user(persona), "/api/dossiers/CSA")
    assert response.status_code == 200
    assert response.json() == dossier_export(world.csa)


def test_the_public_may_see_the_alliance_but_not_its_dossier(world: Any) -> None:
    """The public never keeps a record: without credentials the answer is 401 (log in), not 403."""
    before = AuditEntry.objects.count()
    response = get(None, "/api/dossiers/CSA")
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Log in or send an API token.",
        "fields": {},
    }
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    "persona",
    ["outsider", "council_member", "member_contact", "legal_representative", "fund_supervisor", "expert",
     "provincial_officer", "association_officer"],
)  # fmt: skip
def test_dossier_is_refused_to_other_users(world: Any, persona: str) -> None:
    response = get(world.user(persona), "/api/dossiers/CSA")
    assert response.status_code == 403
    assert response.json() == DENIED


def test_legal_representatives_contacts_do_not_leak(world: Any) -> None:
    world.member_b.legal_representative.phone = "010-12345678"
    world.member_b.legal_representative.save(update_fields=["phone"])
    response = get(None, "/api/dossiers/CSA")
    assert response.status_code == 401
    assert b"010-12345678" not in response.content


def test_forming_alliance_is_hidden_from_the_public(world: Any) -> None:
    """Without credentials every dossier is 401 alike: whether SDC exists is not told."""
    assert get(None, "/api/dossiers/SDC").json() == get(None, "/api/dossiers/NOPE").json()
    assert get(None, "/api/dossiers/SDC").status_code == 401


def test_forming_alliance_is_hidden_from_another_alliances_secretariat(world: Any) -> None:
    response = get(world.user("secretariat"), "/api/dossiers/SDC")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_forming_alliance_is_refused_to_the_association_officer_who_sees_it(world: Any) -> None:
    response = get(world.user("association_officer"), "/api/dossiers/SDC")
    assert response.status_code == 403
    assert response.json() == DENIED


def test_forming_alliance_is_served_to_its_provincial_officer(world: Any) -> None:
    response = get(world.user("provincial_officer"), "/api/dossiers/sdc")
    assert response.status_code == 200
    body = response.json()
    assert (body["alliance"]["code"], body["alliance"]["province"], body["alliance"]["status"]) == (
        "SDC",
        "37",
        "forming",
    )
    assert [m["organisation"] for m in body["memberships"]] == [world.sd_org.uscc]


def test_dossier_is_served_to_a_secretariat_token(world: Any) -> None:
    _token, secret = api_token_create(by=world.user("secretariat"), name="exchange")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/api/dossiers/CSA")
    assert response.status_code == 200
    assert response.json() == dossier_export(world.csa)


def test_unknown_alliance_is_404(world: Any) -> None:
    assert get(world.user("national_officer"), "/api/dossiers/NOPE").status_code == 404
