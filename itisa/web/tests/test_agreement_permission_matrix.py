"""Every persona × every agreement and signing-key page (GET): the expected status code, in one table.

302 = anonymous visitor sent to the login page; 403 = logged in but not allowed; 404 = the object is not
visible to the viewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client

from conftest import PERSONAS, World, build_world
from itisa.agreements import crypto
from itisa.agreements.services import key_register, version_create
from itisa.agreements.tests.fixtures import build_agreement_world

# Agreement and signing-key pages, on CSA with an effective v1 (signed by both parties), a draft
# amendment v2 and a second key of 乙大学's legal representative awaiting confirmation.
AGREEMENT_EXPECTED: dict[str, tuple[int, ...]] = {
    "agreements_csa": (302, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "agreements_sdc": (404, 404, 404, 404, 404, 404, 404, 404, 200, 200, 200),
    "agreement_v1": (302, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "agreement_v1_pdf": (302, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "agreement_v1_bundle": (302, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "agreement_v1_canonical": (302, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "agreement_v1_sign": (302, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "agreement_v9": (302, 403, 404, 404, 404, 404, 404, 404, 403, 403, 404),
    "agreement_v2": (302, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "agreement_v2_edit": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403),
    "agreement_v2_open": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403),
    "agreement_v2_withdraw": (302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403),
    "agreement_v2_bundle": (302, 403, 404, 404, 404, 404, 404, 404, 403, 403, 404),
    "keys": (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "key_confirm": (302, 404, 200, 404, 404, 403, 404, 404, 404, 404, 403),
    "key_revoke": (302, 404, 200, 404, 404, 200, 404, 404, 404, 404, 403),
}


def agreement_page_url(page: str, key_id: str) -> str:
    base = "/alliances/CSA/agreements"
    return {
        "agreements_csa": f"{base}/",
        "agreements_sdc": "/alliances/SDC/agreements/",
        "agreement_v1": f"{base}/v1/",
        "agreement_v1_pdf": f"{base}/v1/pdf/",
        "agreement_v1_bundle": f"{base}/v1/bundle/",
        "agreement_v1_canonical": f"{base}/v1/canonical/",
        "agreement_v1_sign": f"{base}/v1/sign/",
        "agreement_v9": f"{base}/v9/",
        "agreement_v2": f"{base}/v2/",
        "agreement_v2_edit": f"{base}/v2/edit/",
        "agreement_v2_open": f"{base}/v2/open/",
        "agreement_v2_withdraw": f"{base}/v2/withdraw/",
        "agreement_v2_bundle": f"{base}/v2/bundle/",
        "keys": "/keys/",
        "key_confirm": f"/keys/{key_id}/confirm/",
        "key_revoke": f"/keys/{key_id}/revoke/",
    }[page]


AGREEMENT_CASES = [
    (page, persona, codes[i])
    for page, codes in AGREEMENT_EXPECTED.items()
    for i, persona in enumerate(PERSONAS)
]


@dataclass(frozen=True)
class AgreementPages:
    world: World
    pending_key_id: str


@pytest.fixture(scope="module")
def agreement_pages(module_db: Any) -> AgreementPages:
    """Built once for the module, each case rolled back to it (``module_db``)."""
    aw = build_agreement_world(build_world())
    v1 = aw.open_version()
    aw.sign(v1, "a")
    aw.sign(v1, "b")
    version_create(by=aw.world.user("secretariat"), alliance=aw.world.csa)
    pending = key_register(
        by=aw.rep_b,
        organisation=aw.world.member_b,
        public_key=crypto.public_pem(crypto.raw_public(Ed25519PrivateKey.generate())),
    )
    return AgreementPages(aw.world, pending.key_id)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "persona", "expected"), AGREEMENT_CASES, ids=[f"{p}-{u}" for p, u, _ in AGREEMENT_CASES]
)
def test_agreement_page_status(
    agreement_pages: AgreementPages, page: str, persona: str, expected: int
) -> None:
    aw = agreement_pages
    client = Client()
    user = aw.world.user(persona)
    if user is not None:
        client.force_login(user)
    response = client.get(agreement_page_url(page, aw.pending_key_id))
    assert response.status_code == expected
    if expected == 302 and user is None:
        assert response["Location"].startswith("/login/?next=")
