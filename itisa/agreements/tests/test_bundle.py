"""Bundles verify with openssl alone (verify.sh) and in Python; a changed byte makes both fail."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from itisa.agreements.bundle import build_bundle, verify_bundle
from itisa.agreements.services import version_create
from itisa.agreements.tests.fixtures import MEMBER_A, MEMBER_B, complete_content
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
            "verify.sh",
            f"signatures/{MEMBER_A}.sig",
            f"signatures/{MEMBER_B}.sig",
            f"keys/{MEMBER_A}.pem",
            f"keys/{MEMBER_B}.pem",
        ]
    )
    assert (manifest["version"], manifest["status"], manifest["digest"]) == (
        "CSA/v1",
        "effective",
        effective.digest,
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
    assert good.stdout.splitlines() == [
        f"OK   canonical.json has digest {effective.digest}",
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
    assert f"FAIL signature of {MEMBER_B} (乙大学), key {agreement_world.key_b.key_id}" in bad.stdout
    assert verify_bundle(tampered) == [
        "canonical.json does not match digest.sha256.",
        "canonical.json does not match the digest in the manifest.",
        f"The signature of {MEMBER_A} does not verify.",
        f"The signature of {MEMBER_B} does not verify.",
    ]


def test_a_changed_signature_byte_fails(effective: Any, agreement_world: Any, tmp_path: Path) -> None:
    key_a, key_b = agreement_world.key_a.key_id, agreement_world.key_b.key_id
    tampered = _rezip(build_bundle(effective), f"signatures/{MEMBER_B}.sig", _flip_last_byte)
    result = _run(_extract(tampered, tmp_path / "sig"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[1:] == [
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
    line = result.stdout.splitlines()[1]
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
        f"keys/{MEMBER_B}.pem is not listed in the manifest.",
        f"signatures/{MEMBER_B}.sig is not listed in the manifest.",
    ]

    def drop_b(manifest: dict[str, Any]) -> None:
        del manifest["signatories"][1]

    assert verify_bundle(_with_manifest(data, drop_b)) == [
        "The manifest does not list the signatories of canonical.json.",
        f"keys/{MEMBER_B}.pem is not listed in the manifest.",
        f"signatures/{MEMBER_B}.sig is not listed in the manifest.",
    ]

    def other_version(manifest: dict[str, Any]) -> None:
        manifest["version"] = "CSA/v2"
        manifest["signatories"][0]["key_id"] = "0" * 16

    assert verify_bundle(_with_manifest(data, other_version, {"notes.txt": b"hi"})) == [
        "The manifest does not name the version in canonical.json.",
        f"The key of {MEMBER_A} does not match the key id in the manifest.",
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
    ]
    monkeypatch.setattr("itisa.agreements.bundle.MAX_MEMBER_BYTES", 1000)
    assert verify_bundle(_zip(("canonical.json", b"0" * 1001))) == [
        "A file in the bundle is too large: canonical.json"
    ]
    monkeypatch.setattr("itisa.agreements.bundle.MAX_MEMBERS", 2)
    assert verify_bundle(_zip(("a", b""), ("b", b""), ("c", b""))) == ["The bundle has too many files."]
