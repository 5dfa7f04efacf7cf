"""One alliance, two sources: ``eligibility check --dossier`` on its export gives the verdict the database
check gives, criterion by criterion, once the national office has signed its findings into the dossier
(``eligibility sign-findings``); and what a dossier cannot prove without them, listed."""

from __future__ import annotations

import base64
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from itisa.agreements import crypto
from itisa.dossier.office_findings import findings_payload
from itisa.pilots.tests.dossier_cases import CASES

OFFICE = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def check(*args: str) -> tuple[int, dict[str, Any]]:
    out = StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("eligibility", "check", *args, "--json", stdout=out)
    return int(exc.value.code or 0), json.loads(out.getvalue())


@pytest.fixture
def office(tmp_path: Path, settings: Any) -> Path:
    """The office's key pair: the private half in the office's file, the public half published here."""
    private = tmp_path / "office.pem"
    private.write_bytes(crypto.private_pem(OFFICE))
    public = tmp_path / "office.pem.pub"
    public.write_text(crypto.public_pem(crypto.raw_public(OFFICE)), encoding="ascii")
    settings.ITISA_OFFICE_PUBLIC_KEY = str(public)
    return private


def test_the_demo_alliance_gets_the_same_verdict_from_its_dossier_and_from_the_database(
    db: Any, tmp_path: Path, settings: Any, office: Path
) -> None:
    settings.VAR_DIR = tmp_path  # the demo's key files
    call_command("demo", "load", stdout=StringIO())
    exported, signed = tmp_path / "csa.json", tmp_path / "csa-signed.json"
    call_command("dossier", "export", "CSA", "--output", str(exported))
    call_command(
        "eligibility", "sign-findings", "--alliance", "CSA", "--key", str(office),
        "--dossier", str(exported), "--output", str(signed),
    )  # fmt: skip
    section = json.loads(signed.read_bytes())["office_findings"]
    assert [(f["organisation"], f["holds"]) for f in section["findings"]["backbone"]] == [
        ("91320100D000000133", True)
    ]
    assert section["findings"]["frontier"] == []
    for rules in ("2008", "2016"):
        from_db = check("CSA", "--rules", rules)
        # the whole report, reasons and facts used included
        assert check("--dossier", str(signed), "--rules", rules) == from_db, rules
    exit_code, report = from_db
    # the demo leaves the frontier clause open (the office has not found): review, in both
    assert (exit_code, report["eligible"]) == (2, None)
    assert [c["code"] for c in report["criteria"] if c["result"] != "pass"] == ["art8.1.frontier"]

    # without the office's signature a dossier cannot prove what the office found (Art. 8(1))
    _code, plain = check("--dossier", str(exported))
    _code, db_report = check("CSA")
    differs = {
        c["code"]: (c["result"], d["result"])
        for c, d in zip(plain["criteria"], db_report["criteria"], strict=True)
        if c != d
    }
    assert differs == {
        "art8.1.backbone": ("needs_review", "pass"),
        "art8.1.frontier": ("needs_review", "needs_review"),  # same result, the dossier's reason says why
    }
    # nor, in a format before 1.4, what the books show (Art. 8(4))
    old = json.loads(exported.read_bytes())
    old["version"] = "1.3"
    del old["funds"], old["office_findings"], old["projects"], old["results"], old["background_ip"]
    for key in ("diffusion", "standards", "platforms", "talent", "financing"):  # carried from 1.6 on
        del old[key]
    for version in old["agreements"]:
        # a 1.3 file carries no signing statement: its versions were signed over the digest (format 1)
        del version["statement"]
        for sig in version["signatures"]:
            del sig["key_confirmed_at"], sig["key_revoked_at"]
            key = crypto.load_private_key(
                (tmp_path / "demo-keys" / f"{sig['organisation']}.pem").read_bytes()
            )
            sig["signature"] = base64.b64encode(key.sign(bytes.fromhex(version["digest"]))).decode()
    (tmp_path / "old.json").write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    _code, older = check("--dossier", str(tmp_path / "old.json"))
    assert {
        c["code"]: c["result"]
        for c, d in zip(older["criteria"], db_report["criteria"], strict=True)
        if c != d
    } == {
        "art8.1.backbone": "needs_review",
        "art8.1.frontier": "needs_review",
        "art8.4.supervision": "needs_review",
        "art8.4.government_funds": "needs_review",
    }


def test_sign_findings_signs_a_findings_file(tmp_path: Path, office: Path) -> None:
    findings = {
        "alliance": "CSA",
        "office": "国家试点工作办公室",
        "as_of": "2026-11-28",
        "backbone": [{"organisation": "91320100D000000133", "holds": True, "reason": "行业龙头（演示）。"}],
        "frontier": [],
    }
    path = tmp_path / "findings.json"
    path.write_text(json.dumps(findings, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("eligibility", "sign-findings", str(path), "--key", str(office), stdout=out)
    section = json.loads(out.getvalue())
    assert (section["findings"], section["key_id"]) == (findings, crypto.key_id(crypto.raw_public(OFFICE)))
    assert crypto.verify(
        crypto.raw_public(OFFICE),
        base64.b64decode(section["signature"]),
        findings_payload(findings),
    )


def test_sign_findings_refuses_what_it_cannot_sign(tmp_path: Path, office: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"alliance": "CSA", "as_of": "soon"}), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("eligibility", "sign-findings", str(bad), "--key", str(office))
    assert str(exc.value) == (
        "Not a findings file:\n"
        "  $.office_findings.findings.office: Field required\n"
        "  $.office_findings.findings.as_of: Input should be a valid date in the format YYYY-MM-DD, input is too short"
    )
    findings = tmp_path / "findings.json"
    findings.write_text(
        json.dumps({"alliance": "CSA", "office": "办公室", "as_of": "2026-11-28"}), encoding="utf-8"
    )
    with pytest.raises(CommandError, match=r"is not an Ed25519 private key \(PEM\)\.$"):
        call_command("eligibility", "sign-findings", str(findings), "--key", str(bad))
    with pytest.raises(
        CommandError, match=r"^Only a dossier of version 1\.4 or later carries the office's findings\.$"
    ):
        call_command(
            "eligibility", "sign-findings", str(findings), "--key", str(office),
            "--dossier", str(CASES / "csa-1.2.dossier.json"),
        )  # fmt: skip
