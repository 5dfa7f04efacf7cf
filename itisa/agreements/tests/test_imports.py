"""Importing versions from a dossier re-verifies everything and writes nothing on any failure."""

from __future__ import annotations

import base64
import copy
from typing import Any

import pytest

from itisa.agreements.exchange import agreements_export
from itisa.agreements.models import AgreementVersion, Signature
from itisa.agreements.services import agreements_import
from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError


@pytest.fixture
def exported(agreement_world: Any) -> list[dict[str, Any]]:
    version = agreement_world.open_version()
    agreement_world.sign(version, "a")
    agreement_world.sign(version, "b")
    return agreements_export(agreement_world.world.csa)


def _orgs(world: Any) -> dict[str, Any]:
    return {o.uscc: o for o in (world.member_a, world.member_b)}


def _state() -> tuple[int, int, int]:
    return AgreementVersion.objects.count(), Signature.objects.count(), AuditEntry.objects.count()


def test_export_then_import_is_unchanged(agreement_world: Any, exported: list[dict[str, Any]]) -> None:
    world = agreement_world.world
    assert [(v["number"], v["status"], [s["organisation"] for s in v["signatures"]]) for v in exported] == [
        (1, "effective", ["12100000400000624D", "914403001922038216"])
    ]
    before = _state()
    counts = agreements_import(alliance=world.csa, versions=exported, organisations=_orgs(world), by=None)
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 3)
    assert _state() == before


def _flip(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[-1] ^= 1
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize(
    ("tamper", "path", "message"),
    [
        (
            lambda v: v.update(canonical=_flip(v["canonical"])),
            "$.agreements[0].canonical",
            "CSA/v1: the canonical bytes do not match the digest.",
        ),
        (
            lambda v: v["signatures"][1].update(signature=_flip(v["signatures"][1]["signature"])),
            "$.agreements[0].signatures[1].signature",
            "CSA/v1: the signature of 914403001922038216 does not verify.",
        ),
        (
            lambda v: v["signatures"][0].update(key_id="0" * 16),
            "$.agreements[0].signatures[0].public_key",
            "CSA/v1: the key of 12100000400000624D does not match its key id.",
        ),
        (
            lambda v: v["signatures"].pop(),
            "$.agreements[0].signatures",
            "CSA/v1 is recorded as effective but not every party signed.",
        ),
        (
            lambda v: v["signatories"].reverse(),
            "$.agreements[0].signatories",
            "CSA/v1: the signatories, number or kind differ from the canonical document.",
        ),
    ],
    ids=["canonical-byte", "signature-byte", "key-id", "missing-signature", "signatories"],
)
def test_tampered_versions_are_refused(
    agreement_world: Any, exported: list[dict[str, Any]], tamper: Any, path: str, message: str
) -> None:
    data = copy.deepcopy(exported)
    tamper(data[0])
    before = _state()
    with pytest.raises(DomainError) as exc:
        agreements_import(
            alliance=agreement_world.world.csa,
            versions=data,
            organisations=_orgs(agreement_world.world),
            by=None,
        )
    assert exc.value.fields == {path: [message.replace("CSA/v1", "CSA/v7")]} or exc.value.fields == {
        path: [message]
    }
    assert _state() == before
