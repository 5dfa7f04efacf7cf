"""The project workflow: proposed → voting (a ballot of the council the agreement names) → approved by the
vote → running → acceptance (验收) → closed once the acceptance review passed; refusals write nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from itisa.accounts.models import User
from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, InvalidTransition, PermissionDenied
from itisa.governance.services import body_create, motion_close, vote_cast
from itisa.ledger.models import CostObject
from itisa.projects.models import Participant, Project, ProjectStatusChange
from itisa.projects.services import (
    ProjectInput,
    expert_assign,
    opinion_submit,
    project_create,
    project_move,
    project_put_to_vote,
    review_open,
)
from itisa.projects.tests.conftest import END, NOW, START, ProjectWorld, approve, run


def _state() -> tuple[Any, ...]:
    return (
        list(Project.objects.order_by("pk").values_list("pk", "status", "motion_id")),
        ProjectStatusChange.objects.count(),
        Participant.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_proposed_project_is_numbered_linked_to_a_cost_object_and_led_by_a_participant(
    pw: ProjectWorld,
) -> None:
    p = pw.project
    assert (p.code, p.status, p.lead_id, p.starts_on, p.ends_on) == (
        "P001",
        "proposed",
        pw.world.member_a.pk,
        START,
        END,
    )
    co = CostObject.objects.get(pk=p.cost_object_id)
    assert (co.book_id, co.code, co.name_zh) == (pw.books.book.pk, "P001", "大功率 LED 芯片共性技术")
    assert list(p.participants.order_by("pk").values_list("organisation_id", "money", "people_months")) == [
        (pw.world.member_a.pk, pytest.approx(1200000), pytest.approx(36.5)),
        (pw.world.member_b.pk, pytest.approx(300000), pytest.approx(12)),
    ]
    assert [str(m) for m in p.participants.order_by("pk").values_list("money", flat=True)] == [
        "1200000.00",
        "300000.00",
    ]
    assert list(p.status_changes.values_list("old_status", "new_status", "actor_label")) == [
        ("", "proposed", "secretariat")
    ]


def test_only_the_secretariat_proposes_and_nothing_is_written_when_refused(pw: ProjectWorld) -> None:
    before = _state()
    data = ProjectInput(
        title_zh="x", starts_on=START, ends_on=END, lead=pw.world.member_a.pk, lead_task_zh="t"
    )
    for persona in ("member_contact", "council_member", "outsider"):
        with pytest.raises(PermissionDenied):
            project_create(by=pw.user(persona), alliance=pw.world.csa, data=data)
    with pytest.raises(DomainError) as exc:
        project_create(
            by=pw.user("secretariat"), alliance=pw.world.csa,
            data=ProjectInput(title_zh="x", starts_on=END, ends_on=START, lead=pw.world.sd_org.pk, lead_task_zh="t",
                              lead_money="1e3"),
        )  # fmt: skip
    assert exc.value.fields == {
        "ends_on": ["The project ends before it starts."],
        "lead": ["Choose an active member of the alliance."],
        "lead_money": [
            "Not an amount: write the digits 0-9 with an optional minus sign and decimal point, e.g. -1200.50 "
            "(no spaces, exponents or full-width digits)."
        ],
    }
    assert _state() == before


def test_a_passed_council_ballot_approves_the_project(pw: ProjectWorld) -> None:
    project = approve(pw)
    assert project.status == "approved"
    assert (project.motion.body_id, project.motion.title_zh, project.motion.passed) == (
        pw.council.body.pk,
        "关于批准研发项目 P001 大功率 LED 芯片共性技术 的议案",
        True,
    )
    assert list(project.status_changes.values_list("old_status", "new_status", "actor_label")) == [
        ("", "proposed", "secretariat"),
        ("proposed", "voting", "secretariat"),
        ("voting", "approved", "secretariat"),
    ]
    assert list(
        AuditEntry.objects.filter(action="projects.project.moved").values_list("data__to", flat=True)
    ) == ["voting", "approved"]


def test_a_failed_ballot_sends_the_project_back_to_proposed(pw: ProjectWorld) -> None:
    s = pw.user("secretariat")
    project = project_put_to_vote(
        by=s, project=pw.project, body=pw.council.body, deadline=NOW + dt.timedelta(days=7)
    )
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=User.objects.get(username=persona), motion=project.motion, choice="no")
    motion_close(by=s, motion=project.motion)
    project.refresh_from_db()
    assert project.status == "proposed"
    last = project.status_changes.order_by("-pk").first()
    assert (last.old_status, last.new_status) == ("voting", "proposed")
    assert last.comment == "理事会未通过该议案（赞成 0，反对 3，弃权 0）。"


def test_only_a_decision_body_the_agreement_names_may_approve(pw: ProjectWorld) -> None:
    s = pw.user("secretariat")
    advisory = body_create(by=s, alliance=pw.world.csa, body_type="expert_committee", name_zh="专家委员会",
                           adopted_on=dt.date(2026, 1, 1))  # fmt: skip
    before = _state()
    with pytest.raises(DomainError) as exc:
        project_put_to_vote(by=s, project=pw.project, body=advisory, deadline=NOW + dt.timedelta(days=7))
    assert exc.value.fields == {"body": ["Choose the decision body the alliance's agreement names."]}
    assert _state() == before


@pytest.mark.parametrize(
    ("target", "error"),
    [("running", InvalidTransition), ("acceptance", InvalidTransition), ("closed", InvalidTransition)],
)
def test_moves_the_table_does_not_have_are_refused_and_write_nothing(
    pw: ProjectWorld, target: str, error: Any
) -> None:
    before = _state()
    with pytest.raises(error):
        project_move(by=pw.user("secretariat"), project=pw.project, to=target)
    assert _state() == before


def test_a_member_contact_cannot_move_a_project(pw: ProjectWorld) -> None:
    approve(pw)
    before = _state()
    with pytest.raises(PermissionDenied):
        project_move(by=pw.user("member_contact"), project=pw.project, to="running")
    assert _state() == before


def test_terminating_needs_a_reason(pw: ProjectWorld) -> None:
    before = _state()
    with pytest.raises(DomainError) as exc:
        project_move(by=pw.user("secretariat"), project=pw.project, to="terminated", comment=" ")
    assert exc.value.fields == {"comment": ["Say why the project ends."]}
    assert _state() == before
    project_move(by=pw.user("secretariat"), project=pw.project, to="terminated", comment="经费未落实")
    assert Project.objects.get(pk=pw.project.pk).status == "terminated"


def test_the_project_closes_only_after_its_acceptance_review_passed(
    pw: ProjectWorld, expert_pool: Any
) -> None:
    s = pw.user("secretariat")
    run(pw)
    project_move(by=s, project=pw.project, to="acceptance")
    with pytest.raises(DomainError) as exc:
        project_move(by=s, project=pw.project, to="closed")
    assert exc.value.message == (
        "The project closes once its acceptance review has passed: No expert is assigned to the acceptance review."
    )
    review = review_open(by=s, project=pw.project, kind="acceptance")
    a1 = expert_assign(by=s, review=review, expert=expert_pool[0])
    a2 = expert_assign(by=s, review=review, expert=expert_pool[1])
    opinion_submit(by=expert_pool[0].user, assignment=a1, score=88, verdict="pass", text="指标全部达到")
    with pytest.raises(DomainError) as exc:
        project_move(by=s, project=pw.project, to="closed")
    assert exc.value.message.endswith("1 expert opinions are still awaited.")
    assert CostObject.objects.get(pk=pw.project.cost_object_id).closed_at is None
    opinion_submit(by=expert_pool[1].user, assignment=a2, score=81, verdict="pass", text="同意通过验收")
    project_move(by=s, project=pw.project, to="closed")
    assert list(
        Project.objects.get(pk=pw.project.pk).status_changes.values_list("new_status", flat=True)
    ) == ["proposed", "voting", "approved", "running", "acceptance", "closed"]
    # the project's cost object closes with it: nothing more is booked to it
    assert CostObject.objects.get(pk=pw.project.cost_object_id).closed_at == NOW
