"""Ed25519 public keys and signatures: parsing, fingerprints, verification. No private keys here.

What is signed is the 32-byte SHA-256 digest of a version's canonical bytes (docs/agreements.md),
so that ``openssl pkeyutl -verify -pubin -rawin`` can check a signature with nothing but the
canonical file and the signer's public key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

RAW_KEY_BYTES = 32
SIGNATURE_BYTES = 64
DIGEST_BYTES = 32  # what statement format 1 signs: SHA-256 of the canonical bytes
_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")  # DER SubjectPublicKeyInfo header for Ed25519


class KeyFormatError(ValueError):
    """The text is not an Ed25519 public key in a format we accept."""


def _b64decode(text: str) -> bytes:
    cleaned = "".join(text.split())
    padded = cleaned + "=" * (-len(cleaned) % 4)
    try:
        return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyFormatError("not base64") from exc


def parse_public_key(data: str | bytes) -> bytes:
    """The raw 32 bytes of an Ed25519 public key given as PEM, base64 of raw or SPKI DER, or raw bytes."""
    if isinstance(data, bytes):
        if len(data) == RAW_KEY_BYTES:
            return data
        if data.lstrip().startswith(b"-----BEGIN"):
            data = data.decode("ascii", "replace")
        elif data.startswith(_SPKI_PREFIX) and len(data) == len(_SPKI_PREFIX) + RAW_KEY_BYTES:
            return data[len(_SPKI_PREFIX) :]
        else:
            raise KeyFormatError("not an Ed25519 public key")
    text = data.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        except (ValueError, TypeError, UnicodeEncodeError) as exc:
            raise KeyFormatError("not a PEM public key") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise KeyFormatError("not an Ed25519 key")
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    raw = _b64decode(text)
    if len(raw) == RAW_KEY_BYTES:
        return raw
    if raw.startswith(_SPKI_PREFIX) and len(raw) == len(_SPKI_PREFIX) + RAW_KEY_BYTES:
        return raw[len(_SPKI_PREFIX) :]
    raise KeyFormatError("not an Ed25519 public key")


def parse_signature(text: str) -> bytes:
    """The 64 bytes of a base64 (or base64url) signature."""
    raw = _b64decode(text)
    if len(raw) != SIGNATURE_BYTES:
        raise KeyFormatError("an Ed25519 signature has 64 bytes")
    return raw


def key_id(raw: bytes) -> str:
    """A key's fingerprint: the first 16 hex digits of the SHA-256 of its raw bytes."""
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(raw: bytes) -> str:
    """The SubjectPublicKeyInfo PEM that ``openssl pkeyutl -pubin`` reads."""
    key = Ed25519PublicKey.from_public_bytes(raw)
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def verify(raw_public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is a valid Ed25519 signature of ``message`` under the key."""
    try:
        Ed25519PublicKey.from_public_bytes(raw_public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def digest_bytes(digest_hex: str) -> bytes:
    """The 32 bytes that are signed, from a version's hex digest."""
    return bytes.fromhex(digest_hex)


# --- for the signer's own tools (``itisa keys new``, ``itisa agreement sign``) and test fixtures ---


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise KeyFormatError("not an unencrypted PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFormatError("not an Ed25519 private key")
    return key


def raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
