"""Records that must still say what the audit chain recorded about them.

The chain proves itself (hash links, checkpoints). Checks registered here compare immutable records
with the chain's entries about them: every sealed row with its seal (``audit.seals``, registered by
the audit app), and the ledger's posted entries with their postings (registered by the ledger);
``itisa audit verify`` runs them after the chain verifies, so a changed amount is caught even if
someone went around the database triggers.
"""

from __future__ import annotations

from collections.abc import Callable

# name -> a function returning problem messages (empty when consistent)
CHECKS: dict[str, Callable[[], list[str]]] = {}


def register_consistency_check(name: str, check: Callable[[], list[str]]) -> None:
    CHECKS[name] = check


def run_consistency_checks() -> list[str]:
    return [f"{name}: {message}" for name, check in sorted(CHECKS.items()) for message in check()]
