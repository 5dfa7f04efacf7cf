"""Verification of the audit chain, from the database or from an export file.

Walks the entries in order and stops at the first problem, naming its sequence number:
- ``missing``: a sequence number is absent (a row was removed), or the chain ends before a checkpoint;
- ``reordered``: an entry appears before one with a smaller sequence number;
- ``duplicated``: a sequence number appears twice;
- ``bad_link``: ``prev_hash`` is not the hash of the entry before;
- ``altered``: the entry's content no longer gives its recorded hash;
- ``malformed``: an export line cannot be read;
- ``bad_signature`` / ``untrusted_key`` / ``checkpoint_mismatch``: a checkpoint is forged, signed by
  a key other than ours, or names a hash the chain does not have at that sequence number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext

from itisa.audit.chain import GENESIS_HASH
from itisa.audit.checkpoints import Checkpoint
from itisa.audit.records import EntryRecord, MalformedLine
from itisa.audit.selectors import chain_head, chain_records

PROGRESS_EVERY = 10_000

Progress = Callable[[int], None]


class ProblemCode(StrEnum):
    """Stable codes of verification failures."""

    ALTERED = "altered"
    MISSING = "missing"
    REORDERED = "reordered"
    DUPLICATED = "duplicated"
    BAD_LINK = "bad_link"
    MALFORMED = "malformed"
    BAD_SIGNATURE = "bad_signature"
    UNTRUSTED_KEY = "untrusted_key"
    CHECKPOINT_MISMATCH = "checkpoint_mismatch"
    BAD_HEAD = "bad_head"


@dataclass(frozen=True)
class Problem:
    """The first thing found wrong: at which sequence number, what kind, and an explanation."""

    seq: int
    code: ProblemCode
    message: str


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of one verification: entries read, the last good head, and the problem if any."""

    count: int
    head_seq: int
    head_hash: str
    checkpoints: int
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def checkpoint_problem(checkpoint: Checkpoint, trusted_keys: frozenset[str] | None) -> Problem | None:
    """A forged or foreign checkpoint, judged on its own (without the chain)."""
    if not checkpoint.signature_is_valid():
        return Problem(
            checkpoint.seq,
            ProblemCode.BAD_SIGNATURE,
            gettext("The signature of checkpoint #%(seq)s is not valid.") % {"seq": checkpoint.seq},
        )
    if trusted_keys is not None and checkpoint.public_key not in trusted_keys:
        return Problem(
            checkpoint.seq,
            ProblemCode.UNTRUSTED_KEY,
            gettext("Checkpoint #%(seq)s is signed by a key that is not the audit signing key.")
            % {"seq": checkpoint.seq},
        )
    return None


def _first_absent(seq: int, rest: Iterator[EntryRecord]) -> bool:
    """Whether ``seq`` never appears in the rest of the stream (so it was removed, not moved)."""
    while True:
        try:
            record = next(rest)
        except StopIteration:
            return True
        except MalformedLine:
            continue
        if record.seq == seq:
            return False


def _entry_problem(
    record: EntryRecord, expected: int, prev_hash: str, rest: Iterator[EntryRecord]
) -> Problem | None:
    """What is wrong with ``record`` where entry ``expected`` should follow the hash ``prev_hash``."""
    if record.seq < expected:
        return Problem(
            record.seq,
            ProblemCode.DUPLICATED,
            gettext("Entry #%(seq)s appears a second time after #%(last)s.")
            % {"seq": record.seq, "last": expected - 1},
        )
    if record.seq > expected:
        if _first_absent(expected, rest):
            return Problem(
                expected,
                ProblemCode.MISSING,
                gettext("Entry #%(seq)s is missing: #%(found)s follows #%(last)s.")
                % {"seq": expected, "found": record.seq, "last": expected - 1},
            )
        return Problem(
            expected,
            ProblemCode.REORDERED,
            gettext("Entry #%(found)s appears where #%(seq)s was expected; #%(seq)s comes later.")
            % {"seq": expected, "found": record.seq},
        )
    if record.prev_hash != prev_hash:
        return Problem(
            expected,
            ProblemCode.BAD_LINK,
            gettext("Entry #%(seq)s does not link to the hash of the entry before it.") % {"seq": expected},
        )
    try:
        recomputed = record.recomputed_hash()
    except (TypeError, ValueError):  # a column that no longer holds a time or JSON that can be hashed
        recomputed = None
    if recomputed != record.hash:
        return Problem(
            expected,
            ProblemCode.ALTERED,
            gettext("Entry #%(seq)s was altered: its content does not match its hash.") % {"seq": expected},
        )
    return None


def verify_entries(
    records: Iterable[EntryRecord],
    *,
    checkpoints: Iterable[Checkpoint] = (),
    trusted_keys: frozenset[str] | None = None,
    progress: Progress | None = None,
) -> VerifyResult:
    """Check a sequence of entries (in stored order) and the checkpoints against it.

    Checkpoint signatures are checked first; then the entries are walked once, comparing each entry
    that a checkpoint names with the checkpoint's hash. ``trusted_keys`` (base64 raw public keys),
    when given, are the only keys whose checkpoints are accepted.
    """
    by_seq: dict[int, list[Checkpoint]] = {}
    checked = 0
    for checkpoint in checkpoints:
        checked += 1
        problem = checkpoint_problem(checkpoint, trusted_keys)
        if problem is not None:
            return VerifyResult(0, 0, GENESIS_HASH, checked, problem)
        by_seq.setdefault(checkpoint.seq, []).append(checkpoint)

    count, head_seq, head_hash = 0, 0, GENESIS_HASH
    stream = iter(records)

    def failed(problem: Problem) -> VerifyResult:
        return VerifyResult(count, head_seq, head_hash, checked, problem)

    while True:
        try:
            record = next(stream)
        except StopIteration:
            break
        except MalformedLine as exc:
            return failed(
                Problem(
                    head_seq + 1,
                    ProblemCode.MALFORMED,
                    gettext("Entry #%(seq)s cannot be read: %(error)s") % {"seq": head_seq + 1, "error": exc},
                )
            )
        problem = _entry_problem(record, head_seq + 1, head_hash, stream)
        if problem is not None:
            return failed(problem)
        for checkpoint in by_seq.get(record.seq, ()):
            if checkpoint.hash != record.hash:
                return failed(
                    Problem(
                        record.seq,
                        ProblemCode.CHECKPOINT_MISMATCH,
                        gettext("Entry #%(seq)s does not match the checkpoint signed at %(at)s.")
                        % {"seq": record.seq, "at": checkpoint.at},
                    )
                )
        count, head_seq, head_hash = count + 1, record.seq, record.hash
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)

    beyond = [seq for seq in by_seq if seq > head_seq]
    if beyond:
        return failed(
            Problem(
                head_seq + 1,
                ProblemCode.MISSING,
                gettext(
                    "The chain ends at #%(last)s, but checkpoint #%(checkpoint)s was signed: entries were removed."
                )
                % {"last": head_seq, "checkpoint": max(beyond)},
            )
        )
    return VerifyResult(count, head_seq, head_hash, checked, None)


def verify_database(
    *,
    checkpoints: Iterable[Checkpoint] = (),
    trusted_keys: frozenset[str] | None = None,
    progress: Progress | None = None,
) -> VerifyResult:
    """Verify the stored chain, then check that the head row agrees with its last entry.

    The head is read first and only entries up to it are walked, so appends made while a long
    verification runs are left for the next run instead of being reported as problems.
    """
    head = chain_head()
    result = verify_entries(
        chain_records(up_to=head.seq if head is not None else None),
        checkpoints=checkpoints,
        trusted_keys=trusted_keys,
        progress=progress,
    )
    if not result.ok:
        return result
    head_seq, head_hash = (head.seq, head.hash) if head is not None else (0, GENESIS_HASH)
    if head_seq > result.head_seq:
        return _with_problem(
            result,
            Problem(
                result.head_seq + 1,
                ProblemCode.MISSING,
                gettext("The chain ends at #%(last)s, but the head records #%(head)s: entries were removed.")
                % {"last": result.head_seq, "head": head_seq},
            ),
        )
    if (head_seq, head_hash) != (result.head_seq, result.head_hash):
        return _with_problem(
            result,
            Problem(
                result.head_seq,
                ProblemCode.BAD_HEAD,
                gettext("The head row does not match entry #%(seq)s.") % {"seq": result.head_seq},
            ),
        )
    return result


def _with_problem(result: VerifyResult, problem: Problem) -> VerifyResult:
    return VerifyResult(result.count, result.head_seq, result.head_hash, result.checkpoints, problem)
