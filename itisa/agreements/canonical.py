"""The canonical form of a version: RFC 8785 JSON bytes, and the SHA-256 digest that is signed.

Documented in docs/agreements.md. The bytes are computed once, when a version is opened for
signature, and stored; signatures are always checked against the stored bytes.
"""

from __future__ import annotations

import hashlib
from typing import Any

import rfc8785

FORMAT = "itisa-agreement/1"


def canonical_document(
    *,
    alliance_code: str,
    alliance_name_zh: str,
    number: int,
    kind: str,
    based_on: dict[str, Any] | None,
    signatories: list[dict[str, Any]],
    content: dict[str, Any],
) -> dict[str, Any]:
    """The document that is canonicalised. ``content`` must already be JSON-safe (no floats)."""
    return {
        "format": FORMAT,
        "alliance": {"code": alliance_code, "name_zh": alliance_name_zh},
        "version": number,
        "kind": kind,
        "based_on": based_on,
        "signatories": signatories,
        "content": content,
    }


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """RFC 8785 (JSON Canonicalization Scheme) UTF-8 bytes of ``document``."""
    return rfc8785.dumps(document)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
