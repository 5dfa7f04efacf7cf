"""API schemas of agreement versions, signatures and signing keys."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema


class VersionSummary(Schema):
    """A version's status and signing progress."""

    label: str
    number: int
    kind: str
    status: str
    digest: str
    based_on: str | None
    acceding_organisation: str | None
    opened_at: dt.datetime | None
    effective_at: dt.datetime | None
    superseded_at: dt.datetime | None
    signatures: int
    signatories: int


class VersionOut(VersionSummary):
    """One version in a list (resolved from the model; signatures and signatories prefetched)."""

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return f"{obj.alliance.code}/v{obj.number}"

    @staticmethod
    def resolve_based_on(obj: Any) -> str | None:
        return f"{obj.alliance.code}/v{obj.based_on.number}" if obj.based_on else None

    @staticmethod
    def resolve_acceding_organisation(obj: Any) -> str | None:
        return obj.acceding_organisation.uscc if obj.acceding_organisation else None

    @staticmethod
    def resolve_signatures(obj: Any) -> int:
        return len(obj.signatures.all())

    @staticmethod
    def resolve_signatories(obj: Any) -> int:
        return len(obj.signatories.all())


class SignatoryOut(Schema):
    """A signatory with its signature status; the representative may have changed since."""

    position: int
    uscc: str
    name_zh: str
    capacity: str
    representative: str
    signed: bool
    signer: str | None
    signed_at: dt.datetime | None
    key_id: str | None
    signature: str | None = Field(None, description="base64 of the 64-byte Ed25519 signature")
    current_representative: str
    representative_changed: bool


class AgreementStatusChangeOut(Schema):
    old_status: str
    new_status: str
    by: str
    at: dt.datetime
    comment: str


class VersionDetailOut(VersionSummary):
    """A version with its content, signatories and history."""

    content: dict[str, Any]
    term_ends_on: dt.date | None = Field(
        description="Last day of the agreement's term (term.until, or term.years from the founding "
        "agreement's entry into force); null when none is stated or it has not entered into force"
    )
    parties: list[str] = Field(description="Credit codes of the parties bound (signatories and accessions)")
    signatory_list: list[SignatoryOut]
    history: list[AgreementStatusChangeOut]


class VersionCreateIn(Schema):
    content: dict[str, Any] | None = None


class AccessionIn(Schema):
    organisation: str = Field(description="Credit code of the acceding organisation")
    content: dict[str, Any] | None = None


class ContentIn(Schema):
    content: dict[str, Any]


class AgreementReasonIn(Schema):
    reason: str


class SignatureIn(Schema):
    """A signature made on the signer's device: the server never sees a private key."""

    key_id: str = Field(max_length=32)
    signature: str = Field(max_length=200, description="base64 of Ed25519(sha256(canonical bytes)), 64 bytes")
    organisation: str | None = Field(
        None, description="Credit code of the party, if the signer represents several"
    )


class SignatureOut(Schema):
    version: str
    version_status: str
    organisation: str
    signer: str
    key_id: str
    digest: str
    signed_at: dt.datetime


class KeyOut(Schema):
    key_id: str
    public_key: str = Field(description="base64 of the raw 32-byte Ed25519 public key")
    person: str
    organisation: str
    holder: str | None
    label: str
    origin: str
    status: str
    registered_at: dt.datetime
    confirmed_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @staticmethod
    def resolve_public_key(obj: Any) -> str:
        return base64.b64encode(bytes(obj.public_key)).decode("ascii")

    @staticmethod
    def resolve_person(obj: Any) -> str:
        return obj.person.name_zh

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.organisation.uscc

    @staticmethod
    def resolve_holder(obj: Any) -> str | None:
        return obj.holder.get_username() if obj.holder else None


class KeyIn(Schema):
    organisation: str = Field(description="Credit code of the organisation you represent")
    public_key: str = Field(max_length=2000, description="PEM, or base64 of the raw or SPKI public key")
    label: str = ""
    origin: Literal["browser", "cli"] = Field(default="browser", description="Where the key pair was made")


class KeyConfirmIn(Schema):
    identity_check: str
