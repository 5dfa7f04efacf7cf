"""Services of the promotion of alliances: key problems drafted, changed, published, closed and deleted by
their body's officers only; endorsements recorded and withdrawn within the body's scope (Art. 11, 12), one
active per body, told to the secretariat or proposer; every refusal writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.founding import services as founding
from itisa.founding.tests.conftest import propose
from itisa.notifications.models import Notification
from itisa.promotion import services
from itisa.promotion.models import Endorsement, KeyProblem
from itisa.promotion.services import EndorsementInput
from itisa.promotion.tests.conftest import counts, problem_input, published
from itisa.registry.services import alliance_change_status
from tests.factories import UserFactory

NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


def _actions(n: int) -> list[tuple[str, str]]:
    return [(e.action, e.actor_label) for e in AuditEntry.objects.order_by("-seq")[:n]][::-1]


# ------------------------------------------------------------------------------------------ key problems


@time_machine.travel(NOW, tick=False)
def test_a_province_drafts_and_publishes_a_problem_of_its_province(world: Any) -> None:
    province = world.user("provincial_officer")
    draft = services.problem_create(by=province, data=problem_input())
    assert (draft.body_kind, draft.body_code, draft.province, draft.industry, draft.status) == (
        "province", "37", "37", "B", "draft")  # fmt: skip
    assert draft.keyword_list == ["智能开采", "液压支架"]
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.actor_label, entry.data) == ("promotion.problem.created", "provincial_officer", {
        "body": "province:37", "title_zh": "煤矿智能开采关键技术", "title_en": "Intelligent coal mining",
        "description": "薄煤层智能化开采装备与控制。", "industry": "B", "province": "37", "keywords": "智能开采, 液压支架",
    })  # fmt: skip
    done = services.problem_publish(by=province, problem=draft)
    assert (done.status, done.published_at) == ("open", NOW)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.data) == (
        "promotion.problem.published",
        {"from": "draft", "to": "open", "comment": ""},
    )


def test_an_association_publishes_for_its_industry_without_a_province(world: Any) -> None:
    problem = services.problem_create(by=world.user("association_officer"), data=problem_input(industry=""))
    assert (problem.body_kind, problem.body_code, problem.industry, problem.province) == (
        "association",
        "B",
        "B",
        "",
    )


@pytest.mark.parametrize(
    ("kw", "fields"),
    [
        ({"province": "44"}, {"province": ["A provincial department's problem is of its own province."]}),
        ({"title_zh": "  "}, {"title_zh": ["This field is required."]}),
        ({"industry": "ZZ"}, {"industry": ["Choose a GB/T 4754 section."]}),
    ],
)
def test_a_problem_outside_the_body_scope_or_incomplete_is_refused(world: Any, kw: Any, fields: Any) -> None:
    before = counts()
    with pytest.raises(DomainError) as exc:
        services.problem_create(by=world.user("provincial_officer"), data=problem_input(**kw))
    assert (exc.value.fields, counts()) == (fields, before)


def test_an_association_problem_names_its_own_industry_and_no_province(world: Any) -> None:
    with pytest.raises(DomainError) as exc:
        services.problem_create(
            by=world.user("association_officer"), data=problem_input(industry="C", province="37")
        )
    assert exc.value.fields == {
        "industry": ["An association's or ministry's problem is of its own industry."],
        "province": ["An association's or ministry's problem names no province."],
    }


@pytest.mark.parametrize("persona", ["outsider", "secretariat", "national_officer"])
def test_who_promotes_no_alliance_drafts_no_problem(world: Any, persona: str) -> None:
    before = counts()
    with pytest.raises(PermissionDenied) as exc:
        services.problem_create(by=world.user(persona), data=problem_input())
    assert exc.value.message == (
        "Only provincial officers (Art. 12 of 国科发政〔2008〕770号) and industry association or ministry officers "
        "(Art. 11) promote alliances."
    )
    assert counts() == before


def test_an_officer_may_not_publish_for_a_body_it_does_not_hold(world: Any) -> None:
    before = counts()
    with pytest.raises(PermissionDenied) as exc:
        services.problem_create(by=world.user("provincial_officer"), data=problem_input(body="province:44"))
    assert (exc.value.message, counts()) == (
        "You are not an officer of Guangdong (provincial department).",
        before,
    )


def test_a_draft_is_changed_and_deleted_a_published_problem_only_closed(world: Any, outsiders: Any) -> None:
    province = world.user("provincial_officer")
    draft = services.problem_create(by=province, data=problem_input())
    services.problem_update(by=province, problem=draft, data=problem_input(title_en="Smart mining"))
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.data) == (
        "promotion.problem.updated", {"changes": {"title_en": ["Intelligent coal mining", "Smart mining"]}})  # fmt: skip
    pk = services.problem_delete(by=province, problem=draft)
    assert (KeyProblem.objects.filter(pk=pk).exists(), _actions(1)) == (
        False, [("promotion.problem.deleted", "provincial_officer")])  # fmt: skip

    problem = published(province)
    before = counts()
    for call in (lambda: services.problem_delete(by=province, problem=problem),
                 lambda: services.problem_update(by=province, problem=problem, data=problem_input(title_zh="改"))):  # fmt: skip
        with pytest.raises(PermissionDenied) as exc:
            call()
        assert (
            exc.value.message
            == "A published key technical problem is not changed or deleted; close it instead."
        )
    with pytest.raises(PermissionDenied):
        services.problem_close(by=outsiders["province_44"], problem=problem)
    problem.refresh_from_db()
    assert (problem.status, problem.title_zh, counts()) == ("open", "煤矿智能开采关键技术", before)

    closed = services.problem_close(by=province, problem=problem, comment="已由联盟攻关")
    assert (closed.status, _actions(1)) == ("closed", [("promotion.problem.closed", "provincial_officer")])
    assert AuditEntry.objects.order_by("-seq").first().data == {
        "from": "open",
        "to": "closed",
        "comment": "已由联盟攻关",
    }
    with pytest.raises(InvalidTransition):
        services.problem_close(by=province, problem=closed)


# ------------------------------------------------------------------------------------------ endorsements


def _endorse(by: Any, subject: Any, **kw: Any) -> Endorsement:
    return services.endorsement_record(
        by=by, subject=subject, data=EndorsementInput(statement="支柱产业急需。", **kw)
    )


@time_machine.travel(NOW, tick=False)
def test_a_province_endorses_a_forming_alliance_of_its_province_and_the_secretariat_is_told(
    world: Any, sdc_secretariat: Any
) -> None:
    province = world.user("provincial_officer")
    problem = published(province)
    e = _endorse(province, world.sdc, problem=problem.pk)
    assert (e.alliance, e.proposal, e.body_kind, e.body_code, e.statement, e.problem, e.status, e.by, e.created_at) == (
        world.sdc, None, "province", "37", "支柱产业急需。", problem, "active", province, NOW)  # fmt: skip
    endorsed, told = AuditEntry.objects.order_by("-seq")[1], AuditEntry.objects.order_by("-seq")[0]
    assert (endorsed.action, endorsed.data) == ("promotion.endorsement.recorded", {
        "alliance": "SDC", "body": "province:37", "statement": "支柱产业急需。", "problem": problem.pk})  # fmt: skip
    assert told.action == "notifications.sent"
    n = Notification.objects.get()
    assert (n.recipient, n.kind, n.subject, n.body, n.url, n.alliance) == (
        sdc_secretariat, "promotion.endorsement.recorded", "山东省（省级科技主管部门）推荐山东煤化工产业技术创新战略联盟（SDC）",
        "推荐意见：支柱产业急需。", "/alliances/SDC/", world.sdc)  # fmt: skip


def test_an_english_reader_is_told_in_english(world: Any, sdc_secretariat: Any) -> None:
    sdc_secretariat.preferred_language = "en"
    sdc_secretariat.save(update_fields=["preferred_language"])
    _endorse(world.user("association_officer"), world.sdc)
    n = Notification.objects.get()
    assert (n.subject, n.url) == (
        "Mining (industry association) endorses 山东煤化工产业技术创新战略联盟 (SDC)",
        "/en/alliances/SDC/",
    )


def test_one_active_endorsement_per_body_and_another_body_may_endorse_too(world: Any) -> None:
    province, association = world.user("provincial_officer"), world.user("association_officer")
    _endorse(province, world.sdc)
    second_officer = UserFactory(username="province37b")
    from itisa.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=second_officer, role="provincial_officer", province="37")
    before = counts()
    with pytest.raises(Conflict) as exc:
        _endorse(second_officer, world.sdc)
    assert (exc.value.message, counts()) == (
        "Shandong (provincial department) has endorsed this alliance already; withdraw that endorsement first.", before)  # fmt: skip
    _endorse(association, world.sdc)
    assert sorted(Endorsement.objects.values_list("body_kind", "body_code", "status")) == [
        ("association", "B", "active"), ("province", "37", "active")]  # fmt: skip


OUT_OF_SCOPE = "Your body does not promote this alliance: a province promotes the regional alliances of its province (Art. 12 of 国科发政〔2008〕770号), an association or ministry the alliances of its industry (Art. 11)."  # noqa: E501
ONLY_PROMOTERS = "Only provincial officers (Art. 12 of 国科发政〔2008〕770号) and industry association or ministry officers (Art. 11) promote alliances."  # noqa: E501


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("province_44", OUT_OF_SCOPE), ("association_c", OUT_OF_SCOPE), ("ministry_c", OUT_OF_SCOPE),
        ("national_officer", ONLY_PROMOTERS), ("secretariat", ONLY_PROMOTERS), ("outsider", ONLY_PROMOTERS),
    ],
)  # fmt: skip
def test_an_officer_out_of_scope_endorses_nothing_and_nothing_is_written(
    world: Any, outsiders: Any, who: str, message: str
) -> None:
    user = outsiders.get(who) or world.user(who)
    before = counts()
    with pytest.raises(PermissionDenied) as exc:
        _endorse(user, world.sdc)
    assert (exc.value.message, counts()) == (message, before)


def test_an_established_alliance_is_not_endorsed(world: Any, outsiders: Any) -> None:
    before = counts()
    with pytest.raises(PermissionDenied) as exc:
        _endorse(outsiders["association_c"], world.csa)
    assert (exc.value.message, counts()) == ("Only an alliance that is still forming is endorsed.", before)


def test_the_problem_referred_to_is_an_open_one_of_the_same_body(world: Any) -> None:
    other = published(world.user("association_officer"), industry="B")
    before = counts()
    with pytest.raises(DomainError) as exc:
        _endorse(world.user("provincial_officer"), world.sdc, problem=other.pk)
    assert (exc.value.fields, counts()) == (
        {"problem": ["Choose one of your body's open key technical problems."]}, before)  # fmt: skip


def test_an_officer_of_two_bodies_chooses_one(world: Any) -> None:
    from itisa.accounts.models import RoleAssignment

    both = world.user("provincial_officer")
    RoleAssignment.objects.create(user=both, role="association_officer", industry="B")
    with pytest.raises(DomainError) as exc:
        _endorse(both, world.sdc)
    assert exc.value.fields == {"body": ["You act for several bodies here: choose the one you endorse for."]}
    assert _endorse(both, world.sdc, body="association:B").body.key == "association:B"


@time_machine.travel(NOW, tick=False)
def test_withdrawal_keeps_the_row_tells_the_secretariat_and_allows_a_new_endorsement(
    world: Any, outsiders: Any, sdc_secretariat: Any
) -> None:
    province = world.user("provincial_officer")
    e = _endorse(province, world.sdc)
    before = counts()
    for who in (outsiders["province_44"], world.user("association_officer")):
        with pytest.raises(PermissionDenied) as exc:
            services.endorsement_withdraw(by=who, endorsement=e, reason="x")
        assert exc.value.message == "Only the officers of the endorsing body withdraw its endorsement."
    with pytest.raises(DomainError) as exc:
        services.endorsement_withdraw(by=province, endorsement=e, reason=" ")
    assert (exc.value.fields, counts()) == ({"reason": ["Say why the endorsement is withdrawn."]}, before)

    done = services.endorsement_withdraw(by=province, endorsement=e, reason="联盟组建方案调整")
    assert (done.status, done.withdrawn_by, done.withdrawn_at, done.withdraw_reason) == (
        "withdrawn", province, NOW, "联盟组建方案调整")  # fmt: skip
    entry = AuditEntry.objects.filter(action="promotion.endorsement.withdrawn").get()
    assert entry.data == {"from": "active", "to": "withdrawn", "alliance": "SDC", "body": "province:37",
                          "reason": "联盟组建方案调整"}  # fmt: skip
    assert (
        Notification.objects.filter(kind="promotion.endorsement.withdrawn").get().recipient == sdc_secretariat
    )
    with pytest.raises(PermissionDenied) as exc:
        services.endorsement_withdraw(by=province, endorsement=done, reason="再撤")
    assert exc.value.message == "This endorsement has been withdrawn already."
    again = _endorse(province, world.sdc)
    assert list(Endorsement.objects.order_by("pk").values_list("pk", "status")) == [
        (e.pk, "withdrawn"), (again.pk, "active")]  # fmt: skip


# --------------------------------------------------------------------------------------------- proposals


@pytest.fixture
def proposer(world: Any) -> Any:
    return UserFactory(username="proposer", display_name="王敏")


def test_a_submitted_proposal_is_endorsed_the_proposer_told_and_the_endorsement_follows_the_alliance(
    world: Any, proposer: Any
) -> None:
    draft = propose(world, proposer, regional=True)
    province = world.user("provincial_officer")
    with pytest.raises(PermissionDenied) as exc:
        _endorse(province, draft)
    assert exc.value.message == "Only a submitted proposal to form an alliance is endorsed."
    submitted = founding.proposal_submit(by=proposer, proposal=draft)
    e = _endorse(province, submitted)
    n = Notification.objects.filter(kind="promotion.endorsement.recorded").get()
    assert (e.proposal, e.alliance, n.recipient, n.url) == (
        submitted,
        None,
        proposer,
        f"/promotion/proposals/{draft.pk}/",
    )
    accepted = founding.proposal_accept(by=province, proposal=submitted)
    from itisa.promotion.selectors import alliance_endorsements

    assert alliance_endorsements(accepted.alliance) == [e]
    before = counts()
    with pytest.raises(Conflict):
        _endorse(province, accepted.alliance)
    assert counts() == before


def test_established_later_the_endorsement_stays_with_the_alliance(world: Any) -> None:
    e = _endorse(world.user("provincial_officer"), world.sdc)
    alliance_change_status(by=world.user("national_officer"), alliance=world.sdc, new_status="established")
    from itisa.promotion.selectors import alliance_endorsements

    assert alliance_endorsements(world.sdc) == [e]


def test_the_command_lists_endorses_and_withdraws_as_the_officer(world: Any, outsiders: Any) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    published(world.user("provincial_officer"))
    out = StringIO()
    call_command("promotion", "problems", "--json", stdout=out)
    assert [(d["title_zh"], d["body"], d["status"]) for d in json.loads(out.getvalue())] == [
        ("煤矿智能开采关键技术", "province:37", "open")]  # fmt: skip
    before = counts()
    with pytest.raises(CommandError) as exc:
        call_command("promotion", "endorse", "SDC", "--statement", "推荐", "--as", "associationC")
    assert (str(exc.value), counts()) == ("No alliance with the short code SDC.", before)
    call_command(
        "promotion", "endorse", "SDC", "--statement", "推荐", "--as", "provincial_officer", stdout=StringIO()
    )
    e = Endorsement.objects.get()
    out = StringIO()
    call_command("promotion", "forming", "--as", "association_officer", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "alliances": [
            {"code": "SDC", "name_zh": "山东煤化工产业技术创新战略联盟", "endorsed_by": ["province:37"]}
        ],
        "proposals": [],
    }
    call_command(
        "promotion",
        "withdraw",
        str(e.pk),
        "--reason",
        "调整",
        "--as",
        "provincial_officer",
        stdout=StringIO(),
    )
    e.refresh_from_db()
    assert (e.status, e.withdraw_reason) == ("withdrawn", "调整")
