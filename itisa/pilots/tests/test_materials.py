"""Reading what an application consists of: its assigned experts read every material, the platform's
agreement included (the version the application froze, served through the application), while they
review it; nobody else gains anything, and reading writes nothing."""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from itisa.agreements.models import AgreementVersion
from itisa.agreements.pdf import render_pdf
from itisa.pilots import services
from itisa.pilots.choices import DEFAULT_MATERIALS
from itisa.pilots.materials import frozen_agreement, material_rows
from itisa.pilots.models import Application, Assignment, Call, Material
from itisa.pilots.tests.pilot_fixtures import PDF, audit_count, make_expert, to_review

pytestmark = pytest.mark.django_db
GENERATED = ("agreement", "member_list", "bodies_staff")


def _pdf(code: str) -> bytes:
    """A distinct PDF per material, so that each download is checked against its own bytes."""
    return PDF + f"% {code}\n".encode()


@pytest.fixture
def version(agreement_world: Any) -> AgreementVersion:
    """CSA's agreement, signed by both members: effective."""
    version = agreement_world.open_version()
    agreement_world.sign(version, "a")
    agreement_world.sign(version, "b")
    version.refresh_from_db()
    assert version.status == "effective"
    return version


@pytest.fixture
def application(world: Any, call: Call, needs_review: Any, version: AgreementVersion) -> Application:
    """CSA's application in expert review: the agreement, member list and bodies from the platform, the
    other five materials uploaded."""
    secretariat = world.user("secretariat")
    application = services.application_create(by=secretariat, call=call, alliance=world.csa)
    for item in DEFAULT_MATERIALS:
        code = item["code"]
        if code in GENERATED:
            services.material_generate(by=secretariat, application=application, code=code)
        else:
            services.material_upload(
                by=secretariat, application=application, code=code, name=f"{code}.pdf", data=_pdf(code)
            )
    services.application_submit(by=secretariat, application=application)
    return to_review(world, application)


@pytest.fixture
def assignment(world: Any, application: Application) -> Assignment:
    expert = make_expert(world, "独立专家", username="independent")
    return services.expert_assign(by=world.user("national_officer"), application=application, expert=expert)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _links(html: str) -> dict[str, str]:
    found = re.findall(r'<a href="([^"]+)" data-testid="material-link-([a-z_]+)"', html)
    return {code: href for href, code in found}


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_the_agreement_material_names_the_version_in_effect_when_it_was_supplied(
    application: Application, version: AgreementVersion
) -> None:
    material = application.materials.get(code="agreement")
    assert (material.kind, material.reference) == ("generated", "/alliances/CSA/agreements/v1/")
    assert frozen_agreement(application, material) == version
    rows = material_rows(application)
    assert [(r.code, r.material.code if r.material else None) for r in rows] == [
        (m["code"], m["code"]) for m in DEFAULT_MATERIALS
    ]
    assert [(r.code, r.version) for r in rows if r.version is not None] == [("agreement", version)]


def test_an_assigned_expert_reads_every_material_on_the_review_page(
    assignment: Assignment, application: Application, version: AgreementVersion
) -> None:
    client = _client(assignment.expert.user)
    before = audit_count()
    page = client.get(f"/en/pilots/reviews/{assignment.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    listed = re.findall(r'data-testid="review-material-([a-z_]+)"', html)
    assert sorted(listed) == sorted(application.materials.values_list("code", flat=True))
    assert len(listed) == 8
    links = _links(html)
    materials = {m.code: m for m in application.materials.all()}
    assert links == {
        **{
            code: f"/en/pilots/applications/{application.pk}/materials/{m.pk}/"
            for code, m in materials.items()
        },
        "member_list": "/en/alliances/CSA/",
        "bodies_staff": "/en/alliances/CSA/governance/",
    }
    for code, href in links.items():
        response = client.get(href)
        assert response.status_code == 200, (code, response.status_code)
        if code in ("member_list", "bodies_staff"):
            assert response["Content-Type"] == "text/html; charset=utf-8"
            continue
        body = b"".join(response.streaming_content)
        assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
            "application/pdf",
            "nosniff",
        )
        if code == "agreement":
            assert response["Content-Disposition"] == 'attachment; filename="CSA-agreement-v1.pdf"'
            assert body == render_pdf(version)
            assert version.digest in _pdf_text(body)
        else:
            assert response["Content-Disposition"] == f'attachment; filename="CSA-{code}.pdf"'
            assert body == _pdf(code)
            assert hashlib.sha256(body).hexdigest() == materials[code].sha256
    # the agreement itself stays the alliance's: the expert reads it only through the application
    assert client.get("/en/alliances/CSA/agreements/v1/").status_code == 403
    assert client.get("/en/alliances/CSA/agreements/v1/pdf/").status_code == 403
    assert audit_count() == before


def test_the_api_serves_the_frozen_agreement_to_the_assigned_expert(
    assignment: Assignment, application: Application, version: AgreementVersion
) -> None:
    material = application.materials.get(code="agreement")
    client = _client(assignment.expert.user)
    response = client.get(f"/api/pilots/applications/{application.pk}/materials/{material.pk}/file")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert b"".join(response.streaming_content) == render_pdf(version)
    generated = application.materials.get(code="member_list")
    response = client.get(f"/api/pilots/applications/{application.pk}/materials/{generated.pk}/file")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_the_application_page_links_the_agreement_through_the_application(
    world: Any, application: Application
) -> None:
    material = application.materials.get(code="agreement")
    html = (
        _client(world.user("secretariat")).get(f"/en/pilots/applications/{application.pk}/").content.decode()
    )
    assert _links(html)["agreement"] == f"/en/pilots/applications/{application.pk}/materials/{material.pk}/"
    assert "/alliances/CSA/agreements/v1/" not in html
    zh = _client(world.user("secretariat")).get(f"/pilots/applications/{application.pk}/").content.decode()
    assert 'data-testid="material-link-agreement">联盟协议 CSA/v1（PDF，由平台生成）</a>' in zh


def test_an_unassigned_expert_reads_nothing(
    world: Any, assignment: Assignment, application: Application
) -> None:
    other = make_expert(world, "未分配专家", username="unassigned")
    client = _client(other.user)
    before = audit_count()
    for material in application.materials.all():
        url = f"/en/pilots/applications/{application.pk}/materials/{material.pk}/"
        assert client.get(url).status_code == 404
        api = client.get(f"/api/pilots/applications/{application.pk}/materials/{material.pk}/file")
        assert api.status_code == 404
    assert client.get(f"/en/pilots/reviews/{assignment.pk}/").status_code == 404
    assert audit_count() == before


def test_once_the_review_is_over_the_expert_reads_the_materials_no_more(
    world: Any, assignment: Assignment, application: Application
) -> None:
    services.review_submit(
        by=assignment.expert.user,
        assignment=assignment,
        scores={"innovation": 80, "industry": 80, "governance": 80, "cooperation": 80, "funds": 80},
        summary="同意。",
    )
    services.application_decide(
        by=world.user("national_officer"), application=application, outcome="cultivation", reasons="培育。"
    )
    client = _client(assignment.expert.user)
    before = audit_count()
    reason = "The review of this application is over; its materials are no longer open to its experts."
    for material in application.materials.all():
        response = client.get(f"/en/pilots/applications/{application.pk}/materials/{material.pk}/")
        assert response.status_code == 403
        assert reason in response.content.decode()
        api = client.get(f"/api/pilots/applications/{application.pk}/materials/{material.pk}/file")
        assert (api.status_code, api.json()["message"]) == (
            403,
            "该申报的评审已结束，评审专家不能再查阅其材料。",
        )
    html = client.get(f"/en/pilots/reviews/{assignment.pk}/").content.decode()
    assert _links(html) == {}
    assert len(re.findall(r'data-testid="review-material-', html)) == 8
    assert reason in html
    assert audit_count() == before


def test_a_reference_to_another_alliances_agreement_is_not_served(
    world: Any, call: Call, version: AgreementVersion
) -> None:
    """A generated material names a page of its own alliance only: a reference (an imported one could say
    anything) to CSA's effective agreement in another alliance's application serves and links nothing."""
    from django.utils import timezone

    from tests.factories import AllianceFactory

    other = AllianceFactory(code="OTHER")
    application = Application.objects.create(call=call, alliance=other, status="expert_review")
    material = Material.objects.create(
        application=application,
        code="agreement",
        kind="generated",
        reference="/alliances/CSA/agreements/v1/",
        added_at=timezone.now(),
    )
    assert frozen_agreement(application, material) is None
    assert [(r.code, r.url, r.version) for r in material_rows(application) if r.material] == [
        ("agreement", "", None)
    ]
    client = _client(world.user("national_officer"))
    assert client.get(f"/en/pilots/applications/{application.pk}/materials/{material.pk}/").status_code == 404
    html = client.get(f"/en/pilots/applications/{application.pk}/").content.decode()
    assert "agreement" not in _links(html)
    assert "/alliances/CSA/agreements/v1/" not in html
