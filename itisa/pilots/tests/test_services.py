"""Services of the pilot program: calls, applications, materials, submission, moves, decisions, publication."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.notifications.models import Notification
from itisa.pilots import services
from itisa.pilots.models import Application, ApplicationStatusChange, Call, Material
from itisa.pilots.tests.pilot_fixtures import (
    CODES,
    PDF,
    audit_count,
    fill,
    make_call,
    submitted,
    to_review,
)
from itisa.registry.models import AllianceStatusChange
from tests.factories import AllianceFactory

pytestmark = pytest.mark.django_db


# --- calls ----------------------------------------------------------------------------------------


def test_a_call_gets_the_default_checklist_and_rubric(world: Any) -> None:
    call = make_call(world)
    assert call.status == "open"
    assert [m["code"] for m in call.materials] == [
        "application_form", "agreement", "charter", "member_list", "bodies_staff", "fund_rules", "ip_rules",
        "work_summary",
    ]  # fmt: skip
    assert {c["code"]: c["weight"] for c in call.rubric} == {
        "innovation": 25, "industry": 20, "governance": 20, "cooperation": 20, "funds": 15,
    }  # fmt: skip
    assert list(AuditEntry.objects.filter(object_type="pilots.call").values_list("action", flat=True)) == [
        "pilots.call.created",
        "pilots.call.moved",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"rules": "1999"}, "rules", "Unknown rule set “1999”; choose one of 2008, 2016."),
        ({"closes_on": dt.date(2020, 1, 1)}, "closes_on", "The call must close on or after the day it opens."),
        ({"max_pilots": -1}, "max_pilots", "Give a whole number, zero or more."),
        (
            {"rubric": [{"code": "a", "label_zh": "甲", "label_en": "A", "weight": 60},
                        {"code": "b", "label_zh": "乙", "label_en": "B", "weight": 30}]},
            "rubric",
            "The weights add up to 90; they must add up to 100.",
        ),
        ({"materials": [{"code": "Bad Code", "label_zh": "甲", "label_en": "A"}]}, "materials",
         "“Bad Code” is not a valid code (lower-case letters, digits, underscores)."),
    ],
)  # fmt: skip
def test_a_call_with_a_wrong_value_is_refused(
    world: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    values = {"title_zh": "试点", "opens_on": dt.date(2026, 3, 1), "closes_on": dt.date(2026, 4, 1), "rules": "2008",
              "max_pilots": 1, "max_cultivation": 1, **changes}  # fmt: skip
    with pytest.raises(DomainError) as exc:
        services.call_create(by=world.user("national_officer"), data=services.CallInput(**values))
    assert exc.value.fields[field] == [message]
    assert Call.objects.count() == 0
    assert audit_count() == 0


@pytest.mark.parametrize(
    "persona", ["secretariat", "provincial_officer", "association_officer", "expert", "outsider"]
)
def test_only_the_national_office_creates_calls(world: Any, persona: str) -> None:
    values = {"title_zh": "试点", "opens_on": dt.date(2026, 3, 1), "closes_on": dt.date(2026, 4, 1), "rules": "2008",
              "max_pilots": 1, "max_cultivation": 1}  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.call_create(by=world.user(persona), data=services.CallInput(**values))
    assert Call.objects.count() == 0
    assert audit_count() == 0


# --- applications and materials ----------------------------------------------------------------


def test_one_application_per_alliance_and_call(world: Any, call: Call) -> None:
    services.application_create(by=world.user("secretariat"), call=call, alliance=world.csa)
    before = audit_count()
    with pytest.raises(Conflict, match="CSA has already applied to this call."):
        services.application_create(by=world.user("secretariat"), call=call, alliance=world.csa)
    assert Application.objects.count() == 1
    assert audit_count() == before


@pytest.mark.parametrize("persona", ["council_member", "national_officer", "provincial_officer", "outsider"])
def test_only_the_secretariat_applies(world: Any, call: Call, persona: str) -> None:
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services.application_create(by=world.user(persona), call=call, alliance=world.csa)
    assert Application.objects.count() == 0
    assert audit_count() == before


def test_a_closed_call_takes_no_applications(world: Any, call: Call) -> None:
    services.call_close(by=world.user("national_officer"), call=call)
    call.refresh_from_db()
    with pytest.raises(PermissionDenied, match="The call is not open for applications."):
        services.application_create(by=world.user("secretariat"), call=call, alliance=world.csa)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("agreement.pdf", b"<html>not a pdf</html>", "Only PDF files are accepted."),
        ("agreement.exe", PDF, "Only PDF files are accepted."),
        ("agreement.pdf", b"", "The file is empty."),
        ("agreement.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "The file is larger than 10 MB."),
    ],
)
def test_hostile_uploads_are_refused(world: Any, call: Call, name: str, data: bytes, message: str) -> None:
    application = services.application_create(by=world.user("secretariat"), call=call, alliance=world.csa)
    before = audit_count()
    with pytest.raises(DomainError) as exc:
        services.material_upload(
            by=world.user("secretariat"), application=application, code="charter", name=name, data=data
        )
    assert exc.value.message == message
    assert Material.objects.count() == 0
    assert audit_count() == before


def test_an_upload_is_stored_under_its_digest_never_the_users_name(
    world: Any, call: Call, media: Any
) -> None:
    application = services.application_create(by=world.user("secretariat"), call=call, alliance=world.csa)
    material = services.material_upload(
        by=world.user("secretariat"),
        application=application,
        code="charter",
        name="../../etc/passwd.pdf",
        data=PDF,
    )
    assert material.file.name == f"pilots/{application.pk}/{material.sha256}.pdf"
    assert material.original_name == "....etcpasswd.pdf"
    assert material.size == len(PDF)
    assert (media / material.file.name).read_bytes() == PDF


def test_the_platform_supplies_the_member_list_but_not_an_agreement_it_does_not_hold(
    world: Any, call: Call
) -> None:
    application = services.application_create(by=world.user("secretariat"), call=call, alliance=world.csa)
    material = services.material_generate(
        by=world.user("secretariat"), application=application, code="member_list"
    )
    assert (material.kind, material.reference) == ("generated", "/alliances/CSA/")
    with pytest.raises(DomainError, match="The platform holds no effective agreement of this alliance"):
        services.material_generate(by=world.user("secretariat"), application=application, code="agreement")
    with pytest.raises(DomainError, match="The platform cannot supply this material"):
        services.material_generate(by=world.user("secretariat"), application=application, code="charter")
    assert list(application.materials.values_list("code", flat=True)) == ["member_list"]


# --- submission ----------------------------------------------------------------------------------


def test_submission_with_a_missing_material_is_refused_and_nothing_changes(
    world: Any, call: Call, needs_review: Any
) -> None:
    application = services.application_create(by=world.user("secretariat"), call=call, alliance=world.csa)
    for code in CODES:  # every material but the IP rules (a material, once added, is never deleted)
        if code != "ip_rules":
            services.material_upload(
                by=world.user("secretariat"), application=application, code=code, name="m.pdf", data=PDF
            )
    before = audit_count()
    with pytest.raises(DomainError) as exc:
        services.application_submit(by=world.user("secretariat"), application=application)
    assert exc.value.message == "Materials are missing: 知识产权管理制度."
    assert exc.value.fields == {"materials": ["ip_rules"]}
    application.refresh_from_db()
    assert (application.status, application.eligibility, application.submitted_at) == ("draft", None, None)
    assert ApplicationStatusChange.objects.count() == 0
    assert audit_count() == before


def test_submission_is_refused_when_a_criterion_fails(world: Any, call: Call) -> None:
    """The real eligibility engine: CSA in the test world has no agreement and no bodies, so it fails."""
    application = services.application_create(by=world.user("secretariat"), call=call, alliance=world.csa)
    fill(world, application)
    before = audit_count()
    with pytest.raises(DomainError) as exc:
        services.application_submit(by=world.user("secretariat"), application=application)
    assert exc.value.message.startswith(
        "The alliance fails eligibility criteria: art8.2.agreement, art8.2.goals,"
    )
    assert "art8.3.bodies" in exc.value.fields["eligibility"]
    application.refresh_from_db()
    assert (application.status, application.eligibility) == ("draft", None)
    assert audit_count() == before


def test_submission_freezes_the_report_writes_history_audit_and_tells_the_secretariat(
    world: Any, call: Call, needs_review: Any
) -> None:
    application = submitted(world, call)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.eligible is None
    assert application.eligibility == {**needs_review, "alliance": "CSA"}
    history = list(application.status_changes.values_list("old_status", "new_status", "actor_label"))
    assert history == [("draft", "submitted", "secretariat")]
    entry = AuditEntry.objects.filter(action="pilots.application.moved").get()
    assert (entry.data["from"], entry.data["to"], entry.data["eligible"]) == ("draft", "submitted", None)
    note = Notification.objects.get(kind="pilots.application.moved")
    # rendered in Chinese for the inbox; the status label is translated
    assert note.recipient.username == "secretariat"
    assert note.subject.startswith("CSA") or "CSA" in note.subject
    assert note.subject.endswith("：已提交") or note.subject.endswith(": 已提交")
    assert note.url == f"/pilots/applications/{application.pk}/"


def test_a_draft_cannot_be_submitted_once_the_call_is_closed(
    world: Any, call: Call, needs_review: Any
) -> None:
    secretariat = world.user("secretariat")
    application = fill(world, services.application_create(by=secretariat, call=call, alliance=world.csa))
    services.call_close(by=world.user("national_officer"), call=call)
    before = audit_count()
    with pytest.raises(DomainError) as exc:
        services.application_submit(by=secretariat, application=application)
    assert (exc.value.message, exc.value.fields) == (
        "The call is not open for applications.",
        {"call": ["The call is not open for applications."]},
    )
    application.refresh_from_db()
    assert (application.status, application.submitted_at, application.eligibility) == ("draft", None, None)
    assert audit_count() == before


def test_a_draft_cannot_be_submitted_after_the_window_closes(
    world: Any, call: Call, needs_review: Any
) -> None:
    secretariat = world.user("secretariat")
    application = fill(world, services.application_create(by=secretariat, call=call, alliance=world.csa))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Call.objects.filter(pk=call.pk).update(opens_on=yesterday - dt.timedelta(days=30), closes_on=yesterday)
    application.refresh_from_db()
    with pytest.raises(DomainError, match="The call is not open for applications."):
        services.application_submit(by=secretariat, application=application)
    assert Application.objects.get(pk=application.pk).status == "draft"


def test_a_returned_application_goes_back_after_the_call_closes(
    world: Any, call: Call, needs_review: Any
) -> None:
    office, secretariat = world.user("national_officer"), world.user("secretariat")
    application = submitted(world, call)
    services.application_move(by=office, application=application, target="formal_check")
    services.application_return(by=office, application=application, comment="补充工作总结。")
    services.call_close(by=office, call=call)
    application.refresh_from_db()
    services.application_submit(by=secretariat, application=application)
    assert Application.objects.get(pk=application.pk).status == "resubmitted"


def test_materials_cannot_change_once_submitted(world: Any, call: Call, needs_review: Any) -> None:
    application = submitted(world, call)
    before = audit_count()
    with pytest.raises(PermissionDenied, match="The application is with the national office"):
        services.material_upload(
            by=world.user("secretariat"), application=application, code="charter", name="c.pdf", data=PDF
        )
    assert audit_count() == before


# --- the workflow --------------------------------------------------------------------------------


def test_return_and_resubmission(world: Any, call: Call, needs_review: Any) -> None:
    office = world.user("national_officer")
    application = submitted(world, call)
    services.application_move(by=office, application=application, target="formal_check")
    with pytest.raises(DomainError) as exc:
        services.application_return(by=office, application=application, comment="  ")
    assert exc.value.fields == {"comment": ["Say what to correct."]}
    services.application_return(by=office, application=application, comment="章程缺少盖章页。")
    services.material_upload(
        by=world.user("secretariat"), application=application, code="charter", name="c2.pdf", data=PDF + b"2"
    )
    services.application_submit(by=world.user("secretariat"), application=application)
    services.application_move(by=office, application=application, target="submitted")
    rows = list(application.status_changes.values_list("old_status", "new_status", "comment"))
    assert rows == [
        ("draft", "submitted", ""),
        ("submitted", "formal_check", ""),
        ("formal_check", "returned", "章程缺少盖章页。"),
        ("returned", "resubmitted", ""),
        ("resubmitted", "submitted", ""),
    ]
    assert Notification.objects.filter(kind="pilots.application.moved").count() == 5


def test_a_move_outside_the_table_is_refused(world: Any, call: Call, needs_review: Any) -> None:
    application = submitted(world, call)
    before = audit_count()
    with pytest.raises(
        InvalidTransition, match="An application that is “Submitted” cannot move to “Expert review”."
    ):
        services.application_move(
            by=world.user("national_officer"), application=application, target="expert_review"
        )
    with pytest.raises(PermissionDenied, match="You may not make this move on the application."):
        services.application_move(
            by=world.user("secretariat"), application=application, target="formal_check"
        )
    application.refresh_from_db()
    assert application.status == "submitted"
    assert audit_count() == before


# --- decisions and publication -------------------------------------------------------------------


def _reviewed(world: Any, call: Call, alliance: Any = None) -> Application:
    return to_review(world, submitted(world, call, alliance))


def _second_alliance(world: Any) -> Any:
    from itisa.accounts.models import RoleAssignment

    other = AllianceFactory(code="EVA", industry="C", status="established")
    RoleAssignment.objects.create(user=world.user("secretariat"), role="secretariat", alliance=other)
    from itisa.accounts.roles import forget_roles

    forget_roles(world.user("secretariat"))
    return other


def test_the_maxima_of_the_call_are_enforced(world: Any, call: Call, needs_review: Any) -> None:
    office = world.user("national_officer")
    first = _reviewed(world, call)
    second = _reviewed(world, call, _second_alliance(world))
    services.application_decide(by=office, application=first, outcome="pilot", reasons="综合评分第一。")
    before = audit_count()
    with pytest.raises(
        Conflict, match="The call allows at most 1 “Pilot” decisions, and they are all taken."
    ):
        services.application_decide(by=office, application=second, outcome="pilot", reasons="第二。")
    second.refresh_from_db()
    assert (second.status, second.outcome) == ("expert_review", "")
    assert audit_count() == before
    services.application_decide(by=office, application=second, outcome="cultivation", reasons="重点培育。")
    second.refresh_from_db()
    assert (second.status, second.outcome, second.decision_reasons) == (
        "decided",
        "cultivation",
        "重点培育。",
    )


def test_a_decision_needs_reasons(world: Any, call: Call, needs_review: Any) -> None:
    application = _reviewed(world, call)
    with pytest.raises(DomainError) as exc:
        services.application_decide(
            by=world.user("national_officer"), application=application, outcome="maybe", reasons=""
        )
    assert exc.value.fields == {
        "outcome": ["Choose pilot, cultivation or not selected."],
        "reasons": ["Give the reasons for the decision."],
    }


def test_publication_makes_the_pilot_a_pilot_for_two_years(world: Any, call: Call, needs_review: Any) -> None:
    office = world.user("national_officer")
    application = _reviewed(world, call)
    services.application_decide(by=office, application=application, outcome="pilot", reasons="综合评分第一。")
    with pytest.raises(InvalidTransition):
        services.call_publish(by=office, call=call)  # still open
    services.call_close(by=office, call=call)
    services.call_publish(by=office, call=call, on=dt.date(2026, 6, 1))
    application.refresh_from_db()
    world.csa.refresh_from_db()
    call.refresh_from_db()
    assert call.status == "published"
    assert (application.status, application.pilot_from, application.pilot_until) == (
        "published", dt.date(2026, 6, 1), dt.date(2028, 5, 31),
    )  # fmt: skip
    assert world.csa.status == "pilot"
    change = AllianceStatusChange.objects.filter(alliance=world.csa).latest("pk")
    assert (change.old_status, change.new_status, change.actor_label) == (
        "established",
        "pilot",
        "national_officer",
    )
    assert AuditEntry.objects.filter(action="pilots.call.published").get().data == {
        "from": "closed", "to": "published", "pilot": 1, "cultivation": 0, "not_selected": 0,
    }  # fmt: skip


def test_publication_waits_for_every_decision(world: Any, call: Call, needs_review: Any) -> None:
    office = world.user("national_officer")
    submitted(world, call)
    services.call_close(by=office, call=call)
    before = audit_count()
    with pytest.raises(Conflict, match="Decide every application first; still being handled: CSA."):
        services.call_publish(by=office, call=call)
    call.refresh_from_db()
    assert call.status == "closed"
    assert audit_count() == before


def test_an_alliance_that_is_not_established_cannot_be_made_a_pilot(
    world: Any, call: Call, needs_review: Any
) -> None:
    office = world.user("national_officer")
    application = _reviewed(world, call)
    world.csa.status = "suspended"
    world.csa.save(update_fields=["status"])
    with pytest.raises(
        Conflict,
        match="CSA is “Suspended”, not “Established”: only an established alliance can become a pilot.",
    ):
        services.application_decide(by=office, application=application, outcome="pilot", reasons="好。")
    application.refresh_from_db()
    assert application.status == "expert_review"


def test_steps_recorded_at_a_past_moment_are_checked_and_dated_then(
    world: Any, call: Call, needs_review: Any
) -> None:
    """``now`` (the demo's earlier call): the window is checked on that day, and the submission, the moves,
    the decision, the publication, the pilot period and the registry's move carry that moment."""
    office, secretariat = world.user("national_officer"), world.user("secretariat")
    today = timezone.localdate()
    Call.objects.filter(pk=call.pk).update(
        opens_on=today - dt.timedelta(days=60), closes_on=today - dt.timedelta(days=30)
    )
    call.refresh_from_db()

    def at(days: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time(10, 0)))

    with pytest.raises(PermissionDenied, match="The call is not open for applications."):
        services.application_create(by=secretariat, call=call, alliance=world.csa)
    application = services.application_create(by=secretariat, call=call, alliance=world.csa, now=at(45))
    for code in CODES:
        services.material_upload(by=secretariat, application=application, code=code, name=f"{code}.pdf", data=PDF,
                                 now=at(45))  # fmt: skip
    services.application_submit(by=secretariat, application=application, now=at(40))
    for target in ("formal_check", "expert_review"):
        services.application_move(by=office, application=application, target=target, now=at(35))
    services.application_decide(
        by=office, application=application, outcome="pilot", reasons="好。", now=at(20)
    )
    services.call_close(by=office, call=call)
    services.call_publish(by=office, call=call, now=at(10))
    application.refresh_from_db()
    assert set(application.materials.values_list("added_at", flat=True)) == {at(45)}
    assert (application.submitted_at, application.decided_at, application.pilot_from, application.pilot_until) == (
        at(40), at(20), today - dt.timedelta(days=10), services.pilot_period(today - dt.timedelta(days=10))[1],
    )  # fmt: skip
    assert list(application.status_changes.order_by("pk").values_list("new_status", "at")) == [
        ("submitted", at(40)), ("formal_check", at(35)), ("expert_review", at(35)), ("decided", at(20)),
        ("published", at(10)),
    ]  # fmt: skip
    assert Call.objects.get(pk=call.pk).published_at == at(10)
    change = AllianceStatusChange.objects.filter(alliance=world.csa).latest("pk")
    assert (change.new_status, change.at) == ("pilot", at(10))


def test_pilot_period_on_29_february() -> None:
    assert services.pilot_period(dt.date(2028, 2, 29)) == (dt.date(2028, 2, 29), dt.date(2030, 2, 28))
    assert services.pilot_period(timezone.localdate())[0] == timezone.localdate()
