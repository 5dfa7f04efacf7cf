"""Signed checkpoints: key generation, signing, and detection of forged or contradicted checkpoints."""

from __future__ import annotations

import base64
import json
import stat
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from itisa.audit.chain import entry_hash
from itisa.audit.checkpoints import checkpoint_payload, checkpoint_sign, checkpoints_read, signing_key_load
from itisa.audit.models import AuditEntry, AuditHead
from itisa.audit.records import EntryRecord
from itisa.audit.tests.conftest import Paths, drop_triggers
from itisa.audit.verify import Problem, ProblemCode, verify_database


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_keygen_writes_a_private_key_readable_only_by_its_owner(paths: Paths) -> None:
    out, _err = _run("keygen")
    key = signing_key_load(paths.key)
    assert stat.S_IMODE(paths.key.stat().st_mode) == 0o600
    assert out.strip() == base64.b64encode(key.public_key().public_bytes_raw()).decode()


def test_keygen_refuses_to_overwrite_without_force(paths: Paths) -> None:
    _run("keygen")
    before = paths.key.read_bytes()
    with pytest.raises(CommandError, match="A signing key already exists at .*; use --force to replace it."):
        _run("keygen")
    assert paths.key.read_bytes() == before
    _run("keygen", "--force")
    assert paths.key.read_bytes() != before
    assert stat.S_IMODE(paths.key.stat().st_mode) == 0o600


def test_checkpoint_round_trip(chain: list[AuditEntry], paths: Paths) -> None:
    _run("keygen")
    out, _err = _run("checkpoint")
    line = json.loads(out)
    assert list(line) == ["seq", "hash", "at", "signature", "public_key"]
    assert (line["seq"], line["hash"]) == (5, chain[-1].hash)
    assert paths.checkpoints.read_text(encoding="utf-8") == out
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(line["public_key"]))
    public.verify(
        base64.b64decode(line["signature"]),
        checkpoint_payload(seq=5, hash=chain[-1].hash, at=line["at"]),
    )
    assert public.public_bytes_raw() == signing_key_load(paths.key).public_key().public_bytes_raw()

    out, err = _run("verify")
    assert out == f"OK: 5 entries, head #5 {chain[-1].hash}\n"
    assert err == "1 checkpoints verified.\n"


def test_checkpoint_without_a_key_fails(chain: list[AuditEntry], paths: Paths) -> None:
    with pytest.raises(CommandError, match="No signing key at .*; create one with `audit keygen`."):
        _run("checkpoint")
    assert not paths.checkpoints.exists()


def test_checkpoint_refuses_to_sign_a_tampered_chain(chain: list[AuditEntry], paths: Paths) -> None:
    _run("keygen")
    drop_triggers()
    AuditEntry.objects.filter(seq=4).update(actor_label="nobody")
    with pytest.raises(CommandError, match=r"^Verification failed at #4 \(altered\)"):
        _run("checkpoint")
    assert not paths.checkpoints.exists()


def test_forged_checkpoint_is_named(chain: list[AuditEntry], paths: Paths) -> None:
    _run("keygen")
    _run("checkpoint")
    line = json.loads(paths.checkpoints.read_text(encoding="utf-8"))
    line.update(seq=3, hash=chain[2].hash)  # claims another entry under the old signature
    paths.checkpoints.write_text(json.dumps(line) + "\n", encoding="utf-8")
    checkpoints = list(checkpoints_read(paths.checkpoints))
    assert verify_database(checkpoints=checkpoints).problem == Problem(
        3, ProblemCode.BAD_SIGNATURE, "The signature of checkpoint #3 is not valid."
    )
    with pytest.raises(CommandError) as excinfo:
        _run("verify")
    assert str(excinfo.value) == (
        "Verification failed at #3 (bad_signature): The signature of checkpoint #3 is not valid."
    )


def test_checkpoint_signed_by_another_key_is_refused(chain: list[AuditEntry], paths: Paths) -> None:
    _run("keygen")
    stranger = checkpoint_sign(Ed25519PrivateKey.generate(), seq=5, hash=chain[-1].hash, at=timezone.now())
    paths.checkpoints.write_text(stranger.to_json_line() + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        _run("verify")
    assert str(excinfo.value) == (
        "Verification failed at #5 (untrusted_key): "
        "Checkpoint #5 is signed by a key that is not the audit signing key."
    )
    out, _err = _run("verify", "--public-key", stranger.public_key)
    assert out == f"OK: 5 entries, head #5 {chain[-1].hash}\n"


def _rewrite_history_from(seq: int) -> None:
    """What an attacker with database access does: change an entry, recompute every later hash."""
    drop_triggers()
    AuditEntry.objects.filter(seq=seq).update(object_repr="rewritten")
    prev_hash = AuditEntry.objects.get(seq=seq).prev_hash
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        record = EntryRecord.of(entry)
        new_hash = entry_hash(prev_hash, record.body())
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=prev_hash, hash=new_hash)
        prev_hash = new_hash
    AuditHead.objects.filter(singleton=1).update(hash=prev_hash)


def test_rewritten_history_passes_the_chain_but_not_the_checkpoint(
    chain: list[AuditEntry], paths: Paths
) -> None:
    _run("keygen")
    _run("checkpoint")
    _rewrite_history_from(2)
    assert verify_database().ok
    with pytest.raises(CommandError) as excinfo:
        _run("verify")
    message = str(excinfo.value)
    assert message.startswith(
        "Verification failed at #5 (checkpoint_mismatch): Entry #5 does not match the checkpoint"
    )


def test_truncated_chain_is_caught_by_a_later_checkpoint(
    chain: list[AuditEntry], paths: Paths, tmp_path
) -> None:
    _run("keygen")
    _run("checkpoint")
    export = tmp_path / "export.jsonl"
    _run("export", "--output", str(export))
    lines = export.read_text(encoding="utf-8").splitlines()
    export.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        _run("verify", "--export", str(export))
    assert str(excinfo.value) == (
        "Verification failed at #4 (missing): "
        "The chain ends at #3, but checkpoint #5 was signed: entries were removed."
    )
