"""PostgreSQL: parallel votes on one ballot count exactly once each (the unique constraint and the row lock)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from django.db import connection
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict
from itisa.governance.models import Vote
from itisa.governance.services import motion_close, motion_open, vote_cast
from itisa.governance.tests.conftest import make_council


def test_parallel_votes_on_one_ballot_count_exactly_once_each(pg_committed: Any, world: Any) -> None:
    council = make_council(world)
    motion = motion_open(
        by=world.user("secretariat"),
        body=council.body,
        title_zh="并发表决",
        method="ballot",
        deadline=timezone.now() + dt.timedelta(days=1),
    )
    voters = ["council_member", "legal_representative", "expert"] * 4  # each representative tries four times
    barrier = threading.Barrier(len(voters))
    results: list[str] = []
    lock = threading.Lock()

    def cast(persona: str, choice: str) -> None:
        try:
            barrier.wait()
            vote_cast(by=world.user(persona), motion=motion, choice=choice)
            outcome = "ok"
        except Conflict:
            outcome = "conflict"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [
        threading.Thread(target=cast, args=(p, ("yes", "no", "abstain")[i % 3])) for i, p in enumerate(voters)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["conflict"] * 9 + ["ok"] * 3
    assert sorted(Vote.objects.filter(motion=motion).values_list("seat_id", flat=True)) == sorted(
        [council.chair.pk, council.member.pk, council.expert.pk]
    )
    assert AuditEntry.objects.filter(action="governance.vote.cast").count() == 3
    closed = motion_close(by=world.user("secretariat"), motion=motion)
    assert closed.yes + closed.no + closed.abstain == 3


def test_workers_and_pages_racing_on_a_ballot_past_its_deadline_close_it_once(
    pg_committed: Any, world: Any
) -> None:
    """Several workers tick and a page settles at the same moment: one close, one history row, one entry."""
    from itisa.core import clocks
    from itisa.governance.clocks import BALLOT_DEADLINE
    from itisa.governance.models import Motion, MotionStatusChange

    council = make_council(world)
    motion = motion_open(
        by=world.user("secretariat"),
        body=council.body,
        title_zh="到期并发关闭",
        method="ballot",
        deadline=timezone.now() + dt.timedelta(seconds=2),
    )
    vote_cast(by=world.user("expert"), motion=motion, choice="yes")
    after = motion.deadline + dt.timedelta(seconds=1)
    barrier = threading.Barrier(6)
    fired: list[int] = []
    lock = threading.Lock()

    def tick(i: int) -> None:
        try:
            barrier.wait()
            if i % 2:
                counts = clocks.run_due(after, codes=[BALLOT_DEADLINE])[BALLOT_DEADLINE]
            else:
                counts = clocks.settle(BALLOT_DEADLINE, now=after, pk=motion.pk)
        finally:
            connection.close()
        with lock:
            fired.append(counts.fired)

    threads = [threading.Thread(target=tick, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(fired) == [0, 0, 0, 0, 0, 1]
    assert Motion.objects.get(pk=motion.pk).status == "closed"
    assert MotionStatusChange.objects.filter(motion=motion, new_status="closed").count() == 1
    assert AuditEntry.objects.filter(action="governance.motion.closed").count() == 1
