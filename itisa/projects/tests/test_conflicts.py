"""Conflicts of interest in project reviews follow the pilot program's rule (``pilots.selectors
.conflicts_with``) applied to the project: an expert employed by a participating member, or acting for
one, may not review; nor may the alliance's own insiders (secretariat, council, fund supervisor), who
run and approve its projects and read every opinion; a conflict that arises after the assignment bars
the opinion, as it bars a pilot review."""

from __future__ import annotations

from typing import Any

import pytest

from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, PermissionDenied
from itisa.pilots.services import expert_create
from itisa.projects.models import Opinion, ReviewAssignment
from itisa.projects.services import expert_assign, opinion_submit, review_open
from itisa.projects.tests.conftest import ProjectWorld, run


def test_the_alliances_insiders_may_not_review_its_projects(pw: ProjectWorld, expert_pool: Any) -> None:
    s, office = pw.user("secretariat"), pw.user("national_officer")
    run(pw)
    review = review_open(by=s, project=pw.project, kind="midterm")
    insiders = [
        expert_create(by=office, user=pw.user(p), name=f"{p}专家") for p in ("secretariat", "fund_supervisor")
    ]
    before = (ReviewAssignment.objects.count(), AuditEntry.objects.count())
    for expert in insiders:
        with pytest.raises(Conflict) as exc:
            expert_assign(by=s, review=review, expert=expert)
        assert exc.value.fields == {
            "expert": ["the expert holds a role in the alliance that runs or approves its projects"]
        }
    assert (ReviewAssignment.objects.count(), AuditEntry.objects.count()) == before
    # an expert of another alliance's secretariat is impartial here
    RoleAssignment.objects.create(user=pw.user("outsider"), role="secretariat", alliance=pw.world.sdc)
    other = expert_create(by=office, user=pw.user("outsider"), name="山东秘书处专家")
    assert expert_assign(by=s, review=review, expert=other).expert_id == other.pk


def test_a_conflict_arising_after_the_assignment_bars_the_opinion(pw: ProjectWorld, expert_pool: Any) -> None:
    s = pw.user("secretariat")
    run(pw)
    review = review_open(by=s, project=pw.project, kind="midterm")
    a = expert_assign(by=s, review=review, expert=expert_pool[0])
    # the expert becomes the contact of a participating member before giving the opinion
    RoleAssignment.objects.create(user=expert_pool[0].user, role="member_contact", alliance=pw.world.csa,
                                  organisation=pw.world.member_b)  # fmt: skip
    before = (Opinion.objects.count(), AuditEntry.objects.count())
    with pytest.raises(PermissionDenied) as exc:
        opinion_submit(by=expert_pool[0].user, assignment=a, score=90, verdict="pass", text="很好")
    assert exc.value.message == (
        "You have a conflict of interest with this project: "
        "the expert acts for an organisation that takes part in the project"
    )
    assert (Opinion.objects.count(), AuditEntry.objects.count()) == before
