"""Background tasks of the platform (django-tasks; decision 0010) and how to enqueue them safely.

``tick`` runs every due clock (``core.clocks.run_due``); ``itisa worker`` enqueues it every minute.
``enqueue_after_commit`` queues a task so that it runs only if the current transaction commits.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django_tasks import task
from django_tasks_db import DatabaseBackend

from itisa.core import clocks


def enqueue_after_commit(job: Any, *args: Any) -> None:
    """Queue ``job(*args)`` to run only if the caller's transaction commits.

    With the database backend the task row is written inside the transaction itself: it becomes
    visible to the workers when the transaction commits and vanishes if it rolls back, and no crash
    between the commit and an after-commit hook can lose it (an outbox). Any other backend (the
    immediate one of the tests, say) is called after commit, never inside the transaction.
    """
    if isinstance(job.get_backend(), DatabaseBackend):
        job.enqueue(*args)
    else:
        transaction.on_commit(partial(job.enqueue, *args), robust=True)


@task()
def tick() -> dict[str, dict[str, int]]:
    """Fire every clock whose deadline has passed (each subject in its own transaction); counts per clock."""
    return {code: counts.as_dict() for code, counts in clocks.run_due().items()}
