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
