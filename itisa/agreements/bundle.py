"""Verification bundles: everything needed to check a version's signatures without this system.

Layout (docs/agreements.md): agreement.pdf, canonical.json (the stored bytes), digest.sha256,
signatures/<USCC>.sig (64 raw bytes), keys/<USCC>.pem (SPKI), manifest.json, verify.sh. The script
uses only ``openssl`` and POSIX sh; ``verify_bundle`` does the same checks in Python.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from typing import Any

from django.utils.translation import gettext as _

from itisa.agreements import crypto
from itisa.agreements.canonical import FORMAT as CANONICAL_FORMAT
from itisa.agreements.canonical import sha256_hex
from itisa.agreements.choices import VersionStatus
from itisa.agreements.models import AgreementVersion
from itisa.agreements.pdf import render_pdf
from itisa.agreements.selectors import signature_status
from itisa.core.errors import DomainError

MANIFEST_FORMAT = "itisa-agreement-bundle/1"
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
FULLY_SIGNED = (VersionStatus.EFFECTIVE, VersionStatus.SUPERSEDED)
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")

VERIFY_SH_HEAD = """#!/bin/sh
# Checks every signature in this bundle with openssl alone (OpenSSL 3.0 or later).
# What is signed is the 32-byte SHA-256 digest of canonical.json (Ed25519).
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
openssl dgst -sha256 -binary canonical.json > "$work/digest.bin"
actual=$(openssl dgst -sha256 -r canonical.json | cut -d ' ' -f 1)
expected=$(cut -d ' ' -f 1 digest.sha256 | tr -d '\\n')
if [ "$actual" = "$expected" ]; then
  echo "OK   canonical.json has digest $expected"
else
  echo "FAIL canonical.json has digest $actual, expected $expected"
  status=1
fi
check() {
  # $1 credit code, $2 name, $3 key id from the manifest (first 16 hex of SHA-256 of the raw key)
  kid=$(openssl pkey -pubin -in "keys/$1.pem" -outform DER 2>/dev/null | tail -c 32 \\
    | openssl dgst -sha256 -r | cut -c 1-16)
  if [ "$kid" != "$3" ]; then
    echo "FAIL key of $1 ($2) has id $kid, expected $3"
    status=1
  elif openssl pkeyutl -verify -pubin -inkey "keys/$1.pem" -rawin -in "$work/digest.bin" \\
      -sigfile "signatures/$1.sig" >/dev/null 2>&1; then
    echo "OK   signature of $1 ($2), key $3"
  else
    echo "FAIL signature of $1 ($2), key $3"
    status=1
  fi
}
"""

VERIFY_SH_TAIL = """if [ "$status" -eq 0 ]; then echo "All signatures verify."; else echo "Verification FAILED."; fi
exit "$status"
"""


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def build_bundle(version: AgreementVersion) -> bytes:
    """A zip with the PDF, canonical bytes, signatures, public keys, manifest and verify.sh."""
    if version.status == VersionStatus.DRAFT or not version.digest:
        raise DomainError(_("A draft has no canonical form yet; send it for signature first."))
    canonical = bytes(version.canonical or b"")
    rows = signature_status(version)
    signatories = []
    checks = []
    files: dict[str, bytes] = {}
    for row in rows:
        s = row.signatory
        entry: dict[str, Any] = {
            "uscc": s.uscc,
            "name_zh": s.name_zh,
            "capacity": s.capacity,
            "representative": s.representative_name,
            "signed": row.signature is not None,
        }
        if row.signature is not None:
            sig = row.signature
            files[f"signatures/{s.uscc}.sig"] = bytes(sig.signature)
            files[f"keys/{s.uscc}.pem"] = crypto.public_pem(bytes(sig.key.public_key)).encode("ascii")
            entry.update(
                signer=sig.signer_name,
                key_id=sig.key.key_id,
                signed_at=sig.signed_at.isoformat(),
                signature=f"signatures/{s.uscc}.sig",
                public_key=f"keys/{s.uscc}.pem",
            )
            checks.append(f"check {s.uscc} {_sh_quote(s.name_zh)} {sig.key.key_id}\n")
        signatories.append(entry)
    manifest = {
        "format": MANIFEST_FORMAT,
        "alliance": {"code": version.alliance.code, "name_zh": version.alliance.name_zh},
        "version": version.label,
        "kind": version.kind,
        "status": version.status,
        "digest": version.digest,
        "effective_at": version.effective_at.isoformat() if version.effective_at else None,
        "signed_message": "sha256(canonical.json), 32 raw bytes, Ed25519",
        "signatories": signatories,
    }
    script = VERIFY_SH_HEAD + "".join(checks) + VERIFY_SH_TAIL
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("agreement.pdf", render_pdf(version))
        zf.writestr("canonical.json", canonical)
        zf.writestr("digest.sha256", f"{version.digest}  canonical.json\n")
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        info = zipfile.ZipInfo("verify.sh")
        info.external_attr = 0o755 << 16
        zf.writestr(info, script)
    return out.getvalue()


def _read_members(data: bytes) -> dict[str, bytes]:
    """The zip's files, refusing anything that looks hostile (bombs, odd paths, too many files)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DomainError(_("This is not a zip file.")) from exc
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise DomainError(_("The bundle has too many files."))
    total = 0
    members: dict[str, bytes] = {}
    for info in infos:
        name = info.filename
        if info.is_dir():
            continue
        if name.startswith("/") or ".." in name.split("/") or "\\" in name or ":" in name:
            raise DomainError(_("The bundle contains an unsafe path: %(name)s") % {"name": name})
        if name in members:
            raise DomainError(_("The bundle contains %(name)s twice.") % {"name": name})
        if info.file_size > MAX_MEMBER_BYTES:
            raise DomainError(_("A file in the bundle is too large: %(name)s") % {"name": name})
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise DomainError(_("The bundle is too large."))
        try:
            with zf.open(info) as fh:
                content = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error) as exc:
            # corrupt, encrypted or oddly compressed members
            raise DomainError(_("A file in the bundle cannot be read: %(name)s") % {"name": name}) from exc
        if len(content) > MAX_MEMBER_BYTES:
            raise DomainError(_("A file in the bundle is too large: %(name)s") % {"name": name})
        members[name] = content
    return members


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _manifest_against_canonical(manifest: dict[str, Any], canonical: bytes) -> list[str]:
    """The manifest must describe the signed document: same alliance, version, kind and signatories."""
    try:
        document = json.loads(canonical)
    except (ValueError, UnicodeDecodeError):
        return [_("canonical.json is not valid JSON.")]
    if not isinstance(document, dict) or document.get("format") != CANONICAL_FORMAT:
        return [
            _("canonical.json is not an ITISA agreement (format %(format)s).") % {"format": CANONICAL_FORMAT}
        ]
    alliance = _as_dict(document.get("alliance"))
    signed_by = [s.get("uscc") for s in document.get("signatories") or [] if isinstance(s, dict)]
    listed = [e.get("uscc") for e in manifest.get("signatories") or []]
    problems = []
    if (
        manifest.get("version") != f"{alliance.get('code')}/v{document.get('version')}"
        or manifest.get("kind") != document.get("kind")
        or _as_dict(manifest.get("alliance")).get("code") != alliance.get("code")
    ):
        problems.append(_("The manifest does not name the version in canonical.json."))
    if listed != signed_by:
        problems.append(_("The manifest does not list the signatories of canonical.json."))
    return problems


def verify_bundle(data: bytes) -> list[str]:
    """Problems found in a bundle (empty when every listed signature verifies over the canonical bytes)."""
    try:
        members = _read_members(data)
    except DomainError as exc:
        return [exc.message]
    problems: list[str] = []
    for required in ("canonical.json", "digest.sha256", "manifest.json"):
        if required not in members:
            problems.append(_("%(name)s is missing.") % {"name": required})
    if problems:
        return problems
    try:
        manifest = json.loads(members["manifest.json"])
    except (ValueError, UnicodeDecodeError):
        manifest = None
    if not isinstance(manifest, dict):
        return [_("manifest.json is not a JSON object.")]
    canonical = members["canonical.json"]
    actual = sha256_hex(canonical)
    recorded = members["digest.sha256"].decode("ascii", "replace").split()[:1]
    if recorded != [actual]:
        problems.append(_("canonical.json does not match digest.sha256."))
    if manifest.get("digest") != actual:
        problems.append(_("canonical.json does not match the digest in the manifest."))
    signatories = manifest.get("signatories")
    if not isinstance(signatories, list) or not all(isinstance(e, dict) for e in signatories):
        return [*problems, _("The manifest lists no signatories.")]
    problems += _manifest_against_canonical(manifest, canonical)
    message = bytes.fromhex(actual)
    expected_files = {"agreement.pdf", "canonical.json", "digest.sha256", "manifest.json", "verify.sh"}
    for entry in signatories:
        uscc = str(entry.get("uscc", ""))
        if not _USCC.match(uscc):
            problems.append(_("The manifest lists a signatory without a valid credit code."))
            continue
        if not entry.get("signed"):
            if manifest.get("status") in FULLY_SIGNED:
                problems.append(
                    _("The manifest says the version took effect, but %(uscc)s has not signed.")
                    % {"uscc": uscc}
                )
            continue
        sig_name, pem_name = f"signatures/{uscc}.sig", f"keys/{uscc}.pem"
        expected_files |= {sig_name, pem_name}
        if (entry.get("signature"), entry.get("public_key")) != (sig_name, pem_name):
            problems.append(_("The manifest names the wrong files for %(uscc)s.") % {"uscc": uscc})
        sig, pem = members.get(sig_name), members.get(pem_name)
        if sig is None or pem is None:
            problems.append(_("The signature or key of %(uscc)s is missing.") % {"uscc": uscc})
            continue
        try:
            raw = crypto.parse_public_key(pem)
        except crypto.KeyFormatError:
            problems.append(_("The key of %(uscc)s is not an Ed25519 public key.") % {"uscc": uscc})
            continue
        if entry.get("key_id") != crypto.key_id(raw):
            problems.append(
                _("The key of %(uscc)s does not match the key id in the manifest.") % {"uscc": uscc}
            )
        if not crypto.verify(raw, sig, message):
            problems.append(_("The signature of %(uscc)s does not verify.") % {"uscc": uscc})
    for name in sorted(set(members) - expected_files):
        problems.append(_("%(name)s is not listed in the manifest.") % {"name": name})
    return problems
