"""Agreement versions as plain data for the alliance dossier (docs/dossier.md, section ``agreements``).

Only frozen versions travel (a draft has no canonical form yet). Keys travel as their public half, with
their status and (since dossier 1.4) when they were confirmed and revoked, so that a reader can tell
whether a key could sign when it did (``verification.check_version``), and (since dossier 1.5) the
statement the parties signed (statement format 2; the PDF it names does not travel).
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from itisa.agreements.models import AgreementVersion, Signatory, Signature, SigningCopy
from itisa.registry.models import Alliance


def _at(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def agreements_export(alliance: Alliance) -> list[dict[str, Any]]:
    """Every frozen version of the alliance with its signatories, signatures and the signers' public keys."""
    versions = (
        AgreementVersion.objects.filter(alliance=alliance)
        .exclude(digest="")
        .select_related("based_on", "acceding_organisation", "superseded_by")
        .order_by("number")
    )
    signatories: dict[int, list[Signatory]] = {}
    for s in Signatory.objects.filter(version__in=versions).order_by("position"):
        signatories.setdefault(s.version_id, []).append(s)
    signatures: dict[int, list[Signature]] = {}
    for sig in Signature.objects.filter(version__in=versions).select_related(
        "organisation", "key__organisation"
    ):
        signatures.setdefault(sig.version_id, []).append(sig)
    statements = dict(SigningCopy.objects.filter(version__in=versions).values_list("version_id", "statement"))
    out = []
    for v in versions:
        out.append(
            {
                "number": v.number,
                "kind": v.kind,
                "status": v.status,
                "based_on": v.based_on.number if v.based_on else None,
                "acceding_organisation": v.acceding_organisation.uscc if v.acceding_organisation else None,
                "content": v.content,
                "canonical": base64.b64encode(bytes(v.canonical or b"")).decode("ascii"),
                "digest": v.digest,
                "statement": (
                    base64.b64encode(bytes(statements[v.pk])).decode("ascii") if v.pk in statements else None
                ),
                "opened_at": _at(v.opened_at),
                "effective_at": _at(v.effective_at),
                "superseded_at": _at(v.superseded_at),
                "superseded_by": v.superseded_by.number if v.superseded_by else None,
                "signatories": [
                    {
                        "organisation": s.uscc,
                        "capacity": s.capacity,
                        "name_zh": s.name_zh,
                        "address": s.address,
                        "representative": s.representative_name,
                    }
                    for s in signatories.get(v.pk, [])
                ],
                "signatures": sorted(
                    (
                        {
                            "organisation": sig.organisation.uscc,
                            "signer": sig.signer_name,
                            "key_id": sig.key.key_id,
                            "public_key": base64.b64encode(bytes(sig.key.public_key)).decode("ascii"),
                            "key_status": sig.key.status,
                            "key_confirmed_at": _at(sig.key.confirmed_at),
                            "key_revoked_at": _at(sig.key.revoked_at),
                            "signature": base64.b64encode(bytes(sig.signature)).decode("ascii"),
                            "signed_at": _at(sig.signed_at),
                        }
                        for sig in signatures.get(v.pk, [])
                    ),
                    key=lambda s: str(s["organisation"]),
                ),
            }
        )
    return out
