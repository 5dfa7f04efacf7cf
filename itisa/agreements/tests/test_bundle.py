"""Bundles verify with openssl alone (verify.sh) and in Python; a changed byte makes both fail."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from itisa.agreements.bundle import build_bundle, verify_bundle
from itisa.agreements.models import SigningCopy
from itisa.agreements.services import version_create
from itisa.agreements.tests.fixtures import MEMBER_A, MEMBER_B, complete_content, legacy_effective_version
from itisa.core.errors import DomainError


@pytest.fixture
def effective(agreement_world: Any) -> Any:
    version = agreement_world.open_version()
    agreement_world.sign(version, "a")
    agreement_world.sign(version, "b")
    version.refresh_from_db()
    return version


def _extract(data: bytes, folder: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zf.extractall(folder)
    return folder


def _rezip(data: bytes, name: str, change: Any) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            dst.writestr(info, change(content) if info.filename == name else content)
    return out.getvalue()


def _flip_last_byte(content: bytes) -> bytes:
    return content[:-1] + bytes([content[-1] ^ 0x01])


def _run(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", str(folder / "verify.sh")], capture_output=True, text=True, check=False)


def test_bundle_layout_and_manifest(effective: Any) -> None:
    data = build_bundle(effective)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        assert zf.read("canonical.json") == bytes(effective.canonical)
        assert zf.read("digest.sha256") == f"{effective.digest}  canonical.json\n".encode()
    assert names == sorted(
        [
            "agreement.pdf",
            "canonical.json",
            "digest.sha256",
            "manifest.json",
            "statement.txt",
            "verify.sh",
            f"signatures/{MEMBER_A}.sig",
            f"signatures/{MEMBER_B}.sig",
            f"keys/{MEMBER_A}.pem",
            f"keys/{MEMBER_B}.pem",
        ]
    )
    copy = SigningCopy.objects.get(version=effective)
    assert (manifest["version"], manifest["status"], manifest["digest"], manifest["statement_format"]) == (
        "CSA/v1",
        "effective",
        effective.digest,
        2,
    )
    assert manifest["pdf_sha256"] == copy.pdf_sha256 == hashlib.sha256(bytes(copy.pdf)).hexdigest()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.read("agreement.pdf") == bytes(copy.pdf)
        assert (
            zf.read("statement.txt")
            == (
                "itisa-signature-statement/2\n"
                "version: CSA/v1\n"
                f"canonical.json sha256: {effective.digest}\n"
                f"agreement.pdf sha256: {copy.pdf_sha256}\n"
            ).encode()
        )
    assert [(s["uscc"], s["signed"], s["capacity"]) for s in manifest["signatories"]] == [
        (MEMBER_A, True, "party"),
        (MEMBER_B, True, "party"),
    ]


def test_verify_sh_accepts_the_real_bundle_and_rejects_a_changed_byte(
    effective: Any, agreement_world: Any, tmp_path: Path
) -> None:
    data = build_bundle(effective)
    good = _run(_extract(data, tmp_path / "good"))
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.splitlines()[-1] == "All signatures verify."
    pdf_sha256 = SigningCopy.objects.get(version=effective).pdf_sha256
    assert good.stdout.splitlines() == [
        f"OK   canonical.json has digest {effective.digest}",
        f"OK   manifest.json names digest {effective.digest}",
        "OK   statement.txt is the signing statement of CSA/v1",
        f"OK   canonical.json has SHA-256 {effective.digest}, as the signed statement.txt says",
        f"OK   agreement.pdf has SHA-256 {pdf_sha256}, as the signed statement.txt says",
        "OK   manifest.json names the PDF's SHA-256",
        f"OK   signature of {MEMBER_A} (甲公司), key {agreement_world.key_a.key_id}",
        f"OK   signature of {MEMBER_B} (乙大学), key {agreement_world.key_b.key_id}",
        "All signatures verify.",
    ]
    assert verify_bundle(data) == []

    # one byte of the signed text: 5000000.00 yuan becomes 9000000.00
    tampered = _rezip(data, "canonical.json", lambda c: c.replace(b'"5000000.00"', b'"9000000.00"', 1))
    assert tampered != data
    bad = _run(_extract(tampered, tmp_path / "bad"))
    assert bad.returncode == 1
    assert "FAIL canonical.json has digest" in bad.stdout
    assert "the signed statement.txt names: canonical.json was changed" in bad.stdout
    assert bad.stdout.splitlines()[-1] == "Verification FAILED."
    assert verify_bundle(tampered) == [
        "canonical.json does not match digest.sha256.",
        "canonical.json does not match the digest in the manifest.",
        "canonical.json does not match the SHA-256 in the signed statement.txt.",
    ]


def test_a_changed_signature_byte_fails(effective: Any, agreement_world: Any, tmp_path: Path) -> None:
    key_a, key_b = agreement_world.key_a.key_id, agreement_world.key_b.key_id
    tampered = _rezip(build_bundle(effective), f"signatures/{MEMBER_B}.sig", _flip_last_byte)
    result = _run(_extract(tampered, tmp_path / "sig"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[6:] == [
        f"OK   signature of {MEMBER_A} (甲公司), key {key_a}",
        f"FAIL signature of {MEMBER_B} (乙大学), key {key_b}",
        "Verification FAILED.",
    ]
    assert verify_bundle(tampered) == [f"The signature of {MEMBER_B} does not verify."]


def test_a_swapped_public_key_fails(effective: Any, agreement_world: Any, tmp_path: Path) -> None:
    from itisa.agreements import crypto

    other = crypto.public_pem(crypto.raw_public(crypto.new_private_key())).encode()
    tampered = _rezip(build_bundle(effective), f"keys/{MEMBER_A}.pem", lambda _c: other)
    result = _run(_extract(tampered, tmp_path / "key"))
    assert result.returncode == 1
    line = result.stdout.splitlines()[6]
    assert line.startswith(f"FAIL key of {MEMBER_A} (甲公司) has id ")
    assert line.endswith(f", expected {agreement_world.key_a.key_id}")
    assert verify_bundle(tampered) == [
        f"The key of {MEMBER_A} does not match the key id in the manifest.",
        f"The signature of {MEMBER_A} does not verify.",
    ]


def test_a_draft_cannot_be_bundled(agreement_world: Any) -> None:
    draft = version_create(
        by=agreement_world.world.user("secretariat"),
        alliance=agreement_world.world.csa,
        content=complete_content(),
    )
    with pytest.raises(DomainError, match="A draft has no canonical form yet"):
        build_bundle(draft)


def test_hostile_zips_are_refused_without_extracting() -> None:
    assert verify_bundle(b"not a zip") == ["This is not a zip file."]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("../evil.json", b"{}")
    assert verify_bundle(out.getvalue()) == ["The bundle contains an unsafe path: ../evil.json"]


def _with_manifest(data: bytes, change: Any, extra: dict[str, bytes] | None = None) -> bytes:
    def edit(content: bytes) -> bytes:
        manifest = json.loads(content)
        change(manifest)
        return json.dumps(manifest).encode()

    changed = _rezip(data, "manifest.json", edit)
    if not extra:
        return changed
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(changed)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for name, content in extra.items():
            dst.writestr(name, content)
    return out.getvalue()


def test_the_manifest_must_match_the_files_and_the_signed_document(effective: Any) -> None:
    data = build_bundle(effective)

    def unsign_b(manifest: dict[str, Any]) -> None:
        manifest["signatories"][1]["signed"] = False

    # the signature files are still there, but the manifest no longer lists them
    assert verify_bundle(_with_manifest(data, unsign_b)) == [
        f"The manifest says the version took effect, but {MEMBER_B} has not signed.",
        "verify.sh is not the script this bundle should carry: it was changed.",
        f"keys/{MEMBER_B}.pem is not listed in the manifest.",
        f"signatures/{MEMBER_B}.sig is not listed in the manifest.",
    ]

    def drop_b(manifest: dict[str, Any]) -> None:
        del manifest["signatories"][1]

    assert verify_bundle(_with_manifest(data, drop_b)) == [
        "The manifest does not list the signatories of canonical.json.",
        "verify.sh is not the script this bundle should carry: it was changed.",
        f"keys/{MEMBER_B}.pem is not listed in the manifest.",
        f"signatures/{MEMBER_B}.sig is not listed in the manifest.",
    ]

    def other_version(manifest: dict[str, Any]) -> None:
        manifest["version"] = "CSA/v2"
        manifest["signatories"][0]["key_id"] = "0" * 16

    assert verify_bundle(_with_manifest(data, other_version, {"notes.txt": b"hi"})) == [
        "The manifest does not name the version in canonical.json.",
        "statement.txt names another version than manifest.json.",
        f"The key of {MEMBER_A} does not match the key id in the manifest.",
        "verify.sh is not the script this bundle should carry: it was changed.",
        "notes.txt is not listed in the manifest.",
    ]
    assert verify_bundle(_rezip(data, "manifest.json", lambda c: b"[]")) == [
        "manifest.json is not a JSON object."
    ]


def _zip(*members: tuple[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in members:
            zf.writestr(name, content)
    return out.getvalue()


def test_odd_zips_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import warnings

    assert verify_bundle(_zip(("/etc/passwd", b"x"))) == ["The bundle contains an unsafe path: /etc/passwd"]
    assert verify_bundle(_zip(("C:evil", b"x"))) == ["The bundle contains an unsafe path: C:evil"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        twice = _zip(("canonical.json", b"{}"), ("canonical.json", b"[]"))
    assert verify_bundle(twice) == ["The bundle contains canonical.json twice."]
    assert verify_bundle(_zip(("manifest.json", b"{}"))) == [
        "canonical.json is missing.",
        "digest.sha256 is missing.",
        "verify.sh is missing.",
    ]
    monkeypatch.setattr("itisa.agreements.bundle.MAX_MEMBER_BYTES", 1000)
    assert verify_bundle(_zip(("canonical.json", b"0" * 1001))) == [
        "A file in the bundle is too large: canonical.json"
    ]
    monkeypatch.setattr("itisa.agreements.bundle.MAX_MEMBERS", 2)
    assert verify_bundle(_zip(("a", b""), ("b", b""), ("c", b""))) == ["The bundle has too many files."]


TAMPERED = {
    # each file a person reads, changed by one byte, and the messages both checks give
    "agreement.pdf": (
        "FAIL agreement.pdf has SHA-256",
        ["agreement.pdf does not match the SHA-256 in the signed statement.txt."],
    ),
    "statement.txt": (
        "FAIL signature of",
        [
            "statement.txt names another version than manifest.json.",
            f"The signature of {MEMBER_A} does not verify.",
            f"The signature of {MEMBER_B} does not verify.",
        ],
    ),
    "digest.sha256": ("FAIL canonical.json has digest", ["canonical.json does not match digest.sha256."]),
    "verify.sh": (None, ["verify.sh is not the script this bundle should carry: it was changed."]),
}


@pytest.mark.parametrize("name", sorted(TAMPERED))
def test_changing_any_file_a_person_reads_fails_naming_it(effective: Any, tmp_path: Path, name: str) -> None:
    data = build_bundle(effective)

    def change(content: bytes) -> bytes:
        if name == "digest.sha256":
            return content.replace(content[:1], b"0" if content[:1] != b"0" else b"1", 1)
        if name == "statement.txt":
            return content.replace(b"version: CSA/v1", b"version: CSA/v9")
        if name == "verify.sh":
            return content.replace(b'fail() { echo "FAIL $*"; status=1; }', b'fail() { echo "FAIL $*"; }')
        return _flip_last_byte(content)

    tampered = _rezip(data, name, change)
    shell_line, python_problems = TAMPERED[name]
    assert verify_bundle(tampered) == python_problems
    if shell_line is not None:  # a changed verify.sh can print anything: only the Python check finds it
        result = _run(_extract(tampered, tmp_path / "t"))
        assert result.returncode == 1, result.stdout
        assert shell_line in result.stdout
        assert result.stdout.splitlines()[-1] == "Verification FAILED."


def test_a_changed_manifest_fails_naming_it(effective: Any, agreement_world: Any, tmp_path: Path) -> None:
    data = build_bundle(effective)
    pdf_sha256 = SigningCopy.objects.get(version=effective).pdf_sha256
    renamed = _rezip(data, "manifest.json", lambda c: c.replace("乙大学".encode(), "丙大学".encode()))
    assert verify_bundle(renamed) == [
        "The manifest does not list the signatories of canonical.json.",
        "verify.sh is not the script this bundle should carry: it was changed.",
    ]
    other_pdf = _rezip(data, "manifest.json", lambda c: c.replace(pdf_sha256.encode(), b"0" * 64))
    assert verify_bundle(other_pdf) == ["manifest.json does not name the PDF's SHA-256 in statement.txt."]
    result = _run(_extract(other_pdf, tmp_path / "m"))
    assert result.returncode == 1
    assert f"FAIL manifest.json does not name the PDF's SHA-256 {pdf_sha256}" in result.stdout


def test_a_version_signed_in_statement_format_1_still_verifies(agreement_world: Any, tmp_path: Path) -> None:
    """Versions opened before signing copies existed: the digest alone was signed, the PDF is not bound."""
    legacy = legacy_effective_version(agreement_world)
    data = build_bundle(legacy)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert "statement.txt" not in zf.namelist()
    assert (manifest["statement_format"], manifest["pdf_sha256"]) == (1, None)
    assert verify_bundle(data) == []
    result = _run(_extract(data, tmp_path / "v1"))
    assert result.returncode == 0, result.stdout
    assert (
        "NOTE CSA/v1 was signed in statement format 1 (the digest of canonical.json only): "
        "agreement.pdf is not covered by the signatures"
    ) in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == "All signatures verify."
