"""Agreement duties in the to-do list and their notifications: each party's legal representative signs
an open version (the item vanishes once their party has signed), the secretariat confirms keys."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction

from itisa.agreements import crypto
from itisa.agreements.services import key_confirm, key_register, version_create, version_open
from itisa.agreements.tests.fixtures import complete_content
from itisa.audit.models import AuditEntry
from itisa.notifications.models import Notification
from tests.todo_helpers import items

SIGN_URL = "/en/alliances/CSA/agreements/v1/sign/"


def test_each_legal_representative_signs_for_their_party_until_it_has_signed(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    assert items(aw.rep_a) == [
        ("agreements.version.sign", "Sign CSA/v1", "甲公司", SIGN_URL, "CSA", None, False)
    ]
    assert items(aw.rep_b) == [
        ("agreements.version.sign", "Sign CSA/v1", "乙大学", SIGN_URL, "CSA", None, False)
    ]
    for persona in ("member_contact", "secretariat", "council_member", "national_officer"):
        assert items(aw.world.user(persona)) == []
    aw.sign(version, "a")
    assert items(aw.rep_a) == []
    assert items(aw.rep_b) == [
        ("agreements.version.sign", "Sign CSA/v1", "乙大学", SIGN_URL, "CSA", None, False)
    ]
    aw.sign(version, "b")  # the last signature: the version takes effect
    assert (items(aw.rep_a), items(aw.rep_b)) == ([], [])


def test_the_legal_representatives_are_told_to_sign_in_their_own_language(
    agreement_world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    aw = agreement_world
    aw.rep_a.email = "rep-a@example.cn"
    aw.rep_a.save(update_fields=["email"])
    aw.rep_b.email, aw.rep_b.preferred_language = "rep-b@example.cn", "en"
    aw.rep_b.save(update_fields=["email", "preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        version = aw.open_version()
    told = Notification.objects.filter(kind="agreements.version.opened").order_by("recipient__username")
    assert [(n.recipient.username, n.subject, n.url) for n in told] == [
        ("legal_representative", "Please sign CSA/v1", SIGN_URL),
        ("rep_a", "请签署 CSA/v1", "/alliances/CSA/agreements/v1/sign/"),
    ]
    assert (
        told[0].body
        == f"Alliance agreement CSA/v1 of 半导体照明产业技术创新战略联盟 is open for signature. Its SHA-256 digest is {version.digest}."
    )
    assert sorted((m.to[0], m.subject, m.body.rsplit("\n", 1)[1]) for m in mailoutbox) == [
        ("rep-a@example.cn", "请签署 CSA/v1", "http://127.0.0.1:8000/alliances/CSA/agreements/v1/sign/"),
        ("rep-b@example.cn", "Please sign CSA/v1", f"http://127.0.0.1:8000{SIGN_URL}"),
    ]


def test_a_version_opening_rolled_back_tells_nobody(
    agreement_world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    aw = agreement_world
    aw.rep_a.email = "rep-a@example.cn"
    aw.rep_a.save(update_fields=["email"])
    draft = version_create(by=aw.world.user("secretariat"), alliance=aw.world.csa, content=complete_content())
    before = (Notification.objects.count(), AuditEntry.objects.count())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        version_open(by=aw.world.user("secretariat"), version=draft)
        raise RuntimeError("failed after opening")
    assert (Notification.objects.count(), AuditEntry.objects.count()) == before
    assert mailoutbox == []
    assert items(aw.rep_a) == []


def test_the_secretariat_confirms_a_registered_key_and_its_holder_is_told(world: Any) -> None:
    rep, secretariat = world.user("legal_representative"), world.user("secretariat")
    key = key_register(
        by=rep,
        organisation=world.member_b,
        public_key=crypto.public_pem(crypto.raw_public(Ed25519PrivateKey.generate())),
    )
    person = world.member_b.legal_representative.name_zh
    assert items(secretariat) == [
        (
            "agreements.key.confirm",
            f"Confirm signing key {person} · {key.key_id}",
            world.member_b.name_en,  # the English name on an English page
            f"/en/keys/{key.key_id}/confirm/",
            "CSA",
            None,
            False,
        )
    ]
    assert items(rep) == []  # nobody confirms their own key
    told = Notification.objects.get(kind="agreements.key.registered")
    assert (told.recipient, told.subject, told.url) == (
        secretariat,
        f"待确认的签名密钥：{person}",
        f"/keys/{key.key_id}/confirm/",
    )
    key_confirm(by=secretariat, key=key, identity_check="身份证核验")
    assert items(secretariat) == []
    confirmed = Notification.objects.get(kind="agreements.key.confirmed")
    assert (confirmed.recipient, confirmed.subject, confirmed.url) == (
        rep,
        f"您的签名密钥 {key.key_id} 已确认",
        "/todo/",
    )
