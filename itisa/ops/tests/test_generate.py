"""``generate`` writes synthetic data in bulk with valid codes, progress on stderr and one audit entry."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from itisa.audit.models import AuditEntry
from itisa.core.identifiers import check_uscc
from itisa.membership.models import Membership
from itisa.registry.models import Alliance, AllianceStatusChange, Organisation


def generate(*args: str) -> tuple[list[str], list[str]]:
    out, err = StringIO(), StringIO()
    call_command("generate", *args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue().splitlines()


def test_generate_small(db: Any) -> None:
    out, err = generate(
        "--alliances", "25", "--members-per-alliance", "4", "--seed", "7", "--batch-size", "10"
    )
    assert Alliance.objects.count() == 25
    assert Organisation.objects.count() == 20  # a shared pool of N×M/5 organisations
    assert Membership.objects.count() == 100
    assert AllianceStatusChange.objects.count() == 25
    assert list(Alliance.objects.order_by("code").values_list("code", flat=True)[:2]) == [
        "G0000001",
        "G0000002",
    ]
    assert all(check_uscc(code).valid for code in Organisation.objects.values_list("uscc", flat=True))
    assert Organisation.objects.filter(is_demo=False).count() == 0
    assert Alliance.objects.filter(is_demo=False).count() == 0
    assert Membership.objects.values("organisation").distinct().count() == 20  # shared across alliances
    assert [line.split(",")[0] for line in err] == [
        "organisations 10/20",
        "organisations 20/20",
        "alliances 10/25",
        "alliances 20/25",
        "alliances 25/25",
    ]
    assert err[-1].split(",")[1] == " 170 rows written"
    assert out[0].startswith("generated 25 alliances, 20 organisations, 100 memberships in ")
    entry = AuditEntry.objects.get()
    assert entry.action == "registry.generated"
    assert entry.actor_label == "system"
    sealed = entry.data.pop("sealed")
    assert [seal["table"] for seal in sealed] == ["registry_alliancestatuschange"] * 25
    assert sorted(seal["id"] for seal in sealed) == sorted(
        AllianceStatusChange.objects.values_list("pk", flat=True)
    )
    assert entry.data == {
        "alliances": 25,
        "organisations": 20,
        "memberships": 100,
        "audit_entries": 0,
        "seed": 7,
        "first_alliance": "G0000001",
        "last_alliance": "G0000025",
    }


def test_generate_is_deterministic_and_does_not_collide(db: Any) -> None:
    generate("--alliances", "5", "--members-per-alliance", "3", "--seed", "1")
    first = list(Membership.objects.order_by("pk").values_list("alliance__code", "organisation__uscc"))
    first_status = list(Alliance.objects.order_by("code").values_list("status", "scope", "province"))
    generate("--alliances", "5", "--members-per-alliance", "3", "--seed", "1")
    assert Alliance.objects.count() == 10
    assert Organisation.objects.count() == 6
    codes = list(Alliance.objects.order_by("code").values_list("code", flat=True))
    assert codes == [f"G{n:07d}" for n in range(1, 11)]
    second_status = list(
        Alliance.objects.filter(code__gte="G0000006")
        .order_by("code")
        .values_list("status", "scope", "province")
    )
    assert second_status == first_status
    assert len(first) == 15
    assert AuditEntry.objects.count() == 2


def test_generate_refuses_negative_counts(db: Any) -> None:
    with pytest.raises(CommandError):
        generate("--alliances", "-1", "--members-per-alliance", "3")
    assert AuditEntry.objects.count() == 0


def test_generate_refuses_production_without_force(db, settings) -> None:
    from django.core.management import CommandError, call_command

    from itisa.registry.models import Alliance

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="ITISA_ENV=production"):
        call_command("generate", "--alliances", "2", "--members-per-alliance", "1")
    assert Alliance.objects.count() == 0


def test_generate_appends_audit_entries_through_the_chain(db: Any) -> None:
    from itisa.audit.consistency import run_consistency_checks
    from itisa.audit.verify import verify_database

    generate("--alliances", "2", "--members-per-alliance", "1", "--audit-entries", "3", "--seed", "3")
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.action for e in entries] == ["registry.generated"] * 4
    assert [e.data["synthetic"] for e in entries[:3]] == [0, 1, 2]
    assert {e.object_repr for e in entries[:3]} <= {"G0000001", "G0000002"}
    assert entries[3].data["audit_entries"] == 3
    result = verify_database()
    assert (result.ok, result.count) == (True, 4)
    assert run_consistency_checks() == []  # the generated status history is sealed


def test_generate_refuses_negative_audit_entries(db: Any) -> None:
    with pytest.raises(CommandError):
        generate("--alliances", "0", "--members-per-alliance", "0", "--audit-entries", "-1")
    assert AuditEntry.objects.count() == 0
