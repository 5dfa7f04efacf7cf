"""The demo's signed agreement: keys made on "the signers' devices" (files under var/demo-keys).

The database receives only public keys and signatures, exactly as with a real signer; the private
key files play the part of each legal representative's own key file (`itisa keys new`).
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

from django.conf import settings

from itisa.accounts.models import User
from itisa.accounts.services import role_grant
from itisa.agreements import crypto
from itisa.agreements.choices import VersionStatus
from itisa.agreements.models import AgreementVersion, Signature, SigningKey
from itisa.agreements.selectors import signing_terms
from itisa.agreements.services import (
    key_confirm,
    key_register,
    signature_submit,
    version_create,
    version_open,
)
from itisa.ops import demo_data
from itisa.registry.models import Alliance, Organisation
from itisa.registry.services import OrganisationInput, organisation_update


def demo_key_dir() -> Path:
    return Path(settings.VAR_DIR) / "demo-keys"


def _private_key(uscc: str) -> Any:
    """The signer's key file: reused if present, else created with mode 0600."""
    folder = demo_key_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uscc}.pem"
    if path.exists():
        return crypto.load_private_key(path.read_bytes())
    key = crypto.new_private_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(crypto.private_pem(key))
    return key


def load_demo_agreement(
    *, alliance: Alliance, national: User, secretariat: User, make_user: Any
) -> list[list[str]]:
    """Make CSA's agreement effective, signed by every party; returns the signer logins for the table."""
    rows = sign_demo_agreement(
        alliance=alliance,
        national=national,
        secretariat=secretariat,
        make_user=make_user,
        content=demo_data.csa_agreement_content(),
        signers=demo_data.AGREEMENT_SIGNERS,
        legal_reps=demo_data.DEMO_LEGAL_REPS,
    )
    _open_demo_amendment(alliance=alliance, secretariat=secretariat)
    return rows


def sign_demo_agreement(
    *,
    alliance: Alliance,
    national: User,
    secretariat: User,
    make_user: Any,
    content: dict[str, Any],
    signers: list[tuple[str, str]],
    legal_reps: dict[str, str],
) -> list[list[str]]:
    """The alliance's first agreement (``content``), opened and signed by the legal representative of each
    party: ``signers`` are (username, credit code); an organisation with no legal representative in the
    registry gets the placeholder of ``legal_reps`` first. Each signer's key is a file under var/demo-keys,
    confirmed by ``secretariat``. Whatever exists is kept. Returns the signer logins for the table."""
    rows = []
    for uscc, name in legal_reps.items():
        org = Organisation.objects.get(uscc=uscc)
        if org.legal_representative_id is None:
            organisation_update(by=national, organisation=org, data=OrganisationInput(legal_rep_name_zh=name))
    keys: dict[str, tuple[User, Any]] = {}
    for username, uscc in signers:
        org = Organisation.objects.get(uscc=uscc)
        user = make_user(username)
        role_grant(by=None, user=user, role="legal_representative", alliance=alliance, organisation=org)
        private = _private_key(uscc)
        raw = crypto.raw_public(private)
        key = SigningKey.objects.filter(key_id=crypto.key_id(raw)).first()
        if key is None:
            key = key_register(by=user, organisation=org, public_key=raw, label="演示密钥", origin="demo")
        if key.status == "pending":
            key_confirm(by=secretariat, key=key, identity_check="演示数据：核验法定代表人身份证件")
        keys[uscc] = (user, private)
        rows.append([username, "legal_representative", f"{alliance.code} {uscc}", demo_data.DEMO_PASSWORD])

    version = AgreementVersion.objects.filter(alliance=alliance).order_by("number").first()
    if version is None:
        version = version_create(by=secretariat, alliance=alliance, content=content, is_demo=True)
    if version.status == VersionStatus.DRAFT:
        version = version_open(by=secretariat, version=version)
    if version.status == VersionStatus.OPEN:
        signed = set(Signature.objects.filter(version=version).values_list("organisation__uscc", flat=True))
        for signatory in version.signatories.order_by("position"):
            if signatory.uscc in signed or signatory.uscc not in keys:
                continue
            user, private = keys[signatory.uscc]
            signature = base64.b64encode(private.sign(signing_terms(version).message)).decode("ascii")
            signature_submit(
                by=user,
                version=version,
                key_id=crypto.key_id(crypto.raw_public(private)),
                signature=signature,
            )
    return rows


def _open_demo_amendment(*, alliance: Alliance, secretariat: User) -> None:
    """CSA/v2, an amendment open for signature that nobody has signed: each legal representative finds
    "签署 CSA/v2" in their to-do list, compares it with v1 and signs it with their key file."""
    if AgreementVersion.objects.filter(alliance=alliance, number=2).exists():
        return
    current = AgreementVersion.objects.get(alliance=alliance, number=1)
    if current.status != VersionStatus.EFFECTIVE:
        return
    version = version_create(
        by=secretariat,
        alliance=alliance,
        content=demo_data.csa_amendment_content(current.content),
        is_demo=True,
    )
    version_open(by=secretariat, version=version)
