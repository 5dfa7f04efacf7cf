"""Writes of the agreements app. Each service checks permission and state, writes, and audits."""

from itisa.agreements.services.imports import ImportCounts, agreements_import
from itisa.agreements.services.keys import key_confirm, key_register, key_revoke
from itisa.agreements.services.signing import signature_submit
from itisa.agreements.services.versions import (
    accession_create,
    version_create,
    version_open,
    version_update,
    version_withdraw,
)

__all__ = [
    "ImportCounts",
    "agreements_import",
    "accession_create",
    "key_confirm",
    "key_register",
    "key_revoke",
    "signature_submit",
    "version_create",
    "version_open",
    "version_update",
    "version_withdraw",
]
