"""Ballots close at their deadline by themselves: through the tick (no request) or when a page shows them.

The clock is pinned: a ballot is opened on 2026-03-02 09:00 Beijing time with a deadline three days later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.core.errors import InvalidTransition
from itisa.governance.clocks import BALLOT_DEADLINE, BALLOT_REMINDER
from itisa.governance.models import Motion, MotionStatusChange, Resolution
from itisa.governance.services import motion_close, motion_close_at_deadline, motion_open, vote_cast
from itisa.notifications.models import Notification

BEIJING = dt.timezone(dt.timedelta(hours=8))
OPENED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
DEADLINE = dt.datetime(2026, 3, 5, 17, 0, tzinfo=BEIJING)


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(OPENED, tick=False) as traveller:
        yield traveller


def _ballot(world: Any, council: Any, title: str = "关于增补理事单位的议案") -> Motion:
    return motion_open(
        by=world.user("secretariat"), body=council.body, title_zh=title, method="ballot", deadline=DEADLINE
    )


def _record(motion: Motion) -> tuple[Any, ...]:
    """What a close writes: the motion's tally, its history, its audit entries, its resolution."""
    m = Motion.objects.get(pk=motion.pk)
    return (
        (m.status, m.closed_at, m.seats_count, m.yes, m.no, m.abstain, m.present, m.quorum_met, m.passed),
        list(
            MotionStatusChange.objects.filter(motion=m)
            .order_by("at", "pk")
            .values_list("old_status", "new_status", "by", "at", "comment")
        ),
        list(
            AuditEntry.objects.filter(object_type="governance.motion", object_id=str(m.pk))
            .order_by("seq")
            .values_list("action", "actor_label")
        ),
        Resolution.objects.filter(motion=m).count(),
    )


def _counts(run: dict[str, clocks.Counts], code: str) -> dict[str, int]:
    return run[code].as_dict()


def test_the_tick_closes_a_ballot_after_its_deadline_with_its_tally_and_no_request(
    world: Any, council: Any, clock: Any
) -> None:
    motion = _ballot(world, council)
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=motion, choice="yes")
    clock.move_to(DEADLINE)  # a vote at the deadline itself still counts: not closed yet
    assert _counts(clocks.run_due(), BALLOT_DEADLINE) == {"due": 0, "fired": 0, "settled": 0, "failed": 0}
    assert Motion.objects.get(pk=motion.pk).status == "open"
    clock.move_to(DEADLINE + dt.timedelta(minutes=1))
    assert _counts(clocks.run_due(), BALLOT_DEADLINE) == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
    assert _record(motion) == (
        ("closed", DEADLINE, 4, 3, 0, 0, 3, True, True),
        [
            ("", "open", world.user("secretariat").pk, OPENED, ""),
            ("open", "closed", None, DEADLINE, "系统于截止时间关闭。"),
        ],
        [("governance.motion.opened", "secretariat"), ("governance.motion.closed", "system")],
        1,
    )
    closed = AuditEntry.objects.get(action="governance.motion.closed")
    assert {k: closed.data[k] for k in ("seats", "yes", "no", "abstain", "passed", "early")} == {
        "seats": 4, "yes": 3, "no": 0, "abstain": 0, "passed": True, "early": False,
    }  # fmt: skip
    # a second tick finds nothing to do
    before = (_record(motion), AuditEntry.objects.count())
    assert _counts(clocks.run_due(), BALLOT_DEADLINE) == {"due": 0, "fired": 0, "settled": 0, "failed": 0}
    assert (_record(motion), AuditEntry.objects.count()) == before


def test_a_ballot_the_chair_closed_early_is_not_closed_again(world: Any, council: Any, clock: Any) -> None:
    early = _ballot(world, council, title="主席提前关闭")
    motion_close(by=world.user("council_member"), motion=early)  # the chair closes it by hand
    clock.move_to(DEADLINE + dt.timedelta(hours=1))
    before = (_record(early), AuditEntry.objects.count())
    assert motion_close_at_deadline(motion=early) is None
    assert (_record(early), AuditEntry.objects.count()) == before
    assert _counts(clocks.run_due(), BALLOT_DEADLINE) == {"due": 0, "fired": 0, "settled": 0, "failed": 0}


def test_firing_a_closed_ballot_again_is_a_no_op(world: Any, council: Any, clock: Any) -> None:
    motion = _ballot(world, council)
    clock.move_to(DEADLINE + dt.timedelta(seconds=1))
    assert motion_close_at_deadline(motion=motion) is not None
    before = (_record(motion), AuditEntry.objects.count())
    assert motion_close_at_deadline(motion=motion) is None
    assert (_record(motion), AuditEntry.objects.count()) == before
    with pytest.raises(InvalidTransition):
        motion_close(by=world.user("secretariat"), motion=motion)
    assert (_record(motion), AuditEntry.objects.count()) == before
    # nobody voted: the tally says so, and no resolution follows
    assert _record(motion)[0] == ("closed", DEADLINE, 4, 0, 0, 0, 0, False, False)


def test_the_motion_page_shows_the_ballot_closed_before_any_worker_ran_and_closes_it_once(
    world: Any, council: Any, clock: Any, django_assert_max_num_queries: Any
) -> None:
    motion = _ballot(world, council)
    vote_cast(by=world.user("expert"), motion=motion, choice="no")
    clock.move_to(DEADLINE + dt.timedelta(days=2))
    c = Client()
    c.force_login(world.user("council_member"))
    r = c.get(f"/en/governance/motions/{motion.pk}/")
    assert r.status_code == 200
    page = r.content.decode()
    assert ('data-testid="tally"' in page, 'data-testid="ballot"' in page) == (True, False)
    first = _record(motion)
    assert first[0] == ("closed", DEADLINE, 4, 0, 1, 0, 1, False, False)
    assert first[1][-1] == ("open", "closed", None, DEADLINE, "系统于截止时间关闭。")
    assert first[2] == [("governance.motion.opened", "secretariat"), ("governance.motion.closed", "system")]
    with django_assert_max_num_queries(16):
        assert c.get(f"/en/governance/motions/{motion.pk}/").status_code == 200
    assert _record(motion) == first
    assert _counts(clocks.run_due(), BALLOT_DEADLINE) == {"due": 0, "fired": 0, "settled": 0, "failed": 0}
    assert _record(motion) == first


def test_the_motion_list_closes_the_alliances_ballots_past_their_deadline(
    world: Any, council: Any, clock: Any
) -> None:
    first = _ballot(world, council, title="第一项")
    clock.move_to(DEADLINE - dt.timedelta(days=1))
    second = motion_open(
        by=world.user("secretariat"),
        body=council.body,
        title_zh="第二项",
        method="ballot",
        deadline=DEADLINE + dt.timedelta(days=3),
    )
    clock.move_to(DEADLINE + dt.timedelta(hours=2))
    c = Client()
    c.force_login(world.user("council_member"))
    r = c.get("/en/alliances/CSA/governance/motions/?status=open")
    assert r.content.decode().count('data-testid="motion-row"') == 1
    assert dict(Motion.objects.values_list("pk", "status")) == {first.pk: "closed", second.pk: "open"}


def test_the_reminder_clock_tells_the_seats_that_have_not_voted_once(
    world: Any, council: Any, clock: Any
) -> None:
    motion = _ballot(world, council)
    vote_cast(by=world.user("council_member"), motion=motion, choice="yes")
    clock.move_to(DEADLINE - dt.timedelta(hours=25))
    assert _counts(clocks.run_due(), BALLOT_REMINDER)["fired"] == 0
    clock.move_to(DEADLINE - dt.timedelta(hours=23))
    assert _counts(clocks.run_due(), BALLOT_REMINDER) == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
    reminded = Notification.objects.filter(kind="governance.ballot.closing")
    assert sorted(reminded.values_list("recipient__username", "subject")) == [
        ("expert", "表决即将截止：关于增补理事单位的议案"),
        ("legal_representative", "表决即将截止：关于增补理事单位的议案"),
    ]
    assert _counts(clocks.run_due(), BALLOT_REMINDER) == {"due": 0, "fired": 0, "settled": 0, "failed": 0}
    assert reminded.count() == 2
