"""``itisa keys`` and ``itisa agreement``: local keys, signing from a key file, list, bundle, verify."""

from __future__ import annotations

import io
import json
import os
import runpy
import stat
import subprocess
import sys
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from itisa.accounts.models import RoleAssignment
from itisa.agreements import crypto
from itisa.agreements.models import AgreementVersion, Signature, SigningKey
from itisa.agreements.services import version_create, version_open
from itisa.agreements.tests.fixtures import MEMBER_A, MEMBER_B, complete_content
from itisa.audit.models import AuditEntry
from tests.factories import UserFactory

SCRIPT = Path(sys.executable).with_name("itisa")


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def itisa(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": "sqlite:///:memory:", "LANGUAGE": "en"}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def itisa_in_process(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """Run the console script's own file in this process, as ``itisa ARGS`` would in a shell, and return
    (exit code, stdout, stderr): seconds faster than a fresh process. Django is already set up here
    (pytest-django); the script's ``django.setup()`` would apply LOGGING again, pointing the root logger
    at this call's captured stderr for the rest of the run, so it is skipped."""
    monkeypatch.setattr(sys, "argv", [str(SCRIPT), *args])
    monkeypatch.setattr("django.setup", lambda set_prefix=True: None)
    out, err = StringIO(), StringIO()
    code: Any = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            runpy.run_path(str(SCRIPT), run_name="__main__")
        except SystemExit as exc:
            code = exc.code
    return (0 if code is None else code), out.getvalue(), err.getvalue()


def test_keys_new_writes_a_private_file_only_the_user_reads(tmp_path: Path) -> None:
    target = tmp_path / "me.pem"
    result = itisa("keys", "new", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert Path(f"{target}.pub").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    public_pem = Path(f"{target}.pub").read_text()
    raw = crypto.parse_public_key(public_pem)
    assert result.stdout.splitlines() == [
        f"key id: {crypto.key_id(raw)}",
        f"private key: {target} (keep it yourself; never upload it)",
        f"public key: {target}.pub",
        *public_pem.rstrip("\n").splitlines(),
    ]
    assert crypto.raw_public(crypto.load_private_key(target.read_bytes())) == raw
    again = itisa("keys", "new", "-o", str(target))
    assert again.returncode == 1
    # commands speak the site language (zh-Hans)
    assert "已存在；如需覆盖请使用 --force。" in again.stderr


def test_register_confirm_sign_from_key_files_until_effective(world: Any, tmp_path: Path) -> None:
    rep_a = UserFactory(username="rep_a")
    RoleAssignment.objects.create(
        user=rep_a, role="legal_representative", alliance=world.csa, organisation=world.member_a
    )
    ids = {}
    for name, username, uscc in (("a", "rep_a", MEMBER_A), ("b", "legal_representative", MEMBER_B)):
        key_file = tmp_path / f"{name}.pem"
        line = run("keys", "new", "-o", str(key_file))[0]
        ids[name] = line.removeprefix("key id: ")
        assert run("keys", "register", f"{key_file}.pub", "--as", username, "--organisation", uscc) == [
            f"{ids[name]} pending"
        ]
        assert run("keys", "confirm", ids[name], "--as", "secretariat", "--identity-check", "身份证") == [
            f"{ids[name]} confirmed"
        ]
    assert SigningKey.objects.filter(origin="cli", status="confirmed").count() == 2
    secretariat = world.user("secretariat")
    version_open(
        by=secretariat, version=version_create(by=secretariat, alliance=world.csa, content=complete_content())
    )
    assert run(
        "agreement", "sign", "CSA/v1", "--key", str(tmp_path / "b.pem"), "--as", "legal_representative"
    ) == [f"signed CSA/v1 for {MEMBER_B} ({world.member_b.legal_representative.name_zh})"]
    assert run("agreement", "sign", "CSA/v1", "--key", str(tmp_path / "a.pem"), "--as", "rep_a") == [
        f"signed CSA/v1 for {MEMBER_A} ({world.member_a.legal_representative.name_zh})",
        "CSA/v1 is now effective",
    ]
    version = AgreementVersion.objects.get(alliance=world.csa, number=1)
    assert version.opened_at is not None and version.effective_at is not None
    assert json.loads("\n".join(run("agreement", "list", "CSA", "--json"))) == [
        {
            "label": "CSA/v1",
            "number": 1,
            "kind": "agreement",
            "status": "effective",
            "digest": version.digest,
            "signatures": 2,
            "signatories": 2,
            "opened_at": version.opened_at.isoformat(),
            "effective_at": version.effective_at.isoformat(),
        }
    ]
    shown = json.loads("\n".join(run("agreement", "show", "CSA/v1", "--json")))
    assert [(s["uscc"], s["signed"], s["key_id"]) for s in shown["signatories"]] == [
        (MEMBER_A, True, ids["a"]),
        (MEMBER_B, True, ids["b"]),
    ]

    bundle = tmp_path / "csa-v1.zip"
    assert run("agreement", "bundle", "CSA/v1", "-o", str(bundle)) == [str(bundle)]
    assert run("agreement", "verify", str(bundle)) == ["All signatures verify."]
    # the real script verifies without any database
    assert itisa("agreement", "verify", str(bundle)).returncode == 0

    out = io.BytesIO()
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "canonical.json":
                content = content.replace(b"CSA", b"CSB", 1)
            dst.writestr(info, content)
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(out.getvalue())
    result = itisa("agreement", "verify", str(tampered))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "FAIL canonical.json 与 digest.sha256 不符。",
        "FAIL canonical.json 与清单中的摘要不符。",
        "FAIL 清单所列版本与 canonical.json 不符。",
        # what was signed names the digest of the untouched text (statement format 2)
        "FAIL canonical.json 与已签署的 statement.txt 中载明的 SHA-256 不符。",
    ]


def test_signing_errors_exit_non_zero_and_store_nothing(agreement_world: Any, tmp_path: Path) -> None:
    aw = agreement_world
    aw.open_version()
    stranger = tmp_path / "stranger.pem"
    stranger.write_bytes(crypto.private_pem(crypto.new_private_key()))
    before = (Signature.objects.count(), AuditEntry.objects.count())
    with pytest.raises(CommandError, match="No signing key with the id"):
        run("agreement", "sign", "CSA/v1", "--key", str(stranger), "--as", "legal_representative")
    (tmp_path / "junk.pem").write_text("junk")
    with pytest.raises(CommandError, match="is not an Ed25519 private key file"):
        run(
            "agreement", "sign", "CSA/v1", "--key", str(tmp_path / "junk.pem"), "--as", "legal_representative"
        )
    with pytest.raises(CommandError, match="No agreement version CSA/v9"):
        run("agreement", "sign", "CSA/v9", "--key", str(stranger), "--as", "legal_representative")
    with pytest.raises(CommandError, match="No active user nobody"):
        run("agreement", "sign", "CSA/v1", "--key", str(stranger), "--as", "nobody")
    assert (Signature.objects.count(), AuditEntry.objects.count()) == before


def test_pdf_and_draft_bundle_errors(agreement_world: Any, tmp_path: Path) -> None:

    aw = agreement_world
    version_create(by=aw.world.user("secretariat"), alliance=aw.world.csa)
    out = tmp_path / "v1.pdf"
    assert run("agreement", "pdf", "CSA/v1", "-o", str(out)) == [str(out)]
    assert out.read_bytes().startswith(b"%PDF-")
    with pytest.raises(CommandError, match="A draft has no canonical form yet"):
        run("agreement", "bundle", "CSA/v1", "-o", str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["keys", "--help"],
        *[["keys", action, "--help"] for action in ("new", "register", "confirm", "revoke", "list")],
        ["agreement", "--help"],
        *[
            ["agreement", action, "--help"]
            for action in ("list", "show", "sign", "open", "withdraw", "pdf", "bundle", "verify")
        ],
    ],
)
def test_every_subcommand_has_help(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    returncode, stdout, stderr = itisa_in_process(monkeypatch, *args)
    assert returncode == 0, stderr
    assert stdout.startswith("usage: itisa ")


def test_the_script_reports_errors_on_stderr_with_a_non_zero_exit(tmp_path: Path) -> None:
    missing = itisa("agreement", "verify", str(tmp_path / "none.zip"))
    assert missing.returncode == 1
    assert "No such file or directory" in missing.stderr
    assert missing.stdout == ""
    (tmp_path / "junk.zip").write_bytes(b"junk")
    junk = itisa("agreement", "verify", str(tmp_path / "junk.zip"))
    assert (junk.returncode, junk.stdout) == (1, "FAIL 这不是 zip 文件。\n")
    usage = itisa("keys", "new")
    assert usage.returncode == 2
    assert "the following arguments are required: -o/--out" in usage.stderr


def test_keys_list_and_revoke(agreement_world: Any) -> None:
    aw = agreement_world
    rows = json.loads("\n".join(run("keys", "list", "--json")))
    assert [(r["key_id"], r["organisation"], r["holder"], r["status"]) for r in rows] == [
        (aw.key_a.key_id, MEMBER_A, "rep_a", "confirmed"),
        (aw.key_b.key_id, MEMBER_B, "legal_representative", "confirmed"),
    ]
    assert run("keys", "revoke", aw.key_a.key_id, "--as", "rep_a", "--reason", "设备丢失") == [
        f"{aw.key_a.key_id} revoked"
    ]
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError, match=f"No signing key {aw.key_b.key_id} that you may see."):
        run("keys", "revoke", aw.key_b.key_id, "--as", "rep_a", "--reason", "x")
    with pytest.raises(CommandError, match="No organisation with the credit code 91440300MA5DXXXXXX"):
        run("keys", "register", "x.pub", "--as", "rep_a", "--organisation", "91440300MA5DXXXXXX")
    assert AuditEntry.objects.count() == before
    assert SigningKey.objects.get(key_id=aw.key_b.key_id).status == "confirmed"


def test_keys_sign_signs_the_statement_file_offline_and_the_signature_is_accepted(
    agreement_world: Any, tmp_path: Any
) -> None:
    import base64
    import json as _json
    from io import StringIO

    from django.core.management import call_command

    from itisa.agreements import crypto
    from itisa.agreements.services import signature_submit

    aw = agreement_world
    version = aw.open_version()
    statement_file = tmp_path / "CSA-v1-statement.txt"
    call_command("agreement", "statement", version.label, "-o", str(statement_file), stdout=StringIO())
    out = StringIO()
    call_command("agreement", "statement", version.label, stdout=out)
    assert out.getvalue().encode() == statement_file.read_bytes()
    assert out.getvalue().startswith("itisa-signature-statement/2\nversion: CSA/v1\n")
    key_file = tmp_path / "me.pem"
    key_file.write_bytes(crypto.private_pem(aw.private_b))
    printed = StringIO()
    call_command("keys", "sign", str(statement_file), "--key", str(key_file), "--json", stdout=printed)
    answer = _json.loads(printed.getvalue())
    assert answer["key_id"] == aw.key_b.key_id
    assert crypto.verify(
        crypto.raw_public(aw.private_b), base64.b64decode(answer["signature"]), statement_file.read_bytes()
    )
    record = signature_submit(
        by=aw.rep_b, version=version, key_id=answer["key_id"], signature=answer["signature"]
    )
    assert record.organisation == aw.world.member_b
    text = StringIO()
    call_command("keys", "sign", str(statement_file), "--key", str(key_file), stdout=text)
    assert text.getvalue() == f"key id: {aw.key_b.key_id}\nsignature: {answer['signature']}\n"
