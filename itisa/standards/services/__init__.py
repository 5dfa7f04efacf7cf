"""Writes of standards (one module per concept); import them from here."""

from itisa.standards.services.inputs import DeclarationInput, DrafterInput, MoveInput, StandardInput
from itisa.standards.services.rounds import (
    declaration_file,
    missing_in,
    open_round,
    round_open,
    vote_open,
)
from itisa.standards.services.standards import (
    drafter_add,
    standard_create,
    standard_move,
    standard_record_vote,
)

__all__ = [
    "DeclarationInput",
    "DrafterInput",
    "MoveInput",
    "StandardInput",
    "declaration_file",
    "drafter_add",
    "missing_in",
    "open_round",
    "round_open",
    "standard_create",
    "standard_move",
    "standard_record_vote",
    "vote_open",
]
