"""The demo's standards: one group standard in drafting whose declarations two of its three drafting members
filed (RAND with a real patent number, none needed), and one published; loaded through the services, sealed."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from itisa.accounts.models import User
from itisa.audit.models import AuditEntry
from itisa.standards.models import IprDeclaration, StandardProject
from itisa.standards.selectors import access_standard, round_views


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


def test_the_demo_has_a_standard_in_drafting_with_declarations_and_a_published_one(db: Any) -> None:
    call_command("demo", "load", stdout=StringIO())
    standards = list(StandardProject.objects.filter(alliance__code="CSA").order_by("code"))
    assert [(s.code, s.level, s.stage, s.published_number, s.is_demo) for s in standards] == [
        ("S0001", "group", "drafting", "", True),
        ("S0002", "group", "published", "T/CSA 001-2026", True),
    ]
    drafting = access_standard(User.objects.get(username="secretariat"), "CSA", "S0001")
    assert [(m.organisation.uscc, m.role) for m in drafting.drafting_members.all()] == [
        ("91320100D000000133", "lead"), ("91350200D00000021F", "participant"), ("12100000400000624D", "participant")]  # fmt: skip
    (first,) = round_views(drafting)
    assert (first.round.target, first.round.outcome) == ("approved", "carried")
    assert [(d.organisation.uscc, d.licensing, d.patents) for d in first.current] == [
        ("91320100D000000133", "rand", ["201811564288.X"]), ("91350200D00000021F", "none_needed", [])]  # fmt: skip
    assert IprDeclaration.objects.filter(round__standard=drafting).count() == 2
    # every declaration and stage change was sealed by its service; loading again changes nothing
    out = StringIO()
    call_command("audit", "verify", stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("OK: ")
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    call_command("demo", "load", stdout=StringIO())
    assert AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() == last
