"""A need through its workflow: recorded by a member's representative or the secretariat, submitted,
recommended (or not) with the alliance's letter, answered by institutions; exact history and audit;
refusals change nothing and audit nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, InvalidTransition, PermissionDenied
from itisa.financing.services import (
    RecommendationInput,
    ResponseInput,
    need_close,
    need_recommend,
    need_submit,
    response_record,
)
from itisa.financing.tests.conftest import counts, need, offered

pytestmark = pytest.mark.usefixtures("clock")


def test_a_member_records_and_submits_its_need_the_alliance_recommends_a_bank_offers(world: Any) -> None:
    n = need(world, by="member_contact")
    assert (n.code, n.status, n.amount, n.organisation) == ("F0001", "draft", D("5000000.00"), world.member_b)
    need_submit(by=world.user("member_contact"), need=n)
    secretariat = world.user("secretariat")
    need_recommend(by=secretariat, need=n, data=RecommendationInput(recommend=True, letter_ref="联盟函〔2026〕8号",
                                                                    reason_zh="符合重点方向"))  # fmt: skip
    response_record(by=secretariat, need=n, data=ResponseInput(
        institution="担保公司", institution_kind="guarantor", decision="declined", responded_on=dt.date(2026, 8, 1)))  # fmt: skip
    response_record(by=secretariat, need=n, data=ResponseInput(
        institution="建设银行", institution_kind="bank", decision="offered", amount_offered="4000000",
        rate_percent="3.45", terms_zh="三年期", responded_on=dt.date(2026, 9, 1)))  # fmt: skip
    response_record(by=secretariat, need=n, data=ResponseInput(
        institution="投资基金", institution_kind="investor", decision="declined", responded_on=dt.date(2026, 9, 2)))  # fmt: skip
    n.refresh_from_db()
    assert (n.status, n.letter_ref, n.reason_zh) == ("offered", "联盟函〔2026〕8号", "符合重点方向")
    assert [
        (h.old_status, h.new_status, h.actor_label, h.comment) for h in n.status_changes.order_by("pk")
    ] == [
        ("", "draft", "member_contact", ""),
        ("draft", "submitted", "member_contact", ""),
        ("submitted", "recommended", "secretariat", "符合重点方向"),
        ("recommended", "declined", "secretariat", "担保公司"),
        ("declined", "offered", "secretariat", "建设银行"),
    ]
    assert [(r.institution, r.decision, r.amount_offered, r.rate_percent) for r in n.responses.order_by("pk")] == [
        ("担保公司", "declined", None, None), ("建设银行", "offered", D("4000000.00"), D("3.450")),
        ("投资基金", "declined", None, None),
    ]  # fmt: skip
    assert list(AuditEntry.objects.filter(action__startswith="financing.").order_by("seq").values_list("action", flat=True)) == [
        "financing.need.created", "financing.need.moved", "financing.need.moved", "financing.need.moved",
        "financing.need.moved", "financing.response.recorded",
    ]  # fmt: skip
    need_close(by=secretariat, need=n, comment="已放款")
    n.refresh_from_db()
    assert n.status == "closed"


@pytest.mark.parametrize(
    ("persona", "changes"),
    [("council_member", {}), ("outsider", {}), ("member_contact", {"organisation": "member_a"}),
     ("member_contact", {"organisation": None, "project": 1}), ("anonymous", {})],
)  # fmt: skip
def test_who_may_record_a_need(world: Any, persona: str, changes: dict[str, Any]) -> None:
    if changes.get("organisation") == "member_a":
        changes["organisation"] = world.member_a.pk
    before = counts()
    with pytest.raises(PermissionDenied):
        need(world, by=persona, **changes)
    assert counts() == before


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"amount": "１００"}, {"amount"}),
        ({"amount": "0"}, {"amount"}),
        ({"channel": "lottery"}, {"channel"}),
        ({"purpose_zh": "\u200b"}, {"purpose_zh"}),
        ({"project": 999}, {"project"}),
        ({"organisation": "sd_org"}, {"organisation"}),
    ],
)
def test_a_wrong_need_is_refused(world: Any, changes: dict[str, Any], fields: set[str]) -> None:
    if changes.get("organisation") == "sd_org":
        changes["organisation"] = world.sd_org.pk
    before = counts()
    with pytest.raises(DomainError) as exc:
        need(world, **changes)
    assert set(exc.value.fields) == fields
    assert counts() == before


def test_only_the_secretariat_recommends_and_only_a_submitted_need(world: Any) -> None:
    n = need(world)
    data = RecommendationInput(recommend=False, letter_ref="函", reason_zh="不符合")
    before = counts()
    with pytest.raises(InvalidTransition) as exc:
        need_recommend(by=world.user("secretariat"), need=n, data=data)
    assert exc.value.message == "The need is Draft; it cannot move to Not recommended."
    need_submit(by=world.user("legal_representative"), need=n)
    before = counts()
    for persona in ("member_contact", "council_member"):
        with pytest.raises(PermissionDenied):
            need_recommend(by=world.user(persona), need=n, data=data)
    with pytest.raises(DomainError) as exc2:
        need_recommend(by=world.user("secretariat"), need=n, data=RecommendationInput(recommend=False))
    assert exc2.value.fields == {
        "letter_ref": ["This field is required."],
        "reason_zh": ["This field is required."],
    }
    assert counts() == before
    need_recommend(by=world.user("secretariat"), need=n, data=data)
    n.refresh_from_db()
    assert (n.status, n.letter_ref) == ("not_recommended", "函")
    with pytest.raises(DomainError) as exc3:
        response_record(by=world.user("secretariat"), need=n, data=ResponseInput(
            institution="银行", institution_kind="bank", decision="offered", amount_offered="1", responded_on=dt.date(2026, 9, 1)))  # fmt: skip
    assert (
        exc3.value.message
        == "Institutions answer a need the alliance recommended; this one is Not recommended."
    )


def test_a_response_is_checked(world: Any) -> None:
    n = offered(world)
    before = counts()
    with pytest.raises(DomainError) as exc:
        response_record(by=world.user("secretariat"), need=n, data=ResponseInput(
            institution="银行", institution_kind="bank", decision="declined", amount_offered="5",
            rate_percent="101", responded_on=dt.date(2026, 9, 16)))  # fmt: skip
    assert exc.value.fields == {
        "amount_offered": ["A refusal offers no amount."], "rate_percent": ["A rate is from 0 to 100%."],
        "responded_on": ["The day of the response is not in the future."],
    }  # fmt: skip
    assert counts() == before


def test_a_project_need_and_the_recommendation_to_do(
    world: Any, django_assert_max_num_queries: Any, client: Any
) -> None:
    import time_machine

    from itisa.financing.tests.conftest import NOW
    from itisa.notifications.todo import todos_for
    from itisa.projects.services import ProjectInput, project_create

    project = project_create(by=world.user("secretariat"), alliance=world.csa, data=ProjectInput(
        title_zh="中试线", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2027, 12, 31), lead=world.member_b.pk,
        lead_task_zh="中试"))  # fmt: skip
    n = need(world, organisation=None, project=project.pk, channel="plan_support", amount="2000000")
    assert (n.project, n.organisation) == (project, None)
    need_submit(by=world.user("secretariat"), need=n)
    items = [(t.kind.code, t.subject, t.url) for t in todos_for(world.user("secretariat"), now=NOW)]
    assert items == [("financing.need.recommend", "CSA F0001", "/en/alliances/CSA/financing/needs/F0001/")]
    assert [
        t for t in todos_for(world.user("member_contact"), now=NOW) if t.kind.code.startswith("financing")
    ] == []
    client.force_login(world.user("member_contact"))  # acts for 乙大学, the project's lead
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(16):
        r = client.get("/en/alliances/CSA/financing/needs/F0001/")
    assert r.status_code == 200 and 'data-testid="submit-need"' not in r.content.decode()
