"""The breach procedure: notice, the agreement's cure period, lapse by itself, cure, referral to the
council and the remedies the breach clause allows (docs/workflows.md, "Breach")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.core.errors import Conflict, InvalidTransition, PermissionDenied
from itisa.governance.models import Resolution, Veto
from itisa.governance.services import motion_close, motion_open, resolution_veto, vote_cast
from itisa.governance.tests.conftest import make_council
from itisa.membership.clocks import BREACH_LAPSE
from itisa.membership.models import BreachNotice, BreachStatusChange, GrantRecoveryClaim, Suspension
from itisa.membership.selectors import access_breach, breaches_of
from itisa.membership.services import (
    ReferralInput,
    breach_confirm_cure,
    breach_refer,
    breach_reject_cure,
    breach_report_cure,
    breach_withdraw,
)
from itisa.membership.tests.breach_fixtures import (
    BEIJING,
    CLAUSE,
    SERVED_AT,
    member_b,
    put_in_force,
    serve,
    state,
)
from itisa.notifications.models import Notification
from itisa.notifications.todo import todos_for

NONE = {"due": 0, "fired": 0, "settled": 0, "failed": 0}
ONE = {"due": 1, "fired": 1, "settled": 0, "failed": 0}
LAST_MINUTE = dt.datetime(2030, 4, 1, 23, 59, tzinfo=BEIJING)  # the cure period's last day (30 days)
MIDNIGHT = dt.datetime(2030, 4, 2, 0, 0, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("days", "cure_by", "cure_by_zh"),
    [(30, dt.date(2030, 4, 1), "2030年4月1日"), (45, dt.date(2030, 4, 16), "2030年4月16日")],
)
def test_the_cure_period_comes_from_the_agreement_in_force(
    agreement_world: Any, days: int, cure_by: dt.date, cure_by_zh: str
) -> None:
    aw = agreement_world
    version = put_in_force(aw, cure_days=days)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(aw.world)
    assert (notice.status, notice.served_on, notice.cure_days, notice.cure_by, notice.agreement_id) == (
        "served", dt.date(2030, 3, 2), days, cure_by, version.pk,
    )  # fmt: skip
    assert notice.clause_listed is True
    history = list(
        BreachStatusChange.objects.filter(breach=notice).values_list(
            "old_status", "new_status", "by__username"
        )
    )
    assert history == [("", "served", "secretariat")]
    entry = AuditEntry.objects.get(action="membership.breach.served")
    assert (entry.data["cure_days"], entry.data["cure_by"], entry.data["agreement"]) == (
        days,
        cure_by.isoformat(),
        "CSA/v1",
    )
    told = Notification.objects.filter(kind="membership.breach.served").order_by("recipient__username")
    assert [(n.recipient.username, n.subject, n.url) for n in told] == [
        (
            "legal_representative",
            f"违约通知：请于{cure_by_zh}前纠正",
            f"/alliances/CSA/breaches/{notice.pk}/",
        ),
        (
            "member_contact",
            f"违约通知：请于{cure_by_zh}前纠正",
            f"/alliances/CSA/breaches/{notice.pk}/",
        ),
    ]


def test_a_clause_not_listed_is_kept_as_free_text(agreement_world: Any) -> None:
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(agreement_world.world, clause="擅自以联盟名义对外签约")
    assert (notice.clause, notice.clause_listed) == ("擅自以联盟名义对外签约", False)


def test_no_notice_without_an_agreement_in_force(world: Any) -> None:
    before = state()
    with time_machine.travel(SERVED_AT, tick=False), pytest.raises(Conflict):
        serve(world)
    assert state() == before


@pytest.mark.parametrize("persona", ["council_member", "member_contact", "legal_representative", "outsider"])
def test_only_the_keepers_serve_a_notice(agreement_world: Any, persona: str) -> None:
    from itisa.membership.services import BreachInput, breach_serve

    put_in_force(agreement_world)
    before = state()
    with time_machine.travel(SERVED_AT, tick=False), pytest.raises(PermissionDenied):
        breach_serve(
            by=agreement_world.world.user(persona), membership=member_b(agreement_world.world),
            data=BreachInput(clause=CLAUSE, facts="事实"),
        )  # fmt: skip
    assert state() == before


def test_the_notice_lapses_by_itself_the_day_after_its_cure_period(agreement_world: Any) -> None:
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False) as clock:
        notice = serve(agreement_world.world)
        clock.move_to(LAST_MINUTE)
        before = state()
        assert clocks.run_due(codes=[BREACH_LAPSE])[BREACH_LAPSE].as_dict() == NONE
        assert state() == before
        clock.move_to(MIDNIGHT)
        assert clocks.run_due(codes=[BREACH_LAPSE])[BREACH_LAPSE].as_dict() == ONE
        assert clocks.run_due(codes=[BREACH_LAPSE])[BREACH_LAPSE].as_dict() == NONE
    notice.refresh_from_db()
    row = BreachStatusChange.objects.filter(breach=notice).last()
    assert (notice.status, row.old_status, row.new_status, row.by_id, row.at) == (
        "lapsed", "served", "lapsed", None, MIDNIGHT,
    )  # fmt: skip
    lapsed = AuditEntry.objects.filter(action="membership.breach.lapsed")
    assert list(lapsed.values_list("actor_label", flat=True)) == ["system"]
    told = Notification.objects.filter(kind="membership.breach.lapsed")
    assert sorted(told.values_list("recipient__username", flat=True)) == [
        "legal_representative", "member_contact", "secretariat",
    ]  # fmt: skip


def test_reading_the_notice_lapses_it_without_any_worker(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False) as clock:
        notice = serve(world)
        clock.move_to(MIDNIGHT)
        assert access_breach(world.user("member_contact"), notice.pk).status == "lapsed"
        assert [n.status for n in breaches_of(world.user("secretariat"), world.csa)] == ["lapsed"]
    assert AuditEntry.objects.filter(action="membership.breach.lapsed").count() == 1


def test_a_cure_reported_and_confirmed_in_time_stops_the_clock(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False) as clock:
        notice = serve(world)
        clock.move_to(dt.datetime(2030, 3, 20, 10, 0, tzinfo=BEIJING))
        breach_report_cure(
            by=world.user("member_contact"), notice=notice, report="已收回资料并签署保密承诺。"
        )
        told = Notification.objects.get(kind="membership.breach.cure_reported")
        assert (told.recipient.username, told.body) == ("secretariat", "已收回资料并签署保密承诺。")
        clock.move_to(MIDNIGHT + dt.timedelta(days=3))
        assert (
            clocks.run_due(codes=[BREACH_LAPSE])[BREACH_LAPSE].as_dict() == NONE
        )  # waits for the secretariat
        breach_confirm_cure(by=world.user("secretariat"), notice=notice, evidence="第三方出具的销毁证明。")
        assert clocks.run_due(codes=[BREACH_LAPSE])[BREACH_LAPSE].as_dict() == NONE
    notice.refresh_from_db()
    assert (notice.status, notice.cure_report, notice.cure_evidence) == (
        "cured", "已收回资料并签署保密承诺。", "第三方出具的销毁证明。",
    )  # fmt: skip
    assert list(BreachStatusChange.objects.filter(breach=notice).values_list("new_status", "by__username")) == [
        ("served", "secretariat"), ("cure_reported", "member_contact"), ("cured", "secretariat"),
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="membership.breach.lapsed").count() == 0


def test_a_cure_found_wanting_after_the_period_lapses_at_once(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False) as clock:
        notice = serve(world)
        breach_report_cure(by=world.user("legal_representative"), notice=notice, report="已整改。")
        clock.move_to(MIDNIGHT)
        notice = breach_reject_cure(by=world.user("secretariat"), notice=notice, reason="未提供证明。")
    assert notice.status == "lapsed"
    assert list(BreachStatusChange.objects.filter(breach=notice).values_list("new_status", flat=True)) == [
        "served", "cure_reported", "served", "lapsed",
    ]  # fmt: skip


def test_others_cannot_report_or_confirm_a_cure(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    council = make_council(world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
        before = state()
        for persona in ("council_member", "secretariat", "outsider"):
            with pytest.raises(PermissionDenied):
                breach_report_cure(by=world.user(persona), notice=notice, report="已整改。")
        for persona in ("member_contact", "council_member"):
            with pytest.raises(PermissionDenied):
                breach_confirm_cure(by=world.user(persona), notice=notice, evidence="证明")
        with pytest.raises(InvalidTransition):
            breach_refer(by=world.user("secretariat"), notice=notice, body=council.body,
                         data=ReferralInput(remedies=["suspension"], suspend_from=dt.date(2030, 5, 1),
                                            suspend_until=dt.date(2030, 5, 31),
                                            deadline=SERVED_AT + dt.timedelta(days=7)))  # fmt: skip
    assert state() == before


def _lapsed(aw: Any, **flags: bool) -> tuple[BreachNotice, Any]:
    put_in_force(aw, **flags)
    council = make_council(aw.world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(aw.world)
    with time_machine.travel(MIDNIGHT, tick=False):
        clocks.run_due(codes=[BREACH_LAPSE])
    notice.refresh_from_db()
    return notice, council


REFER_AT = dt.datetime(2030, 4, 3, 9, 0, tzinfo=BEIJING)


def _referral(*remedies: str) -> ReferralInput:
    return ReferralInput(
        remedies=list(remedies),
        suspend_from=dt.date(2030, 5, 1) if "suspension" in remedies else None,
        suspend_until=dt.date(2030, 10, 31) if "suspension" in remedies else None,
        deadline=REFER_AT + dt.timedelta(days=7),
    )


@pytest.mark.parametrize(
    ("remedies", "flags", "cited"),
    [
        (("suspension",), {"suspension": False}, "breach.suspension"),
        (("expulsion",), {"expulsion": False}, "breach.expulsion"),
        (("grant_recovery",), {"grant_recovery": False}, "breach.grant_recovery"),
        (("expulsion", "grant_recovery"), {"grant_recovery": False}, "breach.grant_recovery"),
    ],
)
def test_a_remedy_the_breach_clause_does_not_allow_is_refused_and_nothing_written(
    agreement_world: Any, remedies: tuple[str, ...], flags: dict[str, bool], cited: str
) -> None:
    world = agreement_world.world
    notice, council = _lapsed(agreement_world, **flags)
    before = state()
    with time_machine.travel(REFER_AT, tick=False), pytest.raises(Conflict) as refused:
        breach_refer(
            by=world.user("secretariat"), notice=notice, body=council.body, data=_referral(*remedies)
        )
    assert f"CSA/v1, {cited}" in refused.value.message
    assert state() == before


def _close_with(world: Any, notice: BreachNotice, votes: dict[str, str]) -> BreachNotice:
    with time_machine.travel(REFER_AT + dt.timedelta(hours=1), tick=False):
        for persona, choice in votes.items():
            vote_cast(by=world.user(persona), motion=notice.motion, choice=choice)
        motion_close(by=world.user("secretariat"), motion=notice.motion)
    notice.refresh_from_db()
    return notice


def test_a_suspension_decided_by_the_council_stops_the_members_seats_voting(agreement_world: Any) -> None:
    world = agreement_world.world
    notice, council = _lapsed(agreement_world)
    with time_machine.travel(REFER_AT, tick=False):
        notice = breach_refer(by=world.user("secretariat"), notice=notice, body=council.body,
                              data=_referral("suspension"))  # fmt: skip
    assert (notice.status, notice.motion.matter, notice.motion.body_id) == (
        "referred",
        "ordinary",
        council.body.pk,
    )
    ballot = Notification.objects.filter(kind="governance.ballot.opened")
    assert sorted(ballot.values_list("recipient__username", flat=True)) == [
        "council_member", "expert", "legal_representative",
    ]  # fmt: skip
    notice = _close_with(
        world, notice, {"council_member": "yes", "expert": "yes", "legal_representative": "no"}
    )
    assert notice.status == "remedied"
    suspension = Suspension.objects.get()
    assert (suspension.breach_id, suspension.membership_id, suspension.starts_on, suspension.ends_on) == (
        notice.pk, member_b(world).pk, dt.date(2030, 5, 1), dt.date(2030, 10, 31),
    )  # fmt: skip
    assert GrantRecoveryClaim.objects.count() == 0
    decided = Notification.objects.filter(kind="membership.breach.decided")
    assert sorted(decided.values_list("recipient__username", flat=True)) == [
        "legal_representative", "member_contact", "secretariat",
    ]  # fmt: skip
    # while suspended the member's seat (legal_representative) cannot vote; the others can
    with time_machine.travel(dt.datetime(2030, 6, 1, 9, 0, tzinfo=BEIJING), tick=False):
        motion = motion_open(by=world.user("secretariat"), body=council.body, title_zh="年度计划", method="ballot",
                             deadline=dt.datetime(2030, 11, 5, 9, 0, tzinfo=BEIJING))  # fmt: skip
        votes = state()[-1]
        with pytest.raises(PermissionDenied) as barred:
            vote_cast(by=world.user("legal_representative"), motion=motion, choice="yes")
        assert barred.value.message == (
            "The member's rights are suspended for breach until 31 Oct 2030; its seats cannot vote."
        )
        assert state()[-1] == votes
        vote_cast(by=world.user("council_member"), motion=motion, choice="yes")
    with time_machine.travel(dt.datetime(2030, 11, 1, 9, 0, tzinfo=BEIJING), tick=False):
        assert vote_cast(by=world.user("legal_representative"), motion=motion, choice="no").choice == "no"


def test_an_expulsion_decided_on_a_breach_goes_through_the_expulsion_flow(agreement_world: Any) -> None:
    world = agreement_world.world
    notice, council = _lapsed(agreement_world)
    with time_machine.travel(REFER_AT, tick=False):
        notice = breach_refer(by=world.user("secretariat"), notice=notice, body=council.body,
                              data=_referral("expulsion", "grant_recovery"))  # fmt: skip
    assert (notice.motion.matter, notice.expulsion.motion_id, notice.expulsion.status) == (
        "important", notice.motion_id, "voting",
    )  # fmt: skip
    votes = {"council_member": "yes", "expert": "yes", "legal_representative": "yes"}
    notice = _close_with(world, notice, votes)
    # expulsion is an important matter: under the agreement's procedures it waits for its 15-day veto
    # window (DESCA 6.3.4), in which the member in breach may not veto the decision on itself
    resolution = Resolution.objects.get(motion=notice.motion)
    assert (notice.status, resolution.effect, GrantRecoveryClaim.objects.count()) == (
        "referred",
        "pending_veto",
        0,
    )
    with time_machine.travel(REFER_AT + dt.timedelta(days=2), tick=False):
        before = AuditEntry.objects.count()
        with pytest.raises(PermissionDenied) as refused:
            resolution_veto(by=world.user("legal_representative"), resolution=resolution, reason="不服")
        assert refused.value.message == "A member may not veto the decision on its own breach or expulsion."
        assert (AuditEntry.objects.count(), Veto.objects.count()) == (before, 0)
    effective = REFER_AT + dt.timedelta(hours=1, days=15)
    clocks.run_due(effective + dt.timedelta(minutes=1))
    notice.refresh_from_db()
    expulsion = notice.expulsion
    expulsion.refresh_from_db()
    claim = GrantRecoveryClaim.objects.get()  # one claim, opened by the breach's decision
    assert (notice.status, expulsion.status, member_b(world).left_on, notice.decided_at) == (
        "remedied",
        "expelled",
        dt.date(2030, 4, 18),
        effective,
    )
    assert (claim.breach_id, claim.expulsion_id) == (notice.pk, expulsion.pk)
    decided = AuditEntry.objects.get(action="membership.breach.decided")
    assert decided.data["remedies"] == ["expulsion", "grant_recovery"]


def test_an_expulsion_short_of_the_important_majority_is_no_remedy(agreement_world: Any) -> None:
    """Expulsion is an important matter: 2/3 of all four seats, which two votes for are not."""
    world = agreement_world.world
    notice, council = _lapsed(agreement_world)
    with time_machine.travel(REFER_AT, tick=False):
        notice = breach_refer(by=world.user("secretariat"), notice=notice, body=council.body,
                              data=_referral("expulsion"))  # fmt: skip
    notice = _close_with(
        world, notice, {"council_member": "yes", "expert": "yes", "legal_representative": "no"}
    )
    notice.expulsion.refresh_from_db()
    assert (notice.status, notice.expulsion.status, member_b(world).left_on) == (
        "no_remedy",
        "not_expelled",
        None,
    )
    assert GrantRecoveryClaim.objects.count() == 0


def test_expulsion_and_grant_recovery_take_effect_when_the_council_passes_them(agreement_world: Any) -> None:
    world = agreement_world.world
    notice, council = _lapsed(agreement_world)
    with time_machine.travel(REFER_AT, tick=False):
        notice = breach_refer(by=world.user("secretariat"), notice=notice, body=council.body,
                              data=_referral("grant_recovery"))  # fmt: skip
    notice = _close_with(
        world, notice, {"council_member": "yes", "expert": "yes", "legal_representative": "no"}
    )
    claim = GrantRecoveryClaim.objects.get()
    assert (notice.status, claim.breach_id, claim.expulsion_id, claim.organisation_id, claim.status) == (
        "remedied", notice.pk, None, world.member_b.pk, "open",
    )  # fmt: skip
    assert member_b(world).left_on is None


def test_the_council_voting_no_means_no_remedy(agreement_world: Any) -> None:
    world = agreement_world.world
    notice, council = _lapsed(agreement_world)
    with time_machine.travel(REFER_AT, tick=False):
        notice = breach_refer(by=world.user("secretariat"), notice=notice, body=council.body,
                              data=_referral("suspension"))  # fmt: skip
    notice = _close_with(
        world, notice, {"council_member": "no", "expert": "no", "legal_representative": "no"}
    )
    assert (notice.status, Suspension.objects.count(), GrantRecoveryClaim.objects.count()) == (
        "no_remedy",
        0,
        0,
    )
    row = BreachStatusChange.objects.filter(breach=notice).last()
    assert (row.new_status, row.by_id) == ("no_remedy", world.user("secretariat").pk)


def test_withdrawing_a_notice_tells_the_member(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
        notice = breach_withdraw(by=world.user("secretariat"), notice=notice, reason="误发。")
    assert notice.status == "withdrawn"
    told = Notification.objects.filter(kind="membership.breach.withdrawn")
    assert sorted(told.values_list("recipient__username", "body")) == [
        ("legal_representative", "误发。"), ("member_contact", "误发。"),
    ]  # fmt: skip


def _todo(user: Any, now: dt.datetime) -> list[tuple[str, str, str, dt.date | None, bool]]:
    return [
        (t.kind.code, t.subject, t.detail, t.due, t.overdue)
        for t in todos_for(user, now=now)
        if t.kind.code.startswith("membership.breach")
    ]


def test_the_to_do_lists_of_the_member_and_the_secretariat(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False) as clock:
        notice = serve(world)
        now = SERVED_AT
        org = world.member_b.name_en  # the English name on an English page
        assert _todo(world.user("member_contact"), now) == [
            ("membership.breach.cure", CLAUSE, f"{org}: cure by 1 Apr 2030", dt.date(2030, 4, 1), False)
        ]
        assert _todo(world.user("council_member"), now) == []
        assert _todo(world.user("secretariat"), now) == []
        clock.move_to(MIDNIGHT)
        assert _todo(world.user("legal_representative"), MIDNIGHT) == [
            ("membership.breach.cure", CLAUSE, f"{org}: cure by 1 Apr 2030", dt.date(2030, 4, 1), True)
        ]
        assert _todo(world.user("secretariat"), MIDNIGHT) == [
            ("membership.breach.handle", org, "refer the lapsed breach to the council", None, False)
        ]
        breach_report_cure(by=world.user("member_contact"), notice=notice, report="已整改。")
        assert _todo(world.user("member_contact"), MIDNIGHT) == []
        assert _todo(world.user("secretariat"), MIDNIGHT) == [
            ("membership.breach.handle", org, "confirm the cure", None, False)
        ]
