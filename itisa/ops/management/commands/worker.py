"""``itisa worker``: the background worker. It runs the queued tasks (e-mail of notifications) and, every
``--interval`` seconds, enqueues the ``tick`` that fires the clocks (ballots closing at their deadline,
reminders, notices of exit, terms and pilot periods ending; ``core.clocks``).

Tasks are queued in the database (django-tasks-db, decision 0010). Several workers may run at once, on
one machine or several, against the same PostgreSQL database: each claims a task with
``SELECT ... FOR UPDATE SKIP LOCKED``, so no task runs twice, and a worker does not enqueue a tick while
another one is still waiting. SIGTERM or SIGINT stops a worker gracefully: the task it is running
finishes first. ``--once`` ticks once, runs every queued task and exits (cron, tests).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
from argparse import ArgumentTypeError
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from itisa.core.tasks import tick

logger = logging.getLogger(__name__)

PRUNE_EVERY = dt.timedelta(hours=1)


def _seconds(value: str) -> float:
    seconds = float(value)
    if not 0 < seconds < 86400:
        raise ArgumentTypeError("give a number of seconds between 0 and 86400")
    return seconds


def enqueue_tick() -> bool:
    """Queue a tick unless one is already waiting (another worker's, say); True if this one queued it."""
    if DBTaskResult.objects.ready().filter(task_path=tick.module_path).exists():
        return False
    tick.enqueue()
    return True


def prune_results(now: dt.datetime) -> int:
    """Delete the results of tasks that finished more than ``ITISA_TASK_RESULTS_DAYS`` ago."""
    cutoff = now - dt.timedelta(days=settings.ITISA_TASK_RESULTS_DAYS)
    deleted, _per_model = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


class Scheduler(threading.Thread):
    """Enqueues a tick every ``interval`` seconds and prunes old results hourly, until ``stop`` is set."""

    def __init__(self, interval: float) -> None:
        super().__init__(name="itisa-tick", daemon=True)
        self.interval = interval
        self.stop = threading.Event()
        self.pruned_at: dt.datetime | None = None

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                enqueue_tick()
                now = timezone.now()
                if self.pruned_at is None or now - self.pruned_at >= PRUNE_EVERY:
                    prune_results(now)
                    self.pruned_at = now
            except DatabaseError:
                # a database that is briefly away must not end the schedule: the next round tries again
                logger.exception("itisa worker: could not enqueue the tick")
            finally:
                connection.close()  # this thread's own connection
            self.stop.wait(self.interval)


class Command(BaseCommand):
    help = "Run the background worker: queued tasks (e-mail) and, every --interval seconds, the clocks' tick."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=_seconds,
            default=float(settings.ITISA_TICK_SECONDS),
            help="Seconds between two ticks of the clocks (default: ITISA_TICK_SECONDS, 60).",
        )
        parser.add_argument(
            "--once", action="store_true", help="Tick once, run every queued task, then exit (cron, tests)."
        )
        parser.add_argument(
            "--no-tick",
            action="store_true",
            help="Only run queued tasks: leave the tick to other workers.",
        )
        parser.add_argument(
            "--poll",
            type=_seconds,
            default=1.0,
            help="Seconds to wait before looking again when the queue is empty (default 1).",
        )
        parser.add_argument(
            "--worker-id",
            default=f"{socket.gethostname()}-{os.getpid()}"[-64:],
            help="A name unique among the running workers, recorded on the tasks it runs (default: host-pid).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = tick.get_backend()
        if not isinstance(backend, DatabaseBackend):
            self._without_queue(options)
            return
        once = options["once"]
        worker = Worker(
            queue_names=sorted(backend.queues),
            interval=0 if once else options["poll"],
            batch=once,
            backend_name=backend.alias,
            startup_delay=not once,
            max_tasks=None,
            worker_id=options["worker_id"],
            excluded_queue_names=[],
        )
        if once:
            if not options["no_tick"]:
                enqueue_tick()
            worker.run()
            self.stdout.write(_("%(n)s queued tasks run.") % {"n": worker._run_tasks})
            return
        scheduler = Scheduler(options["interval"])
        worker.configure_signals()  # SIGTERM/SIGINT: finish the running task, then stop
        if not options["no_tick"]:
            scheduler.start()
        self.stdout.write(
            _("Worker %(id)s running; the clocks tick every %(s)s seconds.")
            % {"id": options["worker_id"], "s": f"{options['interval']:g}"}
        )
        try:
            worker.run()
        finally:
            scheduler.stop.set()
            if scheduler.is_alive():
                scheduler.join(timeout=10)

    def _without_queue(self, options: dict[str, Any]) -> None:
        """A backend that runs tasks when they are enqueued (ITISA_TASKS_BACKEND=…ImmediateBackend):
        there is no queue to work on, so the worker only ticks."""
        if options["once"]:
            if not options["no_tick"]:
                tick.enqueue()
            return
        stop = threading.Event()

        def _stop(signum: int, frame: Any) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        while not stop.is_set():
            if not options["no_tick"]:
                tick.enqueue()
            stop.wait(options["interval"])
