"""Typed inputs of the diffusion services."""

from __future__ import annotations

import datetime as dt

from itisa.core.inputs import ServiceInput


class DiffusionInput(ServiceInput):
    """A diffusion recorded by hand: an open licence offer, an open publication or a standard, its date
    and proof (a DOI or address, a standard's number, the offer's document)."""

    means: str = ""
    on: dt.date | None = None
    proof: str = ""


class ListingInput(ServiceInput):
    """What the public may see of a result in the catalogue."""

    abstract_zh: str = ""
    abstract_en: str = ""
    keywords: str = ""
    show_owners: bool = True
    show_number: bool = True
    contact: bool = True


class EnquiryInput(ServiceInput):
    """A message from the public about a catalogue entry."""

    name: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    message: str = ""
