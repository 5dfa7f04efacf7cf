"""Verification bundles: everything needed to check a version's signatures without this system.

Layout (docs/agreements.md): agreement.pdf, canonical.json (the stored bytes), digest.sha256,
statement.txt (what each party signed, statement format 2), signatures/<USCC>.sig (64 raw bytes),
keys/<USCC>.pem (SPKI), manifest.json, verify.sh. The script uses only ``openssl`` and POSIX sh;
``verify_bundle`` does the same checks in Python, and more.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from typing import Any

from django.utils.translation import gettext as _

from itisa.agreements import crypto, statement
from itisa.agreements.canonical import FORMAT as CANONICAL_FORMAT
from itisa.agreements.canonical import sha256_hex
from itisa.agreements.choices import VersionStatus
from itisa.agreements.models import AgreementVersion
from itisa.agreements.pdf import render_pdf
from itisa.agreements.selectors import signature_status, signing_terms
from itisa.core.errors import DomainError

MANIFEST_FORMAT = "itisa-agreement-bundle/2"
MANIFEST_FORMATS = ("itisa-agreement-bundle/1", MANIFEST_FORMAT)
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
FULLY_SIGNED = (VersionStatus.EFFECTIVE, VersionStatus.SUPERSEDED)
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
_LABEL = re.compile(r"^[A-Za-z0-9_-]{1,40}/v[0-9]{1,9}$")
_KEY_ID = re.compile(r"^[0-9a-f]{16}$")

VERIFY_SH_HEAD = """#!/bin/sh
# Checks this bundle with openssl alone (OpenSSL 3.0 or later): every file a person reads against the
# hashes the signatures cover, then every signature. Statement format 2: each party signed statement.txt,
# which names the SHA-256 of canonical.json and of agreement.pdf. Format 1: each party signed the
# 32-byte SHA-256 digest of canonical.json; agreement.pdf is not covered.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
ok() { echo "OK   $*"; }
fail() { echo "FAIL $*"; status=1; }
sha() { openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1; }
for f in canonical.json digest.sha256 manifest.json; do
  [ -f "$f" ] || { fail "$f is missing"; echo "Verification FAILED."; exit 1; }
done
actual=$(sha canonical.json)
expected=$(cut -d ' ' -f 1 digest.sha256 | tr -d '\\n')
if [ "$actual" = "$expected" ]; then
  ok "canonical.json has digest $expected"
else
  fail "canonical.json has digest $actual, but digest.sha256 says $expected"
fi
if grep -q "\\"digest\\": \\"$actual\\"" manifest.json; then
  ok "manifest.json names digest $actual"
else
  fail "manifest.json does not name digest $actual"
fi
"""

VERIFY_SH_STATEMENT = """for f in statement.txt agreement.pdf; do
  [ -f "$f" ] || { fail "$f is missing"; echo "Verification FAILED."; exit 1; }
done
message=statement.txt
if [ "$(head -n 1 statement.txt)" = "itisa-signature-statement/2" ] && [ "$(wc -l < statement.txt)" -eq 4 ] \\
    && grep -qx "version: $label" statement.txt; then
  ok "statement.txt is the signing statement of $label"
else
  fail "statement.txt is not the signing statement of $label"
fi
for f in canonical.json agreement.pdf; do
  h=$(sha "$f")
  if grep -qx "$f sha256: $h" statement.txt; then
    ok "$f has SHA-256 $h, as the signed statement.txt says"
  else
    fail "$f has SHA-256 $h, not the one the signed statement.txt names: $f was changed"
  fi
done
pdf=$(sha agreement.pdf)
if grep -q "\\"pdf_sha256\\": \\"$pdf\\"" manifest.json; then
  ok "manifest.json names the PDF's SHA-256"
else
  fail "manifest.json does not name the PDF's SHA-256 $pdf"
fi
"""

VERIFY_SH_DIGEST_ONLY = """openssl dgst -sha256 -binary canonical.json > "$work/digest.bin"
message="$work/digest.bin"
echo "NOTE $label was signed in statement format 1 (the digest of canonical.json only): agreement.pdf is not covered by the signatures"
"""

VERIFY_SH_CHECK = """check() {
  # $1 credit code, $2 name, $3 key id from the manifest (first 16 hex of SHA-256 of the raw key)
  kid=$(openssl pkey -pubin -in "keys/$1.pem" -outform DER 2>/dev/null | tail -c 32 \\
    | openssl dgst -sha256 -r | cut -c 1-16)
  if [ "$kid" != "$3" ]; then
    fail "key of $1 ($2) has id $kid, expected $3"
  elif ! grep -q "\\"key_id\\": \\"$3\\"" manifest.json; then
    fail "manifest.json does not name key $3 of $1 ($2)"
  elif openssl pkeyutl -verify -pubin -inkey "keys/$1.pem" -rawin -in "$message" \\
      -sigfile "signatures/$1.sig" >/dev/null 2>&1; then
    ok "signature of $1 ($2), key $3"
  else
    fail "signature of $1 ($2), key $3"
  fi
}
"""

VERIFY_SH_TAIL = """if [ "$status" -eq 0 ]; then echo "All signatures verify."; else echo "Verification FAILED."; fi
exit "$status"
"""


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def verify_script(*, label: str, statement_format: int, signed: list[tuple[str, str, str]]) -> str:
    """The bundle's verify.sh for a version and its signatures ``(uscc, name, key id)``; ``verify_bundle``
    rebuilds it from the manifest to find a changed script."""
    body = VERIFY_SH_STATEMENT if statement_format == statement.STATEMENT else VERIFY_SH_DIGEST_ONLY
    checks = "".join(f"check {uscc} {_sh_quote(name)} {kid}\n" for uscc, name, kid in signed)
    return VERIFY_SH_HEAD + f"label={_sh_quote(label)}\n" + body + VERIFY_SH_CHECK + checks + VERIFY_SH_TAIL


def build_bundle(version: AgreementVersion) -> bytes:
    """A zip with the PDF, canonical bytes, the signed statement, signatures, public keys, manifest and
    verify.sh."""
    if version.status == VersionStatus.DRAFT or not version.digest:
        raise DomainError(_("A draft has no canonical form yet; send it for signature first."))
    canonical = bytes(version.canonical or b"")
    terms = signing_terms(version)
    pdf = render_pdf(version)  # the stored signing copy in statement format 2
    rows = signature_status(version)
    signatories = []
    signed: list[tuple[str, str, str]] = []
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
            signed.append((s.uscc, s.name_zh, sig.key.key_id))
        signatories.append(entry)
    manifest = {
        "format": MANIFEST_FORMAT,
        "alliance": {"code": version.alliance.code, "name_zh": version.alliance.name_zh},
        "version": version.label,
        "kind": version.kind,
        "status": version.status,
        "digest": version.digest,
        "statement_format": terms.statement_format,
        "pdf_sha256": terms.pdf_sha256 or None,
        "effective_at": version.effective_at.isoformat() if version.effective_at else None,
        "signed_message": (
            "statement.txt, as it is, Ed25519"
            if terms.statement is not None
            else "sha256(canonical.json), 32 raw bytes, Ed25519"
        ),
        "signatories": signatories,
    }
    script = verify_script(label=version.label, statement_format=terms.statement_format, signed=signed)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("agreement.pdf", pdf)
        zf.writestr("canonical.json", canonical)
        zf.writestr("digest.sha256", f"{version.digest}  canonical.json\n")
        if terms.statement is not None:
            zf.writestr("statement.txt", terms.statement)
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
    """The manifest must describe the signed document: same alliance, version, kind and signatories
    (names, capacities and representatives as frozen)."""
    try:
        document = json.loads(canonical)
    except (ValueError, UnicodeDecodeError):
        return [_("canonical.json is not valid JSON.")]
    if not isinstance(document, dict) or document.get("format") != CANONICAL_FORMAT:
        return [
            _("canonical.json is not an ITISA agreement (format %(format)s).") % {"format": CANONICAL_FORMAT}
        ]
    alliance = _as_dict(document.get("alliance"))
    frozen = [
        (s.get("uscc"), s.get("name_zh"), s.get("capacity"), s.get("legal_representative"))
        for s in document.get("signatories") or []
        if isinstance(s, dict)
    ]
    listed = [
        (e.get("uscc"), e.get("name_zh"), e.get("capacity"), e.get("representative"))
        for e in manifest.get("signatories") or []
    ]
    problems = []
    if (
        manifest.get("version") != f"{alliance.get('code')}/v{document.get('version')}"
        or manifest.get("kind") != document.get("kind")
        or _as_dict(manifest.get("alliance")).get("code") != alliance.get("code")
        or _as_dict(manifest.get("alliance")).get("name_zh") != alliance.get("name_zh")
    ):
        problems.append(_("The manifest does not name the version in canonical.json."))
    if listed != frozen:
        problems.append(_("The manifest does not list the signatories of canonical.json."))
    return problems


def _signed_message(
    manifest: dict[str, Any], members: dict[str, bytes], digest: str
) -> tuple[bytes | None, list[str]]:
    """What the signatures must be over, per the manifest's statement format, after checking that
    statement.txt names canonical.json and agreement.pdf by their SHA-256 (format 2)."""
    fmt = manifest.get("statement_format", statement.DIGEST_ONLY)
    if fmt == statement.DIGEST_ONLY:
        if "statement.txt" in members or manifest.get("pdf_sha256") is not None:
            return None, [_("manifest.json says statement format 1, but the bundle carries a statement.")]
        return bytes.fromhex(digest), []
    if fmt != statement.STATEMENT:
        return None, [_("manifest.json names an unknown statement format.")]
    problems = []
    for name in ("statement.txt", "agreement.pdf"):
        if name not in members:
            problems.append(_("%(name)s is missing.") % {"name": name})
    if problems:
        return None, problems
    text = members["statement.txt"]
    parsed = statement.parse_statement(text)
    if parsed is None:
        return None, [_("statement.txt is not a signing statement.")]
    if parsed.label != manifest.get("version"):
        problems.append(_("statement.txt names another version than manifest.json."))
    if parsed.canonical_sha256 != digest:
        problems.append(_("canonical.json does not match the SHA-256 in the signed statement.txt."))
    pdf_sha256 = sha256_hex(members["agreement.pdf"])
    if parsed.pdf_sha256 != pdf_sha256:
        problems.append(_("agreement.pdf does not match the SHA-256 in the signed statement.txt."))
    if manifest.get("pdf_sha256") != parsed.pdf_sha256:
        problems.append(_("manifest.json does not name the PDF's SHA-256 in statement.txt."))
    return text, problems


def verify_bundle(data: bytes) -> list[str]:
    """Problems found in a bundle (empty when every file a person reads matches what the signatures
    cover and every listed signature verifies). Each message names the file."""
    try:
        members = _read_members(data)
    except DomainError as exc:
        return [exc.message]
    problems: list[str] = []
    for required in ("canonical.json", "digest.sha256", "manifest.json", "verify.sh"):
        if required not in members:
            problems.append(_("%(name)s is missing.") % {"name": required})
    if problems:
        return problems
    try:
        manifest = json.loads(members["manifest.json"])
    except (ValueError, UnicodeDecodeError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") not in MANIFEST_FORMATS:
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
    message, statement_problems = _signed_message(manifest, members, actual)
    problems += statement_problems
    expected_files = {"agreement.pdf", "canonical.json", "digest.sha256", "manifest.json", "verify.sh"}
    if manifest.get("statement_format") == statement.STATEMENT:
        expected_files.add("statement.txt")
    signed: list[tuple[str, str, str]] = []
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
        signed.append((uscc, str(entry.get("name_zh", "")), str(entry.get("key_id", ""))))
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
        if message is not None and not crypto.verify(raw, sig, message):
            problems.append(_("The signature of %(uscc)s does not verify.") % {"uscc": uscc})
    label = str(manifest.get("version", ""))
    fmt = manifest.get("statement_format", statement.DIGEST_ONLY)
    # the script is made from the manifest: a changed verify.sh could print anything
    script = (
        verify_script(label=label, statement_format=fmt, signed=signed).encode()
        if manifest.get("format") == MANIFEST_FORMAT
        and _LABEL.match(label)
        and fmt in (1, 2)
        and all(_KEY_ID.match(kid) for _u, _n, kid in signed)
        else None
    )
    if script is not None and members["verify.sh"] != script:
        problems.append(_("verify.sh is not the script this bundle should carry: it was changed."))
    for name in sorted(set(members) - expected_files):
        problems.append(_("%(name)s is not listed in the manifest.") % {"name": name})
    return problems
