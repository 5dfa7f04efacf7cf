"""Agreement pages: panel, list, editor, open, withdraw, sign (pasted signature), keys, downloads."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client

from itisa.agreements import crypto
from itisa.agreements.models import AgreementVersion, Signature, SigningKey
from itisa.agreements.services import version_create
from itisa.agreements.tests.fixtures import MEMBER_A, MEMBER_B, complete_content, sign_b64
from itisa.audit.models import AuditEntry


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _state() -> tuple[int, int, int, int]:
    return (
        AgreementVersion.objects.count(),
        Signature.objects.count(),
        SigningKey.objects.count(),
        AuditEntry.objects.count(),
    )


def _editor_post(content: dict[str, Any]) -> dict[str, str]:
    """The form fields the editor sends for ``content`` (what a user would type)."""
    data: dict[str, str] = {
        k: str(content.get(k, ""))
        for k in ("title_zh", "title_en", "purpose_zh", "principles_zh", "liability_member", "admission_rules_zh",
                  "exit_rules_zh", "fund_rules_zh", "dissolution_zh")
    }  # fmt: skip
    data["exit_notice_days"] = str(content.get("exit_notice_days", 30))
    for i, g in enumerate(content.get("goals", [])):
        for f in ("title_zh", "title_en", "target", "due"):
            data[f"goals-{i}-{f}"] = g.get(f) or ""
    for i, t in enumerate(content.get("tasks", [])):
        data[f"tasks-{i}-party"] = t["party"]
        data[f"tasks-{i}-description_zh"] = t["description_zh"]
        for j, c in enumerate(t.get("commitments", [])):
            for f in ("kind", "description", "amount_cny", "quantity"):
                data[f"tasks-{i}-commitments-{j}-{f}"] = str(c.get(f) or "")
    for i, b in enumerate(content.get("bodies", [])):
        for f in ("kind", "name_zh", "duties_zh"):
            data[f"bodies-{i}-{f}"] = b[f]
    ip = content.get("ip", {})
    for f in (
        "default_ownership",
        "ownership_note_zh",
        "background_ip_zh",
        "member_licence",
        "non_member_licence",
    ):
        data[f"ip-{f}"] = ip.get(f) or ""
    for i, r in enumerate(ip.get("revenue_split", [])):
        data[f"ip-revenue_split-{i}-beneficiary"] = r["beneficiary"]
        data[f"ip-revenue_split-{i}-percent"] = r["percent"]
    if ip.get("cost_recovery_first"):
        data["ip-cost_recovery_first"] = "1"
    if "transfer_objection_days" in ip:
        data["ip-transfer_objection_days"] = str(ip["transfer_objection_days"])
    breach = content.get("breach", {})
    data["breach-breaches"] = "\n".join(breach.get("breaches", []))
    data["breach-remedies"] = "\n".join(breach.get("remedies", []))
    if breach.get("expulsion"):
        data["breach-expulsion"] = "1"
    if breach.get("grant_recovery"):
        data["breach-grant_recovery"] = "1"
    diffusion = content.get("diffusion", {})
    data["diffusion-mechanism_zh"] = diffusion.get("mechanism_zh", "")
    if diffusion.get("public_results"):
        data["diffusion-public_results"] = "1"
    disputes = content.get("disputes", {})
    if disputes.get("arbitration"):
        data["disputes-use_arbitration"] = "1"
        data["disputes-arbitration-institution"] = disputes["arbitration"]["institution"]
    if disputes.get("litigation"):
        data["disputes-use_litigation"] = "1"
        data["disputes-litigation-court"] = disputes["litigation"]["court"]
    term = content.get("term", {})
    data["term-years"] = str(term.get("years") or "")
    data["term-until"] = term.get("until") or ""
    data["term-entry_into_force_zh"] = term.get("entry_into_force_zh", "")
    for i, a in enumerate(content.get("annexes", [])):
        data[f"annexes-{i}-title_zh"] = a["title_zh"]
        data[f"annexes-{i}-text_zh"] = a["text_zh"]
    procedures = content.get("procedures")
    if procedures is not None:
        data["procedures-on"] = "1"
        for i, rule in enumerate(procedures["votes"]):
            for f, value in rule.items():
                if isinstance(value, bool):
                    if value:
                        data[f"procedures-votes-{i}-{f}"] = "1"
                else:
                    data[f"procedures-votes-{i}-{f}"] = str(value)
        for f, value in procedures.items():
            if f != "votes":
                data[f"procedures-{f}"] = str(value)
    return data


def test_editor_round_trip_then_open(agreement_world: Any) -> None:
    aw = agreement_world
    secretariat = client_for(aw.world.user("secretariat"))
    response = secretariat.post("/en/alliances/CSA/agreements/new/")
    assert response.status_code == 302
    assert response["Location"] == "/en/alliances/CSA/agreements/v1/edit/"
    page = secretariat.get("/en/alliances/CSA/agreements/v1/edit/")
    assert page.status_code == 200
    assert b"This must be filled in before the agreement is sent for signature." in page.content

    # a goal without a target: the error sits next to the target input, nothing is saved
    bad = complete_content(goals=[{"title_zh": "目标", "target": "", "due": "2027-01-01"}])
    before = _state()
    response = secretariat.post("/en/alliances/CSA/agreements/v1/edit/", _editor_post(bad))
    assert response.status_code == 200
    assert b'data-for="goals-0-target"' in response.content
    assert b"Every goal needs a measurable target." in response.content
    assert _state() == before
    assert AgreementVersion.objects.get(number=1).content["goals"] == []

    # both dispute methods
    both = complete_content(
        disputes={"arbitration": {"institution": "贸仲"}, "litigation": {"court": "海淀法院"}}
    )
    response = secretariat.post("/en/alliances/CSA/agreements/v1/edit/", _editor_post(both))
    assert b"Choose arbitration or litigation, not both" in response.content

    good = _editor_post(complete_content())
    response = secretariat.post("/en/alliances/CSA/agreements/v1/edit/", good)
    assert response.status_code == 302
    saved = AgreementVersion.objects.get(number=1).content
    expected = complete_content()
    assert saved["goals"] == [{**expected["goals"][0], "title_en": ""}]
    assert saved["tasks"][0]["commitments"] == [
        {"kind": "money", "description": "研发经费", "amount_cny": "5000000.00", "quantity": None}
    ]
    assert saved["tasks"][1]["commitments"][0]["quantity"] == 12
    assert saved["disputes"] == {
        "arbitration": {"institution": "中国国际经济贸易仲裁委员会"},
        "litigation": None,
    }
    assert saved["breach"]["breaches"] == ["泄露联盟保密信息", "未履行任务分工"]
    assert saved["diffusion"] == {
        "mechanism_zh": "联盟成果通过成果发布会和技术转让向行业扩散。",
        "public_results": True,
        "deadline_months": 12,  # the default term (itisa.diffusion)
    }
    assert 'name="diffusion-public_results" value="1" id="id-diffusion-public_results" checked' in (
        secretariat.get("/en/alliances/CSA/agreements/v1/edit/").content.decode()
    )

    # saving and asking to send goes to the confirmation page; confirming freezes the version
    response = secretariat.post("/en/alliances/CSA/agreements/v1/edit/", {**good, "then": "open"})
    assert response["Location"] == "/en/alliances/CSA/agreements/v1/open/"
    confirm = secretariat.get("/en/alliances/CSA/agreements/v1/open/")
    assert "甲公司" in confirm.content.decode()
    response = secretariat.post("/en/alliances/CSA/agreements/v1/open/", {"confirmed": "1"})
    assert response.status_code == 302
    version = AgreementVersion.objects.get(number=1)
    assert version.status == "open"
    assert len(version.digest) == 64


def test_the_editor_keeps_the_ip_terms_that_drive_licensing(agreement_world: Any) -> None:
    """Cost recovery first and the transfer objection window are edited and saved, never dropped."""
    aw = agreement_world
    secretariat = client_for(aw.world.user("secretariat"))
    secretariat.post("/en/alliances/CSA/agreements/new/")
    content = complete_content()
    content["ip"] = {**content["ip"], "cost_recovery_first": True, "transfer_objection_days": 30}
    response = secretariat.post("/en/alliances/CSA/agreements/v1/edit/", _editor_post(content))
    assert response.status_code == 302
    saved = AgreementVersion.objects.get(number=1).content["ip"]
    assert (saved["cost_recovery_first"], saved["transfer_objection_days"]) == (True, 30)
    page = secretariat.get("/en/alliances/CSA/agreements/v1/edit/").content.decode()
    assert 'name="ip-cost_recovery_first" value="1" id="id-ip-cost_recovery_first" checked' in page
    assert 'name="ip-transfer_objection_days" type="number" value="30"' in page
    # unticked and emptied: no cost recovery, the 45 days of the template
    content["ip"] = {**content["ip"], "cost_recovery_first": False}
    data = _editor_post(content)
    data["ip-transfer_objection_days"] = ""
    assert secretariat.post("/en/alliances/CSA/agreements/v1/edit/", data).status_code == 302
    saved = AgreementVersion.objects.get(number=1).content["ip"]
    assert (saved["cost_recovery_first"], saved["transfer_objection_days"]) == (False, 45)


def test_sign_with_a_pasted_signature_and_see_it_everywhere(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    rep_b = client_for(aw.rep_b)
    page = rep_b.get("/en/alliances/CSA/agreements/v1/sign/")
    assert page.status_code == 200
    assert f'data-key-ids="{aw.key_b.key_id} "'.encode() in page.content
    assert version.digest.encode() in page.content

    before = _state()
    wrong = base64.b64encode(Ed25519PrivateKey.generate().sign(bytes.fromhex(version.digest))).decode()
    response = rep_b.post(
        "/en/alliances/CSA/agreements/v1/sign/", {"key_id": aw.key_b.key_id, "signature": wrong}
    )
    assert response.status_code == 200
    assert (
        b"The signature does not verify against this version&#x27;s signing statement with this key."
        in response.content
    )
    assert _state() == before

    response = rep_b.post(
        "/en/alliances/CSA/agreements/v1/sign/",
        {"key_id": aw.key_b.key_id, "signature": sign_b64(aw.private_b, version)},
    )
    assert response.status_code == 302
    rep_a = client_for(aw.rep_a)
    response = rep_a.post(
        "/en/alliances/CSA/agreements/v1/sign/",
        {"key_id": aw.key_a.key_id, "signature": sign_b64(aw.private_a, version)},
        follow=True,
    )
    assert b"Every party has signed: the version is effective." in response.content
    assert b'data-status="effective"' in response.content

    alliance_page = client_for(aw.world.user("council_member")).get("/en/alliances/CSA/")
    panel = alliance_page.content.decode()
    assert 'data-testid="agreement-panel"' in panel
    assert panel.count('data-signed="1"') == 2
    assert (
        client_for(aw.world.user("outsider")).get("/en/alliances/CSA/").content.count(b"agreement-panel") == 0
    )

    pdf = client_for(aw.world.user("secretariat")).get("/en/alliances/CSA/agreements/v1/pdf/")
    assert (pdf.status_code, pdf.content[:5], pdf["Content-Disposition"]) == (
        200,
        b"%PDF-",
        'attachment; filename="CSA-v1.pdf"',
    )
    bundle = client_for(aw.world.user("secretariat")).get("/en/alliances/CSA/agreements/v1/bundle/")
    assert (bundle.status_code, bundle.content[:2]) == (200, b"PK")
    canonical = client_for(aw.world.user("secretariat")).get("/en/alliances/CSA/agreements/v1/canonical/")
    assert canonical.content == bytes(version.canonical)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("association_officer", 403),
        ("expert", 200),
        ("national_officer", 200),
    ],
)
def test_who_reads_the_agreement_pages(agreement_world: Any, persona: str, status: int) -> None:
    agreement_world.open_version()
    client = client_for(agreement_world.world.user(persona))
    for path in ("/alliances/CSA/agreements/", "/alliances/CSA/agreements/v1/"):
        assert client.get(path).status_code == status


@pytest.mark.parametrize("persona", ["council_member", "legal_representative", "national_officer"])
def test_only_the_secretariat_drafts_opens_and_withdraws(agreement_world: Any, persona: str) -> None:
    aw = agreement_world
    version_create(by=aw.world.user("secretariat"), alliance=aw.world.csa, content=complete_content())
    client = client_for(aw.world.user(persona))
    before = _state()
    assert client.post("/alliances/CSA/agreements/new/").status_code == 403
    assert (
        client.post("/alliances/CSA/agreements/v1/edit/", _editor_post(complete_content())).status_code == 403
    )
    assert client.post("/alliances/CSA/agreements/v1/open/", {"confirmed": "1"}).status_code == 403
    assert (
        client.post("/alliances/CSA/agreements/v1/withdraw/", {"reason": "x", "confirmed": "1"}).status_code
        == 403
    )
    assert _state() == before
    assert AgreementVersion.objects.get(number=1).status == "draft"


def test_withdraw_asks_for_confirmation(agreement_world: Any) -> None:
    aw = agreement_world
    aw.open_version()
    client = client_for(aw.world.user("secretariat"))
    first = client.post("/en/alliances/CSA/agreements/v1/withdraw/", {"reason": "条款有误"})
    assert first.status_code == 200
    assert b'data-testid="withdraw-confirmation"' in first.content
    assert AgreementVersion.objects.get(number=1).status == "open"
    second = client.post(
        "/en/alliances/CSA/agreements/v1/withdraw/", {"reason": "条款有误", "confirmed": "1"}
    )
    assert second.status_code == 302
    assert AgreementVersion.objects.get(number=1).status == "withdrawn"


def test_key_pages_register_confirm_revoke(world: Any) -> None:
    rep = client_for(world.user("legal_representative"))
    page = rep.get("/en/keys/")
    assert page.status_code == 200
    assert b'data-keygen="browser"' in page.content
    raw = crypto.raw_public(Ed25519PrivateKey.generate())
    before = _state()
    bad = rep.post("/en/keys/", {"organisation": MEMBER_B, "public_key": "not a key", "label": ""})
    assert b"Paste the PEM or base64 public key your browser or `itisa keys new` made." in bad.content
    assert _state() == before
    response = rep.post(
        "/en/keys/", {"organisation": MEMBER_B, "public_key": crypto.public_pem(raw), "label": "U盘"}
    )
    assert response.status_code == 302
    key = SigningKey.objects.get()
    assert (key.key_id, key.status, key.origin, key.label) == (
        crypto.key_id(raw),
        "pending",
        "browser",
        "U盘",
    )
    # no form at all for someone who represents no organisation
    assert b"key-register-form" not in client_for(world.user("member_contact")).get("/en/keys/").content
    assert (
        client_for(world.user("member_contact")).post("/en/keys/", {"organisation": MEMBER_A}).status_code
        == 403
    )

    secretariat = client_for(world.user("secretariat"))
    listing = secretariat.get("/en/keys/")
    assert f'data-key-id="{key.key_id}" data-status="pending"'.encode() in listing.content
    assert rep.get(f"/en/keys/{key.key_id}/confirm/").status_code == 403
    response = secretariat.post(f"/en/keys/{key.key_id}/confirm/", {"identity_check": "核验身份证原件"})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.status == "confirmed"
    response = rep.post(f"/en/keys/{key.key_id}/revoke/", {"reason": "换电脑"})
    assert b'data-testid="revoke-confirmation"' in response.content
    rep.post(f"/en/keys/{key.key_id}/revoke/", {"reason": "换电脑", "confirmed": "1"})
    key.refresh_from_db()
    assert (key.status, key.revoke_reason) == ("revoked", "换电脑")


def test_alliance_page_and_version_page_queries_do_not_grow_with_parties(agreement_world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from itisa.agreements.services import version_withdraw
    from tests.factories import MembershipFactory, OrganisationFactory

    aw = agreement_world
    secretariat = aw.world.user("secretariat")
    client = client_for(secretariat)
    pages = ("/en/alliances/CSA/", "/en/alliances/CSA/agreements/", "/en/alliances/CSA/agreements/v{n}/")

    def counts(number: int) -> list[int]:
        result = []
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page.format(n=number)).status_code == 200
            result.append(len(queries))
        return result

    two = aw.open_version()
    with_two_parties = counts(two.number)
    version_withdraw(by=secretariat, version=two, reason="增加成员后重新起草")
    for _ in range(6):
        MembershipFactory(alliance=aw.world.csa, organisation=OrganisationFactory(), rank="ordinary")
    eight = aw.open_version()
    assert eight.signatories.count() == 8
    # alliance page with its agreement panel, versions list, version page (each with the inbox badge's COUNT)
    # the alliance page also asks whether the alliance keeps a book (the ledger panel), and reads the
    # facts of its Article 8 checklist in a fixed number of queries (the eligibility panel), and its pilot
    # selections and the applications the viewer may see (the pilot panel, two queries), and looks for
    # notices of exit whose period has run before it lists the members (the exit clock, one query), and
    # counts the members it lists a page at a time; the panels of open development add one (standards' count
    # by stage), and the endorsements of the promoting bodies (promotion's panel, one)
    assert counts(eight.number) == with_two_parties == [33, 9, 12]


def test_accession_drafted_edited_and_sent_from_the_pages(agreement_world: Any) -> None:
    from tests.factories import MembershipFactory, OrganisationFactory

    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "a")
    aw.sign(version, "b")
    newcomer = OrganisationFactory(name_zh="丙研究院", kind="research_institute", ownership="")
    MembershipFactory(alliance=aw.world.csa, organisation=newcomer, rank="ordinary")
    client = client_for(aw.world.user("secretariat"))
    before = _state()
    bad = client.post("/en/alliances/CSA/agreements/accession/", {"organisation": MEMBER_A}, follow=True)
    assert "甲公司 is already a party to CSA/v1." in bad.content.decode()
    assert _state() == before
    response = client.post("/en/alliances/CSA/agreements/accession/", {"organisation": newcomer.uscc})
    assert response["Location"] == "/en/alliances/CSA/agreements/v2/edit/"
    page = client.get("/en/alliances/CSA/agreements/v2/edit/")
    assert "丙研究院 接受 CSA/v1 的全部条款，成为其协议方。" in page.content.decode()
    response = client.post(
        "/en/alliances/CSA/agreements/v2/edit/",
        {
            "undertaking_zh": "丙研究院接受CSA/v1全部条款。",
            "task-party": newcomer.uscc,
            "task-description_zh": "承担检测平台建设",
            "task-commitments-0-kind": "money",
            "task-commitments-0-description": "平台经费",
            "task-commitments-0-amount_cny": "",
            "then": "open",
        },
    )
    assert response.status_code == 200
    assert b'data-for="task-commitments-0-amount_cny"' in response.content
    assert b"A money commitment needs an amount in CNY." in response.content
    response = client.post(
        "/en/alliances/CSA/agreements/v2/edit/",
        {
            "undertaking_zh": "丙研究院接受CSA/v1全部条款。",
            "task-party": newcomer.uscc,
            "task-description_zh": "承担检测平台建设",
            "task-commitments-0-kind": "money",
            "task-commitments-0-description": "平台经费",
            "task-commitments-0-amount_cny": "800000.00",
            "then": "open",
        },
    )
    assert response["Location"] == "/en/alliances/CSA/agreements/v2/open/"
    client.post("/en/alliances/CSA/agreements/v2/open/", {"confirmed": "1"})
    accession = AgreementVersion.objects.get(number=2)
    assert (accession.kind, accession.status) == ("accession", "open")
    assert [(s.uscc, s.capacity) for s in accession.signatories.all()] == [
        (newcomer.uscc, "acceding"),
        (MEMBER_A, "for_alliance"),
    ]
    assert accession.content["task"]["commitments"][0]["amount_cny"] == "800000.00"


@pytest.mark.parametrize(
    ("persona", "key", "message"),
    [
        # somebody else's key, with a valid signature made by its holder
        ("council_member", "b", b"This key is held by another account."),
        # the holder of 甲公司's key signs again after 甲公司 has signed
        ("rep_a", "a", "甲公司 has already signed this version.".encode()),
    ],
)
def test_a_refused_signature_is_shown_and_nothing_is_stored(
    agreement_world: Any, persona: str, key: str, message: bytes
) -> None:
    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "a")
    user = aw.rep_a if persona == "rep_a" else aw.world.user(persona)
    signing_key, private = (aw.key_a, aw.private_a) if key == "a" else (aw.key_b, aw.private_b)
    before = _state()
    response = client_for(user).post(
        "/en/alliances/CSA/agreements/v1/sign/",
        {"key_id": signing_key.key_id, "signature": sign_b64(private, version)},
    )
    assert response.status_code == 200
    assert b'data-testid="form-errors"' in response.content
    assert message in response.content
    assert _state() == before
    assert AgreementVersion.objects.get(number=1).status == "open"


def test_sign_page_offers_no_key_to_a_party_that_has_signed(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "a")
    signed = client_for(aw.rep_a).get("/en/alliances/CSA/agreements/v1/sign/")
    assert b'data-testid="no-signing-key"' in signed.content
    assert b'data-testid="browser-sign"' not in signed.content
    unsigned = client_for(aw.rep_b).get("/en/alliances/CSA/agreements/v1/sign/")
    assert b'data-testid="browser-sign"' in unsigned.content


def test_panel_flags_a_legal_representative_changed_after_signing(agreement_world: Any) -> None:
    from tests.factories import PersonFactory

    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "a")
    aw.sign(version, "b")
    successor = PersonFactory(name_zh="王新")
    # the registry records a new legal representative of 乙大学 (the signature stays valid)
    type(aw.world.member_b).objects.filter(pk=aw.world.member_b.pk).update(legal_representative=successor)
    page = client_for(aw.world.user("council_member")).get("/en/alliances/CSA/").content.decode()
    assert page.count('data-testid="representative-changed"') == 1
    assert "Legal representative changed since: now 王新" in page
    assert page.count('data-signed="1"') == 2
    assert Signature.objects.filter(version=version).count() == 2


def test_a_frozen_version_is_not_edited(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    client = client_for(aw.world.user("secretariat"))
    before = _state()
    response = client.post(
        "/en/alliances/CSA/agreements/v1/edit/", _editor_post(complete_content(title_zh="改过的标题"))
    )
    assert response["Location"] == "/en/alliances/CSA/agreements/v1/"
    assert _state() == before
    version.refresh_from_db()
    assert (version.status, version.content["title_zh"]) == ("open", "半导体照明产业技术创新战略联盟协议")


def test_the_editor_states_the_procedures_and_shows_their_errors_at_the_fields(agreement_world: Any) -> None:
    aw = agreement_world
    secretariat = client_for(aw.world.user("secretariat"))
    secretariat.post("/en/alliances/CSA/agreements/new/")
    # a new founding draft starts with the template's day counts and no rules (it names no body yet)
    draft = AgreementVersion.objects.get(number=1)
    assert draft.content["procedures"] == {**complete_content()["procedures"], "votes": []}
    page = secretariat.get("/en/alliances/CSA/agreements/v1/edit/").content.decode()
    assert 'name="procedures-notice_ordinary_days" type="number" value="45"' in page
    assert page.count('data-testid="vote-rule-row"') == 1  # the empty row

    content = complete_content()
    rules = content["procedures"]["votes"]
    rules[0].update(quorum="1/2", quorum_comparison="more_than", chair_casting_vote=True)
    rules[1].update(veto_days=10)
    content["procedures"]["notice_ordinary_days"] = 30
    content["procedures"]["breach_cure_days"] = 60
    response = secretariat.post("/en/alliances/CSA/agreements/v1/edit/", _editor_post(content))
    assert response.status_code == 302
    saved = AgreementVersion.objects.get(number=1).content["procedures"]
    assert saved == content["procedures"]
    assert saved["votes"][0] == {
        "body_zh": "理事会",
        "matter": "ordinary",
        "quorum": "1/2",
        "quorum_comparison": "more_than",
        "threshold": "2/3",
        "threshold_comparison": "at_least",
        "threshold_base": "cast",
        "abstentions_count_as_present": True,
        "chair_casting_vote": True,
        "veto_days": 0,
    }
    page = secretariat.get("/en/alliances/CSA/agreements/v1/edit/").content.decode()
    assert 'name="procedures-votes-0-chair_casting_vote" value="1" checked' in page
    assert 'name="procedures-breach_cure_days" type="number" value="60"' in page

    # wrong values: each message sits at its input, nothing is saved
    bad = complete_content()
    bad["procedures"]["votes"][0]["quorum"] = "4/3"
    bad["procedures"]["votes"][1]["body_zh"] = "专家委员会"
    bad["procedures"]["notice_ordinary_days"] = 10
    bad["procedures"]["minutes_objection_days"] = ""
    before = _state()
    response = secretariat.post("/en/alliances/CSA/agreements/v1/edit/", _editor_post(bad))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'data-for="procedures-minutes_objection_days"><div>Enter a whole number in the allowed range.</div>'
        in html
    )
    assert _state() == before
    bad["procedures"]["minutes_objection_days"] = 15
    response = secretariat.post("/en/alliances/CSA/agreements/v1/edit/", _editor_post(bad))
    html = response.content.decode()
    for name, message in (
        ("procedures-votes-0-quorum", "A share between 0 and 1, such as 1/2 or 2/3."),
        ("procedures-votes-1-body_zh", "专家委员会 is not a decision body of this agreement."),
        (
            "procedures-notice_extraordinary_days",
            "An extraordinary meeting&#x27;s notice is not longer than an ordinary one&#x27;s.",
        ),
    ):
        assert f'data-for="{name}"><div>{message}</div>' in html, name
    assert _state() == before
    assert AgreementVersion.objects.get(number=1).content["procedures"] == content["procedures"]


def test_the_template_button_fills_the_procedures_for_the_bodies_named(agreement_world: Any) -> None:
    aw = agreement_world
    secretariat = client_for(aw.world.user("secretariat"))
    # a draft made before procedures were stated
    version_create(
        by=aw.world.user("secretariat"), alliance=aw.world.csa, content=complete_content(procedures=None)
    )
    page = secretariat.get("/en/alliances/CSA/agreements/v1/edit/").content.decode()
    assert 'data-testid="procedures-template"' in page
    assert 'name="procedures-on"' not in page
    assert (
        "<code>procedures</code>: State the procedures: start from the template&#x27;s and adjust them."
        in page
    )
    form = _editor_post(complete_content(procedures=None))
    form["bodies-3-kind"] = "decision"
    form["bodies-3-name_zh"] = "成员大会"
    form["bodies-3-duties_zh"] = "修改协议"
    response = secretariat.post("/en/alliances/CSA/agreements/v1/edit/", {**form, "procedures-template": "1"})
    assert response["Location"] == "/en/alliances/CSA/agreements/v1/edit/#procedures"
    saved = AgreementVersion.objects.get(number=1).content["procedures"]
    assert [(v["body_zh"], v["matter"], v["threshold_base"], v["veto_days"]) for v in saved["votes"]] == [
        ("理事会", "ordinary", "cast", 0),
        ("理事会", "important", "seats", 15),
        ("成员大会", "ordinary", "cast", 0),
        ("成员大会", "important", "seats", 15),
    ]
    assert (saved["notice_ordinary_days"], saved["confidentiality_years"]) == (45, 4)
    page = secretariat.get("/en/alliances/CSA/agreements/v1/edit/").content.decode()
    assert page.count('data-testid="vote-rule-row"') == 5
    assert "<code>procedures</code>" not in page


def test_the_version_page_shows_the_procedures(agreement_world: Any) -> None:
    aw = agreement_world
    aw.open_version()
    client = client_for(aw.world.user("council_member"))
    page = client.get("/en/alliances/CSA/agreements/v1/").content.decode()
    assert page.count('data-testid="procedure-rule"') == 2
    assert (
        'title="理事会 · Important matters: quorum at least 2/3 of the seats; passes with at least 2/3 of all'
        ' seats; abstentions count as present; no casting vote; veto within 15 days"'
    ) in page
    assert "<td>cure period 30 days after notice</td>" in page
    zh = client.get("/alliances/CSA/agreements/v1/").content.decode()
    assert "<td>通过 不少于 2/3 的所投票数</td>" in zh
    assert "<td>否决期 15 天</td>" in zh
    # the terms a reader meets on an opened version are explained where they appear
    assert "<summary>这些术语是什么意思？</summary>" in zh
    assert "<dt>验证包</dt><dd>包含文本、PDF、签名和公钥的 zip 文件" in zh


def test_sign_page_shows_the_statement_and_the_command_and_serves_the_exact_bytes(
    agreement_world: Any,
) -> None:
    from django.test import Client

    from itisa.agreements.models import SigningCopy

    aw = agreement_world
    version = aw.open_version()
    copy = SigningCopy.objects.get(version=version)
    client = Client()
    client.force_login(aw.rep_b)
    page = client.get(f"/en/alliances/CSA/agreements/v{version.number}/sign/").content.decode()
    statement = (
        "itisa-signature-statement/2\n"
        f"version: CSA/v{version.number}\n"
        f"canonical.json sha256: {version.digest}\n"
        f"agreement.pdf sha256: {copy.pdf_sha256}\n"
    )
    assert f'<pre class="small mb-2" data-testid="sign-statement">{statement}</pre>' in page
    assert f"itisa keys sign --key my-key.pem CSA-v{version.number}-statement.txt" in page
    assert 'data-testid="keyfile-input"' in page
    assert "itisa agreement sign --key" not in page
    download = client.get(f"/en/alliances/CSA/agreements/v{version.number}/statement/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content if download.streaming else [download.content]) == (
        statement.encode()
    )
    pdf = client.get(f"/en/alliances/CSA/agreements/v{version.number}/pdf/")
    assert pdf.content == bytes(copy.pdf)


def test_comparison_shows_changed_clauses_against_the_version_in_force(
    agreement_world: Any, django_assert_max_num_queries: Any
) -> None:
    from django.test import Client

    from itisa.agreements.services import version_create, version_open, version_update

    aw = agreement_world
    v1 = aw.open_version()
    aw.sign(v1, "a")
    aw.sign(v1, "b")
    secretariat = aw.world.user("secretariat")
    v2 = version_create(by=secretariat, alliance=aw.world.csa)
    version_update(by=secretariat, version=v2, content={**v2.content, "exit_notice_days": 60})
    version_open(by=secretariat, version=v2)
    client = Client()
    client.force_login(aw.rep_b)
    with django_assert_max_num_queries(25):
        page = client.get("/en/alliances/CSA/agreements/v2/compare/").content.decode()
    assert "CSA/v2 compared with CSA/v1" in page
    assert page.count('data-changed="1"') == 1
    assert 'data-clause="membership" data-changed="1" open>' in page
    assert (
        '<div class="itisa-compare-line itisa-compare-removed" data-testid="line-removed">exit_notice_days: 30</div>'
        in page
    )
    assert (
        '<div class="itisa-compare-line itisa-compare-added" data-testid="line-added">exit_notice_days: 60</div>'
        in page
    )
    assert 'data-clause="goals" data-changed="0">' in page
    # the to-do of the amendment opens the comparison
    from django.utils import timezone, translation

    from itisa.agreements.todo import todos

    with translation.override("zh-hans"):
        assert [t.url for t in todos(aw.rep_b, timezone.now())] == ["/alliances/CSA/agreements/v2/compare/"]
    # a founding agreement has nothing to compare with
    assert client.get("/en/alliances/CSA/agreements/v1/compare/").status_code == 404
