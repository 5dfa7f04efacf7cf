"""Version and key statuses as data: ``{from: {to: actors allowed}}``. Drawn in docs/workflows.md.

``system`` moves happen inside the signing service: a version becomes effective when its last
signatory signs, and the version it replaces (with any accession still open against it) is
superseded at that moment. A key is confirmed by the secretariat and revoked by its holder or
the secretariat (``agreements.permissions.key_actors``).
"""

from __future__ import annotations

from itisa.agreements.choices import KeyStatus as K
from itisa.agreements.choices import VersionStatus as V
from itisa.core.workflows import SYSTEM, Transitions

SECRETARIAT = "secretariat"
HOLDER = "holder"

VERSION_TRANSITIONS = Transitions.of(
    {
        V.DRAFT: {V.OPEN: frozenset({SECRETARIAT}), V.WITHDRAWN: frozenset({SECRETARIAT})},
        V.OPEN: {
            V.EFFECTIVE: frozenset({SYSTEM}),
            V.WITHDRAWN: frozenset({SECRETARIAT}),
            V.SUPERSEDED: frozenset({SYSTEM}),
        },
        V.EFFECTIVE: {V.SUPERSEDED: frozenset({SYSTEM})},
        V.SUPERSEDED: {},
        V.WITHDRAWN: {},
    }
)

KEY_TRANSITIONS = Transitions.of(
    {
        K.PENDING: {K.CONFIRMED: frozenset({SECRETARIAT}), K.REVOKED: frozenset({SECRETARIAT, HOLDER})},
        K.CONFIRMED: {K.REVOKED: frozenset({SECRETARIAT, HOLDER})},
        K.REVOKED: {},
    }
)
