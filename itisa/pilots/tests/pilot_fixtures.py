"""Fixtures shared by the pilot-program tests: an open call, PDFs, an eligibility seam, experts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.pilots import services
from itisa.pilots.choices import DEFAULT_MATERIALS
from itisa.pilots.models import Application, Call, Expert
from tests.factories import OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CODES = [m["code"] for m in DEFAULT_MATERIALS]


def item_rows(prefix: str, rows: list[tuple[Any, ...]]) -> dict[str, str]:
    """The call form's ``materials`` or ``rubric`` formset as posted: one tuple a row (code, Chinese name,
    English name and, for the rubric, weight)."""
    columns = ("code", "label_zh", "label_en", "weight")
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{c}": str(v) for c, v in zip(columns, row, strict=False)})
    return data


def report(eligible: bool | None, *, alliance: str = "CSA", rules: str = "2008") -> dict[str, Any]:
    """An eligibility report in the shape of Report.as_json(): one criterion per possible result."""
    second = {True: "pass", None: "needs_review", False: "fail"}[eligible]
    return {
        "alliance": alliance,
        "rules": rules,
        "eligible": eligible,
        "criteria": [
            {"code": "art8.1.legal_persons", "result": "pass", "reason_zh": "成员均为独立法人。",
             "reason_en": "Every member is an independent legal person.", "reference": "第八条第（一）项", "facts": {}},
            {"code": "art8.1.backbone", "result": second, "reason_zh": "待审。", "reason_en": "To review.",
             "reference": "第八条第（一）项", "facts": {}},
        ],
    }  # fmt: skip


@pytest.fixture
def needs_review(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The eligibility engine (tested on its own) answers "needs review" for every alliance."""
    return patch_needs_review(monkeypatch)


def patch_needs_review(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What ``needs_review`` does, for fixtures of a wider scope (``pytest.MonkeyPatch.context()``)."""
    from itisa.pilots.services import applications

    snapshot = report(None)
    monkeypatch.setattr(
        applications,
        "eligibility_report",
        lambda alliance, rules, as_of=None: {**snapshot, "alliance": alliance.code},
    )
    return snapshot


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_call(world: Any, **overrides: Any) -> Call:
    today = timezone.localdate()
    values = {
        "title_zh": "2026年产业技术创新战略试点联盟申报",
        "title_en": "2026 call for pilot alliances",
        "opens_on": today - dt.timedelta(days=1),
        "closes_on": today + dt.timedelta(days=30),
        "rules": "2008",
        "max_pilots": 1,
        "max_cultivation": 1,
        **overrides,
    }
    call = services.call_create(by=world.user("national_officer"), data=services.CallInput(**values))
    return services.call_open(by=world.user("national_officer"), call=call)


@pytest.fixture
def call(world: Any, media: Any) -> Call:
    return make_call(world)


def fill(world: Any, application: Application, *, by: Any = None) -> Application:
    by = by or world.user("secretariat")
    for code in CODES:
        if code == "member_list":
            services.material_generate(by=by, application=application, code=code)
        else:
            services.material_upload(by=by, application=application, code=code, name=f"{code}.pdf", data=PDF)
    return application


def submitted(world: Any, call: Call, alliance: Any = None, *, by: Any = None) -> Application:
    by = by or world.user("secretariat")
    application = services.application_create(by=by, call=call, alliance=alliance or world.csa)
    fill(world, application, by=by)
    return services.application_submit(by=by, application=application)


def to_review(world: Any, application: Application) -> Application:
    office = world.user("national_officer")
    services.application_move(by=office, application=application, target="formal_check")
    return services.application_move(by=office, application=application, target="expert_review")


def make_expert(
    world: Any, name: str, organisation: Any = None, username: str = "", specialities: str = "半导体照明"
) -> Expert:
    user = UserFactory(username=username or f"expert-{name}")
    org = organisation if organisation is not None else OrganisationFactory()
    return services.expert_create(
        by=world.user("national_officer"), user=user, name=name, organisation=org, specialities=specialities
    )


def audit_count() -> int:
    return AuditEntry.objects.count()
