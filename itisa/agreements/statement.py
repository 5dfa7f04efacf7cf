"""What a party signs: the statement formats (docs/agreements.md, "What is signed").

Format 1 (versions opened before issue 15): the 32 raw bytes of SHA-256(canonical.json). The PDF is not
covered: a changed PDF went unnoticed.

Format 2 (``itisa-signature-statement/2``): a short ASCII text, signed as it is (pure Ed25519 over its
bytes, ``openssl pkeyutl -rawin``), that names the version and the SHA-256 of each file a signer reads:

    itisa-signature-statement/2
    version: CSA/v2
    canonical.json sha256: <64 hex>
    agreement.pdf sha256: <64 hex>

The PDF is rendered once, when the version is opened (``models.SigningCopy``), so the bytes a signer
reads are the bytes whose hash is signed, whatever fonts or libraries come later. Pure: no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGEST_ONLY = 1
STATEMENT = 2
CURRENT = STATEMENT
STATEMENT_ID = "itisa-signature-statement/2"

_LINES = re.compile(
    r"\Aitisa-signature-statement/2\n"
    r"version: (?P<label>[A-Za-z0-9_-]{1,40}/v[0-9]{1,9})\n"
    r"canonical\.json sha256: (?P<canonical>[0-9a-f]{64})\n"
    r"agreement\.pdf sha256: (?P<pdf>[0-9a-f]{64})\n\Z"
)


@dataclass(frozen=True)
class Statement:
    """A format-2 statement as read back: the version it names and the hashes of the files."""

    label: str
    canonical_sha256: str
    pdf_sha256: str


def statement_bytes(*, label: str, canonical_sha256: str, pdf_sha256: str) -> bytes:
    """The exact bytes a party signs in format 2."""
    return (
        f"{STATEMENT_ID}\n"
        f"version: {label}\n"
        f"canonical.json sha256: {canonical_sha256}\n"
        f"agreement.pdf sha256: {pdf_sha256}\n"
    ).encode("ascii")


def parse_statement(data: bytes) -> Statement | None:
    """The statement's named version and hashes, or None when the bytes are not a format-2 statement."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        return None
    match = _LINES.match(text)
    if match is None:
        return None
    return Statement(match["label"], match["canonical"], match["pdf"])


def signed_message(*, statement_format: int, digest: str, statement: bytes | None) -> bytes:
    """The bytes the signatures of a version are over: the digest's 32 bytes (format 1) or the statement."""
    if statement_format == DIGEST_ONLY:
        return bytes.fromhex(digest)
    if statement is None:
        raise ValueError("a format-2 version needs its statement")
    return statement
