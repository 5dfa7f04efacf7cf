"""Export, validate and import alliance dossiers (format ``itisa.dossier`` 1.5, see docs/dossier.md).

Export is deterministic (sorted lists and keys, no timestamps of the export, no database ids), so
that export → import into an empty database → export gives the same bytes. Import is all-or-nothing
and idempotent; it writes the rows directly (with ``full_clean``) instead of calling the registry
and membership services, because those check a user's permission and stamp "now" on history rows,
while an import keeps the dossier's own facts; so only the system and national office officers
import. The governance record and the applications (1.2) are written the same way, immutable rows
(votes, closed motions, history) INSERTed in their final state; the sections registered by apps above
the dossier (``itisa.dossier.extensions``: the pilot program since 1.3, the projects since 1.5) are imported by their own
importers in the same transaction; since 1.4 the book and its funds (``funds``), and the office's
signed findings are verified (never stored). It writes one audit entry
``dossier.dossier.imported`` per created or changed object, and none for unchanged ones.
"""

from itisa.dossier.services._fields import KINDS
from itisa.dossier.services._support import import_kinds
from itisa.dossier.services.export import (
    dossier_dumps,
    dossier_export,
    dossier_export_json,
    dossier_validate,
)
from itisa.dossier.services.importer import ImportResult, dossier_import

__all__ = [
    "KINDS",
    "ImportResult",
    "dossier_dumps",
    "dossier_export",
    "dossier_export_json",
    "dossier_import",
    "dossier_validate",
    "import_kinds",
]
