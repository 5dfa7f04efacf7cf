"""Admission end to end: apply → first review → the council votes → accession signed → member.

Every step is a transition with history; a rejected applicant sees why; refusals change nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from itisa.accounts.models import RoleAssignment
from itisa.agreements import crypto
from itisa.agreements.services import key_confirm, key_register, signature_submit
from itisa.agreements.tests.fixtures import sign_b64
from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.governance.services import motion_close, vote_cast
from itisa.governance.tests.conftest import make_council
from itisa.membership.models import Application, ApplicationStatusChange, Membership
from itisa.membership.services import (
    AdmissionInput,
    application_prepare_accession,
    application_put_to_vote,
    application_reject,
    application_review,
    application_submit,
    application_withdraw,
)
from itisa.notifications.models import Notification
from itisa.registry.models import Organisation

BYD = {
    "name_zh": "比亚迪股份有限公司",
    "uscc": "91440300192317458F",
    "kind": "enterprise",
    "ownership": "private",
    "province": "44",
    "region_code": "440300",
    "industry": "C",
    "legal_rep_name": "王传福",
    "contact_name": "李联络",
    "contact_phone": "0755-00000000",
    "contact_email": "contact@example.com",
    "intended_contribution": "投入车规级 LED 照明研发人员十名，开放检测平台。",
    "rank": "council",
}


def _state() -> tuple[Any, ...]:
    return (
        list(Application.objects.order_by("pk").values_list("pk", "status", "rejection_reason")),
        ApplicationStatusChange.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
        AuditEntry.objects.count(),
    )


def _apply(world: Any, **changes: Any) -> Application:
    return application_submit(
        by=world.user("outsider"), alliance=world.csa, data=AdmissionInput(**{**BYD, **changes})
    )


def test_submitting_records_the_application_and_tells_the_secretariat(world: Any) -> None:
    app = _apply(world)
    assert (app.status, app.uscc, app.rank, app.organisation) == (
        "submitted",
        "91440300192317458F",
        "council",
        None,
    )
    assert list(app.status_changes.values_list("old_status", "new_status", "actor_label")) == [
        ("", "submitted", "outsider")
    ]
    note = Notification.objects.get(kind="membership.application.submitted")
    assert (note.recipient.username, note.subject) == ("secretariat", "新的入盟申请：比亚迪股份有限公司")
    before = _state()
    with pytest.raises(Conflict, match="already being handled"):
        _apply(world)
    assert _state() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"uscc": "91440300192317458X"}, "uscc"),
        ({"ownership": ""}, "ownership"),
        ({"kind": "university"}, "ownership"),
        ({"region_code": "370100"}, "region_code"),
        ({"intended_contribution": " "}, "intended_contribution"),
        ({"rank": "emperor"}, "rank"),
    ],
)
def test_bad_applications_are_refused_and_nothing_is_written(
    world: Any, changes: dict[str, str], field: str
) -> None:
    before = _state()
    with pytest.raises(DomainError) as exc:
        _apply(world, **changes)
    assert field in exc.value.fields
    assert _state() == before


def test_a_member_cannot_apply_again_and_anonymous_cannot_apply(world: Any) -> None:
    before = _state()
    with pytest.raises(Conflict, match="already a member"):
        _apply(world, uscc="914403001922038216", name_zh="甲公司")
    with pytest.raises(PermissionDenied):
        application_submit(by=None, alliance=world.csa, data=AdmissionInput(**BYD))
    assert _state() == before


def test_rejection_needs_a_reason_the_applicant_sees(world: Any) -> None:
    app = _apply(world)
    before = _state()
    with pytest.raises(DomainError):
        application_reject(by=world.user("secretariat"), application=app, reason="  ")
    with pytest.raises(PermissionDenied):
        application_reject(by=world.user("council_member"), application=app, reason="不符合")
    with pytest.raises(PermissionDenied):
        application_review(by=world.user("outsider"), application=app)
    assert _state() == before
    done = application_reject(by=world.user("secretariat"), application=app, reason="主营业务与联盟方向不符")
    assert (done.status, done.rejection_reason) == ("rejected", "主营业务与联盟方向不符")
    told = Notification.objects.get(recipient=world.user("outsider"), kind="membership.application.moved")
    assert (told.subject, told.body) == (
        "您向半导体照明产业技术创新战略联盟提交的申请：未通过",
        "主营业务与联盟方向不符",
    )
    with pytest.raises(InvalidTransition):
        application_review(by=world.user("secretariat"), application=app)


def test_the_applicant_may_withdraw_before_the_vote(world: Any) -> None:
    app = _apply(world)
    with pytest.raises(PermissionDenied):
        application_withdraw(by=world.user("secretariat"), application=app)
    assert (
        application_withdraw(by=world.user("outsider"), application=app, reason="改年再申请").status
        == "withdrawn"
    )


def _to_vote(world: Any) -> tuple[Application, Any]:
    council = make_council(world)
    s = world.user("secretariat")
    app = _apply(world)
    app = application_review(by=s, application=app, comment="材料齐全")
    assert app.organisation.uscc == "91440300192317458F"
    assert app.organisation.legal_representative.name_zh == "王传福"
    app = application_put_to_vote(
        by=s, application=app, body=council.body, deadline=timezone.now() + dt.timedelta(days=7)
    )
    assert (app.status, app.motion.title_zh) == ("voting", "关于接纳比亚迪股份有限公司为联盟成员单位的议案")
    return app, council


def test_a_failed_vote_rejects_the_application_with_the_tally(world: Any) -> None:
    app, _council = _to_vote(world)
    vote_cast(by=world.user("council_member"), motion=app.motion, choice="no")
    vote_cast(by=world.user("legal_representative"), motion=app.motion, choice="no")
    vote_cast(by=world.user("expert"), motion=app.motion, choice="yes")
    motion_close(by=world.user("secretariat"), motion=app.motion)
    app.refresh_from_db()
    assert app.status == "rejected"
    assert app.rejection_reason == "理事会未通过接纳您的议案（赞成 1，反对 2，弃权 0）。"
    assert list(app.status_changes.values_list("new_status", flat=True)) == [
        "submitted",
        "reviewed",
        "voting",
        "rejected",
    ]


def test_the_vote_only_goes_to_a_decision_body(world: Any) -> None:
    from itisa.governance.services import body_create

    council = make_council(world)
    experts = body_create(
        by=world.user("secretariat"), alliance=world.csa, body_type="expert_committee", name_zh="专家委员会"
    )
    app = application_review(by=world.user("secretariat"), application=_apply(world))
    before = _state()
    with pytest.raises(DomainError) as exc:
        application_put_to_vote(
            by=world.user("secretariat"),
            application=app,
            body=experts,
            deadline=timezone.now() + dt.timedelta(days=3),
        )
    assert "body" in exc.value.fields
    assert _state() == before
    assert council.body.kind == "decision"


def test_admission_end_to_end_the_accession_makes_a_member(world: Any, agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "a")
    aw.sign(version, "b")
    app, _council = _to_vote(world)
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=app.motion, choice="yes")
    motion_close(by=world.user("secretariat"), motion=app.motion)
    app.refresh_from_db()
    assert app.status == "approved"
    app = application_prepare_accession(by=world.user("secretariat"), application=app)
    assert (app.status, app.accession.kind, app.accession.status) == ("accession", "accession", "open")
    byd = app.organisation
    rep = world.user("outsider")
    RoleAssignment.objects.create(user=rep, role="legal_representative", alliance=world.csa, organisation=byd)
    private = Ed25519PrivateKey.generate()
    key = key_register(by=rep, organisation=byd, public_key=crypto.raw_public(private))
    key_confirm(by=world.user("secretariat"), key=key, identity_check="营业执照与身份证")
    signature_submit(
        by=rep, version=app.accession, key_id=key.key_id, signature=sign_b64(private, app.accession)
    )
    assert not Membership.objects.filter(organisation=byd).exists()
    aw.sign(app.accession, "a")  # the member bearing external liability signs for the alliance
    app.refresh_from_db()
    membership = Membership.objects.get(organisation=byd, alliance=world.csa)
    assert (app.status, app.membership, membership.rank, membership.joined_on) == (
        "active",
        membership,
        "council",
        timezone.localdate(),
    )
    assert list(app.status_changes.values_list("new_status", flat=True)) == [
        "submitted",
        "reviewed",
        "voting",
        "approved",
        "accession",
        "active",
    ]


def test_applying_with_someone_elses_credit_code_gives_no_sight_of_that_organisation(world: Any) -> None:
    """An application names an organisation by a credit code anyone can type. An organisation in no public
    alliance stays hidden from the applicant (404), and the application page does not link to it."""
    from django.test import Client

    from tests.factories import OrganisationFactory

    hidden = OrganisationFactory(uscc=BYD["uscc"], name_zh=BYD["name_zh"])
    app = _apply(world)
    app.organisation = hidden  # as the first review attaches a registered organisation
    app.save(update_fields=["organisation"])
    client = Client()
    client.force_login(world.user("outsider"))
    assert client.get(f"/organisations/{hidden.uscc}/").status_code == 404
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert 'data-testid="organisation-link"' not in page and f"/organisations/{hidden.uscc}/" not in page
    client.force_login(world.user("secretariat"))  # who may open the record sees the link
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert 'data-testid="organisation-link"' in page
