"""Signed checkpoints of the audit chain (Ed25519).

A checkpoint states "entry #seq had hash H at time T", signed with a private key kept in a PEM file
outside the database. Someone who can rewrite the database (and recompute every hash) cannot forge
a checkpoint, so a verifier that holds the checkpoints file detects a rewritten history.

Signed message: RFC 8785 canonical JSON of ``{"seq": ..., "hash": ..., "at": ...}``; ``at`` is the
time the checkpoint was taken, in the chain's UTC format. One checkpoint is one JSON line.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext

from itisa.audit.chain import utc_iso
from itisa.audit.records import MalformedLine


class SigningKeyError(Exception):
    """The signing key file is missing, unreadable, not Ed25519, or must not be overwritten."""


@dataclass(frozen=True)
class Checkpoint:
    """One signed statement about the head of the chain; keys and signature in base64."""

    seq: int
    hash: str
    at: str
    signature: str
    public_key: str

    def payload(self) -> bytes:
        return checkpoint_payload(seq=self.seq, hash=self.hash, at=self.at)

    def to_json_line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    def signature_is_valid(self) -> bool:
        """True when ``signature`` is a valid Ed25519 signature of the payload by ``public_key``."""
        try:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(self.public_key, validate=True))
            key.verify(base64.b64decode(self.signature, validate=True), self.payload())
        except (InvalidSignature, ValueError, binascii.Error):
            return False
        return True


def checkpoint_payload(*, seq: int, hash: str, at: str) -> bytes:
    """The exact bytes that are signed."""
    return rfc8785.dumps({"seq": seq, "hash": hash, "at": at})


def public_key_b64(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw 32-byte public key in base64, as written into checkpoints."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def signing_key_create(path: Path, *, force: bool = False) -> Ed25519PrivateKey:
    """Generate a new key and write it as PKCS#8 PEM with mode 0600; refuse to overwrite unless ``force``.

    The file is written to a temporary name in the same folder and renamed, so a reader never sees
    half a key and an overwritten key never passes through a wider mode.
    """
    if path.exists() and not force:
        raise SigningKeyError(
            gettext("A signing key already exists at %(path)s; use --force to replace it.") % {"path": path}
        )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return key


def signing_key_load(path: Path) -> Ed25519PrivateKey:
    """Read the private key; explain what is wrong when it cannot be used."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SigningKeyError(
            gettext("No signing key at %(path)s; create one with `audit keygen`.") % {"path": path}
        ) from exc
    except OSError as exc:
        raise SigningKeyError(
            gettext("Cannot read the signing key at %(path)s: %(error)s")
            % {"path": path, "error": exc.strerror}
        ) from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(
            gettext("The file at %(path)s is not an unencrypted PEM private key.") % {"path": path}
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(gettext("The key at %(path)s is not an Ed25519 key.") % {"path": path})
    return key


def checkpoint_sign(key: Ed25519PrivateKey, *, seq: int, hash: str, at: datetime) -> Checkpoint:
    """Sign the statement that entry ``seq`` has ``hash``, taken at ``at``."""
    at_text = utc_iso(at)
    signature = key.sign(checkpoint_payload(seq=seq, hash=hash, at=at_text))
    return Checkpoint(
        seq=seq,
        hash=hash,
        at=at_text,
        signature=base64.b64encode(signature).decode("ascii"),
        public_key=public_key_b64(key),
    )


def checkpoint_append(path: Path, checkpoint: Checkpoint) -> None:
    """Append one line to the checkpoints file, creating it (and its folder) when needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(checkpoint.to_json_line() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def checkpoint_from_json(obj: Any, line: int) -> Checkpoint:
    """Validate one decoded checkpoint line."""
    if not isinstance(obj, dict):
        raise MalformedLine(line, gettext("not a JSON object"))
    seq = obj.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise MalformedLine(line, gettext("seq must be a positive integer"))
    for name in ("hash", "at", "signature", "public_key"):
        if not isinstance(obj.get(name), str):
            raise MalformedLine(line, gettext("%(field)s must be a string") % {"field": name})
    return Checkpoint(
        seq=seq, hash=obj["hash"], at=obj["at"], signature=obj["signature"], public_key=obj["public_key"]
    )


def checkpoints_read(path: Path) -> Iterator[Checkpoint]:
    """The checkpoints of a file in file order; bad lines raise ``MalformedLine``."""
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise MalformedLine(
                    number, gettext("not valid JSON (%(error)s)") % {"error": exc.msg}
                ) from exc
            yield checkpoint_from_json(obj, number)
