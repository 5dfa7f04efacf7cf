"""A province's own recognition programme for provincial alliances, run with the pilot machinery by the
province's science and technology department: end to end, the cross-province and national denials
(nothing written), recommendations by the industry association, and the national program untouched."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from itisa.accounts.models import RoleAssignment, User
from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from itisa.notifications.models import Notification
from itisa.pilots import services
from itisa.pilots.models import Application, ApplicationStatusChange, Assignment, Call, Recommendation, Review
from itisa.pilots.permissions import can_apply, can_manage_call, can_recommend, can_view_application
from itisa.pilots.selectors import (
    access_application,
    access_call,
    applications_visible_to,
    calls_visible_to,
    dashboard,
    published_list,
    selections_of,
)
from itisa.pilots.tests.pilot_fixtures import audit_count, fill, item_rows, make_call, make_expert
from itisa.registry.models import AllianceStatusChange
from tests.factories import AllianceFactory, UserFactory
from tests.todo_helpers import items

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=SHANGHAI)
SCORES = {"innovation": 80, "industry": 70, "governance": 90, "cooperation": 80, "funds": 60}
PROVINCE_ONLY = "Only the science and technology department of the call's province runs a provincial call."
NATIONAL_FOLLOWS = "A provincial call is run by its province's department; the national office follows it."


@dataclass
class Shandong:
    """Shandong's department (the world's provincial officer), SDC (a regional alliance of Shandong)
    established with its own secretariat, and Jiangsu's department, which runs nothing of Shandong's."""

    officer: User
    secretariat: User
    jiangsu: User
    association: User
    national: User


@pytest.fixture
def sd(world: Any, media: Any, needs_review: Any) -> Shandong:
    world.sdc.status = "established"
    world.sdc.save(update_fields=["status"])
    secretariat = UserFactory(username="sdc_secretariat")
    RoleAssignment.objects.create(user=secretariat, role="secretariat", alliance=world.sdc)
    jiangsu = UserFactory(username="jiangsu_officer")
    RoleAssignment.objects.create(user=jiangsu, role="provincial_officer", province="32")
    return Shandong(
        officer=world.user("provincial_officer"),
        secretariat=secretariat,
        jiangsu=jiangsu,
        association=world.user("association_officer"),
        national=world.user("national_officer"),
    )


def provincial_input(**changes: Any) -> services.CallInput:
    values: dict[str, Any] = {
        "scope": "provincial",
        "province": "37",
        "recommendation_required": True,
        "title_zh": "2027年山东省产业技术创新战略联盟认定",
        "title_en": "2027 recognition of Shandong provincial alliances",
        "opens_on": dt.date(2027, 3, 1),
        "closes_on": dt.date(2027, 4, 30),
        "rules": "2008",
        "max_pilots": 2,
        **changes,
    }
    return services.CallInput(**values)


def open_call(sd: Shandong) -> Call:
    call = services.call_create(by=sd.officer, data=provincial_input())
    return services.call_open(by=sd.officer, call=call)


def applied(world: Any, sd: Shandong, call: Call) -> Application:
    application = services.application_create(by=sd.secretariat, call=call, alliance=world.sdc)
    fill(world, application, by=sd.secretariat)
    return services.application_submit(by=sd.secretariat, application=application)


def state() -> tuple[int, ...]:
    """Everything a refused action must leave as it was."""
    return (
        audit_count(),
        Call.objects.count(),
        Application.objects.count(),
        ApplicationStatusChange.objects.count(),
        Recommendation.objects.count(),
        Assignment.objects.count(),
        Review.objects.count(),
        AllianceStatusChange.objects.count(),
    )


def test_a_provincial_call_end_to_end(world: Any, sd: Shandong) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        call = services.call_create(by=sd.officer, data=provincial_input())
        entry = AuditEntry.objects.filter(action="pilots.call.created").get()
        assert entry.data == {
            "scope": "provincial", "province": "37", "recommendation_required": True,
            "title_zh": "2027年山东省产业技术创新战略联盟认定", "opens_on": "2027-03-01", "closes_on": "2027-04-30",
            "rules": "2008", "max_pilots": 2, "max_cultivation": 0,
            "materials": ["application_form", "agreement", "charter", "member_list", "bodies_staff", "fund_rules",
                          "ip_rules", "work_summary"],
            "rubric": {"innovation": 25, "industry": 20, "governance": 20, "cooperation": 20, "funds": 15},
        }  # fmt: skip
        assert (call.scope, call.province, call.max_cultivation, call.status) == (
            "provincial",
            "37",
            0,
            "draft",
        )
        call = services.call_open(by=sd.officer, call=call)

        application = applied(world, sd, call)
        assert (application.status, application.eligible) == ("submitted", None)
        told = Notification.objects.filter(kind="pilots.application.submitted")
        assert sorted(told.values_list("recipient__username", flat=True)) == [
            "association_officer",
            "provincial_officer",
        ]
        # each in their own language (Chinese unless they chose otherwise)
        assert told.get(recipient=sd.officer).subject == "省级联盟认定申请已提交：SDC"

        traveller.shift(dt.timedelta(days=3))
        services.application_move(by=sd.officer, application=application, target="formal_check")
        before = state()
        with pytest.raises(DomainError, match="This call requires a recommendation") as refused:
            services.application_move(by=sd.officer, application=application, target="expert_review")
        assert refused.value.fields == {
            "recommendations": [
                "This call requires a recommendation: the application goes to expert review once recommended."
            ]
        }
        assert state() == before
        assert Application.objects.get(pk=application.pk).status == "formal_check"

        recommendation = services.recommendation_add(
            by=sd.association, application=application, letter="该联盟围绕山东煤化工主导产业，推荐认定。"
        )
        assert (recommendation.capacity, recommendation.recommender_label) == (
            "association",
            "association_officer",
        )
        application = services.application_move(
            by=sd.officer, application=application, target="expert_review"
        )
        assert application.status == "expert_review"

        # the office's one pool: an expert from a member of SDC is refused, an outsider is assigned
        partial = make_expert(world, "鲁煤专家", organisation=world.sd_org)
        with pytest.raises(Conflict, match="is an active member of the alliance"):
            services.expert_assign(by=sd.officer, application=application, expert=partial)
        expert = make_expert(world, "外省专家")
        assignment = services.expert_assign(by=sd.officer, application=application, expert=expert)
        review = services.review_submit(
            by=expert.user, assignment=assignment, scores=SCORES, summary="建议认定。"
        )
        assert review.total == Decimal("77.00")

        with pytest.raises(DomainError) as wrong:
            services.application_decide(
                by=sd.officer, application=application, outcome="pilot", reasons="优秀。"
            )
        assert wrong.value.fields == {"outcome": ["Choose recognised or not selected."]}
        application = services.application_decide(
            by=sd.officer,
            application=application,
            outcome="recognised",
            reasons="产业带动作用突出，运行规范。",
        )
        assert (application.status, application.outcome) == ("decided", "recognised")

        traveller.move_to(dt.datetime(2027, 5, 6, 10, 0, tzinfo=SHANGHAI))
        services.call_close(by=sd.officer, call=call)
        statuses_before = AllianceStatusChange.objects.count()
        call = services.call_publish(by=sd.officer, call=call)

    assert (call.status, call.published_at) == ("published", dt.datetime(2027, 5, 6, 2, 0, tzinfo=dt.UTC))
    application.refresh_from_db()
    world.sdc.refresh_from_db()
    assert (application.status, application.outcome, application.pilot_from, application.pilot_until) == (
        "published", "recognised", None, None,
    )  # fmt: skip
    # a provincial recognition, not the national pilot status: the registry is untouched
    assert world.sdc.status == "established"
    assert AllianceStatusChange.objects.count() == statuses_before
    assert list(published_list(call)) == [application]
    assert list(selections_of(world.sdc)) == [application]
    assert list(
        AuditEntry.objects.filter(object_type="pilots.call", object_id=str(call.pk)).values_list(
            "action", "data"
        )
    ) == [
        ("pilots.call.created", entry.data),
        ("pilots.call.moved", {"from": "draft", "to": "open"}),
        ("pilots.call.moved", {"from": "open", "to": "closed"}),
        (
            "pilots.call.published",
            {
                "from": "closed",
                "to": "published",
                "recognised": 1,
                "not_selected": 0,
            },
        ),
    ]
    assert list(application.status_changes.values_list("new_status", "comment")) == [
        ("submitted", ""),
        ("formal_check", ""),
        ("expert_review", ""),
        ("decided", ""),
        ("published", "Provincial recognised alliance"),
    ]


def test_only_the_province_drafts_its_calls(world: Any, sd: Shandong) -> None:
    before = state()
    for user, message in (
        (sd.jiangsu, "Only the science and technology department of that province opens a provincial call."),
        (sd.national, "Only the science and technology department of that province opens a provincial call."),
        (
            sd.secretariat,
            "Only the science and technology department of that province opens a provincial call.",
        ),
    ):
        with pytest.raises(PermissionDenied, match=message):
            services.call_create(by=user, data=provincial_input())
    with pytest.raises(PermissionDenied, match="Only national office officers run the pilot program."):
        services.call_create(by=sd.officer, data=provincial_input(scope="national", province=""))
    # a province the officer does not hold (or none, or no such code) is another department's
    for province in ("", "99", "32"):
        with pytest.raises(
            PermissionDenied, match="Only the science and technology department of that province"
        ):
            services.call_create(by=sd.officer, data=provincial_input(province=province))
    assert state() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"max_cultivation": 1}, "max_cultivation", "A provincial call recognises alliances; it has no cultivation list."),
    ],
)  # fmt: skip
def test_a_provincial_call_is_checked(
    world: Any, sd: Shandong, changes: Any, field: str, message: str
) -> None:
    before = state()
    with pytest.raises(DomainError) as refused:
        services.call_create(by=sd.officer, data=provincial_input(**changes))
    assert refused.value.fields is not None
    assert refused.value.fields[field] == [message]
    assert state() == before


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"scope": "national"}, {"province": ["A national call has no province."]}),
        ({"scope": "municipal", "province": ""}, {"scope": ["Choose the national pilot program or a provincial programme."]}),
    ],
)  # fmt: skip
def test_the_national_office_drafts_national_calls_only(
    world: Any, sd: Shandong, changes: Any, errors: Any
) -> None:
    before = state()
    with pytest.raises(DomainError) as refused:
        services.call_create(by=sd.national, data=provincial_input(max_cultivation=0, **changes))
    assert refused.value.fields == errors
    assert state() == before


def test_another_province_and_the_national_office_act_on_nothing(world: Any, sd: Shandong) -> None:
    with time_machine.travel(START, tick=False):
        draft = services.call_create(by=sd.officer, data=provincial_input(title_zh="草稿"))
        call = open_call(sd)
        application = applied(world, sd, call)
        services.application_move(by=sd.officer, application=application, target="formal_check")
        services.recommendation_add(by=sd.association, application=application, letter="推荐。")
        services.application_move(by=sd.officer, application=application, target="expert_review")
        expert = make_expert(world, "外省专家")
        before = state()
        for user, reason in ((sd.jiangsu, PROVINCE_ONLY), (sd.national, NATIONAL_FOLLOWS)):
            attempts = [
                lambda u=user: services.call_open(by=u, call=draft),
                lambda u=user: services.call_update(by=u, call=draft, data=services.CallInput(title_zh="改")),
                lambda u=user: services.call_close(by=u, call=call),
                lambda u=user: services.call_publish(by=u, call=call),
                lambda u=user: services.expert_assign(by=u, application=application, expert=expert),
                lambda u=user: services.application_decide(
                    by=u, application=application, outcome="recognised", reasons="越权。"
                ),
            ]
            for attempt in attempts:
                with pytest.raises(PermissionDenied, match=reason):
                    attempt()
            with pytest.raises(PermissionDenied, match="You may not make this move on the application."):
                services.application_return(by=user, application=application, comment="越权退回。")
            assert can_manage_call(user, call).reason == reason
        with pytest.raises(
            PermissionDenied,
            match="Only the industry association of the alliance's industry recommends it for a provincial call.",
        ):
            services.recommendation_add(by=sd.jiangsu, application=application, letter="越权推荐。")
        # the department that decides does not recommend; nor does the national office
        for user in (sd.officer, sd.national):
            assert not can_recommend(user, application)
        assert state() == before

    # Jiangsu sees neither Shandong's draft nor its applications; the national office follows both
    with pytest.raises(NotFound):
        access_call(sd.jiangsu, draft.pk)
    with pytest.raises(NotFound):
        access_application(sd.jiangsu, application.pk)
    assert list(applications_visible_to(sd.jiangsu)) == []
    assert can_view_application(sd.jiangsu, application).reason == (
        "Only the alliance, the competent officers and the assigned experts see an application."
    )
    assert access_call(sd.national, draft.pk) == draft
    assert access_application(sd.national, application.pk) == application
    assert access_call(sd.officer, draft.pk) == draft
    assert [a.pk for a in applications_visible_to(sd.officer)] == [application.pk]
    assert [a.pk for a in applications_visible_to(sd.association)] == [application.pk]


def test_only_regional_alliances_of_the_province_apply(world: Any, sd: Shandong) -> None:
    with time_machine.travel(START, tick=False):
        call = open_call(sd)
        elsewhere = AllianceFactory(code="JSA", scope="regional", province="32", industry="B")
        RoleAssignment.objects.create(user=sd.secretariat, role="secretariat", alliance=elsewhere)
        RoleAssignment.objects.create(user=sd.secretariat, role="secretariat", alliance=world.csa)
        sd.secretariat.__dict__.pop("_itisa_role_summary", None)
        before = state()
        for alliance in (elsewhere, world.csa):
            decision = can_apply(sd.secretariat, call, alliance)
            assert (
                decision.reason
                == "Only a regional alliance of the call's province applies to a provincial call."
            )
            with pytest.raises(PermissionDenied, match="Only a regional alliance of the call's province"):
                services.application_create(by=sd.secretariat, call=call, alliance=alliance)
        assert state() == before


def test_the_national_program_is_not_polluted(world: Any, sd: Shandong) -> None:
    with time_machine.travel(START, tick=False):
        national_call = make_call(world, opens_on=dt.date(2027, 3, 1), closes_on=dt.date(2027, 6, 30))
        call = open_call(sd)
        application = applied(world, sd, call)
        now = timezone.now()
        url = f"/en/pilots/applications/{application.pk}/"
        subject = "SDC · 2027 recognition of Shandong provincial alliances"  # the English title under /en/
        # the provincial department checks its own call; the national office and Jiangsu have nothing to do
        assert items(sd.officer, now=now) == [
            ("pilots.application.check", f"Check {subject}", "Submitted", url, "SDC", None, False)
        ]
        assert items(sd.national, now=now) == []
        assert items(sd.jiangsu, now=now) == []
        assert items(sd.association, now=now) == [
            ("pilots.application.recommend", f"Recommend {subject}", "", url, "SDC", None, False)
        ]  # fmt: skip
    assert dashboard(sd.national).total == 0
    assert dashboard(sd.national, call=call).total == 1
    assert [c.pk for c in calls_visible_to(sd.national, scope="national")] == [national_call.pk]
    assert [c.pk for c in calls_visible_to(sd.national, scope="provincial", province="37")] == [call.pk]
    assert [c.pk for c in calls_visible_to(sd.jiangsu, province="37")] == [call.pk]  # opened: public
    assert [a.pk for a in applications_visible_to(sd.national, scope="national")] == []
    assert [a.pk for a in applications_visible_to(sd.national, scope="provincial")] == [application.pk]


def test_the_outcome_stays_with_the_province_until_published(world: Any, sd: Shandong, client: Any) -> None:
    with time_machine.travel(START, tick=False):
        call = open_call(sd)
        application = applied(world, sd, call)
        services.application_move(by=sd.officer, application=application, target="formal_check")
        services.recommendation_add(by=sd.association, application=application, letter="推荐。")
        services.application_move(by=sd.officer, application=application, target="expert_review")
        services.application_decide(
            by=sd.officer, application=application, outcome="not_selected", reasons="不足。"
        )
        for user, outcome in ((sd.officer, "not_selected"), (sd.national, ""), (sd.secretariat, "")):
            client.force_login(user)
            r = client.get(f"/api/pilots/applications/{application.pk}")
            assert (r.status_code, r.json()["outcome"], r.json()["scope"]) == (200, outcome, "provincial")


def test_the_maximum_of_recognised_alliances(world: Any, sd: Shandong) -> None:
    with time_machine.travel(START, tick=False):
        call = services.call_open(
            by=sd.officer,
            call=services.call_create(
                by=sd.officer, data=provincial_input(max_pilots=0, recommendation_required=False)
            ),
        )
        application = applied(world, sd, call)
        for target in ("formal_check", "expert_review"):
            services.application_move(by=sd.officer, application=application, target=target)
        before = state()
        with pytest.raises(
            Conflict, match="The call allows at most 0 “Provincial recognised alliance” decisions"
        ):
            services.application_decide(
                by=sd.officer, application=application, outcome="recognised", reasons="好。"
            )
        assert state() == before


# --- pages, API and command ------------------------------------------------------------------------


def said(response: Any, text: str) -> bool:
    """Whether the page says ``text`` (as the template escapes it)."""
    from django.utils.html import escape

    return escape(text) in response.content.decode()


CALL_FORM = {
    "title_zh": "2027年山东省联盟认定", "title_en": "", "opens_on": "2027-03-01", "closes_on": "2027-04-30",
    "rules": "2008", "max_pilots": "3", "max_cultivation": "0", "recommendation_required": "on",
    **item_rows("materials", [("charter", "联盟章程", "Charter")]),
    **item_rows("rubric", [("overall", "综合", "Overall", 100)]),
}  # fmt: skip


def test_the_pages_of_a_provincial_call(world: Any, sd: Shandong, client: Any) -> None:
    with time_machine.travel(START, tick=False):
        client.force_login(sd.officer)
        r = client.get("/en/pilots/calls/new/")
        assert r.status_code == 200
        assert r.context["form"].initial["scope"] == "provincial"
        assert r.context["form"].initial["province"] == "37"
        r = client.post("/en/pilots/calls/new/", {**CALL_FORM, "scope": "provincial", "province": "37"})
        call = Call.objects.get()
        assert r["Location"] == f"/en/pilots/calls/{call.pk}/"
        assert (call.scope, call.province, call.recommendation_required, call.max_pilots) == (
            "provincial",
            "37",
            True,
            3,
        )
        page = client.get(f"/en/pilots/calls/{call.pk}/").content.decode()
        assert 'data-testid="open-call"' in page
        assert "Provincial · Shandong" in page
        assert "Required before expert review" in page
        zh = client.get(f"/pilots/calls/{call.pk}/").content.decode()
        assert "省级 · 山东" in zh

        # another province and the national office: 403 with the reason, nothing written
        before = state()
        # a draft of another province is not even seen; the national office sees it and is told why not
        client.force_login(sd.jiangsu)
        assert client.get(f"/en/pilots/calls/{call.pk}/").status_code == 404
        assert (
            client.post(f"/en/pilots/calls/{call.pk}/edit/", {**CALL_FORM, "title_zh": "越权"}).status_code
            == 404
        )
        client.force_login(sd.national)
        assert client.get(f"/en/pilots/calls/{call.pk}/").status_code == 200
        r = client.post(f"/en/pilots/calls/{call.pk}/edit/", {**CALL_FORM, "title_zh": "越权"})
        assert (r.status_code, said(r, NATIONAL_FOLLOWS)) == (403, True)
        client.force_login(sd.national)
        assert 'data-testid="open-call"' not in client.get(f"/en/pilots/calls/{call.pk}/").content.decode()
        r = client.post(f"/en/pilots/calls/{call.pk}/publish/", {"confirmed": "1"})
        assert (r.status_code, said(r, NATIONAL_FOLLOWS)) == (403, True)
        assert state() == before

        services.call_open(by=sd.officer, call=call)
        client.force_login(sd.jiangsu)
        r = client.post(f"/en/pilots/calls/{call.pk}/close/", {"confirmed": "1"})
        assert (r.status_code, said(r, PROVINCE_ONLY)) == (403, True)
        call.refresh_from_db()
        assert call.status == "open"
        listed = client.get("/en/pilots/?scope=provincial&province=37")
        assert [c.pk for c in listed.context["page"]] == [call.pk]
        assert [c.pk for c in client.get("/en/pilots/?scope=national").context["page"]] == []

        application = services.application_create(by=sd.secretariat, call=call, alliance=world.sdc)
        services.material_upload(by=sd.secretariat, application=application, code="charter", name="c.pdf",
                                 data=b"%PDF-1.4\n%%EOF\n")  # fmt: skip
        services.application_submit(by=sd.secretariat, application=application)
        assert client.get(f"/en/pilots/applications/{application.pk}/").status_code == 404
        client.force_login(sd.national)
        queue = client.get("/en/pilots/applications/?scope=provincial")
        assert [a.pk for a in queue.context["page"]] == [application.pk]
        assert "Provincial · Shandong" in queue.content.decode()
        assert [a.pk for a in client.get("/en/pilots/applications/?scope=national").context["page"]] == []
        client.force_login(sd.officer)
        page = client.get(f"/en/pilots/applications/{application.pk}/").content.decode()
        assert "Provincial programme application of SDC" in page
        assert 'data-testid="formal-check"' in page
        services.application_move(by=sd.officer, application=application, target="formal_check")
        services.recommendation_add(by=sd.association, application=application, letter="推荐。")
        services.application_move(by=sd.officer, application=application, target="expert_review")
        r = client.get(f"/en/pilots/applications/{application.pk}/decide/")
        assert [v for v, _label in r.context["form"].fields["outcome"].choices] == [
            "not_selected",
            "recognised",
        ]
        r = client.post(f"/en/pilots/applications/{application.pk}/decide/",
                        {"outcome": "recognised", "reasons": "运行规范。", "confirmed": "1"})  # fmt: skip
        assert r.status_code == 302
        services.call_close(by=sd.officer, call=call)
        r = client.post(f"/en/pilots/calls/{call.pk}/publish/", {"confirmed": "1"})
        assert r["Location"] == f"/en/pilots/calls/{call.pk}/list/"

    client.logout()
    listed = client.get(f"/en/pilots/calls/{call.pk}/list/")
    assert "Recognised provincial alliances" in listed.content.decode()
    assert [a.alliance.code for a in listed.context["rows"]] == ["SDC"]
    panel = client.get("/en/alliances/SDC/").content.decode()
    assert "Provincial recognised alliance</strong> (Shandong)" in panel
    assert "省级产业技术创新战略联盟" in client.get("/alliances/SDC/").content.decode()


def test_the_api_exposes_the_programme(world: Any, sd: Shandong, client: Any) -> None:
    import json

    client.force_login(sd.officer)
    body = {"scope": "provincial", "province": "37", "title_zh": "山东认定", "opens_on": "2027-03-01",
            "closes_on": "2027-04-30", "rules": "2008", "max_pilots": 2, "max_cultivation": 0}  # fmt: skip
    r = client.post("/api/pilots/calls", json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    call_id = r.json()["id"]
    assert (r.json()["scope"], r.json()["province"], r.json()["recommendation_required"]) == (
        "provincial",
        "37",
        False,
    )
    before = state()
    client.force_login(sd.jiangsu)
    r = client.post(f"/api/pilots/calls/{call_id}/open", "{}", content_type="application/json")
    assert r.status_code == 404  # a draft of another province is not even seen
    client.force_login(sd.national)
    r = client.post(f"/api/pilots/calls/{call_id}/open", "{}", content_type="application/json")
    assert (r.status_code, r.json()["message"]) == (
        403,
        "省级申报通知由该省科技主管部门组织实施，国家办公室仅跟踪了解。",
    )
    r = client.post("/api/pilots/calls", json.dumps(body), content_type="application/json")
    assert r.status_code == 403
    assert state() == before
    r = client.get("/api/pilots/calls?scope=provincial&province=37")
    assert [c["id"] for c in r.json()["items"]] == [call_id]
    assert client.get("/api/pilots/calls?scope=national").json()["items"] == []


def test_the_command_drafts_a_provincial_call(world: Any, sd: Shandong) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    def run(*args: str) -> str:
        out = StringIO()
        call_command("pilots", *args, stdout=out)
        return out.getvalue()

    args = ["call-create", "--title-zh", "山东认定", "--opens", "2027-03-01", "--closes", "2027-04-30", "--max", "2",
            "--province", "37", "--recommendation-required"]  # fmt: skip
    before = state()
    with pytest.raises(CommandError, match="Only the science and technology department of that province"):
        run(*args, "--as", "jiangsu_officer")
    assert state() == before
    data = json.loads(run(*args, "--as", "provincial_officer", "--json"))
    assert {k: data[k] for k in ("scope", "province", "status", "max_pilots", "max_cultivation")} == {
        "scope": "provincial", "province": "37", "status": "draft", "max_pilots": 2, "max_cultivation": 0,
    }  # fmt: skip
    assert data["recommendation_required"] is True
    [row] = json.loads(run("calls", "--scope", "provincial", "--province", "37", "--json"))
    assert row["id"] == data["id"]
    assert json.loads(run("calls", "--scope", "national", "--json")) == []
    assert "37" in run("calls")
