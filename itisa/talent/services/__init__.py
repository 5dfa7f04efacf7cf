"""Writes of talent exchange; import them from here."""

from itisa.talent.services.inputs import ExchangeInput, OutcomeInput, ProgrammeInput, ProgrammeOutcomeInput
from itisa.talent.services.talent import (
    exchange_conclude,
    exchange_create,
    programme_conclude,
    programme_create,
)

__all__ = [
    "ExchangeInput",
    "OutcomeInput",
    "ProgrammeInput",
    "ProgrammeOutcomeInput",
    "exchange_conclude",
    "exchange_create",
    "programme_conclude",
    "programme_create",
]
