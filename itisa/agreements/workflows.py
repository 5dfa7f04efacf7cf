"""Version and key statuses as data: ``{from: {to: actors allowed}}``. Drawn in docs/workflows.md.

``system`` moves happen inside the signing service: a version becomes effective when its last
signatory signs, and the version it replaces (with any accession still open against it) is
superseded at that moment.
"""

from __future__ import annotations

from itisa.agreements.choices import KeyStatus as K
from itisa.agreements.choices import VersionStatus as V

SECRETARIAT = "secretariat"
SYSTEM = "system"
HOLDER = "holder"

VERSION_TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
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

KEY_TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    K.PENDING: {K.CONFIRMED: frozenset({SECRETARIAT}), K.REVOKED: frozenset({SECRETARIAT, HOLDER})},
    K.CONFIRMED: {K.REVOKED: frozenset({SECRETARIAT, HOLDER})},
    K.REVOKED: {},
}


def version_can_move(current: str, target: str, actor: str) -> bool:
    return actor in VERSION_TRANSITIONS.get(current, {}).get(target, frozenset())
