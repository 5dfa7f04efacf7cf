"""Agreement endpoints: versions, drafting, sending for signature, signatures, keys, exports.

Signatures are made on the signer's device; the endpoint takes the signature bytes and the key id.
"""

from __future__ import annotations

import base64
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.agreements import services
from itisa.agreements.bundle import build_bundle
from itisa.agreements.models import AgreementVersion
from itisa.agreements.pdf import render_pdf
from itisa.agreements.permissions import can_view_agreements
from itisa.agreements.schemas import (
    AccessionIn,
    AgreementReasonIn,
    ContentIn,
    KeyConfirmIn,
    KeyIn,
    KeyOut,
    SignatureIn,
    SignatureOut,
    VersionCreateIn,
    VersionDetailOut,
    VersionOut,
)
from itisa.agreements.selectors import (
    access_key,
    access_version,
    keys_visible_to,
    party_organisations,
    signature_status,
    signing_terms,
    version_term_ends_on,
    versions_with_signatories,
)
from itisa.agreements.services.signing import SignatureRejected
from itisa.core.errors import DomainError
from itisa.core.exports import attachment
from itisa.core.inputs import Id
from itisa.core.responses import download, errors
from itisa.registry.models import Organisation
from itisa.registry.selectors import access_alliance

router = Router(tags=["agreements"], auth=AUTHENTICATED)


def _organisation(uscc: str, field: str) -> Organisation:
    org = Organisation.objects.filter(uscc=uscc.strip().upper()).first()
    if org is None:
        raise DomainError(
            _("Please correct the errors below."),
            fields={field: [_("No organisation with this credit code.")]},
        )
    return org


def _summary(v: AgreementVersion, signatures: int, signatories: int) -> dict[str, Any]:
    return {
        "label": v.label,
        "number": v.number,
        "kind": v.kind,
        "status": v.status,
        "digest": v.digest,
        "based_on": v.based_on.label if v.based_on else None,
        "acceding_organisation": v.acceding_organisation.uscc if v.acceding_organisation else None,
        "opened_at": v.opened_at,
        "effective_at": v.effective_at,
        "superseded_at": v.superseded_at,
        "signatures": signatures,
        "signatories": signatories,
    }


def _detail(version: AgreementVersion) -> dict[str, Any]:
    rows = signature_status(version)
    data = _summary(version, sum(1 for r in rows if r.signature), len(rows))
    data.update(
        content=version.content,
        term_ends_on=version_term_ends_on(version),
        parties=sorted(o.uscc for o in party_organisations(version)),
        signatory_list=[
            {
                "position": r.signatory.position,
                "uscc": r.signatory.uscc,
                "name_zh": r.signatory.name_zh,
                "capacity": r.signatory.capacity,
                "representative": r.signatory.representative_name,
                "signed": r.signature is not None,
                "signer": r.signature.signer_name if r.signature else None,
                "signed_at": r.signature.signed_at if r.signature else None,
                "key_id": r.signature.key.key_id if r.signature else None,
                "signature": base64.b64encode(bytes(r.signature.signature)).decode() if r.signature else None,
                "current_representative": r.current_representative,
                "representative_changed": r.representative_changed,
            }
            for r in rows
        ],
        history=[
            {
                "old_status": h.old_status,
                "new_status": h.new_status,
                "by": h.actor_label,
                "at": h.at,
                "comment": h.comment,
            }
            for h in version.status_changes.all()
        ],
    )
    return data


@router.get("/alliances/{code}/agreements", response={200: list[VersionOut], **errors(401, 403, 404, 422)})
@paginate
def version_list(request: HttpRequest, code: str) -> Any:
    return versions_with_signatories(
        viewer(request), access_alliance(viewer(request), code, need=can_view_agreements)
    )


@router.post(
    "/alliances/{code}/agreements",
    response={201: VersionDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
)
def version_create(request: HttpRequest, code: str, payload: VersionCreateIn) -> Any:
    """Draft the founding agreement, or an amendment of the effective one."""
    version = services.version_create(
        by=viewer(request),
        alliance=access_alliance(viewer(request), code, need=can_view_agreements),
        content=payload.content,
    )
    return Status(201, _detail(version))


@router.post(
    "/alliances/{code}/accessions",
    response={201: VersionDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
)
def accession_create(request: HttpRequest, code: str, payload: AccessionIn) -> Any:
    """Draft an accession instrument (补充协议) for an organisation joining the effective agreement."""
    alliance = access_alliance(viewer(request), code, need=can_view_agreements)
    org = _organisation(payload.organisation, "organisation")
    version = services.accession_create(
        by=viewer(request), alliance=alliance, organisation=org, content=payload.content
    )
    return Status(201, _detail(version))


@router.get(
    "/alliances/{code}/agreements/{number}", response={200: VersionDetailOut, **errors(401, 403, 404, 422)}
)
def version_detail(request: HttpRequest, code: str, number: Id) -> Any:
    return _detail(access_version(viewer(request), code, number))


@router.put(
    "/alliances/{code}/agreements/{number}/content",
    response={200: VersionDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
)
def version_update(request: HttpRequest, code: str, number: Id, payload: ContentIn) -> Any:
    version = services.version_update(
        by=viewer(request), version=access_version(viewer(request), code, number), content=payload.content
    )
    return _detail(version)


@router.post(
    "/alliances/{code}/agreements/{number}/open",
    response={200: VersionDetailOut, **errors(401, 403, 404, 409, 413, 422)},
)
def version_open(request: HttpRequest, code: str, number: Id) -> Any:
    """Freeze a draft and send it for signature."""
    return _detail(
        services.version_open(by=viewer(request), version=access_version(viewer(request), code, number))
    )


@router.post(
    "/alliances/{code}/agreements/{number}/withdraw",
    response={200: VersionDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
)
def version_withdraw(request: HttpRequest, code: str, number: Id, payload: AgreementReasonIn) -> Any:
    version = services.version_withdraw(
        by=viewer(request), version=access_version(viewer(request), code, number), reason=payload.reason
    )
    return _detail(version)


@router.get(
    "/alliances/{code}/agreements/{number}/canonical",
    response={200: None, **errors(401, 403, 404, 422)},
    openapi_extra=download("application/json"),
)
def version_canonical(request: HttpRequest, code: str, number: Id) -> HttpResponse:
    """The exact canonical bytes whose SHA-256 digest is signed (RFC 8785 JSON)."""
    version = access_version(viewer(request), code, number)
    if not version.digest:
        raise DomainError(_("A draft has no canonical form yet; send it for signature first."))
    return attachment(
        bytes(version.canonical or b""), "application/json", f"{version.alliance.code}-v{number}.json"
    )


@router.get(
    "/alliances/{code}/agreements/{number}/statement",
    response={200: None, **errors(401, 403, 404, 422)},
    openapi_extra=download("text/plain"),
)
def version_statement(request: HttpRequest, code: str, number: Id) -> HttpResponse:
    """The exact bytes a party signs, as the web page's statement download: the format-2 statement
    (``itisa-signature-statement/2``: the version and the SHA-256 of canonical.json and of the PDF;
    ``text/plain``, ASCII), or for a version opened before signing copies existed the 32 bytes of its
    digest (``application/octet-stream``). Sign them as they are (pure Ed25519) and post the base64
    signature to ``…/signatures``: a client holding only an API token can sign."""
    version = access_version(viewer(request), code, number)
    if not version.digest:
        raise DomainError(_("A draft has no canonical form yet; send it for signature first."))
    terms = signing_terms(version)
    if terms.statement is None:
        return attachment(terms.message, "application/octet-stream", f"{code}-v{number}-digest.bin")
    return attachment(
        terms.message, "text/plain; charset=us-ascii", f"{version.alliance.code}-v{number}-statement.txt"
    )


@router.get(
    "/alliances/{code}/agreements/{number}/pdf",
    response={200: None, **errors(401, 403, 404, 422)},
    openapi_extra=download("application/pdf"),
)
def version_pdf(request: HttpRequest, code: str, number: Id) -> HttpResponse:
    version = access_version(viewer(request), code, number)
    return attachment(render_pdf(version), "application/pdf", f"{version.alliance.code}-v{number}.pdf")


@router.get(
    "/alliances/{code}/agreements/{number}/bundle",
    response={200: None, **errors(401, 403, 404, 422)},
    openapi_extra=download("application/zip"),
)
def version_bundle(request: HttpRequest, code: str, number: Id) -> HttpResponse:
    """A zip with the PDF, canonical bytes, signatures, public keys, manifest and an openssl verify.sh."""
    version = access_version(viewer(request), code, number)
    return attachment(
        build_bundle(version), "application/zip", f"{version.alliance.code}-v{number}-bundle.zip"
    )


@router.post(
    "/alliances/{code}/agreements/{number}/signatures",
    response={201: SignatureOut, **errors(400, 401, 403, 404, 409, 413, 422)},
)
def signature_submit(request: HttpRequest, code: str, number: Id, payload: SignatureIn) -> Any:
    """Submit a signature made on the signer's device; verified before it is stored."""
    version = access_version(viewer(request), code, number)
    organisation_id = _organisation(payload.organisation, "organisation").pk if payload.organisation else None
    try:
        record = services.signature_submit(
            by=viewer(request),
            version=version,
            key_id=payload.key_id,
            signature=payload.signature,
            organisation_id=organisation_id,
        )
    except SignatureRejected as exc:
        # the stable reason lets clients tell the rejections apart
        raise DomainError(exc.message, code=exc.code, fields={**exc.fields, "reason": [exc.reason]}) from exc
    version.refresh_from_db(fields=["status"])
    return Status(
        201,
        {
            "version": version.label,
            "version_status": version.status,
            "organisation": record.organisation.uscc,
            "signer": record.signer_name,
            "key_id": record.key.key_id,
            "digest": record.digest,
            "signed_at": record.signed_at,
        },
    )


@router.get("/keys", response={200: list[KeyOut], **errors(401, 422)})
@paginate
def key_list(request: HttpRequest) -> Any:
    """Your keys, and (for the secretariat) the keys of your alliances' members."""
    return keys_visible_to(viewer(request)).order_by("-registered_at", "pk")


@router.post("/keys", response={201: KeyOut, **errors(400, 401, 403, 409, 413, 422)})
def key_register(request: HttpRequest, payload: KeyIn) -> Any:
    """Register the public half of a key you made yourself (in the browser or with `itisa keys new`)."""
    org = _organisation(payload.organisation, "organisation")
    key = services.key_register(
        by=viewer(request),
        organisation=org,
        public_key=payload.public_key,
        label=payload.label,
        origin=payload.origin,
    )
    return Status(201, key)


@router.post("/keys/{key_id}/confirm", response={200: KeyOut, **errors(400, 401, 403, 404, 409, 413, 422)})
def key_confirm(request: HttpRequest, key_id: str, payload: KeyConfirmIn) -> Any:
    key = access_key(viewer(request), key_id)
    return services.key_confirm(by=viewer(request), key=key, identity_check=payload.identity_check)


@router.post("/keys/{key_id}/revoke", response={200: KeyOut, **errors(400, 401, 403, 404, 409, 413, 422)})
def key_revoke(request: HttpRequest, key_id: str, payload: AgreementReasonIn) -> Any:
    return services.key_revoke(
        by=viewer(request), key=access_key(viewer(request), key_id), reason=payload.reason
    )
