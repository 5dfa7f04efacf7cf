"""Motions and votes: one write-once vote per current seat, counted with the rules in force when put."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.governance.models import Motion, MotionStatusChange, Resolution, Vote
from itisa.governance.services import (
    ballots_remind,
    motion_close,
    motion_open,
    motion_withdraw,
    resolution_assign,
    resolution_update,
    rules_adopt,
    seat_end,
    seat_representative_change,
    vote_cast,
)
from itisa.notifications.models import Notification
from tests.factories import UserFactory


def _state() -> tuple[Any, ...]:
    return (
        list(Motion.objects.order_by("pk").values_list("pk", "status", "passed")),
        Vote.objects.count(),
        MotionStatusChange.objects.count(),
        Resolution.objects.count(),
        Notification.objects.count(),
        AuditEntry.objects.count(),
    )


def _ballot(world: Any, council: Any, **kw: Any) -> Motion:
    return motion_open(
        by=world.user("secretariat"),
        body=council.body,
        title_zh=kw.pop("title_zh", "关于增补理事单位的议案"),
        method="ballot",
        deadline=kw.pop("deadline", timezone.now() + dt.timedelta(days=7)),
        **kw,
    )


def test_opening_a_ballot_numbers_it_records_the_rules_and_notifies_every_represented_seat(
    world: Any, council: Any
) -> None:
    first = _ballot(world, council)
    second = _ballot(world, council, title_zh="第二项议案")
    assert (first.number, second.number) == (1, 2)
    assert (first.status, first.rules.version, first.opened_by) == ("open", 1, world.user("secretariat"))
    assert list(first.status_changes.values_list("old_status", "new_status")) == [("", "open")]
    inbox = Notification.objects.filter(
        kind="governance.ballot.opened", url=f"/governance/motions/{first.pk}/"
    )
    assert sorted(inbox.values_list("recipient__username", flat=True)) == [
        "council_member",
        "expert",
        "legal_representative",
    ]
    assert inbox.first().subject == "表决已开始：关于增补理事单位的议案"
    entry = AuditEntry.objects.filter(action="governance.motion.opened").order_by("seq").first()
    assert (entry.data["number"], entry.data["method"]) == (1, "ballot")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadline": None}, "A ballot needs a deadline."),
        ({"deadline": "past"}, "The deadline must be in the future."),
        ({"title_zh": "  "}, "This field is required."),
    ],
)
def test_a_bad_ballot_is_refused_and_nothing_is_written(
    world: Any, council: Any, changes: dict[str, Any], message: str
) -> None:
    if changes.get("deadline") == "past":
        changes["deadline"] = timezone.now() - dt.timedelta(minutes=1)
    before = _state()
    with pytest.raises(DomainError) as exc:
        _ballot(world, council, **changes)
    assert message in [m for msgs in exc.value.fields.values() for m in msgs]
    assert _state() == before


@pytest.mark.parametrize("persona", ["council_member", "legal_representative", "expert"])
def test_each_current_representative_votes_once(world: Any, council: Any, persona: str) -> None:
    motion = _ballot(world, council)
    vote = vote_cast(by=world.user(persona), motion=motion, choice="yes")
    assert (vote.choice, vote.cast_by.username) == ("yes", persona)
    assert AuditEntry.objects.filter(action="governance.vote.cast").count() == 1
    before = _state()
    with pytest.raises(Conflict, match="already voted"):
        vote_cast(by=world.user(persona), motion=motion, choice="no")
    assert _state() == before
    assert Vote.objects.get(motion=motion).choice == "yes"


@pytest.mark.parametrize(
    "persona",
    ["secretariat", "national_officer", "member_contact", "fund_supervisor", "outsider", "anonymous"],
)
def test_a_non_seat_cannot_vote_and_nothing_changes(world: Any, council: Any, persona: str) -> None:
    motion = _ballot(world, council)
    before = _state()
    with pytest.raises(PermissionDenied):
        vote_cast(by=world.user(persona), motion=motion, choice="yes")
    assert _state() == before


def test_a_past_representative_cannot_vote_and_the_new_one_can(world: Any, council: Any) -> None:
    motion = _ballot(world, council)
    successor = UserFactory(username="new_rep")
    seat_representative_change(by=world.user("secretariat"), seat=council.chair, representative=successor)
    before = _state()
    with pytest.raises(PermissionDenied, match="current representative"):
        vote_cast(by=world.user("council_member"), motion=motion, choice="yes")
    assert _state() == before
    vote = vote_cast(by=successor, motion=motion, choice="yes")
    assert vote.seat == council.chair
    entry = AuditEntry.objects.get(action="governance.seat.representative_changed")
    assert (entry.data["old"], entry.data["new"]) == ("council_member", "new_rep")


def test_a_seat_whose_term_has_ended_cannot_vote(world: Any, council: Any) -> None:
    motion = _ballot(world, council)
    seat_end(
        by=world.user("secretariat"),
        seat=council.expert,
        term_end=timezone.localdate() - dt.timedelta(days=1),
    )
    before = _state()
    with pytest.raises(PermissionDenied, match="current representative"):
        vote_cast(by=world.user("expert"), motion=motion, choice="yes")
    assert _state() == before


def test_no_vote_after_the_deadline_or_on_a_bad_choice(world: Any, council: Any) -> None:
    motion = _ballot(world, council)
    before = _state()
    with pytest.raises(PermissionDenied, match="deadline has passed"):
        vote_cast(
            by=world.user("council_member"),
            motion=motion,
            choice="yes",
            now=motion.deadline + dt.timedelta(seconds=1),
        )
    with pytest.raises(DomainError, match="yes, no or abstain"):
        vote_cast(by=world.user("council_member"), motion=motion, choice="maybe")
    assert _state() == before


def test_the_database_refuses_to_change_or_delete_a_vote(world: Any, council: Any) -> None:
    motion = _ballot(world, council)
    vote = vote_cast(by=world.user("council_member"), motion=motion, choice="yes")
    with pytest.raises(DatabaseError), transaction.atomic():
        Vote.objects.filter(pk=vote.pk).update(choice="no")
    with pytest.raises(DatabaseError), transaction.atomic():
        Vote.objects.filter(pk=vote.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        Vote.objects.create(
            motion=motion, seat=council.chair, choice="no", cast_by=vote.cast_by, cast_at=vote.cast_at
        )
    assert list(Vote.objects.values_list("choice", flat=True)) == ["yes"]


def test_closing_counts_the_votes_stores_the_tally_and_makes_a_resolution(world: Any, council: Any) -> None:
    motion = _ballot(world, council)
    vote_cast(by=world.user("council_member"), motion=motion, choice="yes")
    vote_cast(by=world.user("legal_representative"), motion=motion, choice="yes")
    vote_cast(by=world.user("expert"), motion=motion, choice="no")
    closed = motion_close(by=world.user("secretariat"), motion=motion)
    # 3 of 4 seats present ≥ 2/3; 2 yes of 3 present ≥ 2/3 (two_thirds_present)
    assert (
        closed.status,
        closed.seats_count,
        closed.yes,
        closed.no,
        closed.abstain,
        closed.present,
        closed.quorum_met,
        closed.passed,
        closed.outcome,
        closed.rules.version,
    ) == ("closed", 4, 2, 1, 0, 3, True, True, "passed", 1)
    assert Resolution.objects.get(motion=motion).status == "pending"
    change = closed.status_changes.get(new_status="closed")
    assert change.comment == "Closed before the deadline; 1 seats had not voted."
    entry = AuditEntry.objects.get(action="governance.motion.closed")
    assert (entry.data["yes"], entry.data["present"], entry.data["rules_version"], entry.data["early"]) == (
        2,
        3,
        1,
        True,
    )


def test_without_quorum_the_motion_fails_and_there_is_no_resolution(world: Any, council: Any) -> None:
    motion = _ballot(world, council)
    vote_cast(by=world.user("council_member"), motion=motion, choice="yes")
    vote_cast(by=world.user("legal_representative"), motion=motion, choice="yes")
    closed = motion_close(by=world.user("council_member"), motion=motion)  # the chair closes
    assert (closed.present, closed.quorum_met, closed.passed, closed.outcome) == (
        2,
        False,
        False,
        "no_quorum",
    )
    assert not Resolution.objects.exists()


def test_a_motion_is_counted_with_the_rules_in_force_when_it_was_put(world: Any, council: Any) -> None:
    motion = _ballot(world, council)
    rules_adopt(
        by=world.user("secretariat"),
        body=council.body,
        rules={"preset": "two_thirds_of_all_seats"},
        adopted_on=timezone.localdate(),
    )
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=motion, choice="yes" if persona != "expert" else "abstain")
    closed = motion_close(by=world.user("secretariat"), motion=motion)
    # v1 counts those present: 2 yes of 3 ≥ 2/3 passes (v2 would count all 4 seats: 2/4 fails)
    assert (closed.rules.version, closed.passed) == (1, True)


def test_only_the_chair_or_secretariat_closes_and_a_closed_motion_never_changes(
    world: Any, council: Any
) -> None:
    motion = _ballot(world, council)
    before = _state()
    for persona in ("legal_representative", "expert", "outsider", "member_contact"):
        with pytest.raises(PermissionDenied):
            motion_close(by=world.user(persona), motion=motion)
    assert _state() == before
    motion_close(by=world.user("secretariat"), motion=motion)
    before = _state()
    with pytest.raises(InvalidTransition):
        motion_close(by=world.user("secretariat"), motion=motion)
    with pytest.raises(InvalidTransition):
        motion_withdraw(by=world.user("secretariat"), motion=motion, reason="太晚了")
    with pytest.raises(PermissionDenied, match="not open"):
        vote_cast(by=world.user("expert"), motion=motion, choice="yes")
    with pytest.raises(DatabaseError), transaction.atomic():
        Motion.objects.filter(pk=motion.pk).update(yes=4)
    assert _state() == before


def test_withdrawing_needs_a_reason_and_no_votes(world: Any, council: Any) -> None:
    voted = _ballot(world, council)
    vote_cast(by=world.user("expert"), motion=voted, choice="yes")
    empty = _ballot(world, council, title_zh="撤回的议案")
    before = _state()
    with pytest.raises(DomainError, match="close it instead"):
        motion_withdraw(by=world.user("secretariat"), motion=voted, reason="重复")
    with pytest.raises(DomainError):
        motion_withdraw(by=world.user("secretariat"), motion=empty, reason=" ")
    assert _state() == before
    withdrawn = motion_withdraw(by=world.user("council_member"), motion=empty, reason="重复提交")
    assert withdrawn.status == "withdrawn"
    assert withdrawn.status_changes.last().comment == "重复提交"


def test_the_closing_reminder_goes_once_to_the_seats_that_have_not_voted(world: Any, council: Any) -> None:
    soon = _ballot(world, council, deadline=timezone.now() + dt.timedelta(hours=5))
    _ballot(world, council, title_zh="下周截止", deadline=timezone.now() + dt.timedelta(days=5))
    vote_cast(by=world.user("council_member"), motion=soon, choice="yes")
    assert [m.pk for m in ballots_remind()] == [soon.pk]
    reminded = Notification.objects.filter(kind="governance.ballot.closing")
    assert sorted(reminded.values_list("recipient__username", flat=True)) == [
        "expert",
        "legal_representative",
    ]
    assert ballots_remind() == []
    assert reminded.count() == 2


def test_a_resolution_is_assigned_and_its_execution_recorded(world: Any, council: Any) -> None:
    motion = _ballot(world, council)
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=motion, choice="yes")
    motion_close(by=world.user("secretariat"), motion=motion)
    resolution = Resolution.objects.get(motion=motion)
    doer = world.user("member_contact")
    before = _state()
    with pytest.raises(PermissionDenied):
        resolution_assign(by=doer, resolution=resolution, responsible="乙大学", due_on=None)
    with pytest.raises(PermissionDenied):
        resolution_update(by=doer, resolution=resolution, status="done")
    assert _state() == before
    resolution_assign(
        by=world.user("secretariat"),
        resolution=resolution,
        responsible="",
        responsible_user=doer,
        due_on=dt.date(2027, 3, 31),
    )
    note = Notification.objects.get(kind="governance.resolution.assigned")
    assert (note.recipient, note.url) == (doer, f"/governance/motions/{motion.pk}/")
    done = resolution_update(by=doer, resolution=resolution, status="done", note="已完成增补")
    assert (done.status, done.note, done.responsible, done.due_on) == (
        "done",
        "已完成增补",
        "member_contact",
        dt.date(2027, 3, 31),
    )
    with pytest.raises(DomainError):
        resolution_update(by=doer, resolution=resolution, status="finished")
