"""Every history and material table (and the other write-once records) is append-only in the database,
and ``itisa audit verify`` names a row of one that was changed, removed or added around its triggers.

Each case writes one row through its service, then: raw SQL UPDATE and DELETE are refused and the
row is unchanged; with the triggers dropped (or disabled on PostgreSQL) an edit, a deletion and a
forged row are each reported by ``audit verify`` with the table and the row, and it exits non-zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.audit.seals import sealed_models

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _alliance_history(world: Any) -> models.Model:
    from itisa.registry.models import AllianceStatusChange
    from itisa.registry.services import alliance_change_status

    alliance_change_status(by=world.user("national_officer"), alliance=world.sdc, new_status="established")
    return AllianceStatusChange.objects.get()


def _version_history(world: Any) -> models.Model:
    from itisa.agreements.models import VersionStatusChange
    from itisa.agreements.services import version_create

    version_create(by=world.user("secretariat"), alliance=world.csa)
    return VersionStatusChange.objects.get()


def _ballot(world: Any) -> Any:
    from itisa.governance.services import motion_open
    from itisa.governance.tests.conftest import make_council

    council = make_council(world)
    deadline = timezone.now() + dt.timedelta(days=7)
    return motion_open(
        by=world.user("secretariat"), body=council.body, title_zh="关于增补理事单位的议案", method="ballot",
        deadline=deadline,
    )  # fmt: skip


def _motion_history(world: Any) -> models.Model:
    return _ballot(world).status_changes.get()


def _vote(world: Any) -> models.Model:
    from itisa.governance.services import vote_cast

    return vote_cast(by=world.user("council_member"), motion=_ballot(world), choice="yes")


def _proxy(world: Any) -> models.Model:
    from itisa.governance.services import meeting_convene, proxy_give
    from itisa.governance.tests.conftest import make_council

    council = make_council(world)
    starts = timezone.now() + dt.timedelta(days=10)
    meeting = meeting_convene(
        by=world.user("secretariat"), body=council.body, kind="regular", title_zh="理事会会议",
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
    )  # fmt: skip
    return proxy_give(
        by=world.user("legal_representative"), meeting=meeting, seat=council.member,
        holder=world.user("member_contact"), document="委托书",
    )  # fmt: skip


def _veto(world: Any) -> models.Model:
    from itisa.governance.models import Resolution
    from itisa.governance.services import motion_close, motion_open, resolution_veto, rules_adopt, vote_cast
    from itisa.governance.tests.conftest import make_council

    council = make_council(world)
    rules = {"preset": "", "quorum": "1/2", "quorum_comparison": "at_least", "threshold": "1/2",
             "threshold_comparison": "at_least", "threshold_base": "present", "veto_days": 15}  # fmt: skip
    rules_adopt(by=world.user("secretariat"), body=council.body, rules=rules, adopted_on=timezone.localdate())
    motion = motion_open(
        by=world.user("secretariat"), body=council.body, title_zh="关于修订章程的议案", method="ballot",
        deadline=timezone.now() + dt.timedelta(days=7),
    )  # fmt: skip
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=motion, choice="yes")
    motion_close(by=world.user("secretariat"), motion=motion)
    return resolution_veto(
        by=world.user("expert"), resolution=Resolution.objects.get(motion=motion), reason="严重影响本单位利益"
    )


def _minute_objection(world: Any) -> models.Model:
    from itisa.governance.services import meeting_convene, meeting_minutes_record, minutes_object
    from itisa.governance.tests.conftest import make_council

    council = make_council(world)
    start = timezone.now() + dt.timedelta(days=8)
    with time_machine.travel(timezone.now() - dt.timedelta(days=10), tick=False):
        meeting = meeting_convene(
            by=world.user("secretariat"), body=council.body, kind="regular", title_zh="理事会会议",
            starts_at=start - dt.timedelta(days=10), ends_at=start - dt.timedelta(days=10, hours=-2),
        )  # fmt: skip
    meeting = meeting_minutes_record(by=world.user("secretariat"), meeting=meeting, minutes_zh="会议纪要")
    return minutes_object(by=world.user("expert"), meeting=meeting, reason="表决结果记录有误")


def _signature(world: Any) -> models.Model:
    from itisa.agreements.tests.fixtures import build_agreement_world

    aw = build_agreement_world(world)
    return aw.sign(aw.open_version(), "a")


def _signing_copy(world: Any) -> models.Model:
    from itisa.agreements.models import SigningCopy
    from itisa.agreements.tests.fixtures import build_agreement_world

    return SigningCopy.objects.get(version=build_agreement_world(world).open_version())


def _admission_history(world: Any) -> models.Model:
    from itisa.membership.models import ApplicationStatusChange
    from itisa.membership.services import AdmissionInput, application_submit
    from itisa.membership.tests.test_admission import BYD

    application_submit(by=world.user("outsider"), alliance=world.csa, data=AdmissionInput(**BYD))
    return ApplicationStatusChange.objects.get()


def _breach_history(world: Any) -> models.Model:
    from itisa.agreements.tests.fixtures import build_agreement_world
    from itisa.membership.models import BreachStatusChange
    from itisa.membership.tests.breach_fixtures import put_in_force, serve

    put_in_force(build_agreement_world(world))
    serve(world)
    return BreachStatusChange.objects.get()


def _suspension(world: Any) -> models.Model:
    from itisa.agreements.tests.fixtures import build_agreement_world
    from itisa.membership.tests.breach_fixtures import suspend_member_b

    return suspend_member_b(build_agreement_world(world))[0]


def _pilot_application(world: Any) -> Any:
    from itisa.pilots.tests.pilot_fixtures import make_call, submitted

    return submitted(world, make_call(world))


def _pilot_history(world: Any) -> models.Model:
    return _pilot_application(world).status_changes.order_by("pk").last()


def _material(world: Any) -> models.Model:
    return _pilot_application(world).materials.get(code="charter")


def _recommendation(world: Any) -> models.Model:
    from itisa.pilots import services

    application = _pilot_application(world)
    return services.recommendation_add(
        by=world.user("national_officer"), application=application, letter="推荐"
    )


def _review(world: Any) -> models.Model:
    from itisa.pilots import services
    from itisa.pilots.tests.pilot_fixtures import make_expert, to_review

    application = to_review(world, _pilot_application(world))
    expert = make_expert(world, "独立专家")
    assignment = services.expert_assign(
        by=world.user("national_officer"), application=application, expert=expert
    )
    scores = {"innovation": 90, "industry": 80, "governance": 70, "cooperation": 60, "funds": 50}
    return services.review_submit(by=expert.user, assignment=assignment, summary="好", scores=scores)


def _finding(world: Any) -> models.Model:
    from itisa.pilots.services.findings import finding_record

    return finding_record(
        by=world.user("national_officer"), alliance=world.csa, organisation=world.member_a,
        question="backbone", holds=True, reason="国内LED芯片产能前三。",
    )  # fmt: skip


def _attachment(world: Any) -> models.Model:
    from itisa.ledger.services import attachment_add, entry_draft
    from itisa.ledger.tests.conftest import make_books

    books = make_books(world)
    entry, _ = entry_draft(
        by=world.user("secretariat"), book=books.book, date=dt.date(2026, 1, 20), memo="会费",
        idempotency_key="a", postings=[{"account": "1002", "fund": str(books.dues.pk), "amount": "1.00"},
                                       {"account": "4201", "fund": str(books.dues.pk), "amount": "-1.00"}],
    )  # fmt: skip
    return attachment_add(by=world.user("secretariat"), entry=entry, name="发票.pdf", data=PDF)


def _running_project(world: Any) -> Any:
    import time_machine

    from itisa.governance.tests.conftest import make_council
    from itisa.ledger.tests.conftest import make_books
    from itisa.projects.models import Project
    from itisa.projects.tests.conftest import NOW, ProjectWorld, make_project, run

    with time_machine.travel(NOW, tick=False):
        books = make_books(world, second_approval_above=None)
        council = make_council(world)
        project = make_project(world, books)
        pw = ProjectWorld(world, books, council, project, None, None)  # type: ignore[arg-type]
        run(pw)
    return Project.objects.get(pk=project.pk)


def _project_history(world: Any) -> models.Model:
    return _running_project(world).status_changes.order_by("-pk").first()  # type: ignore[no-any-return]


def _project_evidence(world: Any) -> models.Model:
    from itisa.projects.services import MilestoneInput, evidence_add, milestone_add

    project = _running_project(world)
    milestone = milestone_add(
        by=world.user("secretariat"), project=project,
        data=MilestoneInput(title_zh="样品", starts_on=project.starts_on, due_on=project.ends_on),
    )  # fmt: skip
    return evidence_add(by=world.user("secretariat"), milestone=milestone, name="报告.pdf", data=PDF)


def _project_opinion(world: Any) -> models.Model:
    from itisa.pilots.tests.pilot_fixtures import make_expert
    from itisa.projects.services import expert_assign, opinion_submit, review_open

    project = _running_project(world)
    review = review_open(by=world.user("secretariat"), project=project, kind="midterm")
    expert = make_expert(world, "独立专家")
    assignment = expert_assign(by=world.user("secretariat"), review=review, expert=expert)
    return opinion_submit(by=expert.user, assignment=assignment, score=80, verdict="pass", text="好")


def _result(world: Any) -> Any:
    import time_machine

    from itisa.results.tests.conftest import NOW, register

    with time_machine.travel(NOW, tick=False):
        return register(world)


def _result_history(world: Any) -> models.Model:
    return _result(world).status_changes.get()  # type: ignore[no-any-return]


def _result_contribution(world: Any) -> models.Model:
    return _result(world).contributions.order_by("pk").first()  # type: ignore[no-any-return]


def _result_inventor(world: Any) -> models.Model:
    return _result(world).inventors.order_by("pk").first()  # type: ignore[no-any-return]


def _result_owner(world: Any) -> models.Model:
    return _result(world).ownership.owners.order_by("pk").first()  # type: ignore[no-any-return,union-attr]


def _background_ip(world: Any) -> models.Model:
    import time_machine

    from itisa.results.services import BackgroundInput, background_declare
    from itisa.results.tests.conftest import NOW

    with time_machine.travel(NOW, tick=False):
        return background_declare(
            by=world.user("secretariat"), alliance=world.csa,
            data=BackgroundInput(organisation=world.member_b.pk, kind="know_how", title_zh="外延工艺诀窍",
                                 restrictions_zh="仅限联盟项目", declared_on=dt.date(2026, 3, 1)),
        )  # fmt: skip


def _access_history(world: Any) -> models.Model:
    import time_machine

    from itisa.results.services import AccessRequestInput, access_request_submit
    from itisa.results.tests.conftest import NOW, register, shares

    with time_machine.travel(NOW, tick=False):
        result = register(world, contributions=shares((world.member_a, "100")))
        request = access_request_submit(
            by=world.user("member_contact"), result=result,
            data=AccessRequestInput(organisation=world.member_b.pk, purpose="exploitation", justification="需要"),
        )  # fmt: skip
    return request.status_changes.get()  # type: ignore[no-any-return]


def _licensing(table: str) -> Callable[[Any], models.Model]:
    def build(world: Any) -> models.Model:
        from itisa.licensing.tests.conftest import every_record

        return every_record(world)[table]  # type: ignore[no-any-return]

    return build


def _rating(table: str) -> Callable[[Any], models.Model]:
    def build(world: Any) -> models.Model:
        from itisa.rating.tests.conftest import every_record

        return every_record(world)[table]  # type: ignore[no-any-return]

    return build


def _diffusion(table: str) -> Callable[[Any], models.Model]:
    def build(world: Any) -> models.Model:
        from itisa.diffusion.tests.conftest import every_record

        return every_record(world)[table]  # type: ignore[no-any-return]

    return build


def _evaluation(table: str) -> Callable[[Any], models.Model]:
    def build(world: Any) -> models.Model:
        from itisa.evaluation.tests.conftest import every_record

        return every_record(world)[table]  # type: ignore[no-any-return]

    return build


def _standards(table: str) -> Callable[[Any], models.Model]:
    def build(world: Any) -> models.Model:
        from itisa.standards.tests.conftest import every_record

        return every_record(world)[table]  # type: ignore[no-any-return]

    return build


def _indicator_value(world: Any) -> models.Model:
    from itisa.indicators.services import indicator_value_report

    return indicator_value_report(
        alliance=world.csa, year=2025, code="reported.rd_investment", value="1200000.00",
        evidence="2025年度联盟工作总结 附表3", by=world.user("secretariat"),
    )  # fmt: skip


def _financing(table: str) -> Callable[[Any], models.Model]:
    def build(world: Any) -> models.Model:
        from itisa.financing.tests.conftest import every_record

        return every_record(world)[table]  # type: ignore[no-any-return]

    return build


def _platforms(table: str) -> Callable[[Any], models.Model]:
    def build(world: Any) -> models.Model:
        from itisa.platforms.tests.conftest import every_record

        return every_record(world)[table]  # type: ignore[no-any-return]

    return build


def _reports(table: str) -> Callable[[Any], models.Model]:
    def build(world: Any) -> models.Model:
        from itisa.reports.tests.conftest import every_record

        return every_record(world)[table]  # type: ignore[no-any-return]

    return build


# table -> (a row written through its service, a column to tamper with: text, or FORGED's value)
CASES: dict[str, tuple[Callable[[Any], models.Model], str]] = {
    "registry_alliancestatuschange": (_alliance_history, "comment"),
    "agreements_versionstatuschange": (_version_history, "comment"),
    "governance_motionstatuschange": (_motion_history, "comment"),
    "membership_applicationstatuschange": (_admission_history, "comment"),
    "membership_breachstatuschange": (_breach_history, "comment"),
    "membership_suspension": (_suspension, "ends_on"),
    "pilots_applicationstatuschange": (_pilot_history, "comment"),
    "pilots_material": (_material, "original_name"),
    "ledger_attachment": (_attachment, "original_name"),
    "governance_vote": (_vote, "cast_by_label"),
    "governance_proxy": (_proxy, "document"),
    "governance_veto": (_veto, "reason"),
    "governance_minuteobjection": (_minute_objection, "reason"),
    "agreements_signature": (_signature, "signer_name"),
    "agreements_signingcopy": (_signing_copy, "pdf_sha256"),
    "pilots_recommendation": (_recommendation, "letter"),
    "pilots_review": (_review, "summary"),
    "pilots_finding": (_finding, "reason"),
    "projects_projectstatuschange": (_project_history, "comment"),
    "projects_evidence": (_project_evidence, "original_name"),
    "projects_opinion": (_project_opinion, "text"),
    "results_resultstatuschange": (_result_history, "comment"),
    "results_contribution": (_result_contribution, "share"),
    "results_inventor": (_result_inventor, "name"),
    "results_owner": (_result_owner, "share"),
    "results_backgroundip": (_background_ip, "title_zh"),
    "results_accessrequeststatuschange": (_access_history, "comment"),
    "licensing_licence": (_licensing("licensing_licence"), "field_zh"),
    "licensing_licenceconsent": (_licensing("licensing_licenceconsent"), "document_ref"),
    "licensing_splitline": (_licensing("licensing_splitline"), "amount"),
    "licensing_splitposting": (_licensing("licensing_splitposting"), "at"),
    "licensing_transfer": (_licensing("licensing_transfer"), "contract_ref"),
    "licensing_transferobjection": (_licensing("licensing_transferobjection"), "reason"),
    "licensing_transfercompletion": (_licensing("licensing_transfercompletion"), "completed_on"),
    "licensing_techcontract": (_licensing("licensing_techcontract"), "verified_amount"),
    "standards_stagechange": (_standards("standards_stagechange"), "comment"),
    "standards_iprdeclaration": (_standards("standards_iprdeclaration"), "note"),
    "financing_needstatuschange": (_financing("financing_needstatuschange"), "comment"),
    "financing_institutionresponse": (_financing("financing_institutionresponse"), "terms_zh"),
    "financing_creditline": (_financing("financing_creditline"), "institution"),
    "financing_drawdown": (_financing("financing_drawdown"), "amount"),
    "financing_repayment": (_financing("financing_repayment"), "amount"),
    "platforms_usagerecord": (_platforms("platforms_usagerecord"), "outcome"),
    "diffusion_obligationstatuschange": (_diffusion("diffusion_obligationstatuschange"), "comment"),
    "diffusion_listingstatuschange": (_diffusion("diffusion_listingstatuschange"), "comment"),
    "diffusion_diffusion": (_diffusion("diffusion_diffusion"), "proof"),
    "diffusion_contactmessage": (_diffusion("diffusion_contactmessage"), "message"),
    "evaluation_evaluationstatuschange": (_evaluation("evaluation_evaluationstatuschange"), "comment"),
    "evaluation_selfevaluation": (_evaluation("evaluation_selfevaluation"), "parts"),
    "evaluation_eligibilityrecheck": (_evaluation("evaluation_eligibilityrecheck"), "rules"),
    "evaluation_panelreview": (_evaluation("evaluation_panelreview"), "reasons"),
    "evaluation_departmentcomment": (_evaluation("evaluation_departmentcomment"), "text"),
    "evaluation_rectificationstatuschange": (_evaluation("evaluation_rectificationstatuschange"), "comment"),
    "platforms_platformstatuschange": (_platforms("platforms_platformstatuschange"), "comment"),
    "platforms_bookingstatuschange": (_platforms("platforms_bookingstatuschange"), "comment"),
    "indicators_indicatorvalue": (_indicator_value, "evidence"),
    "reports_reportstatuschange": (_reports("reports_reportstatuschange"), "comment"),
    "reports_reportsubmission": (_reports("reports_reportsubmission"), "canonical"),
    "reports_reportindicator": (_reports("reports_reportindicator"), "evidence"),
    "rating_campaignstatuschange": (_rating("rating_campaignstatuschange"), "comment"),
    "rating_reviewer": (_rating("rating_reviewer"), "group_no"),
    "rating_rating": (_rating("rating_rating"), "band"),
    "rating_review": (_rating("rating_review"), "reason"),
    "rating_outcome": (_rating("rating_outcome"), "band"),
}
# what a forger writes into a column that holds no text (a share)
FORGED = {
    "results_contribution": "99.00", "results_owner": "99.00", "membership_suspension": "2030-06-01",
    "licensing_splitline": "99.00", "licensing_splitposting": "2026-03-03 01:00:00",
    "licensing_transfercompletion": "2026-01-01", "licensing_techcontract": "99.00",
    "financing_drawdown": "99.00", "financing_repayment": "99.00",
    "evaluation_selfevaluation": '{"innovation": "forged"}',
    "rating_reviewer": "9",
}  # fmt: skip


@pytest.fixture
def row(request: Any, world: Any, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    from itisa.pilots.tests.pilot_fixtures import patch_needs_review

    settings.MEDIA_ROOT = tmp_path
    patch_needs_review(monkeypatch)
    build, _column = CASES[request.param]
    return build(world)


def test_every_sealed_table_is_a_case_here() -> None:
    assert set(sealed_models()) == set(CASES)


def _values(obj: models.Model) -> list[Any]:
    return list(type(obj)._base_manager.filter(pk=obj.pk).values_list())


@pytest.mark.parametrize("row", CASES, indirect=True)
def test_the_database_refuses_to_update_or_delete_a_row(row: Any) -> None:
    table = row._meta.db_table
    column = CASES[table][1]
    before = (_values(row), AuditEntry.objects.count())
    with connection.cursor() as cursor:
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute(
                f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608
                [FORGED.get(table, "forged"), row.pk],
            )
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [row.pk])  # noqa: S608
    assert (_values(row), AuditEntry.objects.count()) == before


@contextmanager
def _around_the_triggers(table: str) -> Iterator[Any]:
    """What someone with the database owner's account can do: drop the triggers, write, put them back."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
            triggers = cursor.fetchall()
            assert triggers != []
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {name}")
            yield cursor
            for _name, sql in triggers:
                cursor.execute(sql)
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on the table
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            yield cursor
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def _verify() -> tuple[int, list[str]]:
    """``audit verify``: its exit code and the problems it names."""
    err = StringIO()
    try:
        call_command("audit", "verify", stdout=StringIO(), stderr=err)
    except CommandError as exc:
        assert str(exc) == f"{len(_named(err))} records differ from what the audit chain recorded."
        return exc.returncode, _named(err)
    return 0, _named(err)


def _named(err: StringIO) -> list[str]:
    return [line for line in err.getvalue().splitlines() if line.startswith("sealed: ")]


def _sealing_entry(table: str, pk: int) -> int:
    return [
        e.seq
        for e in AuditEntry.objects.order_by("seq")
        if any(s["table"] == table and s["id"] == pk for s in e.data.get("sealed", []))
    ][-1]


@pytest.mark.parametrize("row", CASES, indirect=True)
def test_audit_verify_names_a_row_edited_or_deleted_around_the_triggers(row: Any) -> None:
    table = row._meta.db_table
    column = CASES[table][1]
    assert _verify() == (0, [])
    seq = _sealing_entry(table, row.pk)
    with _around_the_triggers(table) as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608
            [FORGED.get(table, "forged"), row.pk],
        )
    assert _verify() == (1, [f"sealed: {table} row {row.pk}: changed since audit entry #{seq} sealed it"])
    with _around_the_triggers(table) as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [row.pk])  # noqa: S608
    assert _verify() == (
        1,
        [f"sealed: {table} row {row.pk}: sealed by audit entry #{seq}, but no longer there"],
    )


def test_audit_verify_names_a_history_row_added_around_the_services(world: Any) -> None:
    """A forged move (the national office made SDC a pilot) inserted with SQL: no trigger is in the way,
    but no audit entry sealed it."""
    from itisa.registry.models import AllianceStatusChange

    assert _verify() == (0, [])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO registry_alliancestatuschange (alliance_id, old_status, new_status, by_id, actor_label, "
            "at, comment) VALUES (%s, 'forming', 'pilot', NULL, 'national_officer', %s, '')",
            [world.sdc.pk, timezone.now()],
        )
    forged = AllianceStatusChange.objects.get()
    assert _verify() == (
        1,
        [
            f"sealed: registry_alliancestatuschange row {forged.pk}: not sealed by the audit chain "
            "(written around the services)"
        ],
    )


def test_a_draft_material_is_replaced_in_place_and_sealed_again(
    world: Any, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the application is the secretariat's, a material may be replaced (the row keeps its id, the
    new entry seals it again); it is never deleted; once submitted, the database refuses any change."""
    from itisa.pilots import services
    from itisa.pilots.models import Material
    from itisa.pilots.tests.pilot_fixtures import make_call, patch_needs_review

    settings.MEDIA_ROOT = tmp_path
    patch_needs_review(monkeypatch)
    application = services.application_create(
        by=world.user("secretariat"), call=make_call(world), alliance=world.csa
    )
    s = world.user("secretariat")
    first = services.material_upload(by=s, application=application, code="charter", name="a.pdf", data=PDF)
    second = services.material_upload(
        by=s, application=application, code="charter", name="b.pdf", data=PDF + b"%"
    )
    assert second.pk == first.pk
    assert list(Material.objects.values_list("pk", "original_name", "size")) == [
        (first.pk, "b.pdf", len(PDF) + 1)
    ]
    assert [_sealing_entry("pilots_material", first.pk)] == list(
        AuditEntry.objects.filter(action="pilots.material.added")
        .order_by("-seq")
        .values_list("seq", flat=True)[:1]
    )
    assert _verify() == (0, [])
    with connection.cursor() as cursor, pytest.raises(DatabaseError), transaction.atomic():
        cursor.execute("DELETE FROM pilots_material WHERE id = %s", [first.pk])
    assert Material.objects.count() == 1
