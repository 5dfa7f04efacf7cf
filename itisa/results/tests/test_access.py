"""Access rights to results (DESCA 9): a member asks for access to a result it does not own, within the
agreement's months after the project ends and never while its rights are suspended for breach; the
owners grant with terms or refuse with the reason. Refusals write nothing; the to-do and the notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from itisa.agreements.content import Body, default_procedures
from itisa.agreements.tests.fixtures import complete_content
from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.ledger.tests.conftest import make_books
from itisa.membership.tests.breach_fixtures import member_b
from itisa.notifications.models import Notification
from itisa.notifications.todo import todos_for
from itisa.projects.tests.conftest import make_project
from itisa.results.models import AccessRequest, AccessRequestStatusChange
from itisa.results.rules import access_window_ends, months_after
from itisa.results.services import (
    AccessDecisionInput,
    AccessRequestInput,
    access_request_decide,
    access_request_submit,
)
from itisa.results.tests.conftest import BEIJING, NOW, register, shares

pytestmark = pytest.mark.usefixtures("clock")

NEED = "乙大学在本项目可靠性测试任务中需要使用该外延结构专利。"


def owned_by_a(world: Any, **overrides: Any) -> Any:
    """An invention patent owned by 甲公司 alone (no agreement: the law's rule, equal shares of one)."""
    return register(world, contributions=shares((world.member_a, "100")), **overrides)


def ask(world: Any, result: Any, persona: str = "member_contact", **overrides: Any) -> AccessRequest:
    values = {"organisation": world.member_b.pk, "purpose": "project_execution", "justification": NEED}
    values.update(overrides)
    return access_request_submit(by=world.user(persona), result=result, data=AccessRequestInput(**values))


def state() -> tuple[Any, ...]:
    return (
        list(AccessRequest.objects.order_by("pk").values_list("pk", "status", "terms", "decision_note")),
        AccessRequestStatusChange.objects.count(),
        Notification.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2027, 12, 31), 12, dt.date(2028, 12, 31)),
        (dt.date(2027, 12, 31), 2, dt.date(2028, 2, 29)),  # leap year: the month's last day
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 15), 0, dt.date(2026, 3, 15)),
        (dt.date(2026, 11, 30), 14, dt.date(2028, 1, 30)),
    ],
    ids=["a-year", "leap-february", "short-month", "none", "over-a-year"],
)
def test_months_after_a_day(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_after(day, months) == expected
    assert access_window_ends(day, months) == expected


def test_no_project_no_window() -> None:
    assert access_window_ends(None, 12) is None


def test_a_member_asks_and_the_owner_grants_with_terms(world: Any, agreement_world: Any) -> None:
    books = make_books(world, second_approval_above=None)
    project = make_project(world, books)
    result = owned_by_a(world, project=project.pk)
    request = ask(world, result)
    assert (request.result_id, request.organisation_id, request.purpose, request.justification, request.status,
            request.window_ends_on, request.agreement_id, request.requested_by.username, request.requested_at) == (
        result.pk, world.member_b.pk, "project_execution", NEED, "requested", dt.date(2028, 12, 31), None,
        "member_contact", NOW,
    )  # fmt: skip
    history = list(request.status_changes.values_list("old_status", "new_status", "actor_label"))
    assert history == [("", "requested", "member_contact")]
    entry = AuditEntry.objects.filter(action="results.access.requested").get()
    assert (entry.object_id, entry.data["request"], entry.data["organisation"], entry.data["window_ends_on"]) == (
        str(result.pk), request.pk, world.member_b.uscc, "2028-12-31",
    )  # fmt: skip
    told = Notification.objects.filter(kind="results.access.requested")
    assert list(told.values_list("recipient__username", "subject", "url")) == [
        ("rep_a", f"{result.code} 的访问权由乙大学申请", f"/results/{result.pk}/"),
    ]

    world.user("legal_representative").__class__.objects.filter(username="legal_representative").update(
        preferred_language="en"
    )
    granted = access_request_decide(
        by=agreement_world.rep_a, request=request,
        data=AccessDecisionInput(to="granted", terms="royalty_free", note="仅限本项目可靠性测试使用。"),
    )  # fmt: skip
    granted.refresh_from_db()
    assert (granted.status, granted.terms, granted.decision_note, granted.decided_by.username,
            granted.decided_for_id, granted.decided_at) == (
        "granted", "royalty_free", "仅限本项目可靠性测试使用。", "rep_a", world.member_a.pk, NOW,
    )  # fmt: skip
    assert list(granted.status_changes.order_by("pk").values_list("old_status", "new_status", "comment")) == [
        ("", "requested", ""), ("requested", "granted", "仅限本项目可靠性测试使用。"),
    ]  # fmt: skip
    decided = AuditEntry.objects.filter(action="results.access.decided").get()
    assert (decided.object_id, decided.data["to"], decided.data["terms"], decided.data["for"]) == (
        str(result.pk), "granted", "royalty_free", world.member_a.pk,
    )  # fmt: skip
    told = Notification.objects.filter(kind="results.access.decided").order_by("recipient__username")
    assert list(told.values_list("recipient__username", "subject", "url")) == [
        ("legal_representative", f"Access to {result.code}: Granted", f"/en/results/{result.pk}/"),
        ("member_contact", f"{result.code} 的访问权：已授权", f"/results/{result.pk}/"),
    ]
    # decided once: a second decision is refused and changes nothing
    before = state()
    with pytest.raises(InvalidTransition) as again:
        access_request_decide(by=agreement_world.rep_a, request=request,
                              data=AccessDecisionInput(to="refused", note="重新考虑"))  # fmt: skip
    assert again.value.message == "The owners have decided on this request already (Granted)."
    assert state() == before


def test_the_owner_refuses_with_the_reason(world: Any, agreement_world: Any) -> None:
    result = owned_by_a(world)
    request = ask(world, result, purpose="exploitation")
    with pytest.raises(DomainError) as no_reason:
        access_request_decide(
            by=agreement_world.rep_a, request=request, data=AccessDecisionInput(to="refused")
        )
    assert no_reason.value.fields == {"note": ["Give the reason for the refusal."]}
    refused = access_request_decide(by=agreement_world.rep_a, request=request,
                                    data=AccessDecisionInput(to="refused", note="该用途超出联盟协议约定范围。"))  # fmt: skip
    assert (refused.status, refused.terms, refused.decision_note, refused.window_ends_on) == (
        "refused", "", "该用途超出联盟协议约定范围。", None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"to": "granted"}, {"terms": ["Choose the terms of the access rights."]}),
        ({"to": "granted", "terms": "free"}, {"terms": ["Choose the terms of the access rights."]}),
        ({"to": "maybe"}, {"to": ["Choose to grant or to refuse."]}),
        (
            {"to": "refused", "terms": "royalty_free", "note": "不同意"},
            {"terms": ["A refusal has no terms."]},
        ),
    ],
    ids=["no-terms", "bad-terms", "bad-decision", "terms-on-refusal"],
)
def test_a_malformed_decision_is_refused_and_writes_nothing(
    world: Any, agreement_world: Any, data: dict[str, str], fields: dict[str, list[str]]
) -> None:
    request = ask(world, owned_by_a(world))
    before = state()
    with pytest.raises(DomainError) as refused:
        access_request_decide(by=agreement_world.rep_a, request=request, data=AccessDecisionInput(**data))
    assert refused.value.fields == fields
    assert state() == before


@pytest.mark.parametrize(
    "persona", ["secretariat", "member_contact", "legal_representative", "national_officer"]
)
def test_only_the_owners_decide(world: Any, agreement_world: Any, persona: str) -> None:
    request = ask(world, owned_by_a(world))
    before = state()
    with pytest.raises(PermissionDenied) as denied:
        access_request_decide(by=world.user(persona), request=request,
                              data=AccessDecisionInput(to="granted", terms="royalty_free"))  # fmt: skip
    assert denied.value.message == "Only the result's owners decide on access to it."
    assert state() == before


@pytest.mark.parametrize(
    ("persona", "organisation", "message"),
    [
        ("secretariat", "b", "Only the member's contact or legal representative asks for access rights."),
        ("member_contact", "a", "Only the member's contact or legal representative asks for access rights."),
        ("anonymous", "b", "You must log in first."),
    ],
)
def test_only_a_members_contact_asks_for_it(
    world: Any, persona: str, organisation: str, message: str
) -> None:
    result = owned_by_a(world)
    before = state()
    org = world.member_a if organisation == "a" else world.member_b
    with pytest.raises(PermissionDenied) as denied:
        ask(world, result, persona, organisation=org.pk)
    assert denied.value.message == message
    assert state() == before


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"purpose": "resale"}, {"purpose": ["Choose a valid option."]}),
        ({"justification": "  "}, {"justification": ["Say why the member needs access to this result."]}),
    ],
)
def test_a_request_needs_its_purpose_and_why(world: Any, overrides: dict[str, str], fields: Any) -> None:
    result = owned_by_a(world)
    before = state()
    with pytest.raises(DomainError) as refused:
        ask(world, result, **overrides)
    assert refused.value.fields == fields
    assert state() == before


def test_an_owner_needs_no_access_and_one_open_request_per_purpose(world: Any) -> None:
    jointly = register(world)  # 甲公司 and 乙大学 own it in equal shares (no agreement)
    before = state()
    with pytest.raises(Conflict) as owner:
        ask(world, jointly)
    assert owner.value.message == "The member owns this result already: owners need no access rights."
    assert state() == before
    result = owned_by_a(world, number="ZL201821844933.9", kind="utility_model")
    ask(world, result)
    before = state()
    with pytest.raises(Conflict) as twice:
        ask(world, result, "legal_representative")
    assert twice.value.message == (
        "The member already asked for access for this purpose; the owners have not decided."
    )
    assert state() == before
    assert ask(world, result, purpose="exploitation").purpose == "exploitation"


def _agreement_with_months(agreement_world: Any, months: int) -> Any:
    bodies = [Body.model_validate(b) for b in complete_content()["bodies"]]
    procedures = default_procedures(bodies).model_copy(update={"access_request_months": months})
    version = agreement_world.open_version(procedures=procedures.model_dump(mode="json"))
    agreement_world.sign(version, "a")
    agreement_world.sign(version, "b")
    version.refresh_from_db()
    assert version.status == "effective"
    return version


@pytest.mark.parametrize(
    ("months", "last_day", "shown"),
    [(None, dt.date(2028, 12, 31), "31 Dec 2028"), (3, dt.date(2028, 3, 31), "31 Mar 2028")],
    ids=["default", "agreed"],
)
def test_requests_close_the_agreements_months_after_the_project_ends(
    world: Any, agreement_world: Any, months: int | None, last_day: dt.date, shown: str
) -> None:
    version = _agreement_with_months(agreement_world, months) if months is not None else None
    project = make_project(world, make_books(world, second_approval_above=None))  # ends 2027-12-31
    result = owned_by_a(world, project=project.pk)
    assert result.ownership is not None
    at_end = dt.datetime.combine(last_day, dt.time(23, 59), tzinfo=BEIJING)
    with time_machine.travel(at_end, tick=False):
        first = ask(world, result)
    assert (first.window_ends_on, first.agreement_id) == (last_day, version.pk if version else None)
    before = state()
    with time_machine.travel(at_end + dt.timedelta(minutes=1), tick=False), pytest.raises(Conflict) as late:
        ask(world, result, purpose="exploitation")
    assert late.value.message == (
        f"Access to results of project {project.code} was open until {shown} "
        "(the agreement's months after the project ended)."
    )
    assert state() == before


def _suspend_member_b(world: Any, starts_on: dt.date, ends_on: dt.date) -> None:
    """Member 乙大学's rights suspended by the council on a breach (membership's own workflow)."""
    from itisa.core import clocks
    from itisa.governance.services import motion_close, vote_cast
    from itisa.governance.tests.conftest import make_council
    from itisa.membership.clocks import BREACH_LAPSE
    from itisa.membership.services import ReferralInput, breach_refer
    from itisa.membership.tests.breach_fixtures import SERVED_AT, serve

    council = make_council(world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
    with time_machine.travel(SERVED_AT + dt.timedelta(days=40), tick=False):
        clocks.run_due(codes=[BREACH_LAPSE])
        notice.refresh_from_db()
        notice = breach_refer(
            by=world.user("secretariat"), notice=notice, body=council.body,
            data=ReferralInput(remedies=["suspension"], suspend_from=starts_on, suspend_until=ends_on,
                               deadline=SERVED_AT + dt.timedelta(days=47)),
        )  # fmt: skip
        for persona, choice in (("council_member", "yes"), ("expert", "yes"), ("legal_representative", "no")):
            vote_cast(by=world.user(persona), motion=notice.motion, choice=choice)
        motion_close(by=world.user("secretariat"), motion=notice.motion)
    assert member_b(world).suspensions.get().ends_on == ends_on


def test_a_suspended_member_cannot_obtain_access(world: Any, agreement_world: Any) -> None:
    from itisa.membership.tests.breach_fixtures import put_in_force

    put_in_force(agreement_world)
    result = owned_by_a(world)  # no project: no window
    with time_machine.travel(dt.datetime(2030, 3, 1, 9, 0, tzinfo=BEIJING), tick=False):
        pending = ask(world, result)
    _suspend_member_b(world, dt.date(2030, 5, 1), dt.date(2030, 10, 31))
    with time_machine.travel(dt.datetime(2030, 6, 1, 9, 0, tzinfo=BEIJING), tick=False):
        before = state()
        with pytest.raises(Conflict) as asked:
            ask(world, result, purpose="exploitation")
        with pytest.raises(Conflict) as granted:
            access_request_decide(by=agreement_world.rep_a, request=pending,
                                  data=AccessDecisionInput(to="granted", terms="fair_reasonable"))  # fmt: skip
        message = ("The member's rights are suspended for breach until 31 Oct 2030: a defaulting member cannot "
                   "obtain access rights.")  # fmt: skip
        assert (asked.value.message, granted.value.message) == (message, message)
        assert state() == before
        # the owners may still refuse it
        assert access_request_decide(by=agreement_world.rep_a, request=pending,
                                     data=AccessDecisionInput(to="refused", note="违约期间")).status == "refused"  # fmt: skip
    with time_machine.travel(dt.datetime(2030, 11, 1, 9, 0, tzinfo=BEIJING), tick=False):
        assert ask(world, result, purpose="exploitation").status == "requested"


def test_the_owners_contacts_have_it_in_their_to_do(world: Any, agreement_world: Any) -> None:
    result = owned_by_a(world)
    request = ask(world, result)
    items = todos_for(agreement_world.rep_a, now=NOW)
    mine = [
        (t.kind.code, t.ref, t.subject, t.detail, t.url, t.due)
        for t in items
        if t.kind.code.startswith("results.")
    ]
    assert mine == [(
        "results.access.decide", f"access:{request.pk}", f"CSA/{result.code} {result.title_zh}",
        f"{request.organisation.name_en}: To carry out its own work in the project", f"/en/results/access/{request.pk}/", None,
    )]  # fmt: skip
    for persona in ("member_contact", "secretariat"):
        assert [
            t for t in todos_for(world.user(persona), now=NOW) if t.kind.code.startswith("results.")
        ] == []
    access_request_decide(by=agreement_world.rep_a, request=request,
                          data=AccessDecisionInput(to="granted", terms="royalty_free"))  # fmt: skip
    assert [t for t in todos_for(agreement_world.rep_a, now=NOW) if t.kind.code.startswith("results.")] == []
